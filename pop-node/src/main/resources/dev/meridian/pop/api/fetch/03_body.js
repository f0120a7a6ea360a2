// The Body mixin of Request and Response (https://fetch.spec.whatwg.org/#body-mixin): extracting a
// body from BodyInit (https://fetch.spec.whatwg.org/#concept-bodyinit-extract) and consuming it.
//
// A body record is { stream, source, length, used }. A body known in full (string, BufferSource,
// URLSearchParams, FormData, Blob) keeps its bytes in `source` and makes its ReadableStream only
// when `.body` is read, so that text()/json() of such a body and the host's send of it never go
// through a stream; `used` records a consumption that took that shortcut. A stream body has
// `stream` from the start and `source` null.
'use strict';

const {
  JSONParse,
  ObjectDefineProperty,
  PromiseReject,
  PromiseResolve,
  PromisePrototypeThen,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSlice,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const streams = internals.streams;
const { encodeUtf8, decodeUtf8 } = internals.encoding;
const { isBlob, blobBytes, createBlob } = internals.file;
const formData = internals.formData;
const mimesniff = internals.mimesniff;
const url = internals.url;

// https://fetch.spec.whatwg.org/#concept-bodyinit-extract: { body, type } where type is the
// Content-Type to set, or null.
function extractBody(object, keepalive = false) {
  let source = null;
  let stream = null;
  let type = null;
  if (typeof object === 'string') {
    source = encodeUtf8(object);
    type = 'text/plain;charset=UTF-8';
  } else if (isBlob(object)) {
    source = blobBytes(object);
    if (object.type !== '') type = object.type;
  } else if (streams.isReadableStream(object)) {
    if (keepalive) throw new TypeError('A keepalive request cannot have a ReadableStream body.');
    if (streams.isDisturbed(object) || streams.isLocked(object)) {
      throw new TypeError('The ReadableStream body is disturbed or locked.');
    }
    stream = object;
  } else if (url.isURLSearchParams(object)) {
    source = encodeUtf8(url.serializeUrlencoded(url.paramsList(object)));
    type = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (formData.isFormData(object)) {
    const { bytes, boundary } = formData.serializeMultipart(formData.entriesOf(object));
    source = bytes;
    type = 'multipart/form-data; boundary=' + boundary;
  } else {
    // A BufferSource: a copy of its bytes.
    source = TypedArrayPrototypeSlice(webidl.bufferSourceBytes(object));
  }
  const length = source === null ? null : TypedArrayPrototypeGetByteLength(source);
  return { body: { stream, source, length, used: false }, type };
}

// BodyInit conversion (https://fetch.spec.whatwg.org/#bodyinit): objects of the union's interface
// types pass through, anything else becomes a USVString.
function convertBodyInit(V, prefix, context) {
  if (V !== null && typeof V === 'object') {
    if (isBlob(V) || streams.isReadableStream(V) || url.isURLSearchParams(V) || formData.isFormData(V)) return V;
    if (webidl.isArrayBuffer(V) || primordials.ArrayBufferIsView(V)) {
      return webidl.converters.BufferSource(V, prefix, context, { allowShared: false, allowResizable: true });
    }
  }
  return webidl.converters.USVString(V, prefix, context);
}

// The body's stream, made from its source the first time it is asked for.
function bodyStream(body) {
  if (body.stream === null) {
    // The stream takes ownership of what it is given; the source may be shared with clones.
    body.stream = streams.readableStreamFromBytes(body.used ? new Uint8Array(0) : TypedArrayPrototypeSlice(body.source));
    if (body.used) {
      // Consumed already: the stream must read as disturbed, as the standard's would be.
      streams.readAllBytes(body.stream);
    }
  }
  return body.stream;
}

// https://fetch.spec.whatwg.org/#body-unusable
function isUnusable(body) {
  if (body === null) return false;
  if (body.used) return true;
  return body.stream !== null && (streams.isDisturbed(body.stream) || streams.isLocked(body.stream));
}

// https://fetch.spec.whatwg.org/#dom-body-bodyused
function isBodyUsed(body) {
  if (body === null) return false;
  return body.used || (body.stream !== null && streams.isDisturbed(body.stream));
}

// All the bytes of a body (https://fetch.spec.whatwg.org/#body-fully-read), marking it used.
function readAllBody(body) {
  if (body === null) return PromiseResolve(new Uint8Array(0));
  if (body.stream === null) {
    body.used = true;
    return PromiseResolve(body.source);
  }
  return streams.readAllBytes(body.stream);
}

// https://fetch.spec.whatwg.org/#body-clone: a stream is teed (the original keeps one branch);
// bytes are shared, which is safe because they are never written to.
function cloneBody(body) {
  if (body === null) return null;
  if (body.stream === null) return { stream: null, source: body.source, length: body.length, used: false };
  const [out1, out2] = streams.tee(body.stream);
  body.stream = out1;
  return { stream: out2, source: null, length: body.length, used: false };
}

// https://fetch.spec.whatwg.org/#concept-request-clone and
// https://fetch.spec.whatwg.org/#concept-response-clone: a copy of a request or response record
// with its own header list and URL list, and its body cloned.
function cloneRecord(record) {
  const out = primordials.ObjectCreate(null);
  for (const key in record) out[key] = record[key];
  out.headersList = primordials.ArrayPrototypeMap(record.headersList, (pair) => [pair[0], pair[1]]);
  out.urlList = primordials.ArrayPrototypeSlice(record.urlList);
  out.body = cloneBody(record.body);
  return out;
}

// https://fetch.spec.whatwg.org/#concept-body-package-data
function packageData(bytes, type, mimeType) {
  switch (type) {
    case 'ArrayBuffer':
      return TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(bytes));
    case 'Uint8Array':
      return TypedArrayPrototypeSlice(bytes);
    case 'Blob':
      return createBlob(TypedArrayPrototypeSlice(bytes), mimeType === null ? '' : mimesniff.serializeMimeType(mimeType));
    case 'FormData': {
      const essence = mimeType === null ? null : mimesniff.essence(mimeType);
      if (essence === 'multipart/form-data') {
        const boundary = mimeType.parameters.get('boundary');
        if (boundary === undefined) {
          throw new TypeError('Failed to parse the body as multipart/form-data: no boundary.');
        }
        return formData.fromEntries(formData.parseMultipart(bytes, boundary));
      }
      if (essence === 'application/x-www-form-urlencoded') {
        return formData.fromEntries(url.parseUrlencoded(decodeUtf8(bytes)));
      }
      throw new TypeError('The body\'s Content-Type is not multipart/form-data or application/x-www-form-urlencoded.');
    }
    case 'JSON':
      return JSONParse(decodeUtf8(bytes));
    case 'text':
      return decodeUtf8(bytes);
    default:
      throw new TypeError('unknown body type');
  }
}

// The MIME type of a request's or response's body (https://fetch.spec.whatwg.org/#concept-body-mime-type).
function bodyMimeType(record) {
  return mimesniff.extractMimeType(internals.headers.listGet(record.headersList, 'Content-Type'));
}

// Adds the Body members to `prototype`. `access(object)` answers the request or response record
// ({ body, headersList, ... }) of an instance, or throws the brand-check TypeError.
function mixinBody(prototype, access) {
  // https://fetch.spec.whatwg.org/#concept-body-consume-body
  const consume = (self, type) => {
    let state;
    try {
      state = access(self);
    } catch (error) {
      return PromiseReject(error);
    }
    if (isUnusable(state.body)) {
      return PromiseReject(new TypeError('The body has already been used, or its stream is locked.'));
    }
    return PromisePrototypeThen(readAllBody(state.body), (bytes) => packageData(bytes, type, bodyMimeType(state)));
  };
  const members = {
    get body() {
      const state = access(this);
      return state.body === null ? null : bodyStream(state.body);
    },
    get bodyUsed() {
      return isBodyUsed(access(this).body);
    },
    arrayBuffer() {
      return consume(this, 'ArrayBuffer');
    },
    blob() {
      return consume(this, 'Blob');
    },
    bytes() {
      return consume(this, 'Uint8Array');
    },
    formData() {
      return consume(this, 'FormData');
    },
    json() {
      return consume(this, 'JSON');
    },
    text() {
      return consume(this, 'text');
    },
  };
  const names = ['body', 'bodyUsed', 'arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'];
  for (let i = 0; i < names.length; i++) {
    const desc = primordials.ObjectGetOwnPropertyDescriptor(members, names[i]);
    desc.enumerable = true;
    desc.configurable = true;
    ObjectDefineProperty(prototype, names[i], desc);
  }
}

internals.body = {
  extractBody,
  convertBodyInit,
  bodyStream,
  isUnusable,
  isBodyUsed,
  readAllBody,
  cloneBody,
  cloneRecord,
  mixinBody,
};
