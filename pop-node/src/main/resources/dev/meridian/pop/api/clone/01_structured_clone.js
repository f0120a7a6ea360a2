// structuredClone(value, { transfer }) (https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone):
// StructuredSerializeWithTransfer into records, the transfer of the listed ArrayBuffers, then
// StructuredDeserializeWithTransfer, in one isolate. Also `internals.structuredClone(value)`, which
// streams' tee (and so Request/Response.clone) uses for non-byte chunks.
//
// Serializable: primitives but symbols; Boolean, Number, BigInt and String objects; Date; RegExp;
// ArrayBuffer (resizable ones keep their maximum) and every ArrayBufferView; Map; Set; Error and its
// native subclasses (name, message, stack); arrays and ordinary objects (own enumerable string keys);
// and the platform objects DOMException, Blob and File. Cycles and shared references keep their
// shape. Anything else (functions, symbols, promises, weak collections, other platform objects,
// SharedArrayBuffer without cross-origin isolation, a detached buffer) throws a DataCloneError.
'use strict';

const {
  ArrayBuffer,
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  ArrayBufferPrototypeGetDetached,
  ArrayBufferPrototypeGetMaxByteLength,
  ArrayBufferPrototypeGetResizable,
  ArrayBufferPrototypeSlice,
  ArrayBufferPrototypeTransfer,
  ArrayIsArray,
  ArrayPrototypePush,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  DataView,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset,
  Date,
  DatePrototypeGetTime,
  Error,
  FunctionPrototypeCall,
  MapPrototypeForEach,
  MapPrototypeGetSize,
  MapPrototypeSet,
  NumberPrototypeValueOf,
  Object,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypeToString,
  ReflectOwnKeys,
  RegExp,
  RegExpPrototype,
  RegExpPrototypeGetFlags,
  RegExpPrototypeGetSource,
  SafeMap,
  SafeSet,
  SetPrototypeAdd,
  SetPrototypeForEach,
  SetPrototypeGetSize,
  String,
  StringPrototypeValueOf,
  SymbolPrototypeValueOf,
  SymbolToStringTag,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  Uint8Array,
  WeakMapPrototypeHas,
  WeakRefPrototypeDeref,
  WeakSetPrototypeHas,
  globalThis,
} = primordials;
const webidl = internals.webidl;
const { DOMException, isDOMException } = internals.dom;
const file = internals.file;

function dataCloneError(what) {
  return new DOMException(`${what} could not be cloned.`, 'DataCloneError');
}

// Brand checks: a built-in's own method throws a TypeError on anything without its internal slot.
function has(check, value) {
  try {
    check(value);
    return true;
  } catch {
    return false;
  }
}

const ERROR_CONSTRUCTORS = new SafeMap([
  ['Error', Error], ['EvalError', primordials.EvalError], ['RangeError', primordials.RangeError],
  ['ReferenceError', primordials.ReferenceError], ['SyntaxError', primordials.SyntaxError],
  ['TypeError', primordials.TypeError], ['URIError', primordials.URIError],
]);

const VIEW_CONSTRUCTORS = new SafeMap();
{
  const names = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
    'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
  for (let i = 0; i < names.length; i++) {
    if (typeof globalThis[names[i]] === 'function') VIEW_CONSTRUCTORS.set(names[i], globalThis[names[i]]);
  }
}

// [[ErrorData]] has no brand-checking method; the built-in tag of Object.prototype.toString reads it.
const isError = primordials.ErrorIsError ?? ((value) => {
  const descriptor = ObjectGetOwnPropertyDescriptor(value, SymbolToStringTag);
  return descriptor === undefined && ObjectPrototypeToString(value) === '[object Error]';
});

// The platform serializable objects: a brand check and the two halves of their serialization steps.
// Blob's getters are captured here, before tenant code can replace them.
const blobType = ObjectGetOwnPropertyDescriptor(file.Blob.prototype, 'type').get;
const fileName = ObjectGetOwnPropertyDescriptor(file.File.prototype, 'name').get;
const fileLastModified = ObjectGetOwnPropertyDescriptor(file.File.prototype, 'lastModified').get;
const domMessage = ObjectGetOwnPropertyDescriptor(DOMException.prototype, 'message').get;
const domName = ObjectGetOwnPropertyDescriptor(DOMException.prototype, 'name').get;
const SERIALIZABLE = [
  {
    is: isDOMException,
    serialize: (v) => ({ type: 'DOMException', name: FunctionPrototypeCall(domName, v),
      message: FunctionPrototypeCall(domMessage, v), stack: ownString(v, 'stack') }),
    deserialize: (r) => {
      const e = new DOMException(r.message, r.name);
      if (r.stack !== undefined) defineHidden(e, 'stack', r.stack);
      return e;
    },
  },
  {
    is: (v) => file.isBlob(v),
    serialize: (v) => ({
      type: 'Blob',
      bytes: TypedArrayPrototypeSlice(file.blobBytes(v)),
      mime: FunctionPrototypeCall(blobType, v),
      name: file.isFile(v) ? FunctionPrototypeCall(fileName, v) : undefined,
      lastModified: file.isFile(v) ? FunctionPrototypeCall(fileLastModified, v) : undefined,
    }),
    deserialize: (r) => {
      const blob = file.createBlob(r.bytes, r.mime);
      return r.name === undefined ? blob : file.createFile(blob, r.name, r.lastModified);
    },
  },
];

// Prototypes of objects that have internal slots and no serialization steps: every interface the
// platform exposed before this script ran (its dependencies list them all), and the built-ins that
// are not serializable. An object that inherits from one of them cannot be cloned.
const NOT_SERIALIZABLE = new SafeSet([
  primordials.ArrayIteratorPrototype, primordials.MapIteratorPrototype, primordials.SetIteratorPrototype,
  primordials.StringIteratorPrototype, primordials.RegExpStringIteratorPrototype,
  primordials.GeneratorPrototype, primordials.AsyncGeneratorPrototype, primordials.PromisePrototype,
  primordials.WeakMapPrototype, primordials.WeakSetPrototype, primordials.WeakRefPrototype,
  primordials.FinalizationRegistryPrototype,
]);
{
  const keys = ReflectOwnKeys(globalThis);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const descriptor = ObjectGetOwnPropertyDescriptor(globalThis, key);
    const value = descriptor.value;
    if (typeof key !== 'string' || typeof value !== 'function' || primordials[key] === value) continue;
    const prototype = value.prototype;
    if (prototype === null || typeof prototype !== 'object') continue;
    const tag = ObjectGetOwnPropertyDescriptor(prototype, SymbolToStringTag);
    if (tag !== undefined && typeof tag.value === 'string') NOT_SERIALIZABLE.add(prototype);
  }
}

function serializableKind(value) {
  for (let i = 0; i < SERIALIZABLE.length; i++) {
    if (SERIALIZABLE[i].is(value)) return i;
  }
  return -1;
}

function isPlatformObject(value) {
  for (let p = ObjectGetPrototypeOf(value); p !== null; p = ObjectGetPrototypeOf(p)) {
    if (NOT_SERIALIZABLE.has(p)) return true;
  }
  return false;
}

function ownString(value, key) {
  const descriptor = ObjectGetOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && 'value' in descriptor ? String(descriptor.value) : undefined;
}

function defineHidden(object, key, value) {
  ObjectDefineProperty(object, key, { value, writable: true, enumerable: false, configurable: true });
}

function defineData(object, key, value) {
  ObjectDefineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function describe(value) {
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'symbol') return 'a symbol';
  return ObjectPrototypeToString(value);
}

// --- StructuredSerializeInternal (https://html.spec.whatwg.org/#structuredserializeinternal) -------

function serialize(value, memory) {
  const kind = typeof value;
  if (kind === 'symbol') throw dataCloneError('A symbol');
  if (value === null || (kind !== 'object' && kind !== 'function')) return { type: 'primitive', value };
  const known = memory.get(value);
  if (known !== undefined) return known;
  if (kind === 'function') throw dataCloneError(describe(value));

  let record;
  if (has(BooleanPrototypeValueOf, value)) {
    record = { type: 'wrapper', value: BooleanPrototypeValueOf(value) };
  } else if (has(NumberPrototypeValueOf, value)) {
    record = { type: 'wrapper', value: NumberPrototypeValueOf(value) };
  } else if (has(BigIntPrototypeValueOf, value)) {
    record = { type: 'wrapper', value: BigIntPrototypeValueOf(value) };
  } else if (has(StringPrototypeValueOf, value)) {
    record = { type: 'wrapper', value: StringPrototypeValueOf(value) };
  } else if (has(SymbolPrototypeValueOf, value)) {
    throw dataCloneError('A Symbol object');
  } else if (has(DatePrototypeGetTime, value)) {
    record = { type: 'Date', value: DatePrototypeGetTime(value) };
  } else if (value !== RegExpPrototype && has(RegExpPrototypeGetSource, value)) {
    record = { type: 'RegExp', source: RegExpPrototypeGetSource(value), flags: RegExpPrototypeGetFlags(value) };
  } else if (webidl.isSharedArrayBuffer(value) || ObjectPrototypeToString(value) === '[object SharedArrayBuffer]') {
    // (V8 adds SharedArrayBuffer after the snapshot is made, so webidl's brand check cannot see it;
    // its tag can.)
    // Only a cross-origin isolated agent cluster may share memory; an isolate is never one.
    throw dataCloneError('A SharedArrayBuffer');
  } else if (webidl.isArrayBuffer(value)) {
    if (ArrayBufferPrototypeGetDetached(value)) throw dataCloneError('A detached ArrayBuffer');
    const resizable = ArrayBufferPrototypeGetResizable(value);
    record = {
      type: 'ArrayBuffer',
      bytes: ArrayBufferPrototypeSlice(value, 0),
      maxByteLength: resizable ? ArrayBufferPrototypeGetMaxByteLength(value) : undefined,
    };
  } else if (ArrayBufferIsView(value)) {
    const tag = TypedArrayPrototypeGetSymbolToStringTag(value);
    if (tag === undefined) {
      record = { type: 'view', constructor: 'DataView', buffer: undefined,
        byteOffset: DataViewPrototypeGetByteOffset(value), length: DataViewPrototypeGetByteLength(value) };
      memory.set(value, record);
      record.buffer = serialize(DataViewPrototypeGetBuffer(value), memory);
    } else {
      record = { type: 'view', constructor: tag, buffer: undefined,
        byteOffset: TypedArrayPrototypeGetByteOffset(value), length: TypedArrayPrototypeGetLength(value) };
      memory.set(value, record);
      record.buffer = serialize(TypedArrayPrototypeGetBuffer(value), memory);
    }
    return record;
  } else if (has(MapPrototypeGetSize, value)) {
    record = { type: 'Map', entries: [] };
    memory.set(value, record);
    // The entries as they are now; ones the serialization of a key or value adds are not cloned.
    const copied = [];
    MapPrototypeForEach(value, (v, k) => ArrayPrototypePush(copied, k, v));
    for (let i = 0; i < copied.length; i++) ArrayPrototypePush(record.entries, serialize(copied[i], memory));
    return record;
  } else if (has(SetPrototypeGetSize, value)) {
    record = { type: 'Set', entries: [] };
    memory.set(value, record);
    const copied = [];
    SetPrototypeForEach(value, (v) => ArrayPrototypePush(copied, v));
    for (let i = 0; i < copied.length; i++) ArrayPrototypePush(record.entries, serialize(copied[i], memory));
    return record;
  } else if (has(WeakMapPrototypeHas, value) || has(WeakSetPrototypeHas, value) ||
    has(WeakRefPrototypeDeref, value)) {
    throw dataCloneError(describe(value));
  } else if (serializableKind(value) >= 0) {
    const which = serializableKind(value);
    record = { type: 'platform', which, data: SERIALIZABLE[which].serialize(value) };
  } else if (isError(value)) {
    let name = value.name;
    if (!ERROR_CONSTRUCTORS.has(name)) name = 'Error';
    record = { type: 'Error', name, message: ownString(value, 'message'), stack: ownString(value, 'stack') };
  } else if (ArrayIsArray(value)) {
    record = { type: 'Array', length: value.length, properties: [] };
    memory.set(value, record);
    serializeProperties(value, record, memory);
    return record;
  } else {
    if (isPlatformObject(value)) throw dataCloneError(describe(value));
    record = { type: 'Object', properties: [] };
    memory.set(value, record);
    serializeProperties(value, record, memory);
    return record;
  }
  memory.set(value, record);
  return record;
}

function serializeProperties(value, record, memory) {
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // A getter of an earlier property may have deleted a later one.
    if (ObjectPrototypeHasOwnProperty(value, key)) {
      ArrayPrototypePush(record.properties, key, serialize(value[key], memory));
    }
  }
}

// --- StructuredDeserialize (https://html.spec.whatwg.org/#structureddeserialize) ------------------

function deserialize(record, memory, transferred) {
  if (record.type === 'primitive') return record.value;
  const known = memory.get(record);
  if (known !== undefined) return known;
  let value;
  switch (record.type) {
    case 'transferred':
      value = transferred[record.index];
      break;
    case 'wrapper':
      value = Object(record.value);
      break;
    case 'Date':
      value = new Date(record.value);
      break;
    case 'RegExp':
      value = new RegExp(record.source, record.flags);
      break;
    case 'ArrayBuffer':
      if (record.maxByteLength === undefined) {
        value = record.bytes;
      } else {
        value = new ArrayBuffer(ArrayBufferPrototypeGetByteLength(record.bytes), { maxByteLength: record.maxByteLength });
        TypedArrayPrototypeSet(new Uint8Array(value), new Uint8Array(record.bytes));
      }
      break;
    case 'view': {
      const buffer = deserialize(record.buffer, memory, transferred);
      value = record.constructor === 'DataView'
        ? new DataView(buffer, record.byteOffset, record.length)
        : new (VIEW_CONSTRUCTORS.get(record.constructor))(buffer, record.byteOffset, record.length);
      break;
    }
    case 'Map':
      value = new primordials.Map();
      memory.set(record, value);
      for (let i = 0; i < record.entries.length; i += 2) {
        MapPrototypeSet(value, deserialize(record.entries[i], memory, transferred),
          deserialize(record.entries[i + 1], memory, transferred));
      }
      return value;
    case 'Set':
      value = new primordials.Set();
      memory.set(record, value);
      for (let i = 0; i < record.entries.length; i++) {
        SetPrototypeAdd(value, deserialize(record.entries[i], memory, transferred));
      }
      return value;
    case 'Error': {
      const ErrorConstructor = ERROR_CONSTRUCTORS.get(record.name);
      value = new ErrorConstructor();
      if (record.message !== undefined) defineHidden(value, 'message', record.message);
      if (record.stack !== undefined) defineHidden(value, 'stack', record.stack);
      break;
    }
    case 'Array':
      value = new primordials.Array(record.length);
      memory.set(record, value);
      deserializeProperties(value, record, memory, transferred);
      return value;
    case 'Object':
      value = {};
      memory.set(record, value);
      deserializeProperties(value, record, memory, transferred);
      return value;
    case 'platform':
      value = SERIALIZABLE[record.which].deserialize(record.data);
      break;
  }
  memory.set(record, value);
  return value;
}

function deserializeProperties(value, record, memory, transferred) {
  const properties = record.properties;
  for (let i = 0; i < properties.length; i += 2) {
    defineData(value, properties[i], deserialize(properties[i + 1], memory, transferred));
  }
}

// --- StructuredSerializeWithTransfer and StructuredDeserializeWithTransfer -------------------------

/** A deep copy of `value`, detaching each ArrayBuffer of `transferList` and moving it into the copy. */
function structuredCloneInternal(value, transferList = []) {
  const memory = new SafeMap();
  for (let i = 0; i < transferList.length; i++) {
    const transferable = transferList[i];
    if (!webidl.isArrayBuffer(transferable)) {
      throw new DOMException(`Value at index ${i} of the transfer list is not a transferable ArrayBuffer.`,
        'DataCloneError');
    }
    if (memory.has(transferable)) {
      throw new DOMException(`ArrayBuffer at index ${i} is a duplicate of an earlier one in the transfer list.`,
        'DataCloneError');
    }
    memory.set(transferable, { type: 'transferred', index: i });
  }
  const serialized = serialize(value, memory);
  const transferred = [];
  for (let i = 0; i < transferList.length; i++) {
    const buffer = transferList[i];
    if (ArrayBufferPrototypeGetDetached(buffer)) {
      throw new DOMException(`ArrayBuffer at index ${i} of the transfer list is already detached.`, 'DataCloneError');
    }
    let moved;
    try {
      moved = ArrayBufferPrototypeTransfer(buffer);
    } catch {
      // A buffer that cannot be detached, as a WebAssembly.Memory's.
      throw new DOMException(`ArrayBuffer at index ${i} of the transfer list cannot be detached.`, 'DataCloneError');
    }
    ArrayPrototypePush(transferred, moved);
  }
  return deserialize(serialized, new SafeMap(), transferred);
}

const convertOptions = webidl.createDictionaryConverter('StructuredSerializeOptions', [
  { key: 'transfer', converter: webidl.createSequenceConverter(webidl.converters.object), defaultValue: () => [] },
]);

function structuredClone(value, options = undefined) {
  const prefix = "Failed to execute 'structuredClone'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  const { transfer } = convertOptions(options, prefix, 'Argument 2');
  return structuredCloneInternal(value, transfer);
}

webidl.exposeFunction('structuredClone', structuredClone);
internals.structuredClone = (value) => structuredCloneInternal(value);
