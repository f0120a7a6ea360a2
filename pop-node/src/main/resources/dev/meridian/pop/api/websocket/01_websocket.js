// WebSocket (https://websockets.spec.whatwg.org/#the-websocket-interface) as Workers have it:
// `new WebSocket(url)` connects out through the host (op_websocket_*), and `new WebSocketPair()`
// makes two sockets joined to each other inside the isolate, of which a worker keeps one (after
// `accept()`) and hands the other to its Response. MessageEvent and CloseEvent
// (https://html.spec.whatwg.org/multipage/comms.html#messageevent,
// https://websockets.spec.whatwg.org/#the-closeevent-interface) come with them.
'use strict';

const {
  ArrayBufferIsView,
  ArrayPrototypePush,
  PromisePrototypeThen,
  PromiseResolve,
  SafeSet,
  StringPrototypeCharCodeAt,
  StringPrototypeIncludes,
  Symbol,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSlice,
} = primordials;
const webidl = internals.webidl;
const { DOMException } = internals.dom;
const { Event, EventTarget, defineEventHandler, dispatchEvent, setTrusted } = internals.event;
const { encodeUtf8 } = internals.encoding;
const file = internals.file;

// --- MessageEvent and CloseEvent ----------------------------------------------------------------

const eventInit = [
  { key: 'bubbles', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'cancelable', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'composed', converter: webidl.converters.boolean, defaultValue: false },
];
const convertMessageEventInit = webidl.createDictionaryConverter('MessageEventInit', eventInit, [
  { key: 'data', converter: webidl.converters.any, defaultValue: null },
  { key: 'origin', converter: webidl.converters.USVString, defaultValue: '' },
  { key: 'lastEventId', converter: webidl.converters.DOMString, defaultValue: '' },
]);
const convertCloseEventInit = webidl.createDictionaryConverter('CloseEventInit', eventInit, [
  { key: 'wasClean', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'code', converter: (v, p, c) => webidl.converters['unsigned short'](v, p, c, { clamp: false }), defaultValue: 0 },
  { key: 'reason', converter: webidl.converters.USVString, defaultValue: '' },
]);

class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'MessageEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = webidl.converters.DOMString(type, prefix, 'Argument 1');
    const init = convertMessageEventInit(eventInitDict, prefix, 'Argument 2');
    super(type, init);
    this.#data = init.data;
    this.#origin = init.origin;
    this.#lastEventId = init.lastEventId;
  }

  get data() {
    webidl.assertBranded(this, isMessageEvent, 'MessageEvent');
    return this.#data;
  }

  get origin() {
    webidl.assertBranded(this, isMessageEvent, 'MessageEvent');
    return this.#origin;
  }

  get lastEventId() {
    webidl.assertBranded(this, isMessageEvent, 'MessageEvent');
    return this.#lastEventId;
  }

  get source() {
    webidl.assertBranded(this, isMessageEvent, 'MessageEvent');
    return null;
  }

  get ports() {
    webidl.assertBranded(this, isMessageEvent, 'MessageEvent');
    return [];
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #data in o;
  }
}
const isMessageEvent = MessageEvent.isInstance;
delete MessageEvent.isInstance;
webidl.configureInterface(MessageEvent);

class CloseEvent extends Event {
  #wasClean;
  #code;
  #reason;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'CloseEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = webidl.converters.DOMString(type, prefix, 'Argument 1');
    const init = convertCloseEventInit(eventInitDict, prefix, 'Argument 2');
    super(type, init);
    this.#wasClean = init.wasClean;
    this.#code = init.code;
    this.#reason = init.reason;
  }

  get wasClean() {
    webidl.assertBranded(this, isCloseEvent, 'CloseEvent');
    return this.#wasClean;
  }

  get code() {
    webidl.assertBranded(this, isCloseEvent, 'CloseEvent');
    return this.#code;
  }

  get reason() {
    webidl.assertBranded(this, isCloseEvent, 'CloseEvent');
    return this.#reason;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #wasClean in o;
  }
}
const isCloseEvent = CloseEvent.isInstance;
delete CloseEvent.isInstance;
webidl.configureInterface(CloseEvent);

// --- WebSocket ----------------------------------------------------------------------------------

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const PAIR = Symbol('WebSocketPair');

// Dispatches a trusted event the runtime made.
function fire(target, event) {
  setTrusted(event);
  dispatchEvent(target, event);
}

// A later task: events of a socket are never dispatched inside the call that caused them.
function later(fn) {
  PromisePrototypeThen(PromiseResolve(undefined), fn);
}

// https://websockets.spec.whatwg.org/#dom-websocket-websocket steps 1-6: the URL and protocols.
function parseUrl(url, prefix) {
  let parsed;
  try {
    parsed = new internals.url.URL(url);
  } catch {
    throw new DOMException(`${prefix}: the URL '${url}' is invalid.`, 'SyntaxError');
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new DOMException(`${prefix}: the URL's scheme must be 'ws' or 'wss', was '${parsed.protocol}'.`, 'SyntaxError');
  }
  if (parsed.hash !== '' || (url.length > 0 && url[url.length - 1] === '#')) {
    throw new DOMException(`${prefix}: the URL contains a fragment identifier ('${parsed.hash}').`, 'SyntaxError');
  }
  return parsed.href;
}

function isToken(s) {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c <= 0x20 || c >= 0x7f || StringPrototypeIncludes('()<>@,;:\\"/[]?={}', s[i])) return false;
  }
  return true;
}

function parseProtocols(protocols, prefix) {
  let list;
  if (protocols === undefined) list = [];
  else if (typeof protocols === 'object' && protocols !== null) {
    list = webidl.createSequenceConverter(webidl.converters.DOMString)(protocols, prefix, 'Argument 2');
  } else list = [webidl.converters.DOMString(protocols, prefix, 'Argument 2')];
  const seen = new SafeSet();
  for (let i = 0; i < list.length; i++) {
    if (!isToken(list[i]) || seen.has(list[i])) {
      throw new DOMException(`${prefix}: the subprotocol '${list[i]}' is invalid or repeated.`, 'SyntaxError');
    }
    seen.add(list[i]);
  }
  return list;
}

// A close code a script may send (https://websockets.spec.whatwg.org/#dom-websocket-close).
function checkClose(code, reason, prefix) {
  if (code !== undefined) {
    code = webidl.converters['unsigned short'](code, prefix, 'Argument 1', { clamp: true });
    if (code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`${prefix}: the code must be 1000 or from 3000 to 4999, was ${code}.`, 'InvalidAccessError');
    }
  }
  if (reason !== undefined) {
    reason = webidl.converters.USVString(reason, prefix, 'Argument 2');
    if (TypedArrayPrototypeGetByteLength(encodeUtf8(reason)) > 123) {
      throw new DOMException(`${prefix}: the reason must be at most 123 bytes of UTF-8.`, 'SyntaxError');
    }
  }
  return [code, reason ?? ''];
}

class WebSocket extends EventTarget {
  #url = '';
  #readyState = CONNECTING;
  #protocol = '';
  #binaryType = 'blob';
  #bufferedAmount = 0;
  // Outbound: the host connection's id. Pair: the other end, whether accept() was called, and the
  // events that arrived before it.
  #id = null;
  #peer = null;
  #accepted = false;
  #pending = [];

  constructor(url, protocols = undefined) {
    if (url === PAIR) {
      super();
      this.#readyState = OPEN;
      return;
    }
    const prefix = "Failed to construct 'WebSocket'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = webidl.converters.USVString(url, prefix, 'Argument 1');
    const href = parseUrl(url, prefix);
    const list = parseProtocols(protocols, prefix);
    super();
    this.#url = href;
    this.#accepted = true;
    this.#id = internals.ops.op_websocket_connect(href, list);
    pump(this, this.#id);
  }

  get url() {
    check(this);
    return this.#url;
  }

  get readyState() {
    check(this);
    return this.#readyState;
  }

  get bufferedAmount() {
    check(this);
    return this.#bufferedAmount;
  }

  get extensions() {
    check(this);
    return '';
  }

  get protocol() {
    check(this);
    return this.#protocol;
  }

  get binaryType() {
    check(this);
    return this.#binaryType;
  }

  set binaryType(value) {
    check(this);
    if (value === 'blob' || value === 'arraybuffer') this.#binaryType = value;
  }

  /** Workers: the worker takes the server end of a pair; events are held until it does. */
  accept() {
    check(this);
    if (this.#peer === null && this.#id !== null) {
      throw new DOMException('accept() is for the sockets of a WebSocketPair', 'InvalidStateError');
    }
    if (this.#accepted) return;
    this.#accepted = true;
    const pending = this.#pending;
    this.#pending = [];
    later(() => {
      for (let i = 0; i < pending.length; i++) fire(this, pending[i]);
    });
  }

  send(data) {
    check(this);
    const prefix = "Failed to execute 'send' on 'WebSocket'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    if (this.#readyState === CONNECTING) {
      throw new DOMException(`${prefix}: still in CONNECTING state.`, 'InvalidStateError');
    }
    if (!this.#accepted) {
      throw new DOMException(`${prefix}: call accept() on this end of the WebSocketPair first.`, 'InvalidStateError');
    }
    let payload;
    if (webidl.isArrayBuffer(data)) payload = new primordials.Uint8Array(data);
    else if (ArrayBufferIsView(data)) payload = webidl.bufferSourceBytes(data);
    else if (file.isBlob(data)) payload = file.blobBytes(data);
    else payload = webidl.converters.USVString(data, prefix, 'Argument 1');
    if (this.#readyState !== OPEN) {
      // Closing or closed: counted, not sent, as the spec says.
      this.#bufferedAmount += typeof payload === 'string'
        ? TypedArrayPrototypeGetByteLength(encodeUtf8(payload)) : TypedArrayPrototypeGetByteLength(payload);
      return;
    }
    const copy = typeof payload === 'string' ? payload : TypedArrayPrototypeSlice(payload);
    if (this.#id !== null) {
      internals.ops.op_websocket_send(this.#id, copy);
    } else {
      WebSocket.#receive(this.#peer, copy);
    }
  }

  close(code = undefined, reason = undefined) {
    check(this);
    const [checkedCode, checkedReason] = checkClose(code, reason, "Failed to execute 'close' on 'WebSocket'");
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    if (this.#id !== null) {
      this.#readyState = CLOSING;
      internals.ops.op_websocket_close(this.#id, checkedCode ?? 1000, checkedReason);
      return;
    }
    // A pair closes both ends at once; each gets its close event.
    const peer = this.#peer;
    WebSocket.#closed(this, checkedCode ?? 1005, checkedReason);
    WebSocket.#closed(peer, checkedCode ?? 1005, checkedReason);
  }

  static #receive(target, data) {
    if (target.#readyState !== OPEN) return;
    const value = typeof data === 'string' || target.#binaryType === 'arraybuffer'
      ? (typeof data === 'string' ? data : TypedArrayPrototypeGetBuffer(data))
      : file.createBlob(data, '');
    WebSocket.#deliver(target, new MessageEvent('message', { data: value }));
  }

  static #closed(target, code, reason) {
    if (target.#readyState === CLOSED) return;
    target.#readyState = CLOSED;
    WebSocket.#deliver(target, new CloseEvent('close', { wasClean: true, code, reason }));
  }

  static #deliver(target, event) {
    if (target.#accepted) later(() => fire(target, event));
    else ArrayPrototypePush(target.#pending, event);
  }

  // The host's events for an outbound socket.
  static handle(socket, event) {
    switch (event.type) {
      case 'open':
        socket.#readyState = OPEN;
        socket.#protocol = event.protocol ?? '';
        fire(socket, new Event('open'));
        return true;
      case 'message':
        WebSocket.#receive(socket, event.data);
        return true;
      case 'error':
        fire(socket, new Event('error'));
        return true;
      default: // close
        socket.#readyState = CLOSED;
        fire(socket, new CloseEvent('close', { wasClean: event.wasClean, code: event.code, reason: event.reason }));
        return false;
    }
  }

  static pair() {
    const client = new WebSocket(PAIR);
    const server = new WebSocket(PAIR);
    client.#peer = server;
    server.#peer = client;
    // The client end goes back to the runtime with the response; the worker accepts the server end.
    client.#accepted = true;
    return [client, server];
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #binaryType in o;
  }
}
const isWebSocket = WebSocket.isInstance;
const handle = WebSocket.handle;
const pair = WebSocket.pair;
delete WebSocket.isInstance;
delete WebSocket.handle;
delete WebSocket.pair;
const check = (self) => webidl.assertBranded(self, isWebSocket, 'WebSocket');
webidl.configureInterface(WebSocket);
webidl.defineConstants(WebSocket, { CONNECTING, OPEN, CLOSING, CLOSED });
defineEventHandler(WebSocket.prototype, 'open', isWebSocket, 'WebSocket');
defineEventHandler(WebSocket.prototype, 'message', isWebSocket, 'WebSocket');
defineEventHandler(WebSocket.prototype, 'error', isWebSocket, 'WebSocket');
defineEventHandler(WebSocket.prototype, 'close', isWebSocket, 'WebSocket');

// Takes the host's events of an outbound socket one at a time, until its close.
async function pump(socket, id) {
  for (;;) {
    const event = await internals.ops.op_websocket_next(id);
    if (!handle(socket, event)) {
      internals.ops.op_websocket_free(id);
      return;
    }
  }
}

// Workers' WebSocketPair: `const [client, server] = Object.values(new WebSocketPair())`.
class WebSocketPair {
  constructor() {
    const [client, server] = pair();
    this[0] = client;
    this[1] = server;
  }
}
webidl.configureInterface(WebSocketPair);

webidl.exposeInterface('MessageEvent', MessageEvent);
webidl.exposeInterface('CloseEvent', CloseEvent);
webidl.exposeInterface('WebSocket', WebSocket);
webidl.exposeInterface('WebSocketPair', WebSocketPair);
internals.websocket = { isWebSocket };
