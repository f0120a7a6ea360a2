// SubtleCrypto and CryptoKey (https://w3c.github.io/webcrypto/#subtlecrypto-interface), published as
// `internals.crypto.subtle` for the `crypto.subtle` getter of crypto/. This file normalizes
// algorithms, checks key types, usages and extractability, holds keys (a secret key's bytes, a
// private key's PKCS #8, a public key's SPKI) and builds the results; the cryptography itself is in
// the host, one op per operation (op_subtle_*, on the JDK's providers).
'use strict';

const {
  ArrayBufferIsView,
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  JSONParse,
  JSONStringify,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  SafeMap,
  SafeWeakMap,
  StringPrototypeToUpperCase,
  Symbol,
  SyntaxError,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypedArrayPrototypeSlice,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const { DOMException } = internals.dom;
const base64 = internals.base64;
const { encodeUtf8, decodeUtf8 } = internals.encoding;

// --- Algorithm normalization (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm)

const NAMES = [
  'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'ECDSA', 'ECDH', 'AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW',
  'HMAC', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'HKDF', 'PBKDF2', 'Ed25519', 'X25519',
];
const CANONICAL = new SafeMap();
for (let i = 0; i < NAMES.length; i++) CANONICAL.set(StringPrototypeToUpperCase(NAMES[i]), NAMES[i]);

// Member converters of the algorithm dictionaries.
const hashMember = { key: 'hash', converter: (V) => V, required: true };
const bufferMember = (key, required = true) => ({
  key, required, converter: (V, prefix, context) => copyBytes(webidl.converters.BufferSource(V, prefix, context)),
});
const enforced = (type) => (V, prefix, context) => webidl.converters[type](V, prefix, context, { enforceRange: true });
const bigIntegerMember = {
  key: 'publicExponent', required: true,
  converter: (V, prefix, context) => {
    if (!ArrayBufferIsView(V) || TypedArrayPrototypeGetSymbolToStringTag(V) !== 'Uint8Array') {
      throw new TypeError(`${prefix}: ${context} is not a Uint8Array (BigInteger)`);
    }
    return TypedArrayPrototypeSlice(V);
  },
};
const namedCurveMember = { key: 'namedCurve', converter: webidl.converters.DOMString, required: true };

const dict = (name, members) => ({ name, convert: webidl.createDictionaryConverter(name, members), members });
const RsaHashedKeyGenParams = dict('RsaHashedKeyGenParams', [
  { key: 'modulusLength', converter: enforced('unsigned long'), required: true }, bigIntegerMember, hashMember]);
const RsaHashedImportParams = dict('RsaHashedImportParams', [hashMember]);
const RsaPssParams = dict('RsaPssParams', [{ key: 'saltLength', converter: enforced('unsigned long'), required: true }]);
const RsaOaepParams = dict('RsaOaepParams', [bufferMember('label', false)]);
const EcKeyGenParams = dict('EcKeyGenParams', [namedCurveMember]);
const EcKeyImportParams = dict('EcKeyImportParams', [namedCurveMember]);
const EcdsaParams = dict('EcdsaParams', [hashMember]);
const EcdhKeyDeriveParams = dict('EcdhKeyDeriveParams', [{
  key: 'public', required: true,
  converter: (V, prefix, context) => {
    if (!isCryptoKey(V)) throw new TypeError(`${prefix}: ${context} is not a CryptoKey`);
    return V;
  },
}]);
const AesCtrParams = dict('AesCtrParams', [bufferMember('counter'),
  { key: 'length', converter: enforced('octet'), required: true }]);
const AesCbcParams = dict('AesCbcParams', [bufferMember('iv')]);
const AesGcmParams = dict('AesGcmParams', [bufferMember('iv'), bufferMember('additionalData', false),
  { key: 'tagLength', converter: enforced('octet') }]);
const AesKeyGenParams = dict('AesKeyGenParams', [{ key: 'length', converter: enforced('unsigned short'), required: true }]);
const AesDerivedKeyParams = dict('AesDerivedKeyParams', [{ key: 'length', converter: enforced('unsigned short'), required: true }]);
const HmacKeyGenParams = dict('HmacKeyGenParams', [hashMember, { key: 'length', converter: enforced('unsigned long') }]);
const HmacImportParams = dict('HmacImportParams', [hashMember, { key: 'length', converter: enforced('unsigned long') }]);
const HkdfParams = dict('HkdfParams', [hashMember, bufferMember('salt'), bufferMember('info')]);
const Pbkdf2Params = dict('Pbkdf2Params', [hashMember, bufferMember('salt'),
  { key: 'iterations', converter: enforced('unsigned long'), required: true }]);

const RSA = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'];
const AES = ['AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW'];
const SHA = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

function table(entries) {
  const map = new SafeMap();
  for (let i = 0; i < entries.length; i += 2) {
    const names = ArrayIsArray(entries[i]) ? entries[i] : [entries[i]];
    for (let j = 0; j < names.length; j++) map.set(names[j], entries[i + 1]);
  }
  return map;
}

// https://w3c.github.io/webcrypto/#dfn-supportedAlgorithms: operation -> name -> parameter dictionary.
const SUPPORTED = {
  digest: table([SHA, null]),
  sign: table(['RSASSA-PKCS1-v1_5', null, 'RSA-PSS', RsaPssParams, 'ECDSA', EcdsaParams, 'HMAC', null, 'Ed25519', null]),
  encrypt: table(['RSA-OAEP', RsaOaepParams, 'AES-CTR', AesCtrParams, 'AES-CBC', AesCbcParams, 'AES-GCM', AesGcmParams]),
  generateKey: table([RSA, RsaHashedKeyGenParams, ['ECDSA', 'ECDH'], EcKeyGenParams, AES, AesKeyGenParams,
    'HMAC', HmacKeyGenParams, ['Ed25519', 'X25519'], null]),
  importKey: table([RSA, RsaHashedImportParams, ['ECDSA', 'ECDH'], EcKeyImportParams, 'HMAC', HmacImportParams,
    [...new primordials.SafeArrayIterator(AES), 'HKDF', 'PBKDF2', 'Ed25519', 'X25519'], null]),
  deriveBits: table(['ECDH', EcdhKeyDeriveParams, 'X25519', EcdhKeyDeriveParams, 'HKDF', HkdfParams,
    'PBKDF2', Pbkdf2Params]),
  wrapKey: table(['AES-KW', null]),
  'get key length': table([AES, AesDerivedKeyParams, 'HMAC', HmacImportParams, ['HKDF', 'PBKDF2'], null]),
};
SUPPORTED.verify = SUPPORTED.sign;
SUPPORTED.decrypt = SUPPORTED.encrypt;
SUPPORTED.unwrapKey = SUPPORTED.wrapKey;

const convertAlgorithm = webidl.createDictionaryConverter('Algorithm', [
  { key: 'name', converter: webidl.converters.DOMString, required: true }]);

function normalizeAlgorithm(algorithm, op, prefix) {
  if (typeof algorithm === 'string') return normalizeAlgorithm({ name: algorithm }, op, prefix);
  if (algorithm === null || typeof algorithm !== 'object') {
    throw new TypeError(`${prefix}: the algorithm must be a string or an object`);
  }
  const { name } = convertAlgorithm(algorithm, prefix, 'algorithm');
  const canonical = CANONICAL.get(StringPrototypeToUpperCase(name));
  const registry = SUPPORTED[op];
  if (canonical === undefined || !registry.has(canonical)) {
    throw new DOMException(`Unrecognized algorithm name '${name}' for ${op}`, 'NotSupportedError');
  }
  const desired = registry.get(canonical);
  const normalized = { name: canonical };
  if (desired === null) return normalized;
  const converted = desired.convert(algorithm, prefix, desired.name);
  const keys = ObjectKeys(converted);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    normalized[key] = key === 'hash' ? normalizeAlgorithm(converted.hash, 'digest', prefix) : converted[key];
  }
  return normalized;
}

function copyBytes(source) {
  return TypedArrayPrototypeSlice(webidl.bufferSourceBytes(source));
}

// The algorithm as the host reads it: hash as a name, an ECDH peer as a host key.
function hostAlgorithm(normalized) {
  const out = { ...normalized };
  if (out.hash !== undefined) out.hash = out.hash.name;
  if (out.public !== undefined) out.public = hostKey(out.public);
  return out;
}

// --- CryptoKey (https://w3c.github.io/webcrypto/#cryptokey-interface) --------------------------

const CONSTRUCT = Symbol('CryptoKey');
const USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];
const convertUsages = webidl.createSequenceConverter(webidl.createEnumConverter('KeyUsage', USAGES));
const convertFormat = webidl.createEnumConverter('KeyFormat', ['raw', 'spki', 'pkcs8', 'jwk']);

// A key's internal slots (https://w3c.github.io/webcrypto/#cryptokey-interface-internal-slots), kept
// out of the object: { type, extractable, algorithm, usages, data }.
const KEY_SLOTS = new SafeWeakMap();

class CryptoKey {
  constructor(key = undefined, type, extractable, algorithm, usages, data) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    KEY_SLOTS.set(this, {
      type,
      extractable,
      algorithm,
      // The usages in the spec's order, without duplicates.
      usages: ArrayPrototypeFilter(USAGES, (u) => ArrayPrototypeIncludes(usages, u)),
      data,
    });
  }

  get type() {
    return slots(this).type;
  }

  get extractable() {
    return slots(this).extractable;
  }

  get algorithm() {
    return slots(this).algorithm;
  }

  get usages() {
    return slots(this).usages;
  }
}
const isCryptoKey = (value) => KEY_SLOTS.has(value);
function slots(key) {
  webidl.assertBranded(key, isCryptoKey, 'CryptoKey');
  return KEY_SLOTS.get(key);
}
webidl.configureInterface(CryptoKey);

function newKey(type, extractable, algorithm, usages, data) {
  return new CryptoKey(CONSTRUCT, type, extractable, algorithm, usages, data);
}

// A key as the host reads it.
function hostKey(key) {
  const s = slots(key);
  const algorithm = { name: s.algorithm.name };
  if (s.algorithm.hash !== undefined) algorithm.hash = s.algorithm.hash.name;
  if (s.algorithm.namedCurve !== undefined) algorithm.namedCurve = s.algorithm.namedCurve;
  return { type: s.type, data: s.data, algorithm };
}

// The usages each algorithm allows, by key type.
function allowedUsages(name) {
  switch (name) {
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'ECDSA': case 'Ed25519':
      return { private: ['sign'], public: ['verify'] };
    case 'RSA-OAEP':
      return { private: ['decrypt', 'unwrapKey'], public: ['encrypt', 'wrapKey'] };
    case 'ECDH': case 'X25519':
      return { private: ['deriveKey', 'deriveBits'], public: [] };
    case 'AES-KW':
      return { secret: ['wrapKey', 'unwrapKey'] };
    case 'AES-CTR': case 'AES-CBC': case 'AES-GCM':
      return { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] };
    case 'HMAC':
      return { secret: ['sign', 'verify'] };
    default: // HKDF, PBKDF2
      return { secret: ['deriveKey', 'deriveBits'] };
  }
}

function checkUsages(usages, allowed, name) {
  for (let i = 0; i < usages.length; i++) {
    if (!ArrayPrototypeIncludes(allowed, usages[i])) {
      throw new DOMException(`'${usages[i]}' is not a valid usage for a ${name} key`, 'SyntaxError');
    }
  }
}

function requireUsable(key, name, usage, type = undefined) {
  const s = slots(key);
  if (s.algorithm.name !== name) {
    throw new DOMException(`The key is a ${s.algorithm.name} key, not a ${name} key`, 'InvalidAccessError');
  }
  if (!ArrayPrototypeIncludes(s.usages, usage)) {
    throw new DOMException(`The key's usages do not include '${usage}'`, 'InvalidAccessError');
  }
  if (type !== undefined && s.type !== type) {
    throw new DOMException(`${name} needs a ${type} key for ${usage}, this one is ${s.type}`, 'InvalidAccessError');
  }
}

function requireKey(value, prefix, context) {
  if (!isCryptoKey(value)) throw new TypeError(`${prefix}: ${context} is not a CryptoKey`);
  return value;
}

function toArrayBuffer(bytes) {
  return TypedArrayPrototypeGetBuffer(bytes);
}

function hashAlgorithm(hash) {
  return { name: hash.name };
}

// --- Key import (https://w3c.github.io/webcrypto/#SubtleCrypto-method-importKey) ----------------

const JWK_MEMBERS = ['kty', 'use', 'alg', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const convertJwk = webidl.createDictionaryConverter('JsonWebKey', [
  ...new primordials.SafeArrayIterator(primordials.ArrayPrototypeMap(JWK_MEMBERS,
    (key) => ({ key, converter: webidl.converters.DOMString }))),
  { key: 'key_ops', converter: webidl.createSequenceConverter(webidl.converters.DOMString) },
  { key: 'ext', converter: webidl.converters.boolean },
  { key: 'oth', converter: webidl.converters.any },
]);

// The JWK "alg" each algorithm writes and accepts.
function jwkAlg(name, algorithm, length) {
  const hash = algorithm.hash?.name;
  switch (name) {
    case 'AES-CTR': return `A${length}CTR`;
    case 'AES-CBC': return `A${length}CBC`;
    case 'AES-GCM': return `A${length}GCM`;
    case 'AES-KW': return `A${length}KW`;
    case 'HMAC': return { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' }[hash];
    case 'RSASSA-PKCS1-v1_5': return { 'SHA-1': 'RS1', 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' }[hash];
    case 'RSA-PSS': return { 'SHA-1': 'PS1', 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' }[hash];
    case 'RSA-OAEP':
      return { 'SHA-1': 'RSA-OAEP', 'SHA-256': 'RSA-OAEP-256', 'SHA-384': 'RSA-OAEP-384', 'SHA-512': 'RSA-OAEP-512' }[hash];
    case 'ECDSA': return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve];
    case 'Ed25519': return 'Ed25519';
    default: return undefined;
  }
}

// The checks every JWK import shares: use, key_ops, ext.
function checkJwk(jwk, usages, extractable, use) {
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
    throw new DOMException(`The JWK's use is '${jwk.use}', not '${use}'`, 'DataError');
  }
  if (jwk.key_ops !== undefined) {
    for (let i = 0; i < usages.length; i++) {
      if (!ArrayPrototypeIncludes(jwk.key_ops, usages[i])) {
        throw new DOMException(`The JWK's key_ops do not include '${usages[i]}'`, 'DataError');
      }
    }
  }
  if (jwk.ext === false && extractable) {
    throw new DOMException('The JWK is not extractable (ext is false)', 'DataError');
  }
}

function decodeBase64url(string, what) {
  const bytes = base64.decode(string, true);
  if (bytes === null) throw new DOMException(`The JWK's ${what} is not base64url`, 'DataError');
  return bytes;
}

function importSecret(format, keyData, algorithm, extractable, usages) {
  const name = algorithm.name;
  checkUsages(usages, allowedUsages(name).secret, name);
  let bytes;
  if (format === 'raw') {
    bytes = keyData;
  } else if (format === 'jwk' && name !== 'HKDF' && name !== 'PBKDF2') {
    if (keyData.kty !== 'oct') throw new DOMException(`The JWK's kty is '${keyData.kty}', not 'oct'`, 'DataError');
    if (keyData.k === undefined) throw new DOMException("The JWK has no 'k'", 'DataError');
    bytes = decodeBase64url(keyData.k, 'k');
    checkJwk(keyData, usages, extractable, name === 'HMAC' ? 'sig' : 'enc');
    const expected = jwkAlg(name, algorithm, bytes.length * 8);
    if (keyData.alg !== undefined && keyData.alg !== expected) {
      throw new DOMException(`The JWK's alg is '${keyData.alg}', not '${expected}'`, 'DataError');
    }
  } else {
    throw new DOMException(`${name} keys cannot be imported as ${format}`, 'NotSupportedError');
  }
  const bits = bytes.length * 8;
  let keyAlgorithm;
  if (name === 'HMAC') {
    if (bits === 0) throw new DOMException('An HMAC key cannot be empty', 'DataError');
    let length = bits;
    if (algorithm.length !== undefined) {
      if (algorithm.length > bits || algorithm.length <= bits - 8) {
        throw new DOMException(`The HMAC length ${algorithm.length} does not fit a key of ${bits} bits`, 'DataError');
      }
      length = algorithm.length;
    }
    keyAlgorithm = { name, hash: hashAlgorithm(algorithm.hash), length };
  } else if (name === 'HKDF' || name === 'PBKDF2') {
    if (extractable) throw new DOMException(`${name} keys cannot be extractable`, 'SyntaxError');
    keyAlgorithm = { name };
  } else {
    if (bits !== 128 && bits !== 192 && bits !== 256) {
      throw new DOMException(`An AES key is 128, 192 or 256 bits, was ${bits}`, 'DataError');
    }
    keyAlgorithm = { name, length: bits };
  }
  if (usages.length === 0) throw new DOMException('A secret key needs at least one usage', 'SyntaxError');
  return newKey('secret', extractable, keyAlgorithm, usages, bytes);
}

function asymmetricAlgorithm(algorithm, imported) {
  const name = algorithm.name;
  if (ArrayPrototypeIncludes(RSA, name)) {
    return { name, modulusLength: imported.modulusLength, publicExponent: imported.publicExponent,
      hash: hashAlgorithm(algorithm.hash) };
  }
  if (name === 'ECDSA' || name === 'ECDH') return { name, namedCurve: algorithm.namedCurve };
  return { name };
}

function importAsymmetric(format, keyData, algorithm, extractable, usages) {
  const name = algorithm.name;
  if (format === 'jwk') {
    checkJwk(keyData, usages, extractable, name === 'RSA-OAEP' || name === 'ECDH' || name === 'X25519' ? 'enc' : 'sig');
    const expected = jwkAlg(name, algorithm);
    if (keyData.alg !== undefined && expected !== undefined && keyData.alg !== expected
        && !(name === 'Ed25519' && keyData.alg === 'EdDSA')) {
      throw new DOMException(`The JWK's alg is '${keyData.alg}', not '${expected}'`, 'DataError');
    }
  }
  const host = { name };
  if (algorithm.namedCurve !== undefined) host.namedCurve = algorithm.namedCurve;
  if (algorithm.hash !== undefined) host.hash = algorithm.hash.name;
  const imported = internals.ops.op_subtle_import_key(format, keyData, host);
  const type = imported.type;
  const allowed = allowedUsages(name)[type];
  checkUsages(usages, allowed, name);
  if (type === 'private' && usages.length === 0) {
    throw new DOMException('A private key needs at least one usage', 'SyntaxError');
  }
  return newKey(type, extractable, asymmetricAlgorithm(algorithm, imported), usages, imported.data);
}

function importKey(format, keyData, algorithm, extractable, usages) {
  if (ArrayPrototypeIncludes(AES, algorithm.name) || algorithm.name === 'HMAC' || algorithm.name === 'HKDF'
      || algorithm.name === 'PBKDF2') {
    return importSecret(format, keyData, algorithm, extractable, usages);
  }
  return importAsymmetric(format, keyData, algorithm, extractable, usages);
}

function convertKeyData(format, keyData, prefix) {
  if (format === 'jwk') {
    if (keyData === null || typeof keyData !== 'object' || ArrayBufferIsView(keyData) || webidl.isArrayBuffer(keyData)) {
      throw new TypeError(`${prefix}: a JWK must be a JsonWebKey object`);
    }
    return convertJwk(keyData, prefix, 'keyData');
  }
  if (!ArrayBufferIsView(keyData) && !webidl.isArrayBuffer(keyData)) {
    throw new TypeError(`${prefix}: the key data of format '${format}' must be a BufferSource`);
  }
  return copyBytes(keyData);
}

// --- Key export (https://w3c.github.io/webcrypto/#SubtleCrypto-method-exportKey) ----------------

function exportKey(format, key) {
  const s = slots(key);
  if (!s.extractable) throw new DOMException('The key is not extractable', 'InvalidAccessError');
  const name = s.algorithm.name;
  if (s.type === 'secret') {
    if (format === 'raw') return toArrayBuffer(TypedArrayPrototypeSlice(s.data));
    if (format !== 'jwk') throw new DOMException(`${name} keys cannot be exported as ${format}`, 'NotSupportedError');
    const jwk = { kty: 'oct', k: base64.encode(s.data, true) };
    const alg = jwkAlg(name, s.algorithm, s.data.length * 8);
    if (alg !== undefined) jwk.alg = alg;
    jwk.key_ops = [...new primordials.SafeArrayIterator(s.usages)];
    jwk.ext = s.extractable;
    return jwk;
  }
  const exported = internals.ops.op_subtle_export_key(format, hostKey(key));
  if (format !== 'jwk') return toArrayBuffer(exported);
  const alg = jwkAlg(name, s.algorithm);
  if (alg !== undefined) exported.alg = alg;
  exported.key_ops = [...new primordials.SafeArrayIterator(s.usages)];
  exported.ext = s.extractable;
  return exported;
}

// --- Key length for deriveKey (https://w3c.github.io/webcrypto/#dfn-get-key-length) --------------

function keyLength(algorithm) {
  const name = algorithm.name;
  if (ArrayPrototypeIncludes(AES, name)) {
    if (algorithm.length !== 128 && algorithm.length !== 192 && algorithm.length !== 256) {
      throw new DOMException(`An AES key is 128, 192 or 256 bits, was ${algorithm.length}`, 'OperationError');
    }
    return algorithm.length;
  }
  if (name === 'HMAC') {
    if (algorithm.length !== undefined) {
      if (algorithm.length === 0) throw new TypeError('An HMAC key length cannot be 0');
      return algorithm.length;
    }
    return algorithm.hash.name === 'SHA-384' || algorithm.hash.name === 'SHA-512' ? 1024 : 512;
  }
  return null; // HKDF, PBKDF2
}

function deriveBits(algorithm, baseKey, length) {
  if (algorithm.name === 'ECDH' || algorithm.name === 'X25519') {
    const peer = slots(algorithm.public);
    if (peer.type !== 'public') throw new DOMException('The public member must be a public key', 'InvalidAccessError');
    if (peer.algorithm.name !== algorithm.name) {
      throw new DOMException(`The public key is a ${peer.algorithm.name} key, not ${algorithm.name}`, 'InvalidAccessError');
    }
    if (peer.algorithm.namedCurve !== slots(baseKey).algorithm.namedCurve) {
      throw new DOMException('The public key is on another curve than the base key', 'InvalidAccessError');
    }
  }
  return internals.ops.op_subtle_derive_bits(hostAlgorithm(algorithm), hostKey(baseKey), length);
}

// --- SubtleCrypto (https://w3c.github.io/webcrypto/#subtlecrypto-interface) ---------------------

const SUBTLE = Symbol('SubtleCrypto');
// The one SubtleCrypto, made on first use: an instance made while the snapshot is built, kept
// together with this script's closures, crashes V8 when an isolate is restored from it (a
// vector-index assertion in the deserializer, seen with Javet 5.0.6), so nothing here is
// instantiated at load.
let subtle;
const checkSubtle = (self) => webidl.assertBranded(self, (v) => v !== undefined && v === subtle, 'SubtleCrypto');

function prefixOf(method) {
  return `Failed to execute '${method}' on 'SubtleCrypto'`;
}

class SubtleCrypto {
  constructor(key = undefined) {
    if (key !== SUBTLE) webidl.illegalConstructor();
  }

  async digest(algorithm, data) {
    const prefix = prefixOf('digest');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 2, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'digest', prefix);
    const bytes = copyBytes(webidl.converters.BufferSource(data, prefix, 'Argument 2'));
    return toArrayBuffer(internals.ops.op_subtle_digest(normalized.name, bytes));
  }

  async encrypt(algorithm, key, data) {
    return crypt(this, 'encrypt', arguments.length, algorithm, key, data);
  }

  async decrypt(algorithm, key, data) {
    return crypt(this, 'decrypt', arguments.length, algorithm, key, data);
  }

  async sign(algorithm, key, data) {
    const prefix = prefixOf('sign');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 3, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'sign', prefix);
    requireKey(key, prefix, 'Argument 2');
    const bytes = copyBytes(webidl.converters.BufferSource(data, prefix, 'Argument 3'));
    requireUsable(key, normalized.name, 'sign', normalized.name === 'HMAC' ? 'secret' : 'private');
    return toArrayBuffer(internals.ops.op_subtle_sign(hostAlgorithm(normalized), hostKey(key), bytes));
  }

  async verify(algorithm, key, signature, data) {
    const prefix = prefixOf('verify');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 4, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'verify', prefix);
    requireKey(key, prefix, 'Argument 2');
    const sig = copyBytes(webidl.converters.BufferSource(signature, prefix, 'Argument 3'));
    const bytes = copyBytes(webidl.converters.BufferSource(data, prefix, 'Argument 4'));
    requireUsable(key, normalized.name, 'verify', normalized.name === 'HMAC' ? 'secret' : 'public');
    return internals.ops.op_subtle_verify(hostAlgorithm(normalized), hostKey(key), sig, bytes);
  }

  async generateKey(algorithm, extractable, keyUsages) {
    const prefix = prefixOf('generateKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 3, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'generateKey', prefix);
    extractable = webidl.converters.boolean(extractable);
    const usages = convertUsages(keyUsages, prefix, 'Argument 3');
    const name = normalized.name;
    const allowed = allowedUsages(name);
    checkUsages(usages, allowed.secret ?? [...new primordials.SafeArrayIterator(allowed.private),
      ...new primordials.SafeArrayIterator(allowed.public)], name);
    const host = hostAlgorithm(normalized);
    const generated = internals.ops.op_subtle_generate_key(host);
    if (generated.secret !== undefined) {
      if (usages.length === 0) throw new DOMException('A secret key needs at least one usage', 'SyntaxError');
      const keyAlgorithm = name === 'HMAC'
        ? { name, hash: hashAlgorithm(normalized.hash), length: generated.secret.length * 8 }
        : { name, length: normalized.length };
      return newKey('secret', extractable, keyAlgorithm, usages, generated.secret);
    }
    const privateUsages = ArrayPrototypeFilter(usages, (u) => ArrayPrototypeIncludes(allowed.private, u));
    if (privateUsages.length === 0) throw new DOMException('A private key needs at least one usage', 'SyntaxError');
    let keyAlgorithm;
    if (ArrayPrototypeIncludes(RSA, name)) {
      keyAlgorithm = { name, modulusLength: normalized.modulusLength,
        publicExponent: TypedArrayPrototypeSlice(normalized.publicExponent), hash: hashAlgorithm(normalized.hash) };
    } else if (name === 'ECDSA' || name === 'ECDH') {
      keyAlgorithm = { name, namedCurve: normalized.namedCurve };
    } else {
      keyAlgorithm = { name };
    }
    const publicAlgorithm = { ...keyAlgorithm };
    if (keyAlgorithm.publicExponent !== undefined) {
      publicAlgorithm.publicExponent = TypedArrayPrototypeSlice(keyAlgorithm.publicExponent);
      publicAlgorithm.hash = hashAlgorithm(keyAlgorithm.hash);
    }
    return {
      publicKey: newKey('public', true, publicAlgorithm,
        ArrayPrototypeFilter(usages, (u) => ArrayPrototypeIncludes(allowed.public, u)), generated.publicKey),
      privateKey: newKey('private', extractable, keyAlgorithm, privateUsages, generated.privateKey),
    };
  }

  async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    const prefix = prefixOf('deriveKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 5, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'deriveBits', prefix);
    requireKey(baseKey, prefix, 'Argument 2');
    const importAlgorithm = normalizeAlgorithm(derivedKeyType, 'importKey', prefix);
    const lengthAlgorithm = normalizeAlgorithm(derivedKeyType, 'get key length', prefix);
    extractable = webidl.converters.boolean(extractable);
    const usages = convertUsages(keyUsages, prefix, 'Argument 5');
    requireUsable(baseKey, normalized.name, 'deriveKey');
    const length = keyLength(lengthAlgorithm);
    const secret = deriveBits(normalized, baseKey, length);
    return importKey('raw', secret, importAlgorithm, extractable, usages);
  }

  async deriveBits(algorithm, baseKey, length = null) {
    const prefix = prefixOf('deriveBits');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 2, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'deriveBits', prefix);
    requireKey(baseKey, prefix, 'Argument 2');
    if (length !== null && length !== undefined) length = webidl.converters['unsigned long'](length, prefix, 'Argument 3');
    else length = null;
    requireUsable(baseKey, normalized.name, 'deriveBits');
    return toArrayBuffer(deriveBits(normalized, baseKey, length));
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    const prefix = prefixOf('importKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 5, prefix);
    format = convertFormat(format, prefix, 'Argument 1');
    const data = convertKeyData(format, keyData, prefix);
    const normalized = normalizeAlgorithm(algorithm, 'importKey', prefix);
    extractable = webidl.converters.boolean(extractable);
    const usages = convertUsages(keyUsages, prefix, 'Argument 5');
    return importKey(format, data, normalized, extractable, usages);
  }

  async exportKey(format, key) {
    const prefix = prefixOf('exportKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 2, prefix);
    format = convertFormat(format, prefix, 'Argument 1');
    requireKey(key, prefix, 'Argument 2');
    return exportKey(format, key);
  }

  async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    const prefix = prefixOf('wrapKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 4, prefix);
    format = convertFormat(format, prefix, 'Argument 1');
    requireKey(key, prefix, 'Argument 2');
    requireKey(wrappingKey, prefix, 'Argument 3');
    const normalized = normalizeWrapAlgorithm(wrapAlgorithm, 'wrapKey', 'encrypt', prefix);
    requireUsable(wrappingKey, normalized.name, 'wrapKey', normalized.name === 'RSA-OAEP' ? 'public' : 'secret');
    const exported = exportKey(format, key);
    const bytes = format === 'jwk' ? encodeUtf8(JSONStringify(exported)) : new Uint8Array(exported);
    return toArrayBuffer(internals.ops.op_subtle_encrypt(hostAlgorithm(normalized), hostKey(wrappingKey), bytes));
  }

  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    const prefix = prefixOf('unwrapKey');
    checkSubtle(this);
    webidl.requiredArguments(arguments.length, 7, prefix);
    format = convertFormat(format, prefix, 'Argument 1');
    const wrapped = copyBytes(webidl.converters.BufferSource(wrappedKey, prefix, 'Argument 2'));
    requireKey(unwrappingKey, prefix, 'Argument 3');
    const normalized = normalizeWrapAlgorithm(unwrapAlgorithm, 'unwrapKey', 'decrypt', prefix);
    const importAlgorithm = normalizeAlgorithm(unwrappedKeyAlgorithm, 'importKey', prefix);
    extractable = webidl.converters.boolean(extractable);
    const usages = convertUsages(keyUsages, prefix, 'Argument 7');
    requireUsable(unwrappingKey, normalized.name, 'unwrapKey', normalized.name === 'RSA-OAEP' ? 'private' : 'secret');
    const bytes = internals.ops.op_subtle_decrypt(hostAlgorithm(normalized), hostKey(unwrappingKey), wrapped);
    let keyData = bytes;
    if (format === 'jwk') {
      let parsed;
      try {
        parsed = JSONParse(decodeUtf8(bytes));
      } catch {
        throw new DOMException('The unwrapped key is not a JSON Web Key', 'DataError');
      }
      keyData = convertJwk(parsed, prefix, 'the unwrapped key');
    }
    return importKey(format, keyData, importAlgorithm, extractable, usages);
  }
}
webidl.configureInterface(SubtleCrypto);

async function crypt(self, op, argumentCount, algorithm, key, data) {
  const prefix = prefixOf(op);
  checkSubtle(self);
  webidl.requiredArguments(argumentCount, 3, prefix);
  const normalized = normalizeAlgorithm(algorithm, op, prefix);
  requireKey(key, prefix, 'Argument 2');
  const bytes = copyBytes(webidl.converters.BufferSource(data, prefix, 'Argument 3'));
  const type = normalized.name === 'RSA-OAEP' ? (op === 'encrypt' ? 'public' : 'private') : 'secret';
  requireUsable(key, normalized.name, op, type);
  const run = op === 'encrypt' ? internals.ops.op_subtle_encrypt : internals.ops.op_subtle_decrypt;
  return toArrayBuffer(run(hostAlgorithm(normalized), hostKey(key), bytes));
}

// wrapKey and unwrapKey take AES-KW, or any encrypt/decrypt algorithm.
function normalizeWrapAlgorithm(algorithm, op, fallback, prefix) {
  try {
    return normalizeAlgorithm(algorithm, op, prefix);
  } catch (e) {
    if (!internals.dom.isDOMException(e) || e.name !== 'NotSupportedError') throw e;
    return normalizeAlgorithm(algorithm, fallback, prefix);
  }
}

webidl.exposeInterface('SubtleCrypto', SubtleCrypto);
webidl.exposeInterface('CryptoKey', CryptoKey);
internals.crypto = {
  get subtle() {
    subtle ??= new SubtleCrypto(SUBTLE);
    return subtle;
  },
  isCryptoKey,
};
