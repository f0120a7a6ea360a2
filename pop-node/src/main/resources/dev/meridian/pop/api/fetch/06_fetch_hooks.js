// `internals.fetch`: the bridge between the host's HTTP layer and Request/Response. The host
// function fetch() and the isolate's request dispatch (the runtime's, not this folder's) build and
// read requests and responses only through these hooks.
'use strict';

const {
  ArrayPrototypeMap,
  TypeError,
  TypedArrayPrototypeGetSymbolToStringTag,
} = primordials;
const url = internals.url;
const streams = internals.streams;
const headersApi = internals.headers;
const body = internals.body;
const requestApi = internals.request;
const responseApi = internals.response;

function copyList(list) {
  return ArrayPrototypeMap(list, (pair) => [pair[0], pair[1]]);
}

// A body record from what the host has: a ReadableStream (streamed), a Uint8Array (known in full;
// the record keeps it, so the host must not write to it afterwards) or null.
function hostBody(value) {
  if (value === null || value === undefined) return null;
  if (TypedArrayPrototypeGetSymbolToStringTag(value) === 'Uint8Array') {
    return { stream: null, source: value, length: value.length, used: false };
  }
  if (streams.isReadableStream(value)) return { stream: value, source: null, length: null, used: false };
  throw new TypeError('A host body must be a ReadableStream, a Uint8Array or null.');
}

// What the host sends: { stream, bytes } with exactly one non-null, or both null for no body. The
// body is marked used (a fetch or a response send consumes it).
function takeBody(record) {
  const b = record.body;
  if (b === null) return { stream: null, bytes: null };
  if (body.isUnusable(b)) throw new TypeError('The body has already been used, or its stream is locked.');
  if (b.stream === null) {
    b.used = true;
    return { stream: null, bytes: b.source };
  }
  return { stream: b.stream, bytes: null };
}

internals.fetch = {
  Request: requestApi.Request,
  Response: responseApi.Response,
  isRequest: requestApi.isRequest,
  isResponse: responseApi.isResponse,

  // The Request a worker's fetch handler receives. `init`: { method, url (absolute string),
  // headers ([name, value] pairs as received), body (ReadableStream | Uint8Array | null),
  // signal (an AbortSignal the host aborts when the client goes away; optional) }. Its headers are
  // immutable, as in Workers.
  newIncomingRequest(init) {
    const parsed = url.parseURL(init.url);
    if (parsed === null) throw new TypeError(`Invalid request URL '${init.url}'.`);
    const record = requestApi.newRequestRecord(parsed);
    record.method = init.method;
    record.headersList = copyList(init.headers);
    record.body = hostBody(init.body);
    return init.signal !== undefined
      ? requestApi.fromRecord(record, 'immutable', internals.abortSignal.createDependentSignal([init.signal]))
      : requestApi.fromRecord(record, 'immutable');
  },

  // What fetch() sends for a Request (make it with `new Request(input, init)` first, which does all
  // the checks): { method, url, headers ([name, value] pairs), stream, bytes, redirect, signal,
  // keepalive }. The request's body is consumed.
  requestForHost(request) {
    const record = requestApi.recordOf(request);
    const { stream, bytes } = takeBody(record);
    return {
      method: record.method,
      url: url.serializeURL(record.urlList[record.urlList.length - 1]),
      headers: copyList(record.headersList),
      stream,
      bytes,
      redirect: record.redirect,
      signal: requestApi.signalOf(request),
      keepalive: record.keepalive,
    };
  },

  // The Response fetch() resolves with. `init`: { status, statusText, headers ([name, value]
  // pairs), body (ReadableStream | Uint8Array | null), urlList (absolute URL strings, the last the
  // final one after redirects) }. Headers are immutable; the type is "basic".
  newFetchResponse(init) {
    const record = responseApi.newResponseRecord();
    record.type = 'basic';
    record.status = init.status;
    record.statusText = init.statusText ?? '';
    record.headersList = copyList(init.headers);
    record.body = hostBody(init.body);
    const urls = init.urlList ?? [];
    for (let i = 0; i < urls.length; i++) {
      const parsed = url.parseURL(urls[i]);
      if (parsed !== null) primordials.ArrayPrototypePush(record.urlList, parsed);
    }
    return responseApi.fromRecord(record, 'immutable');
  },

  // A network error (https://fetch.spec.whatwg.org/#concept-network-error), as Response.error().
  networkError: () => responseApi.Response.error(),

  // What the host answers the client with, for the Response a worker returned: { status,
  // statusText, headers ([name, value] pairs, in order), stream, bytes, webSocket, type }. The
  // response's body is consumed. A Response whose type is "error" should become a 5xx.
  responseForHost(response) {
    const record = responseApi.recordOf(response);
    const { stream, bytes } = takeBody(record);
    return {
      status: record.status,
      statusText: record.statusText,
      headers: copyList(record.headersList),
      stream,
      bytes,
      webSocket: record.webSocket,
      type: record.type,
    };
  },

  // The combined, sorted header pairs (as iteration shows them), e.g. for logging.
  sortAndCombine: (pairs) => headersApi.sortAndCombine(pairs),
};
