// Response (https://fetch.spec.whatwg.org/#response-class), with Response.error(), .redirect() and
// .json(). As in Workers, `new Response(null, { status: 101, webSocket })` answers a WebSocket
// upgrade: with a `webSocket` in init, status 101 is allowed and `response.webSocket` returns it.
'use strict';

const {
  JSONStringify,
  RangeError,
  SafeSet,
  StringPrototypeCharCodeAt,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const url = internals.url;
const headersApi = internals.headers;
const body = internals.body;
const { encodeUtf8 } = internals.encoding;

const convertResponseInit = webidl.createDictionaryConverter('ResponseInit', [
  { key: 'headers', converter: (v, p, c) => headersApi.convertHeadersInit(v, p, c) },
  { key: 'status', converter: webidl.converters['unsigned short'], defaultValue: 200 },
  { key: 'statusText', converter: webidl.converters.ByteString, defaultValue: '' },
  { key: 'webSocket', converter: webidl.converters.any },
]);

// https://fetch.spec.whatwg.org/#null-body-status
const nullBodyStatuses = new SafeSet([101, 103, 204, 205, 304]);
// https://fetch.spec.whatwg.org/#redirect-status
const redirectStatuses = new SafeSet([301, 302, 303, 307, 308]);

// https://httpwg.org/specs/rfc9110.html#status.line: reason-phrase = *( HTAB / SP / VCHAR / obs-text )
function isReasonPhrase(s) {
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (!(c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) return false;
  }
  return true;
}

// The response record (https://fetch.spec.whatwg.org/#concept-response).
function newResponseRecord() {
  return {
    type: 'default', aborted: false, urlList: [], status: 200, statusText: '', headersList: [], body: null,
    webSocket: null,
  };
}

let responseOf;
let responseHeaders;
const CONSTRUCT = primordials.Symbol('Response');

class Response {
  #r;
  #headers;

  // https://fetch.spec.whatwg.org/#dom-response
  constructor(bodyInit = null, init = undefined) {
    if (bodyInit === CONSTRUCT) {
      this.#r = init.record;
      this.#headers = headersApi.headersFromList(init.record.headersList, init.guard);
      return;
    }
    const prefix = "Failed to construct 'Response'";
    if (bodyInit !== null && bodyInit !== undefined) bodyInit = body.convertBodyInit(bodyInit, prefix, 'Argument 1');
    const opts = convertResponseInit(init, prefix, 'Argument 2');
    this.#r = newResponseRecord();
    this.#headers = headersApi.headersFromList(this.#r.headersList, 'response');
    let extracted = null;
    if (bodyInit !== null && bodyInit !== undefined) extracted = body.extractBody(bodyInit);
    initializeResponse(this, opts, extracted, prefix);
  }

  // https://fetch.spec.whatwg.org/#dom-response-error
  static error() {
    const record = newResponseRecord();
    record.type = 'error';
    record.status = 0;
    return new Response(CONSTRUCT, { record, guard: 'immutable' });
  }

  // https://fetch.spec.whatwg.org/#dom-response-redirect
  static redirect(target, status = 302) {
    const prefix = "Failed to execute 'redirect' on 'Response'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    target = webidl.converters.USVString(target, prefix, 'Argument 1');
    status = webidl.converters['unsigned short'](status, prefix, 'Argument 2');
    const parsedURL = url.parseURL(target);
    if (parsedURL === null) throw new TypeError(`${prefix}: Invalid URL '${target}'.`);
    if (!redirectStatuses.has(status)) throw new RangeError(`${prefix}: Invalid redirect status ${status}.`);
    const record = newResponseRecord();
    record.status = status;
    headersApi.listSet(record.headersList, 'Location', url.serializeURL(parsedURL));
    return new Response(CONSTRUCT, { record, guard: 'immutable' });
  }

  // https://fetch.spec.whatwg.org/#dom-response-json
  static json(data, init = undefined) {
    const prefix = "Failed to execute 'json' on 'Response'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const opts = convertResponseInit(init, prefix, 'Argument 2');
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeError(`${prefix}: The data is not JSON serializable.`);
    const bytes = encodeUtf8(text);
    const extracted = {
      body: { stream: null, source: bytes, length: bytes.length, used: false },
      type: 'application/json',
    };
    const response = new Response(CONSTRUCT, { record: newResponseRecord(), guard: 'response' });
    initializeResponse(response, opts, extracted, prefix);
    return response;
  }

  get type() {
    return check(this).type;
  }

  // https://fetch.spec.whatwg.org/#dom-response-url
  get url() {
    const r = check(this);
    if (r.urlList.length === 0) return '';
    return url.serializeURL(r.urlList[r.urlList.length - 1], true);
  }

  get redirected() {
    return check(this).urlList.length > 1;
  }

  get status() {
    return check(this).status;
  }

  get ok() {
    const status = check(this).status;
    return status >= 200 && status <= 299;
  }

  get statusText() {
    return check(this).statusText;
  }

  get headers() {
    check(this);
    return this.#headers;
  }

  // The Workers extension: the WebSocket a 101 response hands over, or null.
  get webSocket() {
    return check(this).webSocket;
  }

  // https://fetch.spec.whatwg.org/#dom-response-clone
  clone() {
    const r = check(this);
    if (body.isUnusable(r.body)) throw new TypeError("Failed to execute 'clone' on 'Response': The body is already used.");
    const cloned = body.cloneRecord(r);
    return new Response(CONSTRUCT, { record: cloned, guard: headersApi.guardOf(this.#headers) });
  }

  static {
    responseOf = (o) => (o !== null && typeof o === 'object' && #r in o ? o.#r : null);
    responseHeaders = (o) => o.#headers;
  }
}
const check = (self) => {
  const r = responseOf(self);
  if (r === null) throw new TypeError('Illegal invocation: receiver is not a Response');
  return r;
};

// https://fetch.spec.whatwg.org/#initialize-a-response
function initializeResponse(response, init, extracted, prefix) {
  const r = responseOf(response);
  const webSocket = init.webSocket ?? null;
  if ((init.status < 200 || init.status > 599) && !(init.status === 101 && webSocket !== null)) {
    throw new RangeError(`${prefix}: The status ${init.status} is outside the range [200, 599].`);
  }
  if (!isReasonPhrase(init.statusText)) {
    throw new TypeError(`${prefix}: '${init.statusText}' is not a valid status text.`);
  }
  r.status = init.status;
  r.statusText = init.statusText;
  r.webSocket = webSocket;
  const headers = responseHeaders(response);
  if (init.headers !== undefined) headersApi.fillHeaders(headers, init.headers);
  if (extracted !== null) {
    if (nullBodyStatuses.has(r.status)) {
      throw new TypeError(`${prefix}: A response with status ${r.status} cannot have a body.`);
    }
    r.body = extracted.body;
    if (extracted.type !== null && !headersApi.listContains(r.headersList, 'Content-Type')) {
      headersApi.listAppend(r.headersList, 'Content-Type', extracted.type);
      headersApi.invalidate(headers);
    }
  }
}

body.mixinBody(Response.prototype, check);
webidl.configureInterface(Response);
webidl.exposeInterface('Response', Response);

internals.response = {
  Response,
  isResponse: (o) => responseOf(o) !== null,
  recordOf: (response) => check(response),
  headersOf: (response) => {
    check(response);
    return responseHeaders(response);
  },
  // A Response from a record made by newResponseRecord(), its headers guarded by `guard`
  // ("immutable" for a fetch() result).
  fromRecord: (record, guard) => new Response(CONSTRUCT, { record, guard }),
  newResponseRecord,
};
