// WritableStream, WritableStreamDefaultWriter and WritableStreamDefaultController
// (https://streams.spec.whatwg.org/#ws). See 00_streams_common.js for the record layout.
'use strict';

const {
  FunctionPrototypeCall,
  RangeError,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const impl = internals.streamsImpl;
const {
  CONSTRUCT, newDeferred, resolvedPromise, rejectedPromise, uponPromise, setPromiseIsHandledToTrue, promiseCall,
  returnUndefinedPromise, Queue, dequeueValue, enqueueValueWithSize, peekQueueValue, resetQueue,
  convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
} = impl;
const abort = internals.abortSignal;

// The close sentinel of https://streams.spec.whatwg.org/#ws-default-controller-close.
const closeSentinel = primordials.ObjectFreeze({ closeSentinel: true });

// Internal access (set by the classes' static blocks).
let writableOf;
let writerOf;
let writableControllerOf;

// https://streams.spec.whatwg.org/#dictdef-underlyingsink
const convertUnderlyingSink = impl.createCallbackDictionaryConverter('UnderlyingSink',
  ['abort', 'close', 'start', 'write'], [{ key: 'type', converter: webidl.converters.any }]);

function newWritableRecord() {
  return {
    obj: null, state: 'writable', storedError: undefined, writer: null, controller: null,
    inFlightWriteRequest: null, closeRequest: null, inFlightCloseRequest: null, pendingAbortRequest: null,
    writeRequests: new Queue(), backpressure: false,
  };
}

class WritableStream {
  #s;

  // https://streams.spec.whatwg.org/#ws-constructor
  constructor(underlyingSink = undefined, strategy = undefined) {
    const s = newWritableRecord();
    s.obj = this;
    this.#s = s;
    if (underlyingSink === CONSTRUCT) return;
    const prefix = "Failed to construct 'WritableStream'";
    const sink = convertUnderlyingSink(underlyingSink, prefix, 'Argument 1');
    const strat = convertQueuingStrategy(strategy, prefix, 'Argument 2');
    if (sink.type !== undefined) {
      throw new RangeError(`${prefix}: underlyingSink.type must be undefined.`);
    }
    const sizeAlgorithm = extractSizeAlgorithm(strat);
    const highWaterMark = extractHighWaterMark(strat, 1);
    setUpWritableStreamDefaultControllerFromUnderlyingSink(s, underlyingSink, sink, highWaterMark, sizeAlgorithm);
  }

  get locked() {
    return isWritableStreamLocked(checkWritable(this));
  }

  // https://streams.spec.whatwg.org/#ws-abort
  abort(reason = undefined) {
    const s = writableOf(this);
    if (s === null) return rejectedPromise(new TypeError('Illegal invocation'));
    if (isWritableStreamLocked(s)) {
      return rejectedPromise(new TypeError('Cannot abort a locked WritableStream.'));
    }
    return writableStreamAbort(s, reason);
  }

  // https://streams.spec.whatwg.org/#ws-close
  close() {
    const s = writableOf(this);
    if (s === null) return rejectedPromise(new TypeError('Illegal invocation'));
    if (isWritableStreamLocked(s)) {
      return rejectedPromise(new TypeError('Cannot close a locked WritableStream.'));
    }
    if (writableStreamCloseQueuedOrInFlight(s)) {
      return rejectedPromise(new TypeError('The WritableStream is already closing.'));
    }
    return writableStreamClose(s);
  }

  // https://streams.spec.whatwg.org/#ws-get-writer
  getWriter() {
    return acquireWritableStreamDefaultWriter(checkWritable(this)).obj;
  }

  static {
    writableOf = (o) => (o !== null && typeof o === 'object' && #s in o ? o.#s : null);
  }
}
const checkWritable = (self) => {
  const s = writableOf(self);
  if (s === null) throw new TypeError('Illegal invocation: receiver is not a WritableStream');
  return s;
};
webidl.configureInterface(WritableStream);
webidl.exposeInterface('WritableStream', WritableStream);

// https://streams.spec.whatwg.org/#create-writable-stream
function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark = 1,
  sizeAlgorithm = () => 1) {
  const s = writableOf(new WritableStream(CONSTRUCT));
  const c = newWritableControllerRecord();
  setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
    highWaterMark, sizeAlgorithm);
  return s;
}

// https://streams.spec.whatwg.org/#is-writable-stream-locked
function isWritableStreamLocked(s) {
  return s.writer !== null;
}

// https://streams.spec.whatwg.org/#writable-stream-abort
function writableStreamAbort(s, reason) {
  if (s.state === 'closed' || s.state === 'errored') return resolvedPromise(undefined);
  abort.signalAbort(s.controller.abortSignal, reason);
  const state = s.state;
  if (state === 'closed' || state === 'errored') return resolvedPromise(undefined);
  if (s.pendingAbortRequest !== null) return s.pendingAbortRequest.deferred.promise;
  let wasAlreadyErroring = false;
  if (state === 'erroring') {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const deferred = newDeferred();
  s.pendingAbortRequest = { deferred, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(s, reason);
  return deferred.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-close
function writableStreamClose(s) {
  const state = s.state;
  if (state === 'closed' || state === 'errored') {
    return rejectedPromise(new TypeError('The WritableStream is closed or errored.'));
  }
  const deferred = newDeferred();
  s.closeRequest = deferred;
  const writer = s.writer;
  if (writer !== null && s.backpressure && state === 'writable') {
    writer.readyPromise.resolve(undefined);
  }
  writableStreamDefaultControllerClose(s.controller);
  return deferred.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-add-write-request
function writableStreamAddWriteRequest(s) {
  const deferred = newDeferred();
  s.writeRequests.push(deferred);
  return deferred.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-deal-with-rejection
function writableStreamDealWithRejection(s, error) {
  if (s.state === 'writable') {
    writableStreamStartErroring(s, error);
    return;
  }
  writableStreamFinishErroring(s);
}

// https://streams.spec.whatwg.org/#writable-stream-start-erroring
function writableStreamStartErroring(s, reason) {
  const c = s.controller;
  s.state = 'erroring';
  s.storedError = reason;
  const writer = s.writer;
  if (writer !== null) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(s) && c.started) writableStreamFinishErroring(s);
}

// https://streams.spec.whatwg.org/#writable-stream-finish-erroring
function writableStreamFinishErroring(s) {
  s.state = 'errored';
  s.controller.errorSteps();
  const storedError = s.storedError;
  const writeRequests = s.writeRequests;
  s.writeRequests = new Queue();
  while (writeRequests.length > 0) writeRequests.shift().reject(storedError);
  if (s.pendingAbortRequest === null) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  const abortRequest = s.pendingAbortRequest;
  s.pendingAbortRequest = null;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.deferred.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  const promise = s.controller.abortSteps(abortRequest.reason);
  uponPromise(promise, () => {
    abortRequest.deferred.resolve(undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  }, (reason) => {
    abortRequest.deferred.reject(reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  });
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write
function writableStreamFinishInFlightWrite(s) {
  s.inFlightWriteRequest.resolve(undefined);
  s.inFlightWriteRequest = null;
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write-with-error
function writableStreamFinishInFlightWriteWithError(s, error) {
  s.inFlightWriteRequest.reject(error);
  s.inFlightWriteRequest = null;
  writableStreamDealWithRejection(s, error);
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close
function writableStreamFinishInFlightClose(s) {
  s.inFlightCloseRequest.resolve(undefined);
  s.inFlightCloseRequest = null;
  if (s.state === 'erroring') {
    s.storedError = undefined;
    if (s.pendingAbortRequest !== null) {
      s.pendingAbortRequest.deferred.resolve(undefined);
      s.pendingAbortRequest = null;
    }
  }
  s.state = 'closed';
  const writer = s.writer;
  if (writer !== null) writer.closedPromise.resolve(undefined);
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close-with-error
function writableStreamFinishInFlightCloseWithError(s, error) {
  s.inFlightCloseRequest.reject(error);
  s.inFlightCloseRequest = null;
  if (s.pendingAbortRequest !== null) {
    s.pendingAbortRequest.deferred.reject(error);
    s.pendingAbortRequest = null;
  }
  writableStreamDealWithRejection(s, error);
}

// https://streams.spec.whatwg.org/#writable-stream-close-queued-or-in-flight
function writableStreamCloseQueuedOrInFlight(s) {
  return s.closeRequest !== null || s.inFlightCloseRequest !== null;
}

// https://streams.spec.whatwg.org/#writable-stream-has-operation-marked-in-flight
function writableStreamHasOperationMarkedInFlight(s) {
  return s.inFlightWriteRequest !== null || s.inFlightCloseRequest !== null;
}

// https://streams.spec.whatwg.org/#writable-stream-mark-close-request-in-flight
function writableStreamMarkCloseRequestInFlight(s) {
  s.inFlightCloseRequest = s.closeRequest;
  s.closeRequest = null;
}

// https://streams.spec.whatwg.org/#writable-stream-mark-first-write-request-in-flight
function writableStreamMarkFirstWriteRequestInFlight(s) {
  s.inFlightWriteRequest = s.writeRequests.shift();
}

// https://streams.spec.whatwg.org/#writable-stream-reject-close-and-closed-promise-if-needed
function writableStreamRejectCloseAndClosedPromiseIfNeeded(s) {
  if (s.closeRequest !== null) {
    s.closeRequest.reject(s.storedError);
    s.closeRequest = null;
  }
  const writer = s.writer;
  if (writer !== null) {
    writer.closedPromise.reject(s.storedError);
    setPromiseIsHandledToTrue(writer.closedPromise.promise);
  }
}

// https://streams.spec.whatwg.org/#writable-stream-update-backpressure
function writableStreamUpdateBackpressure(s, backpressure) {
  const writer = s.writer;
  if (writer !== null && backpressure !== s.backpressure) {
    if (backpressure) {
      writer.readyPromise = newDeferred();
    } else {
      writer.readyPromise.resolve(undefined);
    }
  }
  s.backpressure = backpressure;
}

// --- WritableStreamDefaultWriter -------------------------------------------------------------------

function newWriterRecord() {
  return { obj: null, stream: null, readyPromise: null, closedPromise: null };
}

class WritableStreamDefaultWriter {
  #w;

  // https://streams.spec.whatwg.org/#default-writer-constructor
  constructor(stream, record = undefined) {
    if (stream === CONSTRUCT) {
      this.#w = record;
      record.obj = this;
      return;
    }
    const prefix = "Failed to construct 'WritableStreamDefaultWriter'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const s = writableOf(stream);
    if (s === null) throw new TypeError(`${prefix}: Argument 1 is not a WritableStream.`);
    const w = newWriterRecord();
    w.obj = this;
    this.#w = w;
    setUpWritableStreamDefaultWriter(w, s);
  }

  get closed() {
    const w = writerOf(this);
    if (w === null) return rejectedPromise(new TypeError('Illegal invocation'));
    return w.closedPromise.promise;
  }

  // https://streams.spec.whatwg.org/#default-writer-desired-size
  get desiredSize() {
    const w = writerOf(this);
    if (w === null) throw new TypeError('Illegal invocation');
    if (w.stream === null) throw new TypeError('The writer has no stream.');
    return writableStreamDefaultWriterGetDesiredSize(w);
  }

  get ready() {
    const w = writerOf(this);
    if (w === null) return rejectedPromise(new TypeError('Illegal invocation'));
    return w.readyPromise.promise;
  }

  // https://streams.spec.whatwg.org/#default-writer-abort
  abort(reason = undefined) {
    const w = writerOf(this);
    if (w === null) return rejectedPromise(new TypeError('Illegal invocation'));
    if (w.stream === null) return rejectedPromise(new TypeError('The writer has no stream.'));
    return writableStreamAbort(w.stream, reason);
  }

  // https://streams.spec.whatwg.org/#default-writer-close
  close() {
    const w = writerOf(this);
    if (w === null) return rejectedPromise(new TypeError('Illegal invocation'));
    const s = w.stream;
    if (s === null) return rejectedPromise(new TypeError('The writer has no stream.'));
    if (writableStreamCloseQueuedOrInFlight(s)) {
      return rejectedPromise(new TypeError('The WritableStream is already closing.'));
    }
    return writableStreamClose(s);
  }

  // https://streams.spec.whatwg.org/#default-writer-release-lock
  releaseLock() {
    const w = writerOf(this);
    if (w === null) throw new TypeError('Illegal invocation');
    if (w.stream === null) return;
    writableStreamDefaultWriterRelease(w);
  }

  // https://streams.spec.whatwg.org/#default-writer-write
  write(chunk = undefined) {
    const w = writerOf(this);
    if (w === null) return rejectedPromise(new TypeError('Illegal invocation'));
    if (w.stream === null) return rejectedPromise(new TypeError('The writer has no stream.'));
    return writableStreamDefaultWriterWrite(w, chunk);
  }

  static {
    writerOf = (o) => (o !== null && typeof o === 'object' && #w in o ? o.#w : null);
  }
}
webidl.configureInterface(WritableStreamDefaultWriter);
webidl.exposeInterface('WritableStreamDefaultWriter', WritableStreamDefaultWriter);

// https://streams.spec.whatwg.org/#acquire-writable-stream-default-writer
function acquireWritableStreamDefaultWriter(s) {
  const w = newWriterRecord();
  setUpWritableStreamDefaultWriter(w, s);
  new WritableStreamDefaultWriter(CONSTRUCT, w); // eslint-disable-line no-new
  return w;
}

function rejectedDeferred(reason) {
  const d = newDeferred();
  d.reject(reason);
  setPromiseIsHandledToTrue(d.promise);
  return d;
}

function resolvedDeferred() {
  const d = newDeferred();
  d.resolve(undefined);
  return d;
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer
function setUpWritableStreamDefaultWriter(w, s) {
  if (isWritableStreamLocked(s)) {
    throw new TypeError('The WritableStream is already locked to a writer.');
  }
  w.stream = s;
  s.writer = w;
  const state = s.state;
  if (state === 'writable') {
    if (!writableStreamCloseQueuedOrInFlight(s) && s.backpressure) {
      w.readyPromise = newDeferred();
    } else {
      w.readyPromise = resolvedDeferred();
    }
    w.closedPromise = newDeferred();
  } else if (state === 'erroring') {
    w.readyPromise = rejectedDeferred(s.storedError);
    w.closedPromise = newDeferred();
  } else if (state === 'closed') {
    w.readyPromise = resolvedDeferred();
    w.closedPromise = resolvedDeferred();
  } else {
    const storedError = s.storedError;
    w.readyPromise = rejectedDeferred(storedError);
    w.closedPromise = rejectedDeferred(storedError);
  }
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-close-with-error-propagation
function writableStreamDefaultWriterCloseWithErrorPropagation(w) {
  const s = w.stream;
  const state = s.state;
  if (writableStreamCloseQueuedOrInFlight(s) || state === 'closed') return resolvedPromise(undefined);
  if (state === 'errored') return rejectedPromise(s.storedError);
  return writableStreamClose(s);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-closed-promise-rejected
function writableStreamDefaultWriterEnsureClosedPromiseRejected(w, error) {
  if (w.closedPromise.state === 'pending') {
    w.closedPromise.reject(error);
  } else {
    w.closedPromise = rejectedDeferred(error);
  }
  setPromiseIsHandledToTrue(w.closedPromise.promise);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-ready-promise-rejected
function writableStreamDefaultWriterEnsureReadyPromiseRejected(w, error) {
  if (w.readyPromise.state === 'pending') {
    w.readyPromise.reject(error);
  } else {
    w.readyPromise = rejectedDeferred(error);
  }
  setPromiseIsHandledToTrue(w.readyPromise.promise);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-get-desired-size
function writableStreamDefaultWriterGetDesiredSize(w) {
  const s = w.stream;
  const state = s.state;
  if (state === 'errored' || state === 'erroring') return null;
  if (state === 'closed') return 0;
  return writableStreamDefaultControllerGetDesiredSize(s.controller);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-release
function writableStreamDefaultWriterRelease(w) {
  const s = w.stream;
  const releasedError = new TypeError('The writer was released.');
  writableStreamDefaultWriterEnsureReadyPromiseRejected(w, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(w, releasedError);
  s.writer = null;
  w.stream = null;
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-write
function writableStreamDefaultWriterWrite(w, chunk) {
  const s = w.stream;
  const c = s.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(c, chunk);
  if (s !== w.stream) return rejectedPromise(new TypeError('The writer was released.'));
  const state = s.state;
  if (state === 'errored') return rejectedPromise(s.storedError);
  if (writableStreamCloseQueuedOrInFlight(s) || state === 'closed') {
    return rejectedPromise(new TypeError('The WritableStream is closing or closed.'));
  }
  if (state === 'erroring') return rejectedPromise(s.storedError);
  const promise = writableStreamAddWriteRequest(s);
  writableStreamDefaultControllerWrite(c, chunk, chunkSize);
  return promise;
}

// --- WritableStreamDefaultController ---------------------------------------------------------------

function newWritableControllerRecord() {
  return {
    obj: null, stream: null, queue: new Queue(), queueTotalSize: 0, started: false, strategyHWM: 1,
    strategySizeAlgorithm: undefined, writeAlgorithm: undefined, closeAlgorithm: undefined,
    abortAlgorithm: undefined, abortController: null, abortSignal: null, abortSteps: undefined,
    errorSteps: undefined,
  };
}

class WritableStreamDefaultController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    this.#c = record;
    record.obj = this;
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-signal
  get signal() {
    return checkWritableController(this).abortSignal;
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-error
  error(e = undefined) {
    const c = checkWritableController(this);
    if (c.stream.state !== 'writable') return;
    writableStreamDefaultControllerError(c, e);
  }

  static {
    writableControllerOf = (o) => (o !== null && typeof o === 'object' && #c in o ? o.#c : null);
  }
}
const checkWritableController = (self) => {
  const c = writableControllerOf(self);
  if (c === null) throw new TypeError('Illegal invocation: receiver is not a WritableStreamDefaultController');
  return c;
};
webidl.configureInterface(WritableStreamDefaultController);
webidl.exposeInterface('WritableStreamDefaultController', WritableStreamDefaultController);

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller
function setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
  highWaterMark, sizeAlgorithm) {
  c.stream = s;
  s.controller = c;
  resetQueue(c);
  c.abortSignal = abort.newSignal();
  c.started = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.writeAlgorithm = writeAlgorithm;
  c.closeAlgorithm = closeAlgorithm;
  c.abortAlgorithm = abortAlgorithm;
  // [[AbortSteps]] (https://streams.spec.whatwg.org/#ws-default-controller-private-abort)
  c.abortSteps = (reason) => {
    const result = c.abortAlgorithm(reason);
    writableStreamDefaultControllerClearAlgorithms(c);
    return result;
  };
  // [[ErrorSteps]] (https://streams.spec.whatwg.org/#ws-default-controller-private-error)
  c.errorSteps = () => {
    resetQueue(c);
  };
  if (c.obj === null) new WritableStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
  const backpressure = writableStreamDefaultControllerGetBackpressure(c);
  writableStreamUpdateBackpressure(s, backpressure);
  const startResult = startAlgorithm();
  uponPromise(resolvedPromise(startResult), () => {
    c.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (r) => {
    c.started = true;
    writableStreamDealWithRejection(s, r);
  });
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller-from-underlying-sink
function setUpWritableStreamDefaultControllerFromUnderlyingSink(s, underlyingSink, dict, highWaterMark,
  sizeAlgorithm) {
  const c = newWritableControllerRecord();
  new WritableStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
  const startAlgorithm = dict.start !== undefined
    ? () => FunctionPrototypeCall(dict.start, underlyingSink, c.obj)
    : () => undefined;
  const writeAlgorithm = dict.write !== undefined
    ? (chunk) => promiseCall(dict.write, underlyingSink, chunk, c.obj)
    : returnUndefinedPromise;
  const closeAlgorithm = dict.close !== undefined
    ? () => promiseCall(dict.close, underlyingSink)
    : returnUndefinedPromise;
  const abortAlgorithm = dict.abort !== undefined
    ? (reason) => promiseCall(dict.abort, underlyingSink, reason)
    : returnUndefinedPromise;
  setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
    highWaterMark, sizeAlgorithm);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-advance-queue-if-needed
function writableStreamDefaultControllerAdvanceQueueIfNeeded(c) {
  const s = c.stream;
  if (!c.started) return;
  if (s.inFlightWriteRequest !== null) return;
  const state = s.state;
  if (state === 'erroring') {
    writableStreamFinishErroring(s);
    return;
  }
  if (c.queue.length === 0) return;
  const value = peekQueueValue(c);
  if (value === closeSentinel) {
    writableStreamDefaultControllerProcessClose(c);
  } else {
    writableStreamDefaultControllerProcessWrite(c, value);
  }
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-clear-algorithms
function writableStreamDefaultControllerClearAlgorithms(c) {
  c.writeAlgorithm = undefined;
  c.closeAlgorithm = undefined;
  c.abortAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-close
function writableStreamDefaultControllerClose(c) {
  enqueueValueWithSize(c, closeSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-error
function writableStreamDefaultControllerError(c, error) {
  const s = c.stream;
  writableStreamDefaultControllerClearAlgorithms(c);
  writableStreamStartErroring(s, error);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-error-if-needed
function writableStreamDefaultControllerErrorIfNeeded(c, error) {
  if (c.stream.state === 'writable') writableStreamDefaultControllerError(c, error);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-backpressure
function writableStreamDefaultControllerGetBackpressure(c) {
  return writableStreamDefaultControllerGetDesiredSize(c) <= 0;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-chunk-size
function writableStreamDefaultControllerGetChunkSize(c, chunk) {
  if (c.strategySizeAlgorithm === undefined) return 1;
  try {
    return c.strategySizeAlgorithm(chunk);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(c, error);
    return 1;
  }
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-desired-size
function writableStreamDefaultControllerGetDesiredSize(c) {
  return c.strategyHWM - c.queueTotalSize;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-process-close
function writableStreamDefaultControllerProcessClose(c) {
  const s = c.stream;
  writableStreamMarkCloseRequestInFlight(s);
  dequeueValue(c);
  const sinkClosePromise = c.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(c);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(s);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(s, reason);
  });
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-process-write
function writableStreamDefaultControllerProcessWrite(c, chunk) {
  const s = c.stream;
  writableStreamMarkFirstWriteRequestInFlight(s);
  const sinkWritePromise = c.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(s);
    const state = s.state;
    dequeueValue(c);
    if (!writableStreamCloseQueuedOrInFlight(s) && state === 'writable') {
      const backpressure = writableStreamDefaultControllerGetBackpressure(c);
      writableStreamUpdateBackpressure(s, backpressure);
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (reason) => {
    if (s.state === 'writable') writableStreamDefaultControllerClearAlgorithms(c);
    writableStreamFinishInFlightWriteWithError(s, reason);
  });
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-write
function writableStreamDefaultControllerWrite(c, chunk, chunkSize) {
  try {
    enqueueValueWithSize(c, chunk, chunkSize);
  } catch (enqueueError) {
    writableStreamDefaultControllerErrorIfNeeded(c, enqueueError);
    return;
  }
  const s = c.stream;
  if (!writableStreamCloseQueuedOrInFlight(s) && s.state === 'writable') {
    const backpressure = writableStreamDefaultControllerGetBackpressure(c);
    writableStreamUpdateBackpressure(s, backpressure);
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

impl.WritableStream = WritableStream;
impl.writableOf = writableOf;
impl.isWritableStream = (o) => writableOf(o) !== null;
impl.createWritableStream = createWritableStream;
impl.isWritableStreamLocked = isWritableStreamLocked;
impl.writableStreamAbort = writableStreamAbort;
impl.writableStreamClose = writableStreamClose;
impl.writableStreamCloseQueuedOrInFlight = writableStreamCloseQueuedOrInFlight;
impl.writableStreamDealWithRejection = writableStreamDealWithRejection;
impl.writableStreamStartErroring = writableStreamStartErroring;
impl.writableStreamFinishErroring = writableStreamFinishErroring;
impl.writableStreamUpdateBackpressure = writableStreamUpdateBackpressure;
impl.acquireWritableStreamDefaultWriter = acquireWritableStreamDefaultWriter;
impl.writableStreamDefaultWriterRelease = writableStreamDefaultWriterRelease;
impl.writableStreamDefaultWriterWrite = writableStreamDefaultWriterWrite;
impl.writableStreamDefaultWriterCloseWithErrorPropagation = writableStreamDefaultWriterCloseWithErrorPropagation;
impl.writableStreamDefaultWriterGetDesiredSize = writableStreamDefaultWriterGetDesiredSize;
impl.writableStreamDefaultControllerErrorIfNeeded = writableStreamDefaultControllerErrorIfNeeded;
impl.writableStreamDefaultControllerError = writableStreamDefaultControllerError;
