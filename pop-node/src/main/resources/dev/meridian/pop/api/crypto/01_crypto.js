// The `crypto` global: Crypto.getRandomValues and Crypto.randomUUID
// (https://w3c.github.io/webcrypto/#crypto-interface). SubtleCrypto comes with its own extension.
'use strict';

const {
  ArrayBufferIsView,
  NumberPrototypeToString,
  ObjectPrototypeIsPrototypeOf,
  StringPrototypePadStart,
  Symbol,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetSymbolToStringTag,
  Uint8Array,
  TypedArrayPrototypeSet,
} = primordials;
const webidl = internals.webidl;
const { DOMException } = internals.dom;

const INTEGER_ARRAYS = new primordials.SafeSet([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'BigInt64Array', 'BigUint64Array',
]);

const brand = Symbol('Crypto');

class Crypto {
  constructor(key = undefined) {
    if (key !== brand) webidl.illegalConstructor();
  }

  getRandomValues(array) {
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'getRandomValues' on 'Crypto'");
    const kind = ArrayBufferIsView(array) ? TypedArrayPrototypeGetSymbolToStringTag(array) : undefined;
    if (kind === undefined || !INTEGER_ARRAYS.has(kind)) {
      throw new DOMException(
        "Failed to execute 'getRandomValues' on 'Crypto': the argument must be an integer typed array",
        'TypeMismatchError');
    }
    const length = TypedArrayPrototypeGetByteLength(array);
    if (length > 65536) {
      throw new DOMException(
        `Failed to execute 'getRandomValues' on 'Crypto': the array's byte length (${length}) exceeds 65536`,
        'QuotaExceededError');
    }
    const bytes = internals.ops.op_crypto_random_bytes(length);
    TypedArrayPrototypeSet(
      new Uint8Array(TypedArrayPrototypeGetBuffer(array), TypedArrayPrototypeGetByteOffset(array), length),
      bytes);
    return array;
  }

  randomUUID() {
    // RFC 9562 version 4: 122 random bits, version and variant fixed.
    const b = internals.ops.op_crypto_random_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let uuid = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) uuid += '-';
      uuid += StringPrototypePadStart(NumberPrototypeToString(b[i], 16), 2, '0');
    }
    return uuid;
  }

  get subtle() {
    return internals.crypto?.subtle;
  }
}
webidl.configureInterface(Crypto);

const crypto = new Crypto(brand);
webidl.exposeInterface('Crypto', Crypto);
webidl.exposeInterface('crypto', crypto);
internals.cryptoApi = { Crypto, isCrypto: (v) => ObjectPrototypeIsPrototypeOf(Crypto.prototype, v) };
