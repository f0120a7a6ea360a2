// MIME types (https://mimesniff.spec.whatwg.org/#understanding-mime-types): parsing, serializing,
// and extracting one from a header list (https://fetch.spec.whatwg.org/#concept-header-extract-mime-type).
'use strict';

const {
  SafeMap,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
} = primordials;

// https://fetch.spec.whatwg.org/#http-whitespace
const isHTTPWhitespace = (c) => c === 0x0a || c === 0x0d || c === 0x09 || c === 0x20;

// https://mimesniff.spec.whatwg.org/#http-token-code-point
function isHTTPTokenCodePoint(c) {
  return c === 0x21 || (c >= 0x23 && c <= 0x27) || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2e ||
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x5e && c <= 0x7a) || c === 0x7c ||
    c === 0x7e;
}

function isHTTPToken(s) {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    if (!isHTTPTokenCodePoint(StringPrototypeCharCodeAt(s, i))) return false;
  }
  return true;
}

// https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point
function isHTTPQuotedStringTokenCodePoint(c) {
  return c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
}

function trimHTTPWhitespace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && isHTTPWhitespace(StringPrototypeCharCodeAt(s, start))) start++;
  while (end > start && isHTTPWhitespace(StringPrototypeCharCodeAt(s, end - 1))) end--;
  return StringPrototypeSlice(s, start, end);
}

// https://fetch.spec.whatwg.org/#collect-an-http-quoted-string, from position.p (which is at '"').
// With `extractValue`, answers the value; otherwise the quoted text as it appears.
function collectHTTPQuotedString(input, position, extractValue) {
  const positionStart = position.p;
  let value = '';
  position.p++;
  for (;;) {
    while (position.p < input.length && input[position.p] !== '"' && input[position.p] !== '\\') {
      value += input[position.p];
      position.p++;
    }
    if (position.p >= input.length) break;
    const quoteOrBackslash = input[position.p];
    position.p++;
    if (quoteOrBackslash === '\\') {
      if (position.p >= input.length) {
        value += '\\';
        break;
      }
      value += input[position.p];
      position.p++;
    } else {
      break;
    }
  }
  return extractValue ? value : StringPrototypeSlice(input, positionStart, position.p);
}

// https://mimesniff.spec.whatwg.org/#parse-a-mime-type: { type, subtype, parameters } or null.
function parseMimeType(input) {
  input = trimHTTPWhitespace(input);
  const position = { p: 0 };
  let type = '';
  while (position.p < input.length && input[position.p] !== '/') type += input[position.p++];
  if (!isHTTPToken(type) || position.p >= input.length) return null;
  position.p++;
  let subtype = '';
  while (position.p < input.length && input[position.p] !== ';') subtype += input[position.p++];
  subtype = trimHTTPWhitespace(subtype);
  if (!isHTTPToken(subtype)) return null;
  const mimeType = {
    type: StringPrototypeToLowerCase(type),
    subtype: StringPrototypeToLowerCase(subtype),
    parameters: new SafeMap(),
  };
  while (position.p < input.length) {
    position.p++;
    while (position.p < input.length && isHTTPWhitespace(StringPrototypeCharCodeAt(input, position.p))) position.p++;
    let parameterName = '';
    while (position.p < input.length && input[position.p] !== ';' && input[position.p] !== '=') {
      parameterName += input[position.p++];
    }
    parameterName = StringPrototypeToLowerCase(parameterName);
    if (position.p < input.length) {
      if (input[position.p] === ';') continue;
      position.p++;
    }
    if (position.p >= input.length) break;
    let parameterValue = null;
    if (input[position.p] === '"') {
      parameterValue = collectHTTPQuotedString(input, position, true);
      while (position.p < input.length && input[position.p] !== ';') position.p++;
    } else {
      parameterValue = '';
      while (position.p < input.length && input[position.p] !== ';') parameterValue += input[position.p++];
      parameterValue = trimHTTPWhitespace(parameterValue);
      if (parameterValue === '') continue;
    }
    if (parameterName.length > 0 && isHTTPToken(parameterName) && isQuotedStringValue(parameterValue) &&
        !mimeType.parameters.has(parameterName)) {
      mimeType.parameters.set(parameterName, parameterValue);
    }
  }
  return mimeType;
}

function isQuotedStringValue(s) {
  for (let i = 0; i < s.length; i++) {
    if (!isHTTPQuotedStringTokenCodePoint(StringPrototypeCharCodeAt(s, i))) return false;
  }
  return true;
}

// https://mimesniff.spec.whatwg.org/#mime-type-essence
function essence(mimeType) {
  return mimeType.type + '/' + mimeType.subtype;
}

// https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
function serializeMimeType(mimeType) {
  let serialization = essence(mimeType);
  for (const entry of mimeType.parameters) {
    const name = entry[0];
    const value = entry[1];
    serialization += ';' + name + '=';
    if (!isHTTPToken(value)) {
      let escaped = '';
      for (let i = 0; i < value.length; i++) {
        escaped += (value[i] === '"' || value[i] === '\\') ? '\\' + value[i] : value[i];
      }
      serialization += '"' + escaped + '"';
    } else {
      serialization += value;
    }
  }
  return serialization;
}

// https://fetch.spec.whatwg.org/#header-value-get-decode-and-split
function getDecodeSplit(value) {
  const position = { p: 0 };
  const values = [];
  let temporaryValue = '';
  for (;;) {
    while (position.p < value.length && value[position.p] !== '"' && value[position.p] !== ',') {
      temporaryValue += value[position.p++];
    }
    if (position.p < value.length) {
      if (value[position.p] === '"') {
        temporaryValue += collectHTTPQuotedString(value, position, false);
        if (position.p < value.length) continue;
      } else {
        position.p++;
      }
    }
    primordials.ArrayPrototypePush(values, trimHTTPWhitespace(temporaryValue));
    temporaryValue = '';
    if (position.p >= value.length) return values;
  }
}

// https://fetch.spec.whatwg.org/#concept-header-extract-mime-type, given the combined value of
// Content-Type (or null): the MIME type record, or null for failure.
function extractMimeType(contentType) {
  if (contentType === null) return null;
  let charset = null;
  let essenceValue = null;
  let mimeType = null;
  const values = getDecodeSplit(contentType);
  for (let i = 0; i < values.length; i++) {
    const temporaryMimeType = parseMimeType(values[i]);
    if (temporaryMimeType === null || essence(temporaryMimeType) === '*/*') continue;
    mimeType = temporaryMimeType;
    if (essenceValue !== essence(mimeType)) {
      charset = null;
      if (mimeType.parameters.has('charset')) charset = mimeType.parameters.get('charset');
      essenceValue = essence(mimeType);
    } else if (!mimeType.parameters.has('charset') && charset !== null) {
      mimeType.parameters.set('charset', charset);
    }
  }
  return mimeType;
}

internals.mimesniff = {
  isHTTPWhitespace,
  isHTTPToken,
  isHTTPTokenCodePoint,
  trimHTTPWhitespace,
  collectHTTPQuotedString,
  parseMimeType,
  serializeMimeType,
  essence,
  extractMimeType,
};
