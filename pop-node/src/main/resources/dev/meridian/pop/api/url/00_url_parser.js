// The URL parser of the WHATWG URL standard (https://url.spec.whatwg.org/#url-parsing): the basic URL
// parser's state machine, the host parser (domains, IPv4, IPv6, opaque hosts), percent-encoding and
// the URL serializer. Published as `internals.url` for URL, URLSearchParams, Request and Response.
//
// A URL record is a plain object { scheme, username, password, host, port, path, query, fragment }
// where `host` is null or the serialized host (the empty host is ''), `port` null or a number, and
// `path` either an array of segments or, for an opaque path, a string.
'use strict';

const {
  ArrayPrototypeJoin,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  MathFloor,
  NumberParseInt,
  NumberPrototypeToString,
  StringFromCodePoint,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypeError,
  TypedArrayPrototypeGetLength,
  Uint8Array,
} = primordials;
const { encodeUtf8, decodeUtf8WithoutBOM } = internals.encoding;

const EOF = -1;

// https://url.spec.whatwg.org/#special-scheme (a switch: the parser asks at every code point of a path)
function isSpecialScheme(scheme) {
  switch (scheme) {
    case 'http':
    case 'https':
    case 'ws':
    case 'wss':
    case 'ftp':
    case 'file':
      return true;
    default:
      return false;
  }
}

// https://url.spec.whatwg.org/#default-port
function defaultPort(scheme) {
  switch (scheme) {
    case 'http':
    case 'ws':
      return 80;
    case 'https':
    case 'wss':
      return 443;
    case 'ftp':
      return 21;
    default:
      return null;
  }
}

// --- Code point classes ------------------------------------------------------------------------------

const isAsciiDigit = (c) => c >= 0x30 && c <= 0x39;
const isAsciiHexDigit = (c) => isAsciiDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAsciiAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAsciiAlphanumeric = (c) => isAsciiAlpha(c) || isAsciiDigit(c);
const toLower = (c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

// https://url.spec.whatwg.org/#forbidden-host-code-point
function isForbiddenHostCodePoint(c) {
  return c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20 || c === 0x23 || c === 0x2f ||
    c === 0x3a || c === 0x3c || c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c ||
    c === 0x5d || c === 0x5e || c === 0x7c;
}

// https://url.spec.whatwg.org/#forbidden-domain-code-point
function isForbiddenDomainCodePoint(c) {
  return isForbiddenHostCodePoint(c) || (c >= 0x00 && c <= 0x1f) || c === 0x25 || c === 0x7f;
}

// --- Percent-encode sets (https://url.spec.whatwg.org/#percent-encoded-bytes) -------------------------

// Each set is a 128-entry table of the ASCII code points it holds; every non-ASCII code point is in
// every set.
function makeSet(parent, extra) {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (parent === null ? (c < 0x20 || c === 0x7f) : parent[c] === 1) table[c] = 1;
  }
  for (let i = 0; i < extra.length; i++) table[StringPrototypeCharCodeAt(extra, i)] = 1;
  return table;
}
const C0_CONTROL_SET = makeSet(null, '');
const FRAGMENT_SET = makeSet(C0_CONTROL_SET, ' "<>`');
const QUERY_SET = makeSet(C0_CONTROL_SET, ' "#<>');
const SPECIAL_QUERY_SET = makeSet(QUERY_SET, "'");
const PATH_SET = makeSet(QUERY_SET, '?`{}');
const USERINFO_SET = makeSet(PATH_SET, '/:;=@[\\]^|');
const COMPONENT_SET = makeSet(USERINFO_SET, '$%&+,');
const FORM_URLENCODED_SET = makeSet(COMPONENT_SET, "!'()~");

// One-code-unit strings of ASCII and the percent-encoding of every byte, built once: the parser
// appends a code point at a time, and these lookups keep that cheap.
const ASCII = [];
const PERCENT_ENCODED = [];
for (let b = 0; b < 256; b++) {
  if (b < 128) ASCII[b] = StringFromCodePoint(b);
  PERCENT_ENCODED[b] = '%' + '0123456789ABCDEF'[b >> 4] + '0123456789ABCDEF'[b & 0xf];
}
const percentEncodeByte = (b) => PERCENT_ENCODED[b];
const charOf = (c) => (c < 128 ? ASCII[c] : StringFromCodePoint(c));

// https://url.spec.whatwg.org/#utf-8-percent-encode, one code point.
function percentEncodeCodePoint(c, set) {
  if (c < 0x80) {
    return set[c] === 1 ? PERCENT_ENCODED[c] : ASCII[c];
  }
  const bytes = encodeUtf8(StringFromCodePoint(c));
  let out = '';
  for (let i = 0; i < TypedArrayPrototypeGetLength(bytes); i++) out += percentEncodeByte(bytes[i]);
  return out;
}

// https://url.spec.whatwg.org/#string-percent-encode-after-encoding (UTF-8). With `spaceAsPlus`,
// U+0020 becomes '+', as application/x-www-form-urlencoded wants.
function percentEncodeString(input, set, spaceAsPlus = false) {
  let out = '';
  let start = 0;
  // Runs of code points outside the set are copied as they are.
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c < 0x80 && set[c] !== 1 && !(spaceAsPlus && c === 0x20)) continue;
    out += StringPrototypeSlice(input, start, i);
    if (spaceAsPlus && c === 0x20) {
      out += '+';
      start = i + 1;
      continue;
    }
    // Encode the whole non-ASCII run (or the one ASCII code point) as UTF-8.
    let j = i + 1;
    if (c >= 0x80) {
      while (j < input.length && StringPrototypeCharCodeAt(input, j) >= 0x80) j++;
    }
    const bytes = encodeUtf8(StringPrototypeSlice(input, i, j));
    for (let k = 0; k < TypedArrayPrototypeGetLength(bytes); k++) out += percentEncodeByte(bytes[k]);
    start = j;
    i = j - 1;
  }
  return start === 0 ? input : out + StringPrototypeSlice(input, start);
}

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return c - 0x57;
}

// https://url.spec.whatwg.org/#percent-decode of the UTF-8 bytes of `input`, as bytes.
function percentDecodeBytes(input) {
  const bytes = encodeUtf8(input);
  const length = TypedArrayPrototypeGetLength(bytes);
  const out = new Uint8Array(length);
  let j = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < length && isAsciiHexDigit(bytes[i + 1]) && isAsciiHexDigit(bytes[i + 2])) {
      out[j++] = (hexValue(bytes[i + 1]) << 4) | hexValue(bytes[i + 2]);
      i += 2;
    } else {
      out[j++] = b;
    }
  }
  return primordials.TypedArrayPrototypeSubarray(out, 0, j);
}

// --- Hosts (https://url.spec.whatwg.org/#host-parsing) ------------------------------------------------

const FAILURE = null;

// https://url.spec.whatwg.org/#concept-ipv4-number-parser: [value, validationError] or null.
function parseIPv4Number(input) {
  if (input === '') return FAILURE;
  let R = 10;
  if (input.length >= 2 && input[0] === '0' && (input[1] === 'x' || input[1] === 'X')) {
    input = StringPrototypeSlice(input, 2);
    R = 16;
  } else if (input.length >= 2 && input[0] === '0') {
    input = StringPrototypeSlice(input, 1);
    R = 8;
  }
  if (input === '') return 0;
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    const ok = R === 10 ? isAsciiDigit(c) : R === 16 ? isAsciiHexDigit(c) : (c >= 0x30 && c <= 0x37);
    if (!ok) return FAILURE;
  }
  return NumberParseInt(input, R);
}

// https://url.spec.whatwg.org/#ends-in-a-number-checker
function endsInANumber(input) {
  const parts = splitOnDot(input);
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    ArrayPrototypePop(parts);
  }
  const last = parts[parts.length - 1];
  if (last !== '') {
    let allDigits = true;
    for (let i = 0; i < last.length; i++) {
      if (!isAsciiDigit(StringPrototypeCharCodeAt(last, i))) {
        allDigits = false;
        break;
      }
    }
    if (allDigits) return true;
  }
  return parseIPv4Number(last) !== FAILURE;
}

function splitOnDot(input) {
  const parts = [];
  let start = 0;
  for (;;) {
    const i = StringPrototypeIndexOf(input, '.', start);
    if (i === -1) {
      ArrayPrototypePush(parts, StringPrototypeSlice(input, start));
      return parts;
    }
    ArrayPrototypePush(parts, StringPrototypeSlice(input, start, i));
    start = i + 1;
  }
}

// https://url.spec.whatwg.org/#concept-ipv4-parser: the serialized address, or null.
function parseIPv4(input) {
  const parts = splitOnDot(input);
  if (parts[parts.length - 1] === '' && parts.length > 1) ArrayPrototypePop(parts);
  if (parts.length > 4) return FAILURE;
  const numbers = [];
  for (let i = 0; i < parts.length; i++) {
    const n = parseIPv4Number(parts[i]);
    if (n === FAILURE) return FAILURE;
    ArrayPrototypePush(numbers, n);
  }
  for (let i = 0; i < numbers.length - 1; i++) {
    if (numbers[i] > 255) return FAILURE;
  }
  const last = numbers[numbers.length - 1];
  if (last >= 256 ** (5 - numbers.length)) return FAILURE;
  let ipv4 = last;
  for (let i = 0; i < numbers.length - 1; i++) {
    ipv4 += numbers[i] * 256 ** (3 - i);
  }
  return serializeIPv4(ipv4);
}

// https://url.spec.whatwg.org/#concept-ipv4-serializer
function serializeIPv4(address) {
  const out = [];
  let n = address;
  for (let i = 0; i < 4; i++) {
    out[3 - i] = NumberPrototypeToString(n % 256);
    n = MathFloor(n / 256);
  }
  return ArrayPrototypeJoin(out, '.');
}

// https://url.spec.whatwg.org/#concept-ipv6-parser over code units of `input`: the serialized
// address in brackets, or null.
function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;
  const at = (p) => (p < input.length ? StringPrototypeCharCodeAt(input, p) : EOF);
  let c = at(pointer);
  if (c === 0x3a) {
    if (at(pointer + 1) !== 0x3a) return FAILURE;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while ((c = at(pointer)) !== EOF) {
    if (pieceIndex === 8) return FAILURE;
    if (c === 0x3a) {
      if (compress !== null) return FAILURE;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && isAsciiHexDigit(at(pointer))) {
      value = value * 0x10 + hexValue(at(pointer));
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {
      if (length === 0) return FAILURE;
      pointer -= length;
      if (pieceIndex > 6) return FAILURE;
      let numbersSeen = 0;
      while (at(pointer) !== EOF) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) {
            pointer++;
          } else {
            return FAILURE;
          }
        }
        if (!isAsciiDigit(at(pointer))) return FAILURE;
        while (isAsciiDigit(at(pointer))) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === null) {
            ipv4Piece = number;
          } else if (ipv4Piece === 0) {
            return FAILURE;
          } else {
            ipv4Piece = ipv4Piece * 10 + number;
          }
          if (ipv4Piece > 255) return FAILURE;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return FAILURE;
      break;
    } else if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === EOF) return FAILURE;
    } else if (at(pointer) !== EOF) {
      return FAILURE;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const tmp = address[compress + swaps - 1];
      address[compress + swaps - 1] = address[pieceIndex];
      address[pieceIndex] = tmp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return FAILURE;
  }
  return '[' + serializeIPv6(address) + ']';
}

// https://url.spec.whatwg.org/#concept-ipv6-serializer
function serializeIPv6(address) {
  // The first longest run of two or more zero pieces is compressed.
  let compress = null;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) {
      bestLength = j - i;
      compress = i;
    }
    i = j;
  }
  let output = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      output += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    output += NumberPrototypeToString(address[i], 16);
    if (i !== 7) output += ':';
  }
  return output;
}

// https://url.spec.whatwg.org/#concept-opaque-host-parser
function parseOpaqueHost(input) {
  for (let i = 0; i < input.length; i++) {
    if (isForbiddenHostCodePoint(StringPrototypeCharCodeAt(input, i))) return FAILURE;
  }
  return percentEncodeString(input, C0_CONTROL_SET);
}

// https://url.spec.whatwg.org/#concept-domain-to-ascii
function domainToASCII(domain, beStrict) {
  let result;
  if (!beStrict && isAsciiWithoutPunycode(domain)) {
    // The fast path the standard allows: an ASCII domain with no "xn--" label is only lowercased,
    // and never leaves the isolate.
    result = StringPrototypeToLowerCase(domain);
  } else {
    // UTS #46 ToASCII needs Unicode's IDNA mapping table: the host does it (UrlExtension).
    try {
      result = internals.ops.op_url_domain_to_ascii(domain, beStrict);
    } catch {
      return FAILURE;
    }
  }
  if (result === '') return FAILURE;
  for (let i = 0; i < result.length; i++) {
    if (isForbiddenDomainCodePoint(StringPrototypeCharCodeAt(result, i))) return FAILURE;
  }
  return result;
}

function isAsciiWithoutPunycode(domain) {
  let labelStart = 0;
  for (let i = 0; i < domain.length; i++) {
    const c = StringPrototypeCharCodeAt(domain, i);
    if (c >= 0x80) return false;
    if (c === 0x2e) {
      labelStart = i + 1;
    } else if (i === labelStart + 3 && c === 0x2d) {
      // "xn--" at the start of a label, case-insensitively.
      const x = toLower(StringPrototypeCharCodeAt(domain, labelStart));
      const n = toLower(StringPrototypeCharCodeAt(domain, labelStart + 1));
      if (x === 0x78 && n === 0x6e && StringPrototypeCharCodeAt(domain, labelStart + 2) === 0x2d) return false;
    }
  }
  return true;
}

function isAsciiWithoutPercent(s) {
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c >= 0x80 || c === 0x25) return false;
  }
  return true;
}

// https://url.spec.whatwg.org/#concept-host-parser: the serialized host, or null.
function parseHost(input, isOpaque) {
  if (input[0] === '[') {
    if (input[input.length - 1] !== ']') return FAILURE;
    return parseIPv6(StringPrototypeSlice(input, 1, -1));
  }
  if (isOpaque) return parseOpaqueHost(input);
  // Without '%' or non-ASCII, percent-decoding and UTF-8 decoding give the input back.
  const domain = isAsciiWithoutPercent(input) ? input : decodeUtf8WithoutBOM(percentDecodeBytes(input));
  const asciiDomain = domainToASCII(domain, false);
  if (asciiDomain === FAILURE) return FAILURE;
  if (endsInANumber(asciiDomain)) return parseIPv4(asciiDomain);
  return asciiDomain;
}

// --- The basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser) -----------------------

const S = {
  SCHEME_START: 1, SCHEME: 2, NO_SCHEME: 3, SPECIAL_RELATIVE_OR_AUTHORITY: 4, PATH_OR_AUTHORITY: 5,
  RELATIVE: 6, RELATIVE_SLASH: 7, SPECIAL_AUTHORITY_SLASHES: 8, SPECIAL_AUTHORITY_IGNORE_SLASHES: 9,
  AUTHORITY: 10, HOST: 11, HOSTNAME: 12, PORT: 13, FILE: 14, FILE_SLASH: 15, FILE_HOST: 16,
  PATH_START: 17, PATH: 18, OPAQUE_PATH: 19, QUERY: 20, FRAGMENT: 21,
};

function newRecord() {
  return {
    scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null,
  };
}

function cloneRecord(r) {
  return {
    scheme: r.scheme, username: r.username, password: r.password, host: r.host, port: r.port,
    path: typeof r.path === 'string' ? r.path : ArrayPrototypeSlice(r.path), query: r.query,
    fragment: r.fragment,
  };
}

const hasOpaquePath = (url) => typeof url.path === 'string';
const includesCredentials = (url) => url.username !== '' || url.password !== '';
// https://url.spec.whatwg.org/#cannot-have-a-username-password-port
const cannotHaveUsernamePasswordPort = (url) => url.host === null || url.host === '' || url.scheme === 'file';

// Code points of `input`, as numbers.
function toCodePoints(input) {
  const out = new primordials.Array(input.length);
  let ascii = true;
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c >= 0xd800 && c <= 0xdfff) {
      ascii = false;
      break;
    }
    out[i] = c;
  }
  // Without surrogates, code units are code points.
  if (ascii) return out;
  out.length = 0;
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCodePointAt(input, i);
    out[out.length] = c;
    if (c > 0xffff) i++;
  }
  return out;
}

// https://url.spec.whatwg.org/#windows-drive-letter over code points `cps` from `i`.
function isWindowsDriveLetterAt(cps, i, normalizedOnly) {
  return i + 1 < cps.length && isAsciiAlpha(cps[i]) &&
    (cps[i + 1] === 0x3a || (!normalizedOnly && cps[i + 1] === 0x7c));
}

function isWindowsDriveLetterString(s, normalizedOnly) {
  return s.length === 2 && isAsciiAlpha(StringPrototypeCharCodeAt(s, 0)) &&
    (s[1] === ':' || (!normalizedOnly && s[1] === '|'));
}

// https://url.spec.whatwg.org/#start-with-a-windows-drive-letter
function startsWithWindowsDriveLetter(cps, i) {
  if (cps.length - i < 2 || !isWindowsDriveLetterAt(cps, i, false)) return false;
  if (cps.length - i === 2) return true;
  const c = cps[i + 2];
  return c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23;
}

// https://url.spec.whatwg.org/#shorten-a-urls-path
function shortenPath(url) {
  const path = url.path;
  if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetterString(path[0], true)) return;
  ArrayPrototypePop(path);
}

function isSingleDot(s) {
  return s === '.' || (s.length === 3 && StringPrototypeToLowerCase(s) === '%2e');
}

function isDoubleDot(s) {
  switch (s.length) {
    case 2: return s === '..';
    case 4: {
      const l = StringPrototypeToLowerCase(s);
      return l === '.%2e' || l === '%2e.';
    }
    case 6: return StringPrototypeToLowerCase(s) === '%2e%2e';
    default: return false;
  }
}

function isC0ControlOrSpace(c) {
  return c >= 0 && c <= 0x20;
}

// Removes leading and trailing C0 control or space, and all ASCII tab or newline.
function cleanInput(input, trim) {
  let start = 0;
  let end = input.length;
  if (trim) {
    while (start < end && isC0ControlOrSpace(StringPrototypeCharCodeAt(input, start))) start++;
    while (end > start && isC0ControlOrSpace(StringPrototypeCharCodeAt(input, end - 1))) end--;
  }
  let out = '';
  let runStart = start;
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      out += StringPrototypeSlice(input, runStart, i);
      runStart = i + 1;
    }
  }
  if (runStart === start) return StringPrototypeSlice(input, start, end);
  return out + StringPrototypeSlice(input, runStart, end);
}

// Returns the URL record, or null on failure. With `url` and `stateOverride` it modifies `url` (for
// the setters) and returns it, or null when the setter must leave the URL unchanged.
function basicURLParse(input, base = null, url = null, stateOverride = 0) {
  if (url === null) {
    url = newRecord();
    input = cleanInput(input, true);
  } else {
    input = cleanInput(input, false);
  }
  let state = stateOverride || S.SCHEME_START;
  let buffer = '';
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  const cps = toCodePoints(input);
  const length = cps.length;
  const at = (p) => (p < length && p >= 0 ? cps[p] : EOF);
  // `remaining` starts with `c`
  const remainingStartsWith = (p, c) => at(p + 1) === c;

  for (let pointer = 0; ; pointer++) {
    const c = at(pointer);
    switch (state) {
      case S.SCHEME_START:
        if (isAsciiAlpha(c)) {
          buffer += ASCII[toLower(c)];
          state = S.SCHEME;
        } else if (!stateOverride) {
          state = S.NO_SCHEME;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.SCHEME:
        if (isAsciiAlphanumeric(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          buffer += ASCII[toLower(c)];
        } else if (c === 0x3a) {
          if (stateOverride) {
            const urlSpecial = isSpecialScheme(url.scheme);
            const bufferSpecial = isSpecialScheme(buffer);
            if (urlSpecial !== bufferSpecial) return FAILURE;
            if ((includesCredentials(url) || url.port !== null) && buffer === 'file') return FAILURE;
            if (url.scheme === 'file' && url.host === '') return FAILURE;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = S.FILE;
          } else if (isSpecialScheme(url.scheme) && base !== null && base.scheme === url.scheme) {
            state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecialScheme(url.scheme)) {
            state = S.SPECIAL_AUTHORITY_SLASHES;
          } else if (remainingStartsWith(pointer, 0x2f)) {
            state = S.PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.path = '';
            state = S.OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = '';
          state = S.NO_SCHEME;
          pointer = -1;
        } else {
          return FAILURE;
        }
        break;

      case S.NO_SCHEME:
        if (base === null || (hasOpaquePath(base) && c !== 0x23)) {
          return FAILURE;
        } else if (hasOpaquePath(base) && c === 0x23) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (base.scheme !== 'file') {
          state = S.RELATIVE;
          pointer--;
        } else {
          state = S.FILE;
          pointer--;
        }
        break;

      case S.SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2f && remainingStartsWith(pointer, 0x2f)) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.RELATIVE;
          pointer--;
        }
        break;

      case S.PATH_OR_AUTHORITY:
        if (c === 0x2f) {
          state = S.AUTHORITY;
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.RELATIVE:
        url.scheme = base.scheme;
        if (c === 0x2f) {
          state = S.RELATIVE_SLASH;
        } else if (isSpecialScheme(url.scheme) && c === 0x5c) {
          state = S.RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = S.PATH;
            pointer--;
          }
        }
        break;

      case S.RELATIVE_SLASH:
        if (isSpecialScheme(url.scheme) && (c === 0x2f || c === 0x5c)) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2f) {
          state = S.AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S.PATH;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_SLASHES:
        if (c === 0x2f && remainingStartsWith(pointer, 0x2f)) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2f && c !== 0x5c) {
          state = S.AUTHORITY;
          pointer--;
        }
        break;

      case S.AUTHORITY:
        if (c === 0x40) {
          if (atSignSeen) buffer = '%40' + buffer;
          atSignSeen = true;
          const bcps = toCodePoints(buffer);
          for (let i = 0; i < bcps.length; i++) {
            const bc = bcps[i];
            if (bc === 0x3a && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncodeCodePoint(bc, USERINFO_SET);
            if (passwordTokenSeen) {
              url.password += encoded;
            } else {
              url.username += encoded;
            }
          }
          buffer = '';
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (isSpecialScheme(url.scheme) && c === 0x5c)) {
          if (atSignSeen && buffer === '') return FAILURE;
          pointer -= toCodePoints(buffer).length + 1;
          buffer = '';
          state = S.HOST;
        } else {
          buffer += charOf(c);
        }
        break;

      case S.HOST:
      case S.HOSTNAME:
        if (stateOverride && url.scheme === 'file') {
          pointer--;
          state = S.FILE_HOST;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === '') return FAILURE;
          if (stateOverride === S.HOSTNAME) return FAILURE;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PORT;
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (isSpecialScheme(url.scheme) && c === 0x5c)) {
          pointer--;
          if (isSpecialScheme(url.scheme) && buffer === '') return FAILURE;
          if (stateOverride && buffer === '' && (includesCredentials(url) || url.port !== null)) {
            return FAILURE;
          }
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === 0x5b) insideBrackets = true;
          if (c === 0x5d) insideBrackets = false;
          buffer += charOf(c);
        }
        break;

      case S.PORT:
        if (isAsciiDigit(c)) {
          buffer += charOf(c);
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (isSpecialScheme(url.scheme) && c === 0x5c) || stateOverride) {
          if (buffer !== '') {
            const port = NumberParseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = '';
          } else if (stateOverride) {
            return FAILURE;
          }
          if (stateOverride) return url;
          state = S.PATH_START;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.FILE:
        url.scheme = 'file';
        url.host = '';
        if (c === 0x2f || c === 0x5c) {
          state = S.FILE_SLASH;
        } else if (base !== null && base.scheme === 'file') {
          url.host = base.host;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) {
              shortenPath(url);
            } else {
              url.path = [];
            }
            state = S.PATH;
            pointer--;
          }
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_SLASH:
        if (c === 0x2f || c === 0x5c) {
          state = S.FILE_HOST;
        } else {
          if (base !== null && base.scheme === 'file') {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) && base.path.length > 0 &&
                isWindowsDriveLetterString(base.path[0], true)) {
              ArrayPrototypePush(url.path, base.path[0]);
            }
          }
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_HOST:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetterString(buffer, false)) {
            // The drive letter quirk: the buffer becomes the first path segment.
            state = S.PATH;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return url;
            state = S.PATH_START;
          } else {
            let host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === FAILURE) return FAILURE;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return url;
            buffer = '';
            state = S.PATH_START;
          }
        } else {
          buffer += charOf(c);
        }
        break;

      case S.PATH_START:
        if (isSpecialScheme(url.scheme)) {
          state = S.PATH;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = '';
          state = S.QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== EOF) {
          state = S.PATH;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          ArrayPrototypePush(url.path, '');
        }
        break;

      case S.PATH: {
        const special = isSpecialScheme(url.scheme);
        if (c === EOF || c === 0x2f || (special && c === 0x5c) ||
            (!stateOverride && (c === 0x3f || c === 0x23))) {
          const slash = c === 0x2f || (special && c === 0x5c);
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) ArrayPrototypePush(url.path, '');
          } else if (isSingleDot(buffer) && !slash) {
            ArrayPrototypePush(url.path, '');
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetterString(buffer, false)) {
              buffer = buffer[0] + ':';
            }
            ArrayPrototypePush(url.path, buffer);
          }
          buffer = '';
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          }
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += percentEncodeCodePoint(c, PATH_SET);
        }
        break;
      }

      case S.OPAQUE_PATH:
        if (c === 0x3f) {
          url.query = '';
          state = S.QUERY;
        } else if (c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== EOF) {
          url.path += percentEncodeCodePoint(c, C0_CONTROL_SET);
        }
        break;

      case S.QUERY:
        if ((!stateOverride && c === 0x23) || c === EOF) {
          const set = isSpecialScheme(url.scheme) ? SPECIAL_QUERY_SET : QUERY_SET;
          url.query += percentEncodeString(buffer, set);
          buffer = '';
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else if (c !== EOF) {
          buffer += charOf(c);
        }
        break;

      case S.FRAGMENT:
        if (c !== EOF) {
          url.fragment += percentEncodeCodePoint(c, FRAGMENT_SET);
        }
        break;

      default:
        throw new TypeError('unreachable URL parser state');
    }
    // "If after a run pointer points to the EOF code point, go to the next step."
    if (pointer >= length) break;
  }
  return url;
}

// https://url.spec.whatwg.org/#url-path-serializer
function serializePath(url) {
  if (hasOpaquePath(url)) return url.path;
  let output = '';
  const path = url.path;
  for (let i = 0; i < path.length; i++) output += '/' + path[i];
  return output;
}

// https://url.spec.whatwg.org/#concept-url-serializer
function serializeURL(url, excludeFragment = false) {
  let output = url.scheme + ':';
  if (url.host !== null) {
    output += '//';
    if (includesCredentials(url)) {
      output += url.username;
      if (url.password !== '') output += ':' + url.password;
      output += '@';
    }
    output += url.host;
    if (url.port !== null) output += ':' + url.port;
  }
  if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === '') {
    output += '/.';
  }
  output += serializePath(url);
  if (url.query !== null) output += '?' + url.query;
  if (!excludeFragment && url.fragment !== null) output += '#' + url.fragment;
  return output;
}

// https://url.spec.whatwg.org/#concept-url-origin, serialized
// (https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin).
function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      const pathURL = basicURLParse(serializePath(url));
      if (pathURL !== FAILURE && (pathURL.scheme === 'http' || pathURL.scheme === 'https')) {
        return serializeOrigin(pathURL);
      }
      return 'null';
    }
    case 'ftp':
    case 'http':
    case 'https':
    case 'ws':
    case 'wss':
      return url.scheme + '://' + url.host + (url.port !== null ? ':' + url.port : '');
    default:
      return 'null';
  }
}

internals.url = {
  S,
  FAILURE,
  basicURLParse,
  serializeURL,
  serializePath,
  serializeOrigin,
  cloneRecord,
  hasOpaquePath,
  includesCredentials,
  cannotHaveUsernamePasswordPort,
  isSpecialScheme,
  defaultPort,
  percentEncodeString,
  percentDecodeBytes,
  sets: {
    C0_CONTROL_SET, FRAGMENT_SET, QUERY_SET, SPECIAL_QUERY_SET, PATH_SET, USERINFO_SET, COMPONENT_SET,
    FORM_URLENCODED_SET,
  },
};
