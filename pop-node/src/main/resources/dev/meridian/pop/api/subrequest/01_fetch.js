// The global fetch(input, init) (https://fetch.spec.whatwg.org/#fetch-method), for workers: the
// request is built with Request, sent by the host (op_subrequest_*), and the response body streams in
// as the worker reads it. A network failure rejects with a TypeError, as the spec says; an aborted
// signal rejects with the signal's reason.
'use strict';

const {
  ArrayPrototypePush,
  Promise,
  PromisePrototypeThen,
  String,
  TypeError,
  TypedArrayPrototypeGetByteLength,
  Uint8Array,
} = primordials;

// Captured before tenant code can replace them.
const { Request, ReadableStream } = globalThis;
const bridge = internals.fetch;
const streams = internals.streams;

const NULL_BODY_STATUSES = new primordials.SafeSet([101, 103, 204, 205, 304]);

function flatHeaders(pairs) {
  const flat = [];
  for (let i = 0; i < pairs.length; i++) ArrayPrototypePush(flat, pairs[i][0], pairs[i][1]);
  return flat;
}

function headerPairs(flat) {
  const pairs = [];
  for (let i = 0; i < flat.length; i += 2) ArrayPrototypePush(pairs, [flat[i], flat[i + 1]]);
  return pairs;
}

function bodyStream(id) {
  return new ReadableStream({
    type: 'bytes',
    async pull(controller) {
      for (;;) {
        let chunk;
        try {
          chunk = await internals.ops.op_subrequest_read(id);
        } catch (e) {
          throw new TypeError(`fetch: reading the response body failed: ${e.message}`);
        }
        if (chunk === null || chunk === undefined) { // the host's end of body
          internals.ops.op_subrequest_cancel(id);
          controller.close();
          if (controller.byobRequest) controller.byobRequest.respond(0);
          return;
        }
        if (TypedArrayPrototypeGetByteLength(chunk) > 0) {
          controller.enqueue(chunk);
          return;
        }
      }
    },
    cancel() {
      internals.ops.op_subrequest_cancel(id);
    },
  }, { highWaterMark: 0 });
}

// Writes a stream body to the host chunk by chunk while the request is on the wire, each write
// waiting until the host has taken the last (backpressure). If the stream fails, the request fails;
// if the request fails, the stream is cancelled.
async function sendBody(id, stream) {
  let reader = null;
  try {
    reader = streams.acquireReader(stream);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (TypedArrayPrototypeGetByteLength(value) > 0) await internals.ops.op_subrequest_body_write(id, value);
    }
    internals.ops.op_subrequest_body_end(id);
  } catch (e) {
    internals.ops.op_subrequest_body_error(id, String(e?.message ?? e));
    if (reader !== null) PromisePrototypeThen(reader.cancel(e), undefined, () => {});
  }
}

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const out = bridge.requestForHost(request);
  const signal = out.signal;
  if (signal.aborted) throw signal.reason;
  let body = out.bytes;
  if (body !== null && TypedArrayPrototypeGetByteLength(body) === 0) body = null;
  const streamed = out.stream !== null;
  const id = internals.ops.op_subrequest_start(out.method, out.url, flatHeaders(out.headers), body, out.redirect,
    streamed);
  if (streamed) sendBody(id, out.stream);
  const onAbort = () => internals.ops.op_subrequest_cancel(id);
  signal.addEventListener('abort', onAbort, { once: true });
  let head;
  try {
    head = await new Promise((resolve, reject) => {
      PromisePrototypeThen(internals.ops.op_subrequest_response(id), resolve,
        (e) => reject(new TypeError(`fetch to ${out.url} failed: ${e.message}`)));
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  } catch (e) {
    signal.removeEventListener('abort', onAbort);
    throw e;
  }
  if (out.redirect === 'error' && head.status >= 300 && head.status < 400) {
    internals.ops.op_subrequest_cancel(id);
    throw new TypeError(`fetch: ${out.url} redirected, and the request's redirect mode is "error"`);
  }
  const nullBody = NULL_BODY_STATUSES.has(head.status) || out.method === 'HEAD';
  if (nullBody) internals.ops.op_subrequest_cancel(id);
  return bridge.newFetchResponse({
    status: head.status,
    headers: headerPairs(head.headers),
    body: nullBody ? null : bodyStream(id),
    urlList: head.redirected ? [out.url, head.url] : [head.url],
  });
}

internals.webidl.exposeFunction('fetch', fetch);
