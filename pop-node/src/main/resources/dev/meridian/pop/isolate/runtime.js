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
  TypeError,
  Uint8Array,
  Error,
  JSONParse,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeGetBuffer,
} = primordials;

// Captured at bootstrap, before tenant code could replace the globals.
const { ReadableStream, Request, Response, URL, fetch } = globalThis;
// WebAssembly is not there while the snapshot is made; it is captured when an isolate is restored,
// before any tenant code runs (see restored()).
let WasmModule;

function restored() {
  WasmModule = globalThis.WebAssembly.Module;
}

const pending = new SafeMap();
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

function makeEnv(json) {
  return JSONParse(json);
}

/** The body of an incoming request, pulled from the host one chunk at a time. */
function hostBody(requestId) {
  return new ReadableStream({
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

function flatHeaders(headers) {
  const flat = [];
  for (const [name, value] of headers) {
    ArrayPrototypePush(flat, name, value);
  }
  return flat;
}

/** Entry point for one request: runs the handler and sends its response back. */
function dispatch(requestId, method, url, flat, hasBody) {
  const ctx = new ExecutionContext(requestId);
  let request;
  try {
    const init = { method, headers: headerList(flat) };
    if (hasBody) {
      init.body = hostBody(requestId);
      init.duplex = "half";
    }
    request = new Request(url, init);
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
    internals.ops.op_http_abort(requestId, describe(e));
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
  if (!(response instanceof Response)) {
    throw new TypeError("the fetch handler must return a Response (or a promise of one), got " +
      (response === null ? "null" : typeof response));
  }
  const status = response.status;
  const headers = flatHeaders(response.headers);
  const buffered = internals.fetch?.bufferedBody?.(response);
  if (buffered !== undefined) {
    internals.ops.op_http_respond(requestId, status, headers, buffered);
    return;
  }
  const body = response.body;
  if (body === null) {
    internals.ops.op_http_respond(requestId, status, headers, null);
    return;
  }
  internals.ops.op_http_start(requestId, status, headers);
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError("a response body stream must yield Uint8Array chunks");
    }
    if (!internals.ops.op_http_write(requestId, value)) {
      const [id, writable] = hostPromise();
      internals.ops.op_http_on_writable(requestId, id);
      await writable;
    }
  }
  internals.ops.op_http_end(requestId);
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
