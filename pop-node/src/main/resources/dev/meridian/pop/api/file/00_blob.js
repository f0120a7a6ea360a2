// Blob and File of the File API (https://w3c.github.io/FileAPI/#blob-section,
// https://w3c.github.io/FileAPI/#file-section). A blob's bytes are a list of immutable Uint8Array
// parts; slicing shares them instead of copying.
'use strict';

const {
  ArrayPrototypePush,
  DateNow,
  MathMax,
  MathMin,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypeError,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const { encodeUtf8, decodeUtf8 } = internals.encoding;
const streams = internals.streams;

let blobOf;

// https://w3c.github.io/FileAPI/#dfn-BlobPropertyBag
const blobPropertyBagMembers = [
  { key: 'endings', converter: webidl.createEnumConverter('EndingType', ['transparent', 'native']),
    defaultValue: 'transparent' },
  { key: 'type', converter: webidl.converters.DOMString, defaultValue: '' },
];
const convertBlobPropertyBag = webidl.createDictionaryConverter('BlobPropertyBag', blobPropertyBagMembers);
const convertFilePropertyBag = webidl.createDictionaryConverter('FilePropertyBag', blobPropertyBagMembers, [
  { key: 'lastModified', converter: (v, p, c) => webidl.converters['long long'](v, p, c) },
]);

// A blob's type: lower-cased if every code unit is printable ASCII, otherwise ''.
function normalizeType(type) {
  for (let i = 0; i < type.length; i++) {
    const c = StringPrototypeCharCodeAt(type, i);
    if (c < 0x20 || c > 0x7e) return '';
  }
  return StringPrototypeToLowerCase(type);
}

// https://w3c.github.io/FileAPI/#convert-line-endings-to-native: "\n" here (not Windows).
function convertLineEndingsToNative(s) {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\r') {
      out += StringPrototypeSlice(s, start, i) + '\n';
      if (s[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return start === 0 ? s : out + StringPrototypeSlice(s, start);
}

// https://w3c.github.io/FileAPI/#process-blob-parts: the parts as a list of Uint8Array.
function processBlobParts(parts, endings) {
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const element = parts[i];
    if (typeof element === 'string') {
      const s = endings === 'native' ? convertLineEndingsToNative(element) : element;
      ArrayPrototypePush(out, encodeUtf8(s));
    } else if (blobOf(element) !== null) {
      const b = blobOf(element);
      for (let j = 0; j < b.parts.length; j++) ArrayPrototypePush(out, b.parts[j]);
    } else {
      // A BufferSource: a copy of its bytes.
      ArrayPrototypePush(out, TypedArrayPrototypeSlice(webidl.bufferSourceBytes(element)));
    }
  }
  return out;
}

// BlobPart: (BufferSource or Blob or USVString).
function convertBlobPart(V, prefix, context) {
  if (V !== null && typeof V === 'object') {
    if (blobOf(V) !== null) return V;
    if (webidl.isArrayBuffer(V) || primordials.ArrayBufferIsView(V)) {
      return webidl.converters.BufferSource(V, prefix, context, { allowShared: true, allowResizable: true });
    }
  }
  return webidl.converters.USVString(V, prefix, context);
}
const convertBlobParts = webidl.createSequenceConverter(convertBlobPart);

function sumLengths(parts) {
  let size = 0;
  for (let i = 0; i < parts.length; i++) size += TypedArrayPrototypeGetByteLength(parts[i]);
  return size;
}

// All of a blob's bytes in one Uint8Array (a part itself when there is one, so do not write to it).
function blobBytes(b) {
  const parts = b.parts;
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(b.size);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    TypedArrayPrototypeSet(out, parts[i], offset);
    offset += TypedArrayPrototypeGetByteLength(parts[i]);
  }
  return out;
}

const CONSTRUCT = primordials.Symbol('Blob');

class Blob {
  #b;

  // https://w3c.github.io/FileAPI/#constructorBlob
  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === CONSTRUCT) {
      this.#b = options;
      return;
    }
    const prefix = "Failed to construct 'Blob'";
    const parts = blobParts === undefined ? [] : convertBlobParts(blobParts, prefix, 'Argument 1');
    const opts = convertBlobPropertyBag(options, prefix, 'Argument 2');
    const bytes = processBlobParts(parts, opts.endings);
    this.#b = { parts: bytes, size: sumLengths(bytes), type: normalizeType(opts.type) };
  }

  get size() {
    return check(this).size;
  }

  get type() {
    return check(this).type;
  }

  // https://w3c.github.io/FileAPI/#dfn-slice
  slice(start = undefined, end = undefined, contentType = undefined) {
    const b = check(this);
    const prefix = "Failed to execute 'slice' on 'Blob'";
    const size = b.size;
    const clampIndex = (value, fallback, context) => {
      if (value === undefined) return fallback;
      const n = webidl.converters['long long'](value, prefix, context, { clamp: true });
      return n < 0 ? MathMax(size + n, 0) : MathMin(n, size);
    };
    const relativeStart = clampIndex(start, 0, 'Argument 1');
    const relativeEnd = clampIndex(end, size, 'Argument 2');
    const type = contentType === undefined ? '' : normalizeType(webidl.converters.DOMString(contentType, prefix, 'Argument 3'));
    const span = MathMax(relativeEnd - relativeStart, 0);
    const parts = [];
    let offset = 0;
    let remaining = span;
    for (let i = 0; i < b.parts.length && remaining > 0; i++) {
      const part = b.parts[i];
      const length = TypedArrayPrototypeGetByteLength(part);
      if (offset + length <= relativeStart) {
        offset += length;
        continue;
      }
      const from = MathMax(relativeStart - offset, 0);
      const to = MathMin(length, from + remaining);
      ArrayPrototypePush(parts, TypedArrayPrototypeSubarray(part, from, to));
      remaining -= to - from;
      offset += length;
    }
    return new Blob(CONSTRUCT, { parts, size: span, type });
  }

  // https://w3c.github.io/FileAPI/#dom-blob-stream
  stream() {
    const b = check(this);
    let index = 0;
    return streams.readableStreamFromPull(() => {
      // Each part is copied: the stream transfers what it is given, and parts are shared.
      if (index >= b.parts.length) return primordials.PromiseResolve(null);
      return primordials.PromiseResolve(TypedArrayPrototypeSlice(b.parts[index++]));
    });
  }

  // https://w3c.github.io/FileAPI/#dom-blob-text
  text() {
    let b;
    try {
      b = check(this);
    } catch (error) {
      return primordials.PromiseReject(error);
    }
    return primordials.PromiseResolve(decodeUtf8(blobBytes(b)));
  }

  // https://w3c.github.io/FileAPI/#dom-blob-arraybuffer
  arrayBuffer() {
    let b;
    try {
      b = check(this);
    } catch (error) {
      return primordials.PromiseReject(error);
    }
    const bytes = blobBytes(b);
    return primordials.PromiseResolve(primordials.TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(bytes)));
  }

  // https://w3c.github.io/FileAPI/#dom-blob-bytes
  bytes() {
    let b;
    try {
      b = check(this);
    } catch (error) {
      return primordials.PromiseReject(error);
    }
    return primordials.PromiseResolve(TypedArrayPrototypeSlice(blobBytes(b)));
  }

  static {
    blobOf = (o) => (o !== null && typeof o === 'object' && #b in o ? o.#b : null);
  }
}
const check = (self) => {
  const b = blobOf(self);
  if (b === null) throw new TypeError('Illegal invocation: receiver is not a Blob');
  return b;
};
webidl.configureInterface(Blob);
webidl.exposeInterface('Blob', Blob);

// https://w3c.github.io/FileAPI/#file-section
class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    const prefix = "Failed to construct 'File'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    const bits = convertBlobParts(fileBits, prefix, 'Argument 1');
    const name = webidl.converters.USVString(fileName, prefix, 'Argument 2');
    const opts = convertFilePropertyBag(options, prefix, 'Argument 3');
    const bytes = processBlobParts(bits, opts.endings);
    super(CONSTRUCT, { parts: bytes, size: sumLengths(bytes), type: normalizeType(opts.type) });
    this.#name = name;
    this.#lastModified = opts.lastModified !== undefined ? opts.lastModified : DateNow();
  }

  get name() {
    webidl.assertBranded(this, isFile, 'File');
    return this.#name;
  }

  get lastModified() {
    webidl.assertBranded(this, isFile, 'File');
    return this.#lastModified;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #name in o;
  }
}
const isFile = File.isInstance;
delete File.isInstance;
webidl.configureInterface(File);
webidl.exposeInterface('File', File);

internals.file = {
  Blob,
  File,
  isBlob: (o) => blobOf(o) !== null,
  isFile,
  // The bytes of a Blob, as one Uint8Array that must not be written to.
  blobBytes: (blob) => blobBytes(check(blob)),
  // A Blob of `bytes` (not copied: do not write to them afterwards) with a content type.
  createBlob: (bytes, type) => new Blob(CONSTRUCT, { parts: [bytes], size: TypedArrayPrototypeGetByteLength(bytes), type: normalizeType(type) }),
  // A File with the bytes and type of a Blob (or File) and a new name, as FormData's "create an
  // entry" does (https://xhr.spec.whatwg.org/#create-an-entry).
  createFile(blob, name, lastModified = undefined) {
    return new File([blob], name, { type: check(blob).type, lastModified });
  },
};
