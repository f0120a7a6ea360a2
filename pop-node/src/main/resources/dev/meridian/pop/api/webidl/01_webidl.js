// Web IDL glue shared by every web API: value conversions (https://webidl.spec.whatwg.org/#es-type-mapping),
// dictionaries, sequences and records, interface set-up (brand checks, enumerable members,
// @@toStringTag), iterable declarations and exposure on the global object. Published as
// `internals.webidl`.
'use strict';

const {
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  ArrayBufferPrototypeGetResizable,
  ArrayPrototypePush,
  ArrayPrototypeSort,
  DataViewPrototypeGetBuffer,
  FunctionPrototypeCall,
  MathFloor,
  MathMax,
  MathMin,
  MathRound,
  MathTrunc,
  Number,
  NumberIsFinite,
  NumberIsNaN,
  ObjectCreate,
  ObjectDefineProperties,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyDescriptors,
  ReflectHas,
  ReflectOwnKeys,
  SafeArrayIterator,
  SharedArrayBufferPrototypeGetByteLength,
  String,
  StringPrototypeCharCodeAt,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetSymbolToStringTag,
  globalThis,
} = primordials;
const StringPrototypeToWellFormed = primordials.StringPrototypeToWellFormed;
const StringPrototypeIsWellFormed = primordials.StringPrototypeIsWellFormed;

// --- Errors ----------------------------------------------------------------------------------------

// Builds the error a conversion throws: "<prefix>: <context> <message>".
function makeException(ErrorType, message, prefix, context) {
  return new ErrorType(
    `${prefix ? prefix + ': ' : ''}${context ? context + ' ' : ''}${message}`);
}

// Throws the TypeError the spec names when fewer arguments than required were passed.
function requiredArguments(length, required, prefix) {
  if (length < required) {
    throw new TypeError(
      `${prefix}: ${required} argument${required === 1 ? '' : 's'} required, but only ${length} present`);
  }
}

function illegalConstructor() {
  throw new TypeError('Illegal constructor');
}

// --- Type checks ------------------------------------------------------------------------------------

function type(V) {
  if (V === null) return 'Null';
  switch (typeof V) {
    case 'undefined': return 'Undefined';
    case 'boolean': return 'Boolean';
    case 'number': return 'Number';
    case 'string': return 'String';
    case 'symbol': return 'Symbol';
    case 'bigint': return 'BigInt';
    case 'object':
    case 'function':
    default: return 'Object';
  }
}

function isArrayBuffer(V) {
  try {
    ArrayBufferPrototypeGetByteLength(V);
    return true;
  } catch {
    return false;
  }
}

function isSharedArrayBuffer(V) {
  try {
    SharedArrayBufferPrototypeGetByteLength(V);
    return true;
  } catch {
    return false;
  }
}

function isTypedArray(V) {
  return TypedArrayPrototypeGetSymbolToStringTag(V) !== undefined;
}

function isDataView(V) {
  if (!ArrayBufferIsView(V) || isTypedArray(V)) return false;
  return true;
}

function bufferOfView(V) {
  return isTypedArray(V) ? TypedArrayPrototypeGetBuffer(V) : DataViewPrototypeGetBuffer(V);
}

// --- Conversions (https://webidl.spec.whatwg.org/#es-type-mapping) -------------------------------------

const converters = ObjectCreate(null);

converters.any = (V) => V;

// https://webidl.spec.whatwg.org/#es-boolean
converters.boolean = (V) => !!V;

// https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
function censorNegativeZero(x) {
  return x === 0 ? 0 : x;
}

function integerPart(n) {
  return censorNegativeZero(MathTrunc(n));
}

function evenRound(x) {
  // Round half to even, as the spec's clamp step does.
  if ((x > 0 && x % 1 === 0.5 && (x & 1) === 0) || (x < 0 && x % 1 === -0.5 && (x & 1) === 1)) {
    return censorNegativeZero(MathFloor(x));
  }
  return censorNegativeZero(MathRound(x));
}

function createIntegerConversion(bitLength, unsigned) {
  const lowerBound = unsigned ? 0 : (bitLength === 64 ? -(2 ** 53) + 1 : -(2 ** (bitLength - 1)));
  const upperBound = unsigned
    ? (bitLength === 64 ? 2 ** 53 - 1 : 2 ** bitLength - 1)
    : (bitLength === 64 ? 2 ** 53 - 1 : 2 ** (bitLength - 1) - 1);
  const twoToTheBitLength = 2 ** bitLength;
  const twoToOneLessThanTheBitLength = 2 ** (bitLength - 1);

  return (V, prefix, context, opts = {}) => {
    let x = toNumber(V, prefix, context);
    x = censorNegativeZero(x);

    if (opts.enforceRange) {
      if (!NumberIsFinite(x)) {
        throw makeException(TypeError, 'is not a finite number', prefix, context);
      }
      x = integerPart(x);
      if (x < lowerBound || x > upperBound) {
        throw makeException(TypeError,
          `is outside the accepted range of ${lowerBound} to ${upperBound}, inclusive`, prefix, context);
      }
      return x;
    }

    if (!NumberIsNaN(x) && opts.clamp) {
      x = MathMin(MathMax(x, lowerBound), upperBound);
      return evenRound(x);
    }

    if (!NumberIsFinite(x) || x === 0) {
      return 0;
    }
    x = integerPart(x);

    // Fast path for the common case of a value already in range.
    if (x >= lowerBound && x <= upperBound) {
      return x;
    }

    // Modulo 2^bitLength, then into the signed range if signed.
    x = x % twoToTheBitLength;
    if (x < 0) x += twoToTheBitLength;
    if (!unsigned && x >= twoToOneLessThanTheBitLength) {
      return x - twoToTheBitLength;
    }
    return x;
  };
}

function toNumber(V, prefix, context) {
  if (typeof V === 'bigint') {
    throw makeException(TypeError, 'is a BigInt and cannot be converted to a number', prefix, context);
  }
  if (typeof V === 'symbol') {
    throw makeException(TypeError, 'is a Symbol and cannot be converted to a number', prefix, context);
  }
  return Number(V);
}

converters.byte = createIntegerConversion(8, false);
converters.octet = createIntegerConversion(8, true);
converters.short = createIntegerConversion(16, false);
converters['unsigned short'] = createIntegerConversion(16, true);
converters.long = createIntegerConversion(32, false);
converters['unsigned long'] = createIntegerConversion(32, true);
converters['long long'] = createIntegerConversion(64, false);
converters['unsigned long long'] = createIntegerConversion(64, true);

// https://webidl.spec.whatwg.org/#es-double
converters.double = (V, prefix, context) => {
  const x = toNumber(V, prefix, context);
  if (!NumberIsFinite(x)) {
    throw makeException(TypeError, 'is not a finite floating-point value', prefix, context);
  }
  return x;
};
converters['unrestricted double'] = (V, prefix, context) => toNumber(V, prefix, context);

// https://webidl.spec.whatwg.org/#es-DOMString
converters.DOMString = (V, prefix, context, opts = {}) => {
  if (typeof V === 'string') return V;
  if (V === null && opts.treatNullAsEmptyString) return '';
  if (typeof V === 'symbol') {
    throw makeException(TypeError, 'is a Symbol and cannot be converted to a string', prefix, context);
  }
  return String(V);
};

// https://webidl.spec.whatwg.org/#es-ByteString
converters.ByteString = (V, prefix, context, opts) => {
  const x = converters.DOMString(V, prefix, context, opts);
  for (let i = 0; i < x.length; i++) {
    if (StringPrototypeCharCodeAt(x, i) > 255) {
      throw makeException(TypeError, 'is not a valid ByteString', prefix, context);
    }
  }
  return x;
};

// Replaces lone surrogates with U+FFFD (https://infra.spec.whatwg.org/#javascript-string-convert).
function toWellFormed(S) {
  if (StringPrototypeToWellFormed !== undefined) {
    return StringPrototypeToWellFormed(S);
  }
  let out = '';
  for (let i = 0; i < S.length; i++) {
    const c = StringPrototypeCharCodeAt(S, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < S.length) {
      const d = StringPrototypeCharCodeAt(S, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += S[i] + S[i + 1];
        i++;
        continue;
      }
    }
    out += (c >= 0xd800 && c <= 0xdfff) ? '\uFFFD' : S[i];
  }
  return out;
}

function isWellFormed(S) {
  if (StringPrototypeIsWellFormed !== undefined) return StringPrototypeIsWellFormed(S);
  return toWellFormed(S) === S;
}

// https://webidl.spec.whatwg.org/#es-USVString
converters.USVString = (V, prefix, context, opts) => {
  const S = converters.DOMString(V, prefix, context, opts);
  return isWellFormed(S) ? S : toWellFormed(S);
};

// https://webidl.spec.whatwg.org/#es-object
converters.object = (V, prefix, context) => {
  if (type(V) !== 'Object') {
    throw makeException(TypeError, 'is not an object', prefix, context);
  }
  return V;
};

// https://webidl.spec.whatwg.org/#es-buffer-source-types
function checkBuffer(buffer, prefix, context, opts) {
  if (!opts.allowResizable && ArrayBufferPrototypeGetResizable !== undefined && isArrayBuffer(buffer) &&
      ArrayBufferPrototypeGetResizable(buffer)) {
    throw makeException(TypeError, 'is backed by a resizable ArrayBuffer, which is not allowed', prefix, context);
  }
}

converters.ArrayBuffer = (V, prefix, context, opts = {}) => {
  if (!isArrayBuffer(V)) {
    if (opts.allowShared && isSharedArrayBuffer(V)) return V;
    throw makeException(TypeError, 'is not an ArrayBuffer', prefix, context);
  }
  checkBuffer(V, prefix, context, opts);
  return V;
};

converters.ArrayBufferView = (V, prefix, context, opts = {}) => {
  if (!ArrayBufferIsView(V)) {
    throw makeException(TypeError, 'is not a view on an ArrayBuffer or SharedArrayBuffer', prefix, context);
  }
  const buffer = bufferOfView(V);
  if (!opts.allowShared && isSharedArrayBuffer(buffer)) {
    throw makeException(TypeError, 'is a view on a SharedArrayBuffer, which is not allowed', prefix, context);
  }
  checkBuffer(buffer, prefix, context, opts);
  return V;
};

converters.Uint8Array = (V, prefix, context, opts = {}) => {
  if (!ArrayBufferIsView(V) || TypedArrayPrototypeGetSymbolToStringTag(V) !== 'Uint8Array') {
    throw makeException(TypeError, 'is not a Uint8Array', prefix, context);
  }
  return converters.ArrayBufferView(V, prefix, context, opts);
};

// BufferSource: (ArrayBufferView or ArrayBuffer). With {allowShared: true} it is
// AllowSharedBufferSource.
converters.BufferSource = (V, prefix, context, opts = {}) => {
  if (ArrayBufferIsView(V)) {
    return converters.ArrayBufferView(V, prefix, context, opts);
  }
  if (isArrayBuffer(V) || (opts.allowShared && isSharedArrayBuffer(V))) {
    checkBuffer(V, prefix, context, opts);
    return V;
  }
  throw makeException(TypeError, 'is not an ArrayBuffer or a view on one', prefix, context);
};
converters.AllowSharedBufferSource = (V, prefix, context, opts = {}) =>
  converters.BufferSource(V, prefix, context, { ...opts, allowShared: true });

// A Uint8Array view of the bytes of a BufferSource (no copy).
function bufferSourceBytes(V) {
  const { Uint8Array, TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetByteLength, DataViewPrototypeGetByteOffset,
    DataViewPrototypeGetByteLength } = primordials;
  if (ArrayBufferIsView(V)) {
    if (isTypedArray(V)) {
      return new Uint8Array(TypedArrayPrototypeGetBuffer(V), TypedArrayPrototypeGetByteOffset(V),
        TypedArrayPrototypeGetByteLength(V));
    }
    return new Uint8Array(DataViewPrototypeGetBuffer(V), DataViewPrototypeGetByteOffset(V),
      DataViewPrototypeGetByteLength(V));
  }
  return new Uint8Array(V);
}

// https://webidl.spec.whatwg.org/#es-nullable-type
function createNullableConverter(converter) {
  return (V, prefix, context, opts) => (V === null || V === undefined) ? null : converter(V, prefix, context, opts);
}

// https://webidl.spec.whatwg.org/#es-enumeration
function createEnumConverter(name, values) {
  const set = new primordials.SafeSet(values);
  return (V, prefix, context) => {
    const S = converters.DOMString(V, prefix, context);
    if (!set.has(S)) {
      throw new TypeError(`${prefix ? prefix + ': ' : ''}The provided value '${S}' is not a valid enum value of type ${name}.`);
    }
    return S;
  };
}

// https://webidl.spec.whatwg.org/#es-sequence
function createSequenceConverter(converter) {
  return (V, prefix, context, opts) => {
    if (type(V) !== 'Object') {
      throw makeException(TypeError, 'can not be converted to a sequence', prefix, context);
    }
    const method = V[SymbolIterator];
    if (typeof method !== 'function') {
      throw makeException(TypeError, 'can not be converted to a sequence', prefix, context);
    }
    return iterableToSequence(V, method, converter, prefix, context, opts);
  };
}

// https://webidl.spec.whatwg.org/#create-sequence-from-iterable
function iterableToSequence(V, method, converter, prefix, context, opts) {
  const iter = FunctionPrototypeCall(method, V);
  if (type(iter) !== 'Object') {
    throw makeException(TypeError, 'can not be converted to a sequence', prefix, context);
  }
  const next = iter.next;
  const array = [];
  for (;;) {
    const res = FunctionPrototypeCall(next, iter);
    if (type(res) !== 'Object') {
      throw makeException(TypeError, 'iterator result is not an object', prefix, context);
    }
    if (res.done) break;
    ArrayPrototypePush(array, converter(res.value, prefix, `${context}, index ${array.length}`, opts));
  }
  return array;
}

// https://webidl.spec.whatwg.org/#es-record
function createRecordConverter(keyConverter, valueConverter) {
  return (V, prefix, context, opts) => {
    if (type(V) !== 'Object') {
      throw makeException(TypeError, 'can not be converted to a record', prefix, context);
    }
    const result = ObjectCreate(null);
    const keys = ReflectOwnKeys(V);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const desc = ObjectGetOwnPropertyDescriptor(V, key);
      if (desc !== undefined && desc.enumerable) {
        const typedKey = keyConverter(key, prefix, context, opts);
        const typedValue = valueConverter(V[key], prefix, `${context}['${typedKey}']`, opts);
        result[typedKey] = typedValue;
      }
    }
    return result;
  };
}

// https://webidl.spec.whatwg.org/#es-dictionary
// members: [{ key, converter, defaultValue?, required? }]; inherited dictionaries' members are
// passed first (`parents`), as the spec orders them.
function createDictionaryConverter(name, ...memberLists) {
  const members = [];
  for (let i = 0; i < memberLists.length; i++) {
    const list = ArrayPrototypeSort([...new SafeArrayIterator(memberLists[i])],
      (a, b) => (a.key === b.key ? 0 : a.key < b.key ? -1 : 1));
    for (let j = 0; j < list.length; j++) ArrayPrototypePush(members, list[j]);
  }
  return (V, prefix, context, opts) => {
    const typeV = type(V);
    if (typeV !== 'Undefined' && typeV !== 'Null' && typeV !== 'Object') {
      throw makeException(TypeError, `can not be converted to a dictionary (${name})`, prefix, context);
    }
    const result = ObjectCreate(null);
    for (let i = 0; i < members.length; i++) {
      const member = members[i];
      const key = member.key;
      const value = (typeV === 'Object') ? V[key] : undefined;
      if (value !== undefined) {
        const memberContext = context ? `'${key}' of '${name}' (${context})` : `'${key}' of '${name}'`;
        result[key] = member.converter(value, prefix, memberContext, opts);
      } else if (member.required) {
        throw makeException(TypeError,
          `can not be converted to '${name}' because '${key}' is required in '${name}'.`, prefix, context);
      } else if (ReflectHas(member, 'defaultValue')) {
        const d = member.defaultValue;
        result[key] = typeof d === 'function' ? d() : d;
      }
    }
    return result;
  };
}

// Interface types: accepts instances whose brand passes `isInstance`.
function createInterfaceConverter(name, isInstance) {
  return (V, prefix, context) => {
    if (!isInstance(V)) {
      throw makeException(TypeError, `is not of type ${name}.`, prefix, context);
    }
    return V;
  };
}

// https://webidl.spec.whatwg.org/#es-callback-function: a callback is kept as it is.
converters.Function = (V, prefix, context) => {
  if (typeof V !== 'function') {
    throw makeException(TypeError, 'is not a function', prefix, context);
  }
  return V;
};

// --- Interfaces ------------------------------------------------------------------------------------

// Makes a class look like a Web IDL interface: operations and attributes enumerable on the
// prototype (https://webidl.spec.whatwg.org/#es-operations), static operations enumerable, and
// @@toStringTag (https://webidl.spec.whatwg.org/#dfn-class-string).
function configureInterface(klass, tag = klass.name) {
  const makeEnumerable = (target) => {
    const descriptors = ObjectGetOwnPropertyDescriptors(target);
    const keys = ReflectOwnKeys(descriptors);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key === 'symbol' || key === 'constructor' || key === 'prototype' || key === 'length' ||
          key === 'name') {
        continue;
      }
      const desc = descriptors[key];
      if (typeof desc.value === 'function' || desc.get !== undefined || desc.set !== undefined) {
        ObjectDefineProperty(target, key, { enumerable: true });
      }
    }
  };
  makeEnumerable(klass.prototype);
  makeEnumerable(klass);
  ObjectDefineProperty(klass.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
}

// Brand checks: an interface class registers a predicate, usually `(o) => #slot in o`.
function assertBranded(self, isInstance, name) {
  if (!isInstance(self)) {
    throw new TypeError(`Illegal invocation: receiver is not a ${name}`);
  }
}

// https://webidl.spec.whatwg.org/#es-interfaces: globals are writable, configurable, not enumerable.
function exposeInterface(name, value) {
  ObjectDefineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
}
const exposeFunction = exposeInterface;

// Constants are on the interface object and its prototype, read-only and enumerable.
function defineConstants(klass, constants) {
  const keys = ReflectOwnKeys(constants);
  const descriptors = ObjectCreate(null);
  for (let i = 0; i < keys.length; i++) {
    descriptors[keys[i]] = { value: constants[keys[i]], writable: false, enumerable: true, configurable: false };
  }
  ObjectDefineProperties(klass, descriptors);
  ObjectDefineProperties(klass.prototype, descriptors);
}

// --- Iterable declarations (https://webidl.spec.whatwg.org/#es-iterable) -----------------------------

// Adds entries/keys/values/forEach/@@iterator to `klass`, a pair iterable whose current list of
// [key, value] pairs is returned by `getPairs(instance)` (read again at each step, as the spec's
// iterator reads the live list). Returns the iterator prototype.
function mixinPairIterable(name, klass, isInstance, getPairs) {
  const iteratorPrototype = ObjectCreate(primordials.IteratorPrototype);
  const targets = new primordials.SafeWeakMap();

  function createIterator(target, kind) {
    const iterator = ObjectCreate(iteratorPrototype);
    targets.set(iterator, { target, kind, index: 0 });
    return iterator;
  }

  ObjectDefineProperties(iteratorPrototype, {
    next: {
      value: function next() {
        const state = targets.get(this);
        if (state === undefined) {
          throw new TypeError(`next() called on an object that is not a ${name} Iterator`);
        }
        const pairs = getPairs(state.target);
        const index = state.index;
        if (index >= pairs.length) {
          return { value: undefined, done: true };
        }
        state.index = index + 1;
        const pair = pairs[index];
        switch (state.kind) {
          case 'key': return { value: pair[0], done: false };
          case 'value': return { value: pair[1], done: false };
          default: return { value: [pair[0], pair[1]], done: false };
        }
      },
      writable: true, enumerable: true, configurable: true,
    },
    [SymbolToStringTag]: { value: `${name} Iterator`, configurable: true },
  });

  const check = (self) => assertBranded(self, isInstance, name);
  const methods = {
    entries() {
      check(this);
      return createIterator(this, 'key+value');
    },
    keys() {
      check(this);
      return createIterator(this, 'key');
    },
    values() {
      check(this);
      return createIterator(this, 'value');
    },
    forEach(callback, thisArg = undefined) {
      check(this);
      requiredArguments(arguments.length, 1, `Failed to execute 'forEach' on '${name}'`);
      converters.Function(callback, `Failed to execute 'forEach' on '${name}'`, 'Argument 1');
      // The list may change under the callback: read it again at each step.
      for (let i = 0; i < getPairs(this).length; i++) {
        const pair = getPairs(this)[i];
        FunctionPrototypeCall(callback, thisArg, pair[1], pair[0], this);
      }
    },
  };
  const keys = ['entries', 'keys', 'values', 'forEach'];
  for (let i = 0; i < keys.length; i++) {
    ObjectDefineProperty(klass.prototype, keys[i], {
      value: methods[keys[i]], writable: true, enumerable: true, configurable: true,
    });
  }
  ObjectDefineProperty(klass.prototype, SymbolIterator, {
    value: methods.entries, writable: true, enumerable: false, configurable: true,
  });
  return iteratorPrototype;
}

internals.webidl = {
  converters,
  makeException,
  requiredArguments,
  illegalConstructor,
  type,
  isArrayBuffer,
  isSharedArrayBuffer,
  isTypedArray,
  isDataView,
  bufferSourceBytes,
  toWellFormed,
  isWellFormed,
  createNullableConverter,
  createEnumConverter,
  createSequenceConverter,
  iterableToSequence,
  createRecordConverter,
  createDictionaryConverter,
  createInterfaceConverter,
  configureInterface,
  assertBranded,
  exposeInterface,
  exposeFunction,
  defineConstants,
  mixinPairIterable,
};
