// The bridge between the host and a worker's `fetch(request, env, ctx)`, loaded after every API
// extension. The host calls in through `internals.runtime` (dispatch, deliver, fireTimer, …);
// JavaScript calls out through `internals.ops.op_http_*`. Host completions arrive as one
// `deliver(id, ok, value)` call, so promise reactions always run inside a host→JS call and V8's
// automatic microtask checkpoint drains them before control returns to the event loop.
"use strict";

const {
  ArrayPrototypePush,
  Promise,
  PromisePrototypeThen,
  PromiseResolve,
  SafeMap,
  SafeWeakMap,
  TypeError,
  Uint8Array,
  Error,
  JSONParse,
  ArrayIsArray,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeGetBuffer,
} = primordials;

// Captured at bootstrap, before tenant code could replace the globals.
const { ReadableStream, Request, URL, fetch } = globalThis;
const bridge = internals.fetch;
const streams = internals.streams;
// WebAssembly is not there while the snapshot is made; it is captured when an isolate is restored,
// before any tenant code runs (see restored()).
let WasmModule;

function restored() {
  WasmModule = globalThis.WebAssembly.Module;
  // What an extension can only finish on a restored isolate (V8 adds WebAssembly then, for one) it
  // leaves as a function in internals.restoreHooks; they run here, before any tenant code.
  const hooks = internals.restoreHooks;
  if (hooks !== undefined) {
    for (let i = 0; i < hooks.length; i++) hooks[i]();
  }
}

const pending = new SafeMap();
// Streams the host feeds (a request's body), by stream: a response whose body is one of them,
// untouched, is piped by the host without crossing into JavaScript for every chunk.
const hostStreams = new SafeWeakMap();
let nextPromiseId = 1;

/** A promise the host settles later through `deliver(id, …)`; returns [id, promise]. */
function hostPromise() {
  const id = nextPromiseId++;
  const promise = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  return [id, promise];
}

function deliver(id, ok, value) {
  const waiter = pending.get(id);
  if (waiter === undefined) return;
  pending.delete(id);
  if (ok) waiter.resolve(value);
  else waiter.reject(value);
}

let handler;
let env;

/** Called once per isolate with the main module's namespace and the env object. */
function setWorker(namespace, workerEnv) {
  const exported = namespace.default;
  if (exported === null || typeof exported !== "object" || typeof exported.fetch !== "function") {
    throw new TypeError(
      "the main module must `export default { fetch(request, env, ctx) { ... } }` " +
        "(no default export with a fetch method was found)");
  }
  handler = exported;
  env = workerEnv;
}

/**
 * The env object from the deployment's JSON: plain values as they are, and each binding descriptor
 * (a top-level value that is an object with a "$binding" key, like {"$binding": "kv", ...}) turned
 * into its object by the extension that registered `internals.bindings[kind]`. Descriptors come only
 * from the host (meridian.toml refuses vars of that shape); tenant code never sees them.
 */
function makeEnv(json) {
  const env = JSONParse(json);
  const names = ObjectKeys(env);
  for (let i = 0; i < names.length; i++) {
    const value = env[names[i]];
    if (value === null || typeof value !== "object" || ArrayIsArray(value) ||
        !ObjectPrototypeHasOwnProperty(value, "$binding")) {
      continue;
    }
    const bindings = internals.bindings;
    const make = bindings === undefined ? undefined : bindings[value.$binding];
    if (typeof make !== "function") {
      throw new TypeError(`env.${names[i]} is a binding of kind "${value.$binding}", which this runtime does not have`);
    }
    env[names[i]] = make(value, names[i]);
  }
  return env;
}

/** The body of an incoming request, pulled from the host one chunk at a time. */
function hostBody(requestId) {
  const stream = new ReadableStream({
    type: "bytes",
    pull(controller) {
      const [id, promise] = hostPromise();
      internals.ops.op_http_body_pull(requestId, id);
      return PromisePrototypeThen(promise, (chunk) => {
        if (chunk === null) {
          controller.close();
          // A BYOB request left open after close must still be answered.
          if (controller.byobRequest) controller.byobRequest.respond(0);
        } else {
          controller.enqueue(chunk);
        }
      });
    },
    cancel() {
      internals.ops.op_http_body_cancel(requestId);
    },
  }, { highWaterMark: 0 });
  hostStreams.set(stream, requestId);
  return stream;
}

class ExecutionContext {
  #requestId;
  #waitUntil = [];
  #passThrough = false;

  constructor(requestId) {
    this.#requestId = requestId;
  }

  waitUntil(promise) {
    ArrayPrototypePush(this.#waitUntil, PromiseResolve(promise));
  }

  passThroughOnException() {
    this.#passThrough = true;
  }

  static passThrough(ctx) {
    return ctx.#passThrough;
  }

  /** Settles once every promise given to waitUntil has, including ones added meanwhile. */
  static async drain(ctx) {
    while (ctx.#waitUntil.length > 0) {
      const batch = ctx.#waitUntil;
      ctx.#waitUntil = [];
      for (const p of batch) {
        try {
          await p;
        } catch (e) {
          internals.ops.op_http_log_error("waitUntil promise rejected", describe(e));
        }
      }
    }
  }
}

function describe(error) {
  if (error !== null && typeof error === "object" && typeof error.stack === "string") {
    return error.stack;
  }
  try {
    return String(error);
  } catch {
    return "(unprintable error)";
  }
}

function headerList(flat) {
  const list = [];
  for (let i = 0; i < flat.length; i += 2) ArrayPrototypePush(list, [flat[i], flat[i + 1]]);
  return list;
}

function flatHeaders(pairs) {
  const flat = [];
  for (let i = 0; i < pairs.length; i++) ArrayPrototypePush(flat, pairs[i][0], pairs[i][1]);
  return flat;
}

/** Entry point for one request: runs the handler and sends its response back. */
function dispatch(requestId, method, url, flat, hasBody) {
  const ctx = new ExecutionContext(requestId);
  let request;
  try {
    request = bridge.newIncomingRequest({
      method, url, headers: headerList(flat), body: hasBody ? hostBody(requestId) : null });
  } catch (e) {
    internals.ops.op_http_fail(requestId, 400, "bad request: " + describe(e));
    return;
  }
  let result;
  try {
    result = handler.fetch(request, env, ctx);
  } catch (e) {
    fail(requestId, ctx, request, e);
    return;
  }
  PromisePrototypeThen(
    PromiseResolve(result),
    (response) => finish(requestId, ctx, respond(requestId, response)),
    (e) => fail(requestId, ctx, request, e));
}

async function finish(requestId, ctx, sending) {
  try {
    await sending;
  } catch (e) {
    // Before the head went out this is a 500 with the message; after, the response is cut short.
    internals.ops.op_http_fail(requestId, 500, describe(e));
  }
  await ExecutionContext.drain(ctx);
  internals.ops.op_http_done(requestId);
}

function fail(requestId, ctx, request, error) {
  const origin = ExecutionContext.passThrough(ctx) ? internals.ops.op_http_origin() : null;
  if (origin !== null) {
    // passThroughOnException(): the request goes on to the origin as if no worker were there.
    const target = new URL(request.url);
    const base = new URL(origin);
    target.protocol = base.protocol;
    target.host = base.host;
    internals.ops.op_http_log_error("worker threw; passing through to origin", describe(error));
    finish(requestId, ctx, PromisePrototypeThen(
      fetch(new Request(target.href, request)),
      (response) => respond(requestId, response)));
    return;
  }
  internals.ops.op_http_fail(requestId, 500, describe(error));
  finish(requestId, ctx, undefined);
}

async function respond(requestId, response) {
  if (!bridge.isResponse(response)) {
    throw new TypeError("the fetch handler must return a Response (or a promise of one), got " +
      (response === null ? "null" : typeof response));
  }
  const out = bridge.responseForHost(response);
  if (out.type === "error") {
    internals.ops.op_http_fail(requestId, 502, "the worker returned Response.error()");
    return;
  }
  const headers = flatHeaders(out.headers);
  if (out.webSocket !== null && out.webSocket !== undefined) {
    const socketId = internals.ops.op_http_upgrade(requestId, headers);
    if (socketId === null || socketId === undefined) {
      throw new TypeError("the worker answered with a WebSocket, but the request was not a WebSocket upgrade");
    }
    bridgeWebSocket(out.webSocket, socketId);
    return;
  }
  if (out.stream === null) {
    internals.ops.op_http_respond(requestId, out.status, headers, out.bytes);
    return;
  }
  const source = hostStreams.get(out.stream);
  if (source !== undefined && !streams.isDisturbed(out.stream) && !streams.isLocked(out.stream)) {
    streams.acquireReader(out.stream); // locked for good: the host reads it from here on
    internals.ops.op_http_pipe(requestId, out.status, headers, source);
    return;
  }
  internals.ops.op_http_start(requestId, out.status, headers);
  const reader = streams.acquireReader(out.stream);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!internals.ops.op_http_write(requestId, value)) {
      const [id, writable] = hostPromise();
      internals.ops.op_http_on_writable(requestId, id);
      await writable;
    }
  }
  internals.ops.op_http_end(requestId);
}

/**
 * Joins the `client` end of the worker's WebSocketPair to the real connection `socketId`: what the
 * worker's `server` end sends reaches the client, the client's messages are sent into the pair, and a
 * close on either side closes the other.
 */
function bridgeWebSocket(client, socketId) {
  client.binaryType = "arraybuffer";
  client.accept();
  client.addEventListener("message", (event) => {
    const data = event.data;
    internals.ops.op_http_ws_send(socketId, typeof data === "string" ? data : new Uint8Array(data));
  });
  client.addEventListener("close", (event) => {
    internals.ops.op_http_ws_close(socketId, event.code === 1005 ? 1000 : event.code, event.reason);
  });
  (async () => {
    for (;;) {
      const message = await internals.ops.op_http_ws_next(socketId);
      if (message.close) {
        // A code the client may not set itself (1005 none given, 1006 dropped) closes as 1000.
        const code = message.code === 1000 || (message.code >= 3000 && message.code <= 4999) ? message.code : 1000;
        try { client.close(code, message.reason); } catch { /* already closed by the worker */ }
        return;
      }
      client.send(message.data);
    }
  })();
}

// Module rules: the default export of a non-JavaScript module of the bundle.
function wasmModule(bytes) {
  return { default: new WasmModule(bytes) };
}

function jsonModule(text) {
  return { default: JSONParse(text) };
}

function textModule(text) {
  return { default: text };
}

function binaryModule(bytes) {
  return { default: TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(bytes)) };
}

internals.runtime = {
  restored, dispatch, deliver, hostPromise, setWorker, makeEnv, describe,
  wasmModule, jsonModule, textModule, binaryModule,
};
