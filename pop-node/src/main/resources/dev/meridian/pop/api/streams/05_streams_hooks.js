// `internals.streams`: what other folders (fetch, encoding) and the runtime's request/response
// bridge use. Every function takes and returns the public objects (ReadableStream...), never the
// internal records.
'use strict';

const {
  ArrayPrototypePush,
  PromisePrototypeThen,
  TypeError,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;
const impl = internals.streamsImpl;
const { newDeferred, resolvedPromise, rejectedPromise } = impl;

function recordOf(stream) {
  const s = impl.streamOf(stream);
  if (s === null) throw new TypeError('Not a ReadableStream.');
  return s;
}

function isUint8Array(chunk) {
  return TypedArrayPrototypeGetSymbolToStringTag(chunk) === 'Uint8Array';
}

// A readable byte stream fed by the host, for bodies of incoming requests and of fetch() responses.
// `pull()` returns a promise of the next chunk (a Uint8Array) or of null at the end; a rejection
// errors the stream. `cancel(reason)` (optional) is called once if the consumer cancels.
// Chunks are read ahead up to `highWaterMark` bytes (default 0: a chunk is pulled only when a read
// is waiting). Empty chunks are skipped. The stream supports BYOB readers.
function readableStreamFromPull(pull, cancel = undefined, highWaterMark = 0) {
  const s = impl.newReadableStream();
  let controller;
  const pullAlgorithm = () => PromisePrototypeThen(impl.promiseCall(pull, undefined), (chunk) => {
    if (chunk === null || chunk === undefined) {
      impl.readableByteStreamControllerClose(controller);
      // A pending BYOB read is answered with an empty view once the stream is closed.
      const byobRequest = impl.readableByteStreamControllerGetBYOBRequest(controller);
      if (byobRequest !== null) impl.readableByteStreamControllerRespond(controller, 0);
      return undefined;
    }
    if (!isUint8Array(chunk)) throw new TypeError('The host pulled a chunk that is not a Uint8Array.');
    if (TypedArrayPrototypeGetByteLength(chunk) === 0) return pullAlgorithm();
    impl.readableByteStreamControllerEnqueue(controller, chunk);
    return undefined;
  });
  const cancelAlgorithm = (reason) => (cancel !== undefined ? impl.promiseCall(cancel, undefined, reason) : resolvedPromise(undefined));
  const startAlgorithm = () => undefined;
  impl.setUpByteStreamForHost(s, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark);
  controller = s.controller;
  return s.obj;
}

// A readable byte stream holding `bytes` and then closed, for bodies known in full. The stream
// takes ownership of `bytes.buffer` (it is transferred, so pass a copy you do not keep).
function readableStreamFromBytes(bytes) {
  const s = impl.newReadableStream();
  const startAlgorithm = () => {
    if (TypedArrayPrototypeGetByteLength(bytes) > 0) impl.readableByteStreamControllerEnqueue(s.controller, bytes);
    impl.readableByteStreamControllerClose(s.controller);
  };
  impl.setUpByteStreamForHost(s, startAlgorithm, () => resolvedPromise(undefined), () => resolvedPromise(undefined), 0);
  return s.obj;
}

// Concatenates Uint8Arrays.
function concatBytes(chunks, totalLength) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(totalLength);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(out, chunks[i], offset);
    offset += TypedArrayPrototypeGetByteLength(chunks[i]);
  }
  return out;
}

// Reads every chunk of `stream` (which must not be locked) and resolves with their bytes joined
// (https://fetch.spec.whatwg.org/#body-fully-read). A chunk that is not a Uint8Array rejects with a
// TypeError, as the fetch standard wants.
function readAllBytes(stream) {
  const s = recordOf(stream);
  let reader;
  try {
    reader = impl.acquireReadableStreamDefaultReader(s);
  } catch (error) {
    return rejectedPromise(error);
  }
  const chunks = [];
  let total = 0;
  const done = newDeferred();
  const readRequest = {
    chunkSteps: (chunk) => {
      if (!isUint8Array(chunk)) {
        const error = new TypeError('The body stream produced a chunk that is not a Uint8Array.');
        impl.readableStreamCancel(s, error);
        done.reject(error);
        return;
      }
      ArrayPrototypePush(chunks, chunk);
      total += TypedArrayPrototypeGetByteLength(chunk);
      // The next read goes on a fresh microtask: chunk steps may run inside enqueue().
      impl.queueMicrotask(() => impl.readableStreamDefaultReaderRead(reader, readRequest));
    },
    closeSteps: () => {
      impl.readableStreamDefaultReaderRelease(reader);
      done.resolve(concatBytes(chunks, total));
    },
    errorSteps: (e) => {
      done.reject(e);
    },
  };
  impl.readableStreamDefaultReaderRead(reader, readRequest);
  return done.promise;
}

// For the host draining a body: locks `stream` and returns { read, cancel, release } where read()
// resolves with { value, done } (value a Uint8Array; a chunk of another type rejects with a
// TypeError), cancel(reason) cancels the stream, release() gives the lock back.
function acquireReader(stream) {
  const s = recordOf(stream);
  const reader = impl.acquireReadableStreamDefaultReader(s);
  return {
    read() {
      const readRequest = impl.newPromiseReadRequest();
      impl.readableStreamDefaultReaderRead(reader, readRequest);
      return PromisePrototypeThen(readRequest.promise, (result) => {
        if (!result.done && !isUint8Array(result.value)) {
          throw new TypeError('The body stream produced a chunk that is not a Uint8Array.');
        }
        return result;
      });
    },
    cancel(reason) {
      return impl.readableStreamCancel(s, reason);
    },
    release() {
      if (reader.stream !== null) impl.readableStreamDefaultReaderRelease(reader);
    },
  };
}

// A WritableStream whose chunks go to the host: write(chunk) and close() may return promises
// (backpressure), abort(reason) is called if the producer aborts.
function writableStreamFromSink(write, close = undefined, abortSink = undefined, highWaterMark = 1) {
  const call = (fn, ...args) => {
    try {
      return resolvedPromise(fn === undefined ? undefined : fn(...args));
    } catch (e) {
      return rejectedPromise(e);
    }
  };
  const s = impl.createWritableStream(() => undefined, (chunk) => call(write, chunk), () => call(close),
    (reason) => call(abortSink, reason), highWaterMark);
  return s.obj;
}

internals.streams = {
  ReadableStream: impl.ReadableStream,
  WritableStream: impl.WritableStream,
  TransformStream: impl.TransformStream,
  isReadableStream: (o) => impl.streamOf(o) !== null,
  isWritableStream: (o) => impl.writableOf(o) !== null,
  // https://streams.spec.whatwg.org/#is-readable-stream-disturbed
  isDisturbed: (stream) => recordOf(stream).disturbed,
  isLocked: (stream) => recordOf(stream).reader !== null,
  isErrored: (stream) => recordOf(stream).state === 'errored',
  isClosed: (stream) => recordOf(stream).state === 'closed',
  readableStreamFromPull,
  readableStreamFromBytes,
  readAllBytes,
  acquireReader,
  writableStreamFromSink,
  // https://streams.spec.whatwg.org/#readablestream-cancel
  cancel: (stream, reason) => impl.readableStreamCancel(recordOf(stream), reason),
  // https://streams.spec.whatwg.org/#readablestream-error (for the host when a body fails)
  error(stream, e) {
    const s = recordOf(stream);
    if (s.controller.kind === 'byte') {
      impl.readableByteStreamControllerError(s.controller, e);
    } else {
      impl.readableStreamDefaultControllerError(s.controller, e);
    }
  },
  // https://streams.spec.whatwg.org/#readablestream-tee: [branch1, branch2].
  tee(stream) {
    const [a, b] = impl.readableStreamTee(recordOf(stream), true);
    return [a.obj, b.obj];
  },
  // A TransformStream from algorithms: transform(chunk, enqueue), flush(enqueue), cancel(reason).
  createTransformStream(transform, flush = undefined, cancel = undefined) {
    return impl.createTransformStream(transform, flush, cancel).obj;
  },
};
