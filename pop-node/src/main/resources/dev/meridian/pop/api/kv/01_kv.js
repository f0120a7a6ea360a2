// Workers KV bindings (https://developers.cloudflare.com/kv/api/): the object each
// [[kv_namespaces]] entry of meridian.toml puts on env. The runtime's makeEnv calls
// internals.bindings.kv(descriptor, name) while the worker loads; the namespace is opened then, once
// per isolate (op_kv_open), and every method after that calls the host with its handle. Methods are
// async: a bad argument rejects the returned promise, as on Workers.
'use strict';

const {
  ArrayBufferIsView,
  ArrayIsArray,
  ArrayPrototypePush,
  JSONParse,
  JSONStringify,
  Map,
  MapPrototypeSet,
  MathTrunc,
  Number,
  NumberIsFinite,
  ObjectCreate,
  RangeError,
  Symbol,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const streams = internals.streams;

// KvNamespace.DEFAULT_MAX_VALUE_BYTES: the host checks every value against it; this copy only stops
// reading a stream value as soon as it is known to be too large.
const MAX_VALUE_BYTES = 25 * 1024 * 1024;
// Workers' smallest cacheTtl. Every read is local here, so the value is checked and otherwise unused.
const MIN_CACHE_TTL = 30;
const TYPES = new primordials.SafeSet(['text', 'json', 'arrayBuffer', 'stream']);
// Workers' bound on the keys of one get(keys[]).
const MAX_BULK_KEYS = 100;
const brand = Symbol('KVNamespace');

function key(value, method) {
  return webidl.converters.DOMString(value, `KVNamespace.${method}`, 'Argument 1');
}

// get(key, "json") or get(key, {type: "json", cacheTtl: 60}) → the type.
function readType(options, method) {
  let type = 'text';
  if (typeof options === 'string') {
    type = options;
  } else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') {
      throw new TypeError(`KVNamespace.${method}: options must be a type string or an object, got ${typeof options}`);
    }
    if (options.type !== undefined) type = `${options.type}`;
    if (options.cacheTtl !== undefined) {
      const ttl = Number(options.cacheTtl);
      if (!NumberIsFinite(ttl) || ttl < MIN_CACHE_TTL) {
        throw new TypeError(`KVNamespace.${method}: cacheTtl must be a number of seconds, at least ${MIN_CACHE_TTL};`
          + ` got ${options.cacheTtl}`);
      }
    }
  }
  if (!TYPES.has(type)) {
    throw new TypeError(`KVNamespace.${method}: unknown response type "${type}": use "text", "json",`
      + ' "arrayBuffer" or "stream"');
  }
  return type;
}

function decode(found, type) {
  switch (type) {
    case 'text': return found.value;
    case 'json': return JSONParse(found.value);
    // The host's Uint8Array is a fresh buffer of exactly the value's length.
    case 'arrayBuffer': return TypedArrayPrototypeGetBuffer(found.value);
    default: return streams.readableStreamFromBytes(found.value);
  }
}

function seconds(options, name) {
  const value = options[name];
  if (value === undefined || value === null) return null;
  const n = Number(value);
  if (!NumberIsFinite(n)) {
    throw new TypeError(`KVNamespace.put: ${name} must be a number of seconds, got ${value}`);
  }
  return MathTrunc(n);
}

// A ReadableStream value, read whole (values are at most 25 MiB), as Uint8Array chunks must be.
async function readStream(stream) {
  const reader = streams.acquireReader(stream);
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += TypedArrayPrototypeGetByteLength(value);
    if (total > MAX_VALUE_BYTES) {
      const error = new RangeError(`value is more than ${MAX_VALUE_BYTES} bytes; Workers KV values are at most `
        + `${MAX_VALUE_BYTES} bytes (25 MiB): split it across keys`);
      reader.cancel(error);
      throw error;
    }
    ArrayPrototypePush(chunks, value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(bytes, chunks[i], at);
    at += TypedArrayPrototypeGetByteLength(chunks[i]);
  }
  return bytes;
}

async function body(value) {
  if (typeof value === 'string') return value;
  if (webidl.isArrayBuffer(value) || ArrayBufferIsView(value)) {
    return webidl.bufferSourceBytes(value); // the host copies exactly the bytes a view covers
  }
  if (streams.isReadableStream(value)) return readStream(value);
  throw new TypeError('KVNamespace.put: the value must be a string, an ArrayBuffer, an ArrayBufferView or a'
    + ' ReadableStream');
}

function metadataOf(raw) {
  return raw === undefined || raw === null ? null : JSONParse(raw);
}

// get(keys[]) and getWithMetadata(keys[]): a Map from each key to its value (or {value, metadata}),
// null for an absent key, as text or JSON only.
async function getMany(handle, names, options, withMetadata, method) {
  if (names.length > MAX_BULK_KEYS) {
    throw new TypeError(`KVNamespace.${method}: ${names.length} keys were asked for; one call reads at most `
      + `${MAX_BULK_KEYS}: split the keys across calls`);
  }
  const type = readType(options, method);
  if (type !== 'text' && type !== 'json') {
    throw new TypeError(`KVNamespace.${method}: several keys are read as "text" or "json" only, not "${type}"`);
  }
  const keys = [];
  const pending = [];
  for (let i = 0; i < names.length; i++) ArrayPrototypePush(keys, key(names[i], method));
  for (let i = 0; i < keys.length; i++) ArrayPrototypePush(pending, internals.ops.op_kv_get(handle, keys[i], true));
  const result = new Map();
  for (let i = 0; i < keys.length; i++) {
    const found = await pending[i];
    const value = found === undefined ? null : decode(found, type);
    MapPrototypeSet(result, keys[i], withMetadata
      ? { value, metadata: found === undefined ? null : metadataOf(found.metadata) }
      : value);
  }
  return result;
}

class KVNamespace {
  #handle;

  constructor(token = undefined, handle = undefined) {
    if (token !== brand) webidl.illegalConstructor();
    this.#handle = handle;
  }

  static #handleOf(self) {
    if (self === null || typeof self !== 'object' || !(#handle in self)) {
      throw new TypeError('Illegal invocation: receiver is not a KVNamespace');
    }
    return self.#handle;
  }

  async get(name, options = undefined) {
    const handle = KVNamespace.#handleOf(this);
    if (ArrayIsArray(name)) return getMany(handle, name, options, false, 'get');
    const k = key(name, 'get');
    const type = readType(options, 'get');
    const found = await internals.ops.op_kv_get(handle, k, type === 'text' || type === 'json');
    return found === undefined ? null : decode(found, type);
  }

  async getWithMetadata(name, options = undefined) {
    const handle = KVNamespace.#handleOf(this);
    if (ArrayIsArray(name)) return getMany(handle, name, options, true, 'getWithMetadata');
    const k = key(name, 'getWithMetadata');
    const type = readType(options, 'getWithMetadata');
    const found = await internals.ops.op_kv_get(handle, k, type === 'text' || type === 'json');
    if (found === undefined) return { value: null, metadata: null, cacheStatus: null };
    return { value: decode(found, type), metadata: metadataOf(found.metadata), cacheStatus: null };
  }

  async put(name, value, options = undefined) {
    const handle = KVNamespace.#handleOf(this);
    const k = key(name, 'put');
    if (arguments.length < 2) throw new TypeError('KVNamespace.put: a value is required');
    let expiration = null;
    let expirationTtl = null;
    let metadata = null;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') throw new TypeError('KVNamespace.put: options must be an object');
      expiration = seconds(options, 'expiration');
      expirationTtl = seconds(options, 'expirationTtl');
      if (options.metadata !== undefined && options.metadata !== null) {
        metadata = JSONStringify(options.metadata);
        if (metadata === undefined) {
          throw new TypeError('KVNamespace.put: metadata must be serializable to JSON');
        }
      }
    }
    const bytes = await body(value);
    await internals.ops.op_kv_put(handle, k, bytes, expiration, expirationTtl, metadata);
  }

  async delete(name) {
    const handle = KVNamespace.#handleOf(this);
    await internals.ops.op_kv_delete(handle, key(name, 'delete'));
  }

  async list(options = undefined) {
    const handle = KVNamespace.#handleOf(this);
    let prefix = '';
    let limit = 1000;
    let cursor = null;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') throw new TypeError('KVNamespace.list: options must be an object');
      if (options.prefix !== undefined && options.prefix !== null) {
        prefix = webidl.converters.DOMString(options.prefix, 'KVNamespace.list', 'prefix');
      }
      if (options.limit !== undefined && options.limit !== null) {
        limit = Number(options.limit);
        if (!NumberIsFinite(limit)) throw new TypeError(`KVNamespace.list: limit must be a number, got ${options.limit}`);
        limit = MathTrunc(limit);
      }
      if (options.cursor !== undefined && options.cursor !== null && options.cursor !== '') {
        cursor = webidl.converters.DOMString(options.cursor, 'KVNamespace.list', 'cursor');
      }
    }
    const page = await internals.ops.op_kv_list(handle, prefix, limit, cursor);
    const keys = [];
    for (let i = 0; i < page.keys.length; i++) {
      const found = page.keys[i];
      const entry = { name: found.name };
      if (found.expiration !== undefined) entry.expiration = found.expiration;
      if (found.metadata !== undefined) entry.metadata = JSONParse(found.metadata);
      ArrayPrototypePush(keys, entry);
    }
    const result = { keys, list_complete: page.complete };
    if (!page.complete) result.cursor = page.cursor;
    result.cacheStatus = null;
    return result;
  }
}
// Not a global: Workers has no KVNamespace constructor on the global scope either.
webidl.configureInterface(KVNamespace);

if (internals.bindings === undefined) internals.bindings = ObjectCreate(null);
internals.bindings.kv = (descriptor, name) => {
  const handle = internals.ops.op_kv_open(`${descriptor.namespace}`, name);
  return new KVNamespace(brand, handle);
};
