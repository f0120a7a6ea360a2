// ReadableStream's pipeTo and pipeThrough (https://streams.spec.whatwg.org/#rs-pipe-to,
// https://streams.spec.whatwg.org/#readable-stream-pipe-to).
'use strict';

const {
  ArrayPrototypeMap,
  ArrayPrototypePush,
  PromisePrototypeThen,
  SafePromiseAll,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const impl = internals.streamsImpl;
const {
  newDeferred, resolvedPromise, rejectedPromise, uponPromise, uponFulfillment, uponRejection,
  setPromiseIsHandledToTrue,
} = impl;
const abort = internals.abortSignal;

const convertStreamPipeOptions = webidl.createDictionaryConverter('StreamPipeOptions', [
  { key: 'preventAbort', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'preventCancel', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'preventClose', converter: webidl.converters.boolean, defaultValue: false },
  {
    key: 'signal',
    converter: webidl.createInterfaceConverter('AbortSignal', abort.isAbortSignal),
  },
]);

// https://streams.spec.whatwg.org/#rs-pipe-through
function pipeThrough(s, transform, options) {
  const prefix = "Failed to execute 'pipeThrough' on 'ReadableStream'";
  if (transform === null || (typeof transform !== 'object' && typeof transform !== 'function')) {
    throw new TypeError(`${prefix}: Argument 1 is not a ReadableWritablePair.`);
  }
  // https://streams.spec.whatwg.org/#dictdef-readablewritablepair (members in order)
  const readableObj = transform.readable;
  const readable = impl.streamOf(readableObj);
  if (readable === null) throw new TypeError(`${prefix}: 'readable' of Argument 1 is not a ReadableStream.`);
  const writableObj = transform.writable;
  const writable = impl.writableOf(writableObj);
  if (writable === null) throw new TypeError(`${prefix}: 'writable' of Argument 1 is not a WritableStream.`);
  const opts = convertStreamPipeOptions(options, prefix, 'Argument 2');
  if (impl.isReadableStreamLocked(s)) throw new TypeError(`${prefix}: The ReadableStream is locked.`);
  if (impl.isWritableStreamLocked(writable)) throw new TypeError(`${prefix}: The WritableStream is locked.`);
  const promise = readableStreamPipeTo(s, writable, opts.preventClose, opts.preventAbort, opts.preventCancel,
    opts.signal);
  setPromiseIsHandledToTrue(promise);
  return readable.obj;
}

// https://streams.spec.whatwg.org/#rs-pipe-to
function pipeTo(s, destination, options) {
  const prefix = "Failed to execute 'pipeTo' on 'ReadableStream'";
  const dest = impl.writableOf(destination);
  if (dest === null) return rejectedPromise(new TypeError(`${prefix}: Argument 1 is not a WritableStream.`));
  let opts;
  try {
    opts = convertStreamPipeOptions(options, prefix, 'Argument 2');
  } catch (error) {
    return rejectedPromise(error);
  }
  if (impl.isReadableStreamLocked(s)) {
    return rejectedPromise(new TypeError(`${prefix}: The ReadableStream is locked.`));
  }
  if (impl.isWritableStreamLocked(dest)) {
    return rejectedPromise(new TypeError(`${prefix}: The WritableStream is locked.`));
  }
  return readableStreamPipeTo(s, dest, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal);
}

// https://streams.spec.whatwg.org/#readable-stream-pipe-to
function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal = undefined) {
  const reader = impl.acquireReadableStreamDefaultReader(source);
  const writer = impl.acquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  const promise = newDeferred();
  // The write in flight, if any, so that shutdown waits for it.
  let currentWrite = resolvedPromise(undefined);
  let abortAlgorithm;

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = abort.reason(signal);
      const actions = [];
      if (!preventAbort) {
        ArrayPrototypePush(actions, () => (dest.state === 'writable' ? impl.writableStreamAbort(dest, error) : resolvedPromise(undefined)));
      }
      if (!preventCancel) {
        ArrayPrototypePush(actions, () => (source.state === 'readable' ? impl.readableStreamCancel(source, error) : resolvedPromise(undefined)));
      }
      shutdownWithAnAction(() => SafePromiseAll(ArrayPrototypeMap(actions, (a) => a())),
        true, error);
    };
    if (abort.isAborted(signal)) {
      abortAlgorithm();
      return promise.promise;
    }
    abort.addAlgorithm(signal, abortAlgorithm);
  }

  // The loop: wait for backpressure to clear, read one chunk, write it, repeat.
  function pipeLoop() {
    if (shuttingDown) return;
    const ready = writer.readyPromise.promise;
    uponFulfillment(ready, () => {
      if (shuttingDown) return;
      impl.readableStreamDefaultReaderRead(reader, {
        chunkSteps: (chunk) => {
          currentWrite = PromisePrototypeThen(impl.writableStreamDefaultWriterWrite(writer, chunk), undefined, () => {});
          impl.queueMicrotask(pipeLoop);
        },
        closeSteps: () => {},
        errorSteps: () => {},
      });
    });
  }

  // Errors must be propagated forward.
  onErrored(source, reader.closedPromise, (storedError) => {
    if (!preventAbort) {
      shutdownWithAnAction(() => impl.writableStreamAbort(dest, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  });
  // Errors must be propagated backward.
  onErrored(dest, writer.closedPromise, (storedError) => {
    if (!preventCancel) {
      shutdownWithAnAction(() => impl.readableStreamCancel(source, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  });
  // Closing must be propagated forward.
  onClosed(source, reader.closedPromise, () => {
    if (!preventClose) {
      shutdownWithAnAction(() => impl.writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    } else {
      shutdown();
    }
  });
  // Closing must be propagated backward.
  if (impl.writableStreamCloseQueuedOrInFlight(dest) || dest.state === 'closed') {
    const destClosed = new TypeError('The destination WritableStream is closed.');
    if (!preventCancel) {
      shutdownWithAnAction(() => impl.readableStreamCancel(source, destClosed), true, destClosed);
    } else {
      shutdown(true, destClosed);
    }
  }

  setPromiseIsHandledToTrue(promise.promise);
  pipeLoop();
  return promise.promise;

  function onErrored(stream, closedDeferred, action) {
    if (stream.state === 'errored') {
      action(stream.storedError);
    } else {
      uponRejection(closedDeferred.promise, action);
    }
  }

  function onClosed(stream, closedDeferred, action) {
    if (stream.state === 'closed') {
      action();
    } else {
      uponFulfillment(closedDeferred.promise, action);
    }
  }

  // Waits for every chunk read so far to be written (https://streams.spec.whatwg.org/#rs-pipeTo-shutdown-with-action).
  function waitForWritesToFinish() {
    const oldCurrentWrite = currentWrite;
    return PromisePrototypeThen(oldCurrentWrite,
      () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }

  function shutdownWithAnAction(action, hasOriginalError = false, originalError = undefined) {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      uponPromise(action(), () => finalize(hasOriginalError, originalError), (newError) => finalize(true, newError));
    };
    if (dest.state === 'writable' && !impl.writableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  }

  function shutdown(isError = false, error = undefined) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === 'writable' && !impl.writableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  }

  function finalize(isError, error) {
    impl.writableStreamDefaultWriterRelease(writer);
    impl.readableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) abort.removeAlgorithm(signal, abortAlgorithm);
    if (isError) {
      promise.reject(error);
    } else {
      promise.resolve(undefined);
    }
  }
}

impl.pipeTo = pipeTo;
impl.pipeThrough = pipeThrough;
impl.readableStreamPipeTo = readableStreamPipeTo;
