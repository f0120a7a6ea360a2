// FormData (https://xhr.spec.whatwg.org/#interface-formdata), its multipart/form-data serialization
// (https://html.spec.whatwg.org/#multipart/form-data-encoding-algorithm) and the multipart parser
// that Body.formData() uses (https://fetch.spec.whatwg.org/#dom-body-formdata, RFC 7578).
'use strict';

const {
  ArrayPrototypeFilter,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  MathRandom,
  NumberPrototypeToString,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  StringPrototypePadStart,
  TypeError,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  TypedArrayPrototypeSlice,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const { encodeUtf8, decodeUtf8WithoutBOM } = internals.encoding;
const { isBlob, isFile, createFile, blobBytes } = internals.file;
const mimesniff = internals.mimesniff;

let formDataOf;

// https://xhr.spec.whatwg.org/#create-an-entry
function createEntry(name, value, filename) {
  if (typeof value === 'string') return [name, value];
  if (!isFile(value) || filename !== undefined) {
    value = createFile(value, filename !== undefined ? filename : (isFile(value) ? value.name : 'blob'),
      isFile(value) ? value.lastModified : undefined);
  }
  return [name, value];
}

// The (name, value) or (name, blobValue, filename) overloads of append() and set().
function convertEntryArguments(args, prefix) {
  webidl.requiredArguments(args.length, 2, prefix);
  const name = webidl.converters.USVString(args[0], prefix, 'Argument 1');
  if (isBlob(args[1])) {
    const filename = args.length > 2 && args[2] !== undefined
      ? webidl.converters.USVString(args[2], prefix, 'Argument 3')
      : undefined;
    return createEntry(name, args[1], filename);
  }
  if (args.length > 2) {
    throw new TypeError(`${prefix}: parameter 2 is not of type 'Blob'.`);
  }
  return createEntry(name, webidl.converters.USVString(args[1], prefix, 'Argument 2'), undefined);
}

class FormData {
  #entries = [];

  // https://xhr.spec.whatwg.org/#dom-formdata: there is no HTMLFormElement in a worker, so any
  // `form` argument fails its conversion.
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  append(name, value) {
    const entries = check(this);
    ArrayPrototypePush(entries, convertEntryArguments(arguments, "Failed to execute 'append' on 'FormData'"));
  }

  delete(name) {
    check(this);
    const prefix = "Failed to execute 'delete' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    this.#entries = ArrayPrototypeFilter(this.#entries, (entry) => entry[0] !== name);
  }

  get(name) {
    const entries = check(this);
    const prefix = "Failed to execute 'get' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] === name) return entries[i][1];
    }
    return null;
  }

  getAll(name) {
    const entries = check(this);
    const prefix = "Failed to execute 'getAll' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    const out = [];
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] === name) ArrayPrototypePush(out, entries[i][1]);
    }
    return out;
  }

  has(name) {
    const entries = check(this);
    const prefix = "Failed to execute 'has' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] === name) return true;
    }
    return false;
  }

  // https://xhr.spec.whatwg.org/#dom-formdata-set
  set(name, value) {
    const entries = check(this);
    const entry = convertEntryArguments(arguments, "Failed to execute 'set' on 'FormData'");
    let found = false;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] !== entry[0]) continue;
      if (!found) {
        entries[i] = entry;
        found = true;
      } else {
        ArrayPrototypeSplice(entries, i, 1);
        i--;
      }
    }
    if (!found) ArrayPrototypePush(entries, entry);
  }

  static {
    formDataOf = (o) => (o !== null && typeof o === 'object' && #entries in o ? o.#entries : null);
  }
}
const check = (self) => {
  const entries = formDataOf(self);
  if (entries === null) throw new TypeError('Illegal invocation: receiver is not a FormData');
  return entries;
};
webidl.configureInterface(FormData);
webidl.mixinPairIterable('FormData', FormData, (o) => formDataOf(o) !== null, formDataOf);
webidl.exposeInterface('FormData', FormData);

// --- multipart/form-data serialization --------------------------------------------------------------

// https://html.spec.whatwg.org/#multipart-form-data-boundary: "----formdata-meridian-" and random digits.
function createBoundary() {
  let boundary = '----formdata-meridian-';
  for (let i = 0; i < 3; i++) {
    boundary += StringPrototypePadStart(NumberPrototypeToString(MathRandom() * 1e11 | 0, 10), 11, '0');
  }
  return boundary;
}

// Escapes a name or filename for a Content-Disposition header: '"' -> %22, LF -> %0A, CR -> %0D.
function escapeDispositionValue(s) {
  return StringPrototypeReplaceAll(StringPrototypeReplaceAll(StringPrototypeReplaceAll(s, '\n', '%0A'), '\r', '%0D'),
    '"', '%22');
}

// https://html.spec.whatwg.org/#converting-an-entry-list-to-a-list-of-name-value-pairs: line
// breaks in names and string values become CRLF.
function normalizeLineBreaks(s) {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\r' || c === '\n') {
      out += StringPrototypeSlice(s, start, i) + '\r\n';
      if (c === '\r' && s[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return start === 0 ? s : out + StringPrototypeSlice(s, start);
}

// The multipart/form-data body of an entry list: { bytes: Uint8Array, boundary }.
function serializeMultipart(entries) {
  const boundary = createBoundary();
  const chunks = [];
  let total = 0;
  const push = (bytes) => {
    ArrayPrototypePush(chunks, bytes);
    total += TypedArrayPrototypeGetByteLength(bytes);
  };
  for (let i = 0; i < entries.length; i++) {
    const name = escapeDispositionValue(normalizeLineBreaks(entries[i][0]));
    const value = entries[i][1];
    let header = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (typeof value === 'string') {
      push(encodeUtf8(header + '\r\n\r\n' + normalizeLineBreaks(value) + '\r\n'));
    } else {
      const type = value.type !== '' ? value.type : 'application/octet-stream';
      header += `; filename="${escapeDispositionValue(value.name)}"\r\nContent-Type: ${type}\r\n\r\n`;
      push(encodeUtf8(header));
      push(blobBytes(value));
      push(encodeUtf8('\r\n'));
    }
  }
  push(encodeUtf8(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(bytes, chunks[i], offset);
    offset += TypedArrayPrototypeGetByteLength(chunks[i]);
  }
  return { bytes, boundary };
}

// --- multipart/form-data parsing ------------------------------------------------------------------

function indexOfBytes(haystack, needle, from) {
  const n = TypedArrayPrototypeGetByteLength(needle);
  const last = TypedArrayPrototypeGetByteLength(haystack) - n;
  const first = needle[0];
  outer: for (let i = from; i <= last; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < n; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

// Reverses escapeDispositionValue for names and filenames that browsers percent-escape.
function unescapeDispositionValue(s) {
  return StringPrototypeReplaceAll(StringPrototypeReplaceAll(StringPrototypeReplaceAll(s, '%22', '"'), '%0D', '\r'),
    '%0A', '\n');
}

// Parses `name="value"` and `filename="value"` parameters of a Content-Disposition header value.
function parseContentDisposition(value) {
  const position = { p: 0 };
  const params = { type: null, name: null, filename: null };
  let type = '';
  while (position.p < value.length && value[position.p] !== ';') type += value[position.p++];
  params.type = mimesniff.trimHTTPWhitespace(type);
  while (position.p < value.length) {
    position.p++;
    while (position.p < value.length && mimesniff.isHTTPWhitespace(StringPrototypeCharCodeAt(value, position.p))) {
      position.p++;
    }
    let key = '';
    while (position.p < value.length && value[position.p] !== '=' && value[position.p] !== ';') {
      key += value[position.p++];
    }
    key = primordials.StringPrototypeToLowerCase(mimesniff.trimHTTPWhitespace(key));
    if (position.p >= value.length || value[position.p] === ';') continue;
    position.p++;
    let paramValue;
    if (value[position.p] === '"') {
      // Browsers do not backslash-escape here: the quoted text runs to the next '"'.
      const end = StringPrototypeIndexOf(value, '"', position.p + 1);
      if (end === -1) return null;
      paramValue = StringPrototypeSlice(value, position.p + 1, end);
      position.p = end + 1;
      while (position.p < value.length && value[position.p] !== ';') position.p++;
    } else {
      paramValue = '';
      while (position.p < value.length && value[position.p] !== ';') paramValue += value[position.p++];
      paramValue = mimesniff.trimHTTPWhitespace(paramValue);
    }
    if (key === 'name' && params.name === null) params.name = unescapeDispositionValue(paramValue);
    if (key === 'filename' && params.filename === null) params.filename = unescapeDispositionValue(paramValue);
  }
  return params;
}

const CRLFCRLF = new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]);

// Parses a multipart/form-data body into an entry list, or throws the TypeError that
// https://fetch.spec.whatwg.org/#dom-body-formdata names for a body that does not parse.
function parseMultipart(bytes, boundary) {
  const fail = (why) => new TypeError(`Failed to parse the body as multipart/form-data: ${why}.`);
  const delimiter = encodeUtf8('--' + boundary);
  const delimiterLength = TypedArrayPrototypeGetByteLength(delimiter);
  const length = TypedArrayPrototypeGetByteLength(bytes);
  const entries = [];
  let position = indexOfBytes(bytes, delimiter, 0);
  if (position === -1) throw fail('no boundary delimiter');
  for (;;) {
    position += delimiterLength;
    // "--" after a delimiter ends the body.
    if (bytes[position] === 0x2d && bytes[position + 1] === 0x2d) return entries;
    // Transport padding, then CRLF.
    while (bytes[position] === 0x20 || bytes[position] === 0x09) position++;
    if (bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) throw fail('a delimiter is not followed by CRLF');
    position += 2;
    const headersEnd = indexOfBytes(bytes, CRLFCRLF, position - 2);
    if (headersEnd === -1) throw fail('a part has no end of headers');
    const headerText = decodeUtf8WithoutBOM(TypedArrayPrototypeSubarray(bytes, position, headersEnd));
    let disposition = null;
    let contentType = null;
    let lineStart = 0;
    while (lineStart < headerText.length) {
      let lineEnd = StringPrototypeIndexOf(headerText, '\r\n', lineStart);
      if (lineEnd === -1) lineEnd = headerText.length;
      const line = StringPrototypeSlice(headerText, lineStart, lineEnd);
      lineStart = lineEnd + 2;
      if (line === '') continue;
      const colon = StringPrototypeIndexOf(line, ':');
      if (colon <= 0) throw fail('a part header has no name');
      const name = primordials.StringPrototypeToLowerCase(StringPrototypeSlice(line, 0, colon));
      const value = mimesniff.trimHTTPWhitespace(StringPrototypeSlice(line, colon + 1));
      if (name === 'content-disposition') disposition = parseContentDisposition(value);
      else if (name === 'content-type') contentType = value;
    }
    if (disposition === null || disposition.type !== 'form-data' || disposition.name === null) {
      throw fail('a part has no Content-Disposition form-data name');
    }
    const bodyStart = headersEnd + 4;
    // The body runs to CRLF + delimiter.
    let next = indexOfBytes(bytes, delimiter, bodyStart);
    while (next !== -1 && !(next >= 2 && bytes[next - 2] === 0x0d && bytes[next - 1] === 0x0a)) {
      next = indexOfBytes(bytes, delimiter, next + 1);
    }
    if (next === -1) throw fail('a part is not closed');
    // An empty body shares its CRLF with the end of the headers.
    const bodyEnd = next - 2 < bodyStart ? bodyStart : next - 2;
    const content = TypedArrayPrototypeSlice(bytes, bodyStart, bodyEnd);
    if (disposition.filename !== null) {
      const type = contentType ?? '';
      ArrayPrototypePush(entries, [disposition.name,
        new internals.file.File([content], disposition.filename, { type })]);
    } else {
      ArrayPrototypePush(entries, [disposition.name, decodeUtf8WithoutBOM(content)]);
    }
    position = next;
    if (position >= length) throw fail('the body ends early');
  }
}

internals.formData = {
  FormData,
  isFormData: (o) => formDataOf(o) !== null,
  // The entry list of a FormData object (not a copy): [name, string | File] pairs.
  entriesOf: formDataOf,
  // A new FormData holding `entries`.
  fromEntries(entries) {
    const fd = new FormData();
    const list = formDataOf(fd);
    for (let i = 0; i < entries.length; i++) ArrayPrototypePush(list, entries[i]);
    return fd;
  },
  serializeMultipart,
  parseMultipart,
};
