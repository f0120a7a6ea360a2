// The global fetch(input, init) (https://fetch.spec.whatwg.org/#fetch-method), for workers: the
// request is built with Request, sent by the host (op_subrequest_*), and the response body streams in
// as the worker reads it. A network failure rejects with a TypeError, as the spec says; an aborted
// signal rejects with the signal's reason.
'use strict';

const {
  ArrayPrototypePush,
  Promise,
  PromisePrototypeThen,
  TypeError,
  TypedArrayPrototypeGetByteLength,
  Uint8Array,
  ArrayBufferPrototypeGetByteLength,
} = primordials;

// Captured before tenant code can replace them.
const { Request, Response, ReadableStream } = globalThis;

const NULL_BODY_STATUSES = new primordials.SafeSet([101, 103, 204, 205, 304]);

function flatHeaders(headers) {
  const flat = [];
  for (const [name, value] of headers) ArrayPrototypePush(flat, name, value);
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
        if (chunk === null) {
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

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const signal = request.signal;
  if (signal.aborted) throw signal.reason;
  let body = null;
  if (request.body !== null) {
    // TODO(soon): stream request bodies to the host instead of reading them whole first.
    const buffer = await request.arrayBuffer();
    body = ArrayBufferPrototypeGetByteLength(buffer) === 0 ? null : new Uint8Array(buffer);
  }
  const id = internals.ops.op_subrequest_start(
    request.method, request.url, flatHeaders(request.headers), body, request.redirect);
  const onAbort = () => internals.ops.op_subrequest_cancel(id);
  signal.addEventListener('abort', onAbort, { once: true });
  let head;
  try {
    head = await new Promise((resolve, reject) => {
      PromisePrototypeThen(internals.ops.op_subrequest_response(id), resolve,
        (e) => reject(new TypeError(e.message)));
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  } catch (e) {
    signal.removeEventListener('abort', onAbort);
    throw e;
  }
  if (request.redirect === 'error' && head.status >= 300 && head.status < 400) {
    internals.ops.op_subrequest_cancel(id);
    throw new TypeError(`fetch: ${request.url} redirected, and the request's redirect mode is "error"`);
  }
  const nullBody = NULL_BODY_STATUSES.has(head.status) || request.method === 'HEAD';
  if (nullBody) internals.ops.op_subrequest_cancel(id);
  const response = new Response(nullBody ? null : bodyStream(id), {
    status: head.status,
    headers: headerPairs(head.headers),
  });
  internals.fetch?.setResponseUrl?.(response, head.url, head.redirected);
  return response;
}

internals.webidl.exposeFunction('fetch', fetch);
