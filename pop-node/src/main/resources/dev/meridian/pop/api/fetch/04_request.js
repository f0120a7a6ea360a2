// Request (https://fetch.spec.whatwg.org/#request-class). A worker has no document: a relative
// URL has no base to resolve against and is a TypeError, and there is no client, so `window` may
// only be null and the referrer is "about:client" unless init says otherwise.
'use strict';

const {
  SafeSet,
  StringPrototypeToUpperCase,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const url = internals.url;
const headersApi = internals.headers;
const body = internals.body;
const abort = internals.abortSignal;
const mimesniff = internals.mimesniff;

const convertRequestInit = webidl.createDictionaryConverter('RequestInit', [
  { key: 'body', converter: webidl.createNullableConverter(body.convertBodyInit) },
  { key: 'cache', converter: webidl.createEnumConverter('RequestCache',
    ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached']) },
  { key: 'credentials', converter: webidl.createEnumConverter('RequestCredentials', ['omit', 'same-origin', 'include']) },
  { key: 'duplex', converter: webidl.createEnumConverter('RequestDuplex', ['half']) },
  { key: 'headers', converter: (v, p, c) => headersApi.convertHeadersInit(v, p, c) },
  { key: 'integrity', converter: webidl.converters.DOMString },
  { key: 'keepalive', converter: webidl.converters.boolean },
  { key: 'method', converter: webidl.converters.ByteString },
  { key: 'mode', converter: webidl.createEnumConverter('RequestMode', ['navigate', 'same-origin', 'no-cors', 'cors']) },
  { key: 'priority', converter: webidl.createEnumConverter('RequestPriority', ['high', 'low', 'auto']) },
  { key: 'redirect', converter: webidl.createEnumConverter('RequestRedirect', ['follow', 'error', 'manual']) },
  { key: 'referrer', converter: webidl.converters.USVString },
  { key: 'referrerPolicy', converter: webidl.createEnumConverter('ReferrerPolicy', ['', 'no-referrer',
    'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin', 'origin-when-cross-origin',
    'strict-origin-when-cross-origin', 'unsafe-url']) },
  { key: 'signal', converter: webidl.createNullableConverter(
    webidl.createInterfaceConverter('AbortSignal', abort.isAbortSignal)) },
  { key: 'window', converter: webidl.converters.any },
]);

// https://fetch.spec.whatwg.org/#concept-method-normalize
const normalizedMethods = new SafeSet(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
// https://fetch.spec.whatwg.org/#forbidden-method
const forbiddenMethods = new SafeSet(['CONNECT', 'TRACE', 'TRACK']);
// https://fetch.spec.whatwg.org/#cors-safelisted-method
const safelistedMethods = new SafeSet(['GET', 'HEAD', 'POST']);

function normalizeMethod(method) {
  const upper = byteUppercase(method);
  return normalizedMethods.has(upper) ? upper : method;
}

function byteUppercase(s) {
  return StringPrototypeToUpperCase(s);
}

// The request record: the standard's request (https://fetch.spec.whatwg.org/#concept-request) as
// far as a worker can observe it.
function newRequestRecord(urlRecord) {
  return {
    method: 'GET', urlList: [urlRecord], headersList: [], body: null, referrer: 'client', referrerPolicy: '',
    mode: 'cors', credentials: 'same-origin', cache: 'default', redirect: 'follow', integrity: '',
    keepalive: false, reloadNavigation: false, historyNavigation: false, duplex: 'half', priority: 'auto',
  };
}

// Internal access (set by Request's static block).
let requestOf;
let requestParts;
const CONSTRUCT = primordials.Symbol('Request');

class Request {
  #r;
  #headers;
  #signal;

  // https://fetch.spec.whatwg.org/#dom-request
  constructor(input, init = undefined) {
    if (input === CONSTRUCT) {
      // Internal construction: init is { record, guard, signal }.
      this.#r = init.record;
      this.#headers = headersApi.headersFromList(init.record.headersList, init.guard);
      this.#signal = init.signal;
      return;
    }
    const prefix = "Failed to construct 'Request'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const inputRequest = requestOf(input);
    if (inputRequest === null) input = webidl.converters.USVString(input, prefix, 'Argument 1');
    const opts = convertRequestInit(init, prefix, 'Argument 2');

    let request;
    let fallbackMode = null;
    let signal = null;
    if (inputRequest === null) {
      const parsedURL = url.parseURL(input);
      if (parsedURL === null) throw new TypeError(`${prefix}: Invalid URL '${input}'.`);
      if (url.includesCredentials(parsedURL)) {
        throw new TypeError(`${prefix}: The URL '${input}' includes credentials.`);
      }
      request = newRequestRecord(parsedURL);
      fallbackMode = 'cors';
    } else {
      request = inputRequest;
      signal = requestParts(input).signal;
    }

    // https://fetch.spec.whatwg.org/#dom-request step 12: a new request with input's properties.
    const inputBody = inputRequest === null ? null : request.body;
    request = {
      method: request.method, urlList: [request.urlList[request.urlList.length - 1]],
      headersList: primordials.ArrayPrototypeMap(request.headersList, (pair) => [pair[0], pair[1]]),
      body: null, referrer: request.referrer, referrerPolicy: request.referrerPolicy, mode: request.mode,
      credentials: request.credentials, cache: request.cache, redirect: request.redirect,
      integrity: request.integrity, keepalive: request.keepalive, reloadNavigation: request.reloadNavigation,
      historyNavigation: request.historyNavigation, duplex: 'half', priority: request.priority,
    };

    const initIsEmpty = opts.body === undefined && opts.cache === undefined && opts.credentials === undefined &&
      opts.duplex === undefined && opts.headers === undefined && opts.integrity === undefined &&
      opts.keepalive === undefined && opts.method === undefined && opts.mode === undefined &&
      opts.priority === undefined && opts.redirect === undefined && opts.referrer === undefined &&
      opts.referrerPolicy === undefined && opts.signal === undefined && opts.window === undefined;
    if (opts.window !== undefined && opts.window !== null) {
      throw new TypeError(`${prefix}: 'window' can only be null.`);
    }
    if (!initIsEmpty) {
      if (request.mode === 'navigate') request.mode = 'same-origin';
      request.reloadNavigation = false;
      request.historyNavigation = false;
      request.referrer = 'client';
      request.referrerPolicy = '';
    }
    if (opts.referrer !== undefined) {
      const referrer = opts.referrer;
      if (referrer === '') {
        request.referrer = 'no-referrer';
      } else {
        const parsedReferrer = url.parseURL(referrer);
        if (parsedReferrer === null) throw new TypeError(`${prefix}: Invalid referrer URL '${referrer}'.`);
        // No client origin to compare with: about:client stands for it.
        request.referrer = url.serializeURL(parsedReferrer) === 'about:client' ? 'client' : parsedReferrer;
      }
    }
    if (opts.referrerPolicy !== undefined) request.referrerPolicy = opts.referrerPolicy;
    let mode = opts.mode !== undefined ? opts.mode : fallbackMode;
    if (mode === 'navigate') throw new TypeError(`${prefix}: The mode 'navigate' cannot be set.`);
    if (mode !== null) request.mode = mode;
    if (opts.credentials !== undefined) request.credentials = opts.credentials;
    if (opts.cache !== undefined) request.cache = opts.cache;
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') {
      throw new TypeError(`${prefix}: cache 'only-if-cached' needs mode 'same-origin'.`);
    }
    if (opts.redirect !== undefined) request.redirect = opts.redirect;
    if (opts.integrity !== undefined) request.integrity = opts.integrity;
    if (opts.keepalive !== undefined) request.keepalive = opts.keepalive;
    if (opts.method !== undefined) {
      const method = opts.method;
      if (!mimesniff.isHTTPToken(method)) throw new TypeError(`${prefix}: '${method}' is not a valid HTTP method.`);
      if (forbiddenMethods.has(byteUppercase(method))) {
        throw new TypeError(`${prefix}: '${method}' HTTP method is unsupported.`);
      }
      request.method = normalizeMethod(method);
    }
    if (opts.signal !== undefined) signal = opts.signal;
    if (opts.priority !== undefined) request.priority = opts.priority;

    this.#r = request;
    // https://fetch.spec.whatwg.org/#dom-request step 30: a signal that follows the input's or init's.
    this.#signal = signal === null || signal === undefined
      ? abort.newSignal()
      : abort.createDependentSignal([signal]);
    // Step 31: the headers, guard "request" (or "request-no-cors").
    this.#headers = headersApi.headersFromList(request.headersList, 'request');
    if (request.mode === 'no-cors') {
      if (!safelistedMethods.has(request.method)) {
        throw new TypeError(`${prefix}: '${request.method}' is not a CORS-safelisted method for mode 'no-cors'.`);
      }
      headersApi.setGuard(this.#headers, 'request-no-cors');
    }
    if (!initIsEmpty) {
      const headersInit = opts.headers !== undefined ? opts.headers : primordials.ArrayPrototypeSlice(request.headersList);
      request.headersList = [];
      this.#headers = headersApi.headersFromList(request.headersList, headersApi.guardOf(this.#headers));
      headersApi.fillHeaders(this.#headers, headersInit);
    }

    // Steps 34-41: the body.
    const initBody = opts.body !== undefined ? opts.body : null;
    if ((initBody !== null || (inputBody !== null && inputBody !== undefined)) &&
        (request.method === 'GET' || request.method === 'HEAD')) {
      throw new TypeError(`${prefix}: A request with a GET or HEAD method cannot have a body.`);
    }
    let initBodyRecord = null;
    if (initBody !== null) {
      const { body: extracted, type } = body.extractBody(initBody, request.keepalive);
      initBodyRecord = extracted;
      if (type !== null && !headersApi.listContains(request.headersList, 'Content-Type')) {
        headersApi.listAppend(request.headersList, 'Content-Type', type);
        headersApi.invalidate(this.#headers);
      }
    }
    const inputOrInitBody = initBodyRecord !== null ? initBodyRecord : inputBody;
    if (inputOrInitBody !== null && inputOrInitBody !== undefined && inputOrInitBody.stream !== null &&
        inputOrInitBody.source === null) {
      if (initBodyRecord !== null && opts.duplex === undefined) {
        throw new TypeError(`${prefix}: RequestInit's duplex must be 'half' for a request with a streaming body.`);
      }
      if (request.mode !== 'same-origin' && request.mode !== 'cors') {
        throw new TypeError(`${prefix}: A streaming body needs mode 'same-origin' or 'cors'.`);
      }
    }
    let finalBody = inputOrInitBody ?? null;
    if (initBodyRecord === null && inputBody !== null && inputBody !== undefined) {
      if (body.isUnusable(inputBody)) {
        throw new TypeError(`${prefix}: The input Request's body is already used.`);
      }
      // https://fetch.spec.whatwg.org/#concept-body-create-proxy: the new request takes the body
      // over and the input's reads as used.
      if (inputBody.stream !== null) {
        const identity = new internals.streams.TransformStream();
        finalBody = { stream: inputBody.stream.pipeThrough(identity), source: null, length: inputBody.length,
          used: false };
      } else {
        finalBody = { stream: null, source: inputBody.source, length: inputBody.length, used: false };
        inputBody.used = true;
      }
    }
    request.body = finalBody;
  }

  get method() {
    return check(this).method;
  }

  get url() {
    const r = check(this);
    return url.serializeURL(r.urlList[r.urlList.length - 1]);
  }

  get headers() {
    check(this);
    return this.#headers;
  }

  get destination() {
    check(this);
    return '';
  }

  // https://fetch.spec.whatwg.org/#dom-request-referrer
  get referrer() {
    const r = check(this);
    if (r.referrer === 'no-referrer') return '';
    if (r.referrer === 'client') return 'about:client';
    return url.serializeURL(r.referrer);
  }

  get referrerPolicy() {
    return check(this).referrerPolicy;
  }

  get mode() {
    return check(this).mode;
  }

  get credentials() {
    return check(this).credentials;
  }

  get cache() {
    return check(this).cache;
  }

  get redirect() {
    return check(this).redirect;
  }

  get integrity() {
    return check(this).integrity;
  }

  get keepalive() {
    return check(this).keepalive;
  }

  get isReloadNavigation() {
    return check(this).reloadNavigation;
  }

  get isHistoryNavigation() {
    return check(this).historyNavigation;
  }

  get signal() {
    check(this);
    return this.#signal;
  }

  get duplex() {
    check(this);
    return 'half';
  }

  // https://fetch.spec.whatwg.org/#dom-request-clone
  clone() {
    const r = check(this);
    if (body.isUnusable(r.body)) throw new TypeError("Failed to execute 'clone' on 'Request': The body is already used.");
    const cloned = body.cloneRecord(r);
    return new Request(CONSTRUCT, {
      record: cloned,
      guard: headersApi.guardOf(this.#headers),
      signal: abort.createDependentSignal([this.#signal]),
    });
  }

  static {
    requestOf = (o) => (o !== null && typeof o === 'object' && #r in o ? o.#r : null);
    requestParts = (o) => ({ record: o.#r, headers: o.#headers, signal: o.#signal });
  }
}
const check = (self) => {
  const r = requestOf(self);
  if (r === null) throw new TypeError('Illegal invocation: receiver is not a Request');
  return r;
};

body.mixinBody(Request.prototype, check);
webidl.configureInterface(Request);
webidl.exposeInterface('Request', Request);

internals.request = {
  Request,
  isRequest: (o) => requestOf(o) !== null,
  recordOf: (request) => check(request),
  signalOf: (request) => requestParts(request).signal,
  // A Request from its parts, for the host's incoming requests: `record` from newRequestRecord(),
  // its headers guarded by `guard` ("immutable" for a request a worker receives).
  fromRecord(record, guard, signal = abort.newSignal()) {
    return new Request(CONSTRUCT, { record, guard, signal });
  },
  newRequestRecord,
};
