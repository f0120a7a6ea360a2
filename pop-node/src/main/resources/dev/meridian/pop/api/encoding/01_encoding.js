// TextEncoder and TextDecoder of the WHATWG Encoding standard (https://encoding.spec.whatwg.org/).
// UTF-8, UTF-16LE/BE, the legacy single-byte encodings and x-user-defined are decoded here; the
// legacy multi-byte (CJK) encodings go to the host op op_encoding_decode (EncodingExtension), which
// uses the JDK's charsets.
'use strict';

const {
  RangeError,
  SafeMap,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeSlice,
  TypeError,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const { labels, singleByteIndexes } = internals.encodingData;

// --- Encodings and labels (https://encoding.spec.whatwg.org/#names-and-labels) ----------------------

const encodingByLabel = new SafeMap();
for (const name in labels) {
  const list = labels[name];
  for (let i = 0; i < list.length; i++) encodingByLabel.set(list[i], name);
}

// The multi-byte encodings decoded by the host op.
const hostDecoded = new primordials.SafeSet(['gbk', 'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr']);

function isAsciiWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
}

// https://encoding.spec.whatwg.org/#concept-encoding-get: the encoding's name, or null.
function getEncoding(label) {
  let start = 0;
  let end = label.length;
  while (start < end && isAsciiWhitespace(StringPrototypeCharCodeAt(label, start))) start++;
  while (end > start && isAsciiWhitespace(StringPrototypeCharCodeAt(label, end - 1))) end--;
  // Labels are ASCII, so lower-casing the whole string only matters for ASCII letters that match.
  const key = asciiLowercase(StringPrototypeSlice(label, start, end));
  return encodingByLabel.get(key) ?? null;
}

function asciiLowercase(s) {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    out += (c >= 0x41 && c <= 0x5a) ? StringFromCharCode(c + 0x20) : s[i];
  }
  return out;
}

// --- Output ------------------------------------------------------------------------------------

// Collects UTF-16 code units and turns them into a string in bounded chunks.
const CHUNK = 8192;
class Output {
  constructor() {
    this.units = [];
    this.text = '';
  }

  push(unit) {
    const units = this.units;
    units[units.length] = unit;
    if (units.length === CHUNK) this.flushUnits();
  }

  pushCodePoint(cp) {
    if (cp > 0xffff) {
      cp -= 0x10000;
      this.push(0xd800 + (cp >> 10));
      this.push(0xdc00 + (cp & 0x3ff));
    } else {
      this.push(cp);
    }
  }

  // Appends bytes[start, end), all ASCII, as text.
  pushAscii(bytes, start, end) {
    this.flushUnits();
    for (let from = start; from < end; from += CHUNK) {
      const to = from + CHUNK < end ? from + CHUNK : end;
      this.text += primordials.ReflectApply(StringFromCharCode, null, TypedArrayPrototypeSubarray(bytes, from, to));
    }
  }

  flushUnits() {
    if (this.units.length > 0) {
      this.text += primordials.ReflectApply(StringFromCharCode, null, this.units);
      this.units = [];
    }
  }

  finish() {
    this.flushUnits();
    return this.text;
  }
}

function decodingError(fatal) {
  if (fatal) {
    throw new TypeError('The encoded data is not valid.');
  }
  return 0xfffd;
}

// --- Decoders: decode(bytes, flush, fatal) -> string, keeping state between calls ---------------------

// https://encoding.spec.whatwg.org/#utf-8-decoder
class Utf8Decoder {
  constructor() {
    this.codePoint = 0;
    this.bytesSeen = 0;
    this.bytesNeeded = 0;
    this.lowerBoundary = 0x80;
    this.upperBoundary = 0xbf;
  }

  decode(bytes, flush, fatal) {
    const out = new Output();
    const length = TypedArrayPrototypeGetLength(bytes);
    let i = 0;
    while (i < length) {
      const byte = bytes[i];
      if (this.bytesNeeded === 0) {
        if (byte <= 0x7f) {
          // A run of ASCII goes to the output in one call.
          let end = i + 1;
          while (end < length && bytes[end] <= 0x7f) end++;
          if (end - i > 16) {
            out.pushAscii(bytes, i, end);
          } else {
            for (let k = i; k < end; k++) out.push(bytes[k]);
          }
          i = end;
          continue;
        }
        if (byte >= 0xc2 && byte <= 0xdf) {
          this.bytesNeeded = 1;
          this.codePoint = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lowerBoundary = 0xa0;
          if (byte === 0xed) this.upperBoundary = 0x9f;
          this.bytesNeeded = 2;
          this.codePoint = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lowerBoundary = 0x90;
          if (byte === 0xf4) this.upperBoundary = 0x8f;
          this.bytesNeeded = 3;
          this.codePoint = byte & 0x7;
        } else {
          out.push(decodingError(fatal));
        }
        i++;
        continue;
      }
      if (byte < this.lowerBoundary || byte > this.upperBoundary) {
        // The byte is not consumed: it is processed again as the start of a sequence.
        this.reset();
        out.push(decodingError(fatal));
        continue;
      }
      this.lowerBoundary = 0x80;
      this.upperBoundary = 0xbf;
      this.codePoint = (this.codePoint << 6) | (byte & 0x3f);
      this.bytesSeen++;
      i++;
      if (this.bytesSeen === this.bytesNeeded) {
        out.pushCodePoint(this.codePoint);
        this.reset();
      }
    }
    if (flush && this.bytesNeeded !== 0) {
      this.reset();
      out.push(decodingError(fatal));
    }
    return out.finish();
  }

  reset() {
    this.codePoint = 0;
    this.bytesSeen = 0;
    this.bytesNeeded = 0;
    this.lowerBoundary = 0x80;
    this.upperBoundary = 0xbf;
  }
}

// https://encoding.spec.whatwg.org/#shared-utf-16-decoder
class Utf16Decoder {
  constructor(bigEndian) {
    this.bigEndian = bigEndian;
    this.leadByte = -1;
    this.leadSurrogate = -1;
  }

  decode(bytes, flush, fatal) {
    const out = new Output();
    const length = TypedArrayPrototypeGetLength(bytes);
    for (let i = 0; i < length; i++) {
      const byte = bytes[i];
      if (this.leadByte === -1) {
        this.leadByte = byte;
        continue;
      }
      const codeUnit = this.bigEndian ? (this.leadByte << 8) + byte : (byte << 8) + this.leadByte;
      this.leadByte = -1;
      if (this.leadSurrogate !== -1) {
        const leadSurrogate = this.leadSurrogate;
        this.leadSurrogate = -1;
        if (codeUnit >= 0xdc00 && codeUnit <= 0xdfff) {
          out.push(leadSurrogate);
          out.push(codeUnit);
          continue;
        }
        // The code unit is restored to the stream: handled below as a fresh one.
        out.push(decodingError(fatal));
      }
      if (codeUnit >= 0xd800 && codeUnit <= 0xdbff) {
        this.leadSurrogate = codeUnit;
        continue;
      }
      if (codeUnit >= 0xdc00 && codeUnit <= 0xdfff) {
        out.push(decodingError(fatal));
        continue;
      }
      out.push(codeUnit);
    }
    if (flush && (this.leadByte !== -1 || this.leadSurrogate !== -1)) {
      this.leadByte = -1;
      this.leadSurrogate = -1;
      out.push(decodingError(fatal));
    }
    return out.finish();
  }
}

// https://encoding.spec.whatwg.org/#single-byte-decoder
class SingleByteDecoder {
  constructor(index) {
    this.index = index;
  }

  decode(bytes, flush, fatal) {
    const out = new Output();
    const index = this.index;
    const length = TypedArrayPrototypeGetLength(bytes);
    for (let i = 0; i < length; i++) {
      const byte = bytes[i];
      if (byte <= 0x7f) {
        out.push(byte);
      } else {
        const cp = StringPrototypeCharCodeAt(index, byte - 0x80);
        out.push(cp === 0xfffd ? decodingError(fatal) : cp);
      }
    }
    return out.finish();
  }
}

// https://encoding.spec.whatwg.org/#x-user-defined-decoder
class XUserDefinedDecoder {
  decode(bytes) {
    const out = new Output();
    const length = TypedArrayPrototypeGetLength(bytes);
    for (let i = 0; i < length; i++) {
      const byte = bytes[i];
      out.push(byte <= 0x7f ? byte : 0xf780 + byte - 0x80);
    }
    return out.finish();
  }
}

// The legacy multi-byte decoders, in the host. The op decodes as much of `pending + bytes` as forms
// whole characters and says how many bytes it consumed; the rest waits for the next call.
class HostDecoder {
  constructor(encoding) {
    this.encoding = encoding;
    this.pending = null;
  }

  decode(bytes, flush, fatal) {
    let input = bytes;
    if (this.pending !== null) {
      const pendingLength = TypedArrayPrototypeGetLength(this.pending);
      input = new Uint8Array(pendingLength + TypedArrayPrototypeGetLength(bytes));
      TypedArrayPrototypeSet(input, this.pending, 0);
      TypedArrayPrototypeSet(input, bytes, pendingLength);
      this.pending = null;
    }
    const result = internals.ops.op_encoding_decode(this.encoding, input, fatal, flush);
    const text = result[0];
    const consumed = result[1];
    if (consumed < TypedArrayPrototypeGetLength(input)) {
      this.pending = new Uint8Array(TypedArrayPrototypeSubarray(input, consumed));
    }
    return text;
  }
}

function createDecoder(encoding) {
  switch (encoding) {
    case 'utf-8': return new Utf8Decoder();
    case 'utf-16le': return new Utf16Decoder(false);
    case 'utf-16be': return new Utf16Decoder(true);
    case 'x-user-defined': return new XUserDefinedDecoder();
    default: {
      const index = singleByteIndexes[encoding];
      if (index !== undefined) return new SingleByteDecoder(index);
      if (hostDecoded.has(encoding)) return new HostDecoder(encoding);
      throw new RangeError(`The encoding '${encoding}' is not supported.`);
    }
  }
}

// --- TextDecoder (https://encoding.spec.whatwg.org/#interface-textdecoder) --------------------------

const convertTextDecoderOptions = webidl.createDictionaryConverter('TextDecoderOptions', [
  { key: 'fatal', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'ignoreBOM', converter: webidl.converters.boolean, defaultValue: false },
]);
const convertTextDecodeOptions = webidl.createDictionaryConverter('TextDecodeOptions', [
  { key: 'stream', converter: webidl.converters.boolean, defaultValue: false },
]);

const emptyBytes = new Uint8Array(0);

// The constructor arguments of TextDecoder and TextDecoderStream
// (https://encoding.spec.whatwg.org/#dom-textdecoder): { encoding, opts }, or the RangeError for a
// label that names no encoding (or the replacement encoding).
function convertDecoderArguments(label, options, prefix) {
  label = webidl.converters.DOMString(label, prefix, 'Argument 1');
  const opts = convertTextDecoderOptions(options, prefix, 'Argument 2');
  const encoding = getEncoding(label);
  if (encoding === null || encoding === 'replacement') {
    throw new RangeError(`${prefix}: The encoding label provided ('${label}') is invalid.`);
  }
  return { encoding, opts };
}

// https://encoding.spec.whatwg.org/#concept-td-serialize: drops a leading BOM of the first output
// once (`bom.seen` records that the first output went by).
function serialize(bom, encoding, ignoreBOM, text) {
  if (!bom.seen && text.length > 0) {
    bom.seen = true;
    if (!ignoreBOM && (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') &&
        StringPrototypeCharCodeAt(text, 0) === 0xfeff) {
      return StringPrototypeSlice(text, 1);
    }
  }
  return text;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #bom = { seen: false };
  #doNotFlush = false;
  #decoder;

  // https://encoding.spec.whatwg.org/#dom-textdecoder
  constructor(label = 'utf-8', options = undefined) {
    const { encoding, opts } = convertDecoderArguments(label, options, "Failed to construct 'TextDecoder'");
    this.#encoding = encoding;
    this.#fatal = opts.fatal;
    this.#ignoreBOM = opts.ignoreBOM;
    this.#decoder = createDecoder(encoding);
  }

  get encoding() {
    check(this);
    return this.#encoding;
  }

  get fatal() {
    check(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    check(this);
    return this.#ignoreBOM;
  }

  // https://encoding.spec.whatwg.org/#dom-textdecoder-decode
  decode(input = undefined, options = undefined) {
    check(this);
    const prefix = "Failed to execute 'decode' on 'TextDecoder'";
    let bytes = emptyBytes;
    if (input !== undefined) {
      webidl.converters.AllowSharedBufferSource(input, prefix, 'Argument 1', { allowResizable: true });
      bytes = webidl.bufferSourceBytes(input);
    }
    const stream = convertTextDecodeOptions(options, prefix, 'Argument 2').stream;
    if (!this.#doNotFlush) {
      this.#decoder = createDecoder(this.#encoding);
      this.#bom.seen = false;
    }
    this.#doNotFlush = stream;
    let text;
    try {
      text = this.#decoder.decode(bytes, !stream, this.#fatal);
    } catch (error) {
      // A fatal error ends the stream: the next call starts afresh.
      this.#doNotFlush = false;
      throw error;
    }
    return serialize(this.#bom, this.#encoding, this.#ignoreBOM, text);
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #decoder in o;
  }
}
const isTextDecoder = TextDecoder.isInstance;
delete TextDecoder.isInstance;
const check = (self) => webidl.assertBranded(self, isTextDecoder, 'TextDecoder');
webidl.configureInterface(TextDecoder);
webidl.exposeInterface('TextDecoder', TextDecoder);

// --- TextEncoder (https://encoding.spec.whatwg.org/#interface-textencoder) --------------------------

// The UTF-8 length of a well-formed string.
function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c >= 0x80) {
      if (c < 0x800) {
        n += 1;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        // A surrogate pair (the string is well formed): 4 bytes for 2 code units.
        n += 2;
        i++;
      } else {
        n += 2;
      }
    }
  }
  return n;
}

// Encodes well-formed `s` from code unit `start` into `dest` from byte `at`, stopping before a code
// point that does not fit. Returns [code units read, bytes written].
function utf8Encode(s, start, dest, at) {
  const destLength = TypedArrayPrototypeGetLength(dest);
  let i = start;
  let j = at;
  const length = s.length;
  while (i < length) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 0x80) {
      if (j >= destLength) break;
      dest[j++] = c;
      i++;
    } else if (c < 0x800) {
      if (j + 2 > destLength) break;
      dest[j++] = 0xc0 | (c >> 6);
      dest[j++] = 0x80 | (c & 0x3f);
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      if (j + 4 > destLength) break;
      const cp = StringPrototypeCodePointAt(s, i);
      dest[j++] = 0xf0 | (cp >> 18);
      dest[j++] = 0x80 | ((cp >> 12) & 0x3f);
      dest[j++] = 0x80 | ((cp >> 6) & 0x3f);
      dest[j++] = 0x80 | (cp & 0x3f);
      i += 2;
    } else {
      if (j + 3 > destLength) break;
      dest[j++] = 0xe0 | (c >> 12);
      dest[j++] = 0x80 | ((c >> 6) & 0x3f);
      dest[j++] = 0x80 | (c & 0x3f);
      i++;
    }
  }
  return [i - start, j - at];
}

// UTF-8 bytes of any string (lone surrogates become U+FFFD first).
function encodeUtf8(input) {
  const s = webidl.isWellFormed(input) ? input : webidl.toWellFormed(input);
  const bytes = new Uint8Array(utf8Length(s));
  utf8Encode(s, 0, bytes, 0);
  return bytes;
}

class TextEncoder {
  #brand = true;

  constructor() {}

  get encoding() {
    webidl.assertBranded(this, isTextEncoder, 'TextEncoder');
    return 'utf-8';
  }

  // https://encoding.spec.whatwg.org/#dom-textencoder-encode
  encode(input = '') {
    webidl.assertBranded(this, isTextEncoder, 'TextEncoder');
    input = webidl.converters.USVString(input, "Failed to execute 'encode' on 'TextEncoder'", 'Argument 1');
    const bytes = new Uint8Array(utf8Length(input));
    utf8Encode(input, 0, bytes, 0);
    return bytes;
  }

  // https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto
  encodeInto(source, destination) {
    webidl.assertBranded(this, isTextEncoder, 'TextEncoder');
    const prefix = "Failed to execute 'encodeInto' on 'TextEncoder'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    source = webidl.converters.USVString(source, prefix, 'Argument 1');
    destination = webidl.converters.Uint8Array(destination, prefix, 'Argument 2', { allowShared: true });
    const [read, written] = utf8Encode(source, 0, destination, 0);
    return { read, written };
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #brand in o;
  }
}
const isTextEncoder = TextEncoder.isInstance;
delete TextEncoder.isInstance;
webidl.configureInterface(TextEncoder);
webidl.exposeInterface('TextEncoder', TextEncoder);

// Decodes all of `bytes` as UTF-8 with BOM removal, the way a body's text() does
// (https://encoding.spec.whatwg.org/#utf-8-decode).
function decodeUtf8(bytes, fatal = false) {
  const text = new Utf8Decoder().decode(bytes, true, fatal);
  return StringPrototypeCharCodeAt(text, 0) === 0xfeff ? StringPrototypeSlice(text, 1) : text;
}

// https://encoding.spec.whatwg.org/#utf-8-decode-without-bom
function decodeUtf8WithoutBOM(bytes) {
  return new Utf8Decoder().decode(bytes, true, false);
}

internals.encoding = {
  getEncoding,
  createDecoder,
  convertDecoderArguments,
  serialize,
  // UTF-8 decode of a Uint8Array with BOM removal; replacement characters unless `fatal`.
  decodeUtf8,
  // UTF-8 decode that keeps a leading BOM, with replacement characters (URL parsing).
  decodeUtf8WithoutBOM,
  // UTF-8 encode of any string to a new Uint8Array (lone surrogates become U+FFFD).
  encodeUtf8,
  TextDecoder,
  TextEncoder,
};
