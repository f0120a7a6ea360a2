// atob() and btoa() (https://html.spec.whatwg.org/multipage/webappapis.html#atob) on Infra's
// forgiving-base64 decode and base64 encode (https://infra.spec.whatwg.org/#forgiving-base64), and
// `internals.base64` for other folders: bytes to and from base64 and base64url.
'use strict';

const {
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
  Uint8Array,
  Int16Array,
} = primordials;
const ReflectApply = primordials.ReflectApply;
const webidl = internals.webidl;
const { DOMException } = internals.dom;

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Character code -> 6-bit value, or -1; one table per alphabet.
function decodeTable(alphabet) {
  const table = new Int16Array(128);
  for (let i = 0; i < 128; i++) table[i] = -1;
  for (let i = 0; i < 64; i++) table[StringPrototypeCharCodeAt(alphabet, i)] = i;
  return table;
}
const STANDARD_TABLE = decodeTable(STANDARD);
const URL_SAFE_TABLE = decodeTable(URL_SAFE);

// Turns an array of byte values into a string of those code units, a slice at a time (apply has an
// argument limit).
function bytesToBinaryString(bytes) {
  const parts = [];
  const length = TypedArrayPrototypeGetLength(bytes);
  for (let i = 0; i < length; i += 8192) {
    ArrayPrototypePush(parts, ReflectApply(StringFromCharCode, null,
      TypedArrayPrototypeSubarray(bytes, i, i + 8192)));
  }
  return ArrayPrototypeJoin(parts, '');
}

/** Base64 of `bytes` (a Uint8Array); `url` picks the base64url alphabet without padding. */
function encode(bytes, url = false) {
  const alphabet = url ? URL_SAFE : STANDARD;
  const length = TypedArrayPrototypeGetLength(bytes);
  const out = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    if (chunk.length >= 8192) {
      ArrayPrototypePush(out, chunk);
      chunk = '';
    }
  }
  if (i < length) {
    const n = (bytes[i] << 16) | (i + 1 < length ? bytes[i + 1] << 8 : 0);
    chunk += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    chunk += i + 1 < length ? alphabet[(n >> 6) & 63] : (url ? '' : '=');
    chunk += url ? '' : '=';
  }
  ArrayPrototypePush(out, chunk);
  return ArrayPrototypeJoin(out, '');
}

function isAsciiWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
}

/**
 * Infra's forgiving-base64 decode of `string` into a Uint8Array, or null on failure. With `url`, the
 * base64url alphabet (RFC 4648 § 5) and no whitespace are accepted instead.
 */
function decode(string, url = false) {
  const table = url ? URL_SAFE_TABLE : STANDARD_TABLE;
  // 1. Drop ASCII whitespace (not for base64url, which JWK uses strictly).
  const codes = [];
  for (let i = 0; i < string.length; i++) {
    const c = StringPrototypeCharCodeAt(string, i);
    if (!url && isAsciiWhitespace(c)) continue;
    ArrayPrototypePush(codes, c);
  }
  let length = codes.length;
  // 2. Up to two trailing '=' when the length is a multiple of 4.
  if (length % 4 === 0 && length > 0 && codes[length - 1] === 0x3d) {
    length--;
    if (codes[length - 1] === 0x3d) length--;
  }
  // 3. A remainder of one character cannot encode a byte.
  if (length % 4 === 1) return null;
  const out = new Uint8Array((length * 3) >> 2);
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < length; i++) {
    const c = codes[i];
    const v = c < 128 ? table[c] : -1;
    // 4. Anything outside the alphabet, '=' in the middle included, is a failure.
    if (v < 0) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#dom-btoa
function btoa(data) {
  const prefix = "Failed to execute 'btoa'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  const string = webidl.converters.DOMString(data, prefix, 'Argument 1');
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const c = StringPrototypeCharCodeAt(string, i);
    if (c > 0xff) {
      throw new DOMException(
        `${prefix}: the string to be encoded contains characters outside of the Latin1 range.`,
        'InvalidCharacterError');
    }
    bytes[i] = c;
  }
  return encode(bytes);
}

// https://html.spec.whatwg.org/multipage/webappapis.html#dom-atob
function atob(data) {
  const prefix = "Failed to execute 'atob'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  const string = webidl.converters.DOMString(data, prefix, 'Argument 1');
  const bytes = decode(string);
  if (bytes === null) {
    throw new DOMException(`${prefix}: the string to be decoded is not correctly encoded.`,
      'InvalidCharacterError');
  }
  return bytesToBinaryString(bytes);
}

webidl.exposeFunction('btoa', btoa);
webidl.exposeFunction('atob', atob);

internals.base64 = { encode, decode };
