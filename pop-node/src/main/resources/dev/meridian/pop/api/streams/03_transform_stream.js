// TransformStream and TransformStreamDefaultController (https://streams.spec.whatwg.org/#ts).
// See 00_streams_common.js for the record layout.
'use strict';

const {
  FunctionPrototypeCall,
  PromisePrototypeThen,
  RangeError,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const impl = internals.streamsImpl;
const {
  CONSTRUCT, newDeferred, resolvedPromise, rejectedPromise, uponPromise, promiseCall,
  returnUndefinedPromise, convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
} = impl;

let transformOf;
let transformControllerOf;

// https://streams.spec.whatwg.org/#dictdef-transformer
const convertTransformer = impl.createCallbackDictionaryConverter('Transformer',
  ['cancel', 'flush', 'start', 'transform'], [
    { key: 'readableType', converter: webidl.converters.any },
    { key: 'writableType', converter: webidl.converters.any },
  ]);

function newTransformRecord() {
  return {
    obj: null, readable: null, writable: null, backpressure: undefined, backpressureChangePromise: null,
    controller: null,
  };
}

class TransformStream {
  #t;

  // https://streams.spec.whatwg.org/#ts-constructor
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const t = newTransformRecord();
    t.obj = this;
    this.#t = t;
    if (transformer === CONSTRUCT) return;
    const prefix = "Failed to construct 'TransformStream'";
    const dict = convertTransformer(transformer, prefix, 'Argument 1');
    const writableStrat = convertQueuingStrategy(writableStrategy, prefix, 'Argument 2');
    const readableStrat = convertQueuingStrategy(readableStrategy, prefix, 'Argument 3');
    if (dict.readableType !== undefined) throw new RangeError(`${prefix}: readableType must be undefined.`);
    if (dict.writableType !== undefined) throw new RangeError(`${prefix}: writableType must be undefined.`);
    const readableHighWaterMark = extractHighWaterMark(readableStrat, 0);
    const readableSizeAlgorithm = extractSizeAlgorithm(readableStrat);
    const writableHighWaterMark = extractHighWaterMark(writableStrat, 1);
    const writableSizeAlgorithm = extractSizeAlgorithm(writableStrat);
    const startPromise = newDeferred();
    initializeTransformStream(t, startPromise.promise, writableHighWaterMark, writableSizeAlgorithm,
      readableHighWaterMark, readableSizeAlgorithm);
    setUpTransformStreamDefaultControllerFromTransformer(t, transformer, dict);
    if (dict.start !== undefined) {
      startPromise.resolve(FunctionPrototypeCall(dict.start, transformer, t.controller.obj));
    } else {
      startPromise.resolve(undefined);
    }
  }

  get readable() {
    return checkTransform(this).readable.obj;
  }

  get writable() {
    return checkTransform(this).writable.obj;
  }

  static {
    transformOf = (o) => (o !== null && typeof o === 'object' && #t in o ? o.#t : null);
  }
}
const checkTransform = (self) => {
  const t = transformOf(self);
  if (t === null) throw new TypeError('Illegal invocation: receiver is not a TransformStream');
  return t;
};
webidl.configureInterface(TransformStream);
webidl.exposeInterface('TransformStream', TransformStream);

// https://streams.spec.whatwg.org/#initialize-transform-stream
function initializeTransformStream(t, startPromise, writableHighWaterMark, writableSizeAlgorithm,
  readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise;
  const writeAlgorithm = (chunk) => transformStreamDefaultSinkWriteAlgorithm(t, chunk);
  const abortAlgorithm = (reason) => transformStreamDefaultSinkAbortAlgorithm(t, reason);
  const closeAlgorithm = () => transformStreamDefaultSinkCloseAlgorithm(t);
  t.writable = impl.createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
    writableHighWaterMark, writableSizeAlgorithm);
  const pullAlgorithm = () => transformStreamDefaultSourcePullAlgorithm(t);
  const cancelAlgorithm = (reason) => transformStreamDefaultSourceCancelAlgorithm(t, reason);
  t.readable = impl.createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, readableHighWaterMark,
    readableSizeAlgorithm);
  t.backpressure = undefined;
  t.backpressureChangePromise = null;
  transformStreamSetBackpressure(t, true);
  t.controller = null;
}

// https://streams.spec.whatwg.org/#transform-stream-error
function transformStreamError(t, e) {
  impl.readableStreamDefaultControllerError(t.readable.controller, e);
  transformStreamErrorWritableAndUnblockWrite(t, e);
}

// https://streams.spec.whatwg.org/#transform-stream-error-writable-and-unblock-write
function transformStreamErrorWritableAndUnblockWrite(t, e) {
  transformStreamDefaultControllerClearAlgorithms(t.controller);
  impl.writableStreamDefaultControllerErrorIfNeeded(t.writable.controller, e);
  transformStreamUnblockWrite(t);
}

// https://streams.spec.whatwg.org/#transform-stream-set-backpressure
function transformStreamSetBackpressure(t, backpressure) {
  if (t.backpressureChangePromise !== null) t.backpressureChangePromise.resolve(undefined);
  t.backpressureChangePromise = newDeferred();
  t.backpressure = backpressure;
}

// https://streams.spec.whatwg.org/#transform-stream-unblock-write
function transformStreamUnblockWrite(t) {
  if (t.backpressure) transformStreamSetBackpressure(t, false);
}

// --- TransformStreamDefaultController --------------------------------------------------------------

class TransformStreamDefaultController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    this.#c = record;
    record.obj = this;
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-desired-size
  get desiredSize() {
    const c = checkTransformController(this);
    return impl.readableStreamDefaultControllerGetDesiredSize(c.stream.readable.controller);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-enqueue
  enqueue(chunk = undefined) {
    transformStreamDefaultControllerEnqueue(checkTransformController(this), chunk);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-error
  error(reason = undefined) {
    transformStreamError(checkTransformController(this).stream, reason);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-terminate
  terminate() {
    transformStreamDefaultControllerTerminate(checkTransformController(this));
  }

  static {
    transformControllerOf = (o) => (o !== null && typeof o === 'object' && #c in o ? o.#c : null);
  }
}
const checkTransformController = (self) => {
  const c = transformControllerOf(self);
  if (c === null) throw new TypeError('Illegal invocation: receiver is not a TransformStreamDefaultController');
  return c;
};
webidl.configureInterface(TransformStreamDefaultController);
webidl.exposeInterface('TransformStreamDefaultController', TransformStreamDefaultController);

// https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller
function setUpTransformStreamDefaultController(t, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
  c.stream = t;
  t.controller = c;
  c.transformAlgorithm = transformAlgorithm;
  c.flushAlgorithm = flushAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  if (c.obj === null) new TransformStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
}

function newTransformControllerRecord() {
  return {
    obj: null, stream: null, transformAlgorithm: undefined, flushAlgorithm: undefined,
    cancelAlgorithm: undefined, finishPromise: null,
  };
}

// https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller-from-transformer
function setUpTransformStreamDefaultControllerFromTransformer(t, transformer, dict) {
  const c = newTransformControllerRecord();
  new TransformStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
  let transformAlgorithm = (chunk) => {
    try {
      transformStreamDefaultControllerEnqueue(c, chunk);
      return resolvedPromise(undefined);
    } catch (e) {
      return rejectedPromise(e);
    }
  };
  if (dict.transform !== undefined) {
    transformAlgorithm = (chunk) => promiseCall(dict.transform, transformer, chunk, c.obj);
  }
  const flushAlgorithm = dict.flush !== undefined
    ? () => promiseCall(dict.flush, transformer, c.obj)
    : returnUndefinedPromise;
  const cancelAlgorithm = dict.cancel !== undefined
    ? (reason) => promiseCall(dict.cancel, transformer, reason)
    : returnUndefinedPromise;
  setUpTransformStreamDefaultController(t, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-clear-algorithms
function transformStreamDefaultControllerClearAlgorithms(c) {
  c.transformAlgorithm = undefined;
  c.flushAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-enqueue
function transformStreamDefaultControllerEnqueue(c, chunk) {
  const t = c.stream;
  const readableController = t.readable.controller;
  if (!impl.readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeError('The readable side of the TransformStream is not in a state that permits enqueue.');
  }
  try {
    impl.readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (e) {
    transformStreamErrorWritableAndUnblockWrite(t, e);
    throw t.readable.storedError;
  }
  const backpressure = impl.readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== t.backpressure) transformStreamSetBackpressure(t, true);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-perform-transform
function transformStreamDefaultControllerPerformTransform(c, chunk) {
  const transformPromise = c.transformAlgorithm(chunk);
  return PromisePrototypeThen(transformPromise, undefined, (r) => {
    transformStreamError(c.stream, r);
    throw r;
  });
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-terminate
function transformStreamDefaultControllerTerminate(c) {
  const t = c.stream;
  const readableController = t.readable.controller;
  impl.readableStreamDefaultControllerClose(readableController);
  const error = new TypeError('The TransformStream was terminated.');
  transformStreamErrorWritableAndUnblockWrite(t, error);
}

// --- Sink and source algorithms --------------------------------------------------------------------

// https://streams.spec.whatwg.org/#transform-stream-default-sink-write-algorithm
function transformStreamDefaultSinkWriteAlgorithm(t, chunk) {
  const c = t.controller;
  if (t.backpressure) {
    const backpressureChangePromise = t.backpressureChangePromise.promise;
    return PromisePrototypeThen(backpressureChangePromise, () => {
      const writable = t.writable;
      const state = writable.state;
      if (state === 'erroring') throw writable.storedError;
      return transformStreamDefaultControllerPerformTransform(c, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(c, chunk);
}

// https://streams.spec.whatwg.org/#transform-stream-default-sink-abort-algorithm
function transformStreamDefaultSinkAbortAlgorithm(t, reason) {
  const c = t.controller;
  if (c.finishPromise !== null) return c.finishPromise.promise;
  const readable = t.readable;
  c.finishPromise = newDeferred();
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (readable.state === 'errored') {
      c.finishPromise.reject(readable.storedError);
    } else {
      impl.readableStreamDefaultControllerError(readable.controller, reason);
      c.finishPromise.resolve(undefined);
    }
  }, (r) => {
    impl.readableStreamDefaultControllerError(readable.controller, r);
    c.finishPromise.reject(r);
  });
  return c.finishPromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-sink-close-algorithm
function transformStreamDefaultSinkCloseAlgorithm(t) {
  const c = t.controller;
  if (c.finishPromise !== null) return c.finishPromise.promise;
  const readable = t.readable;
  c.finishPromise = newDeferred();
  const flushPromise = c.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(flushPromise, () => {
    if (readable.state === 'errored') {
      c.finishPromise.reject(readable.storedError);
    } else {
      impl.readableStreamDefaultControllerClose(readable.controller);
      c.finishPromise.resolve(undefined);
    }
  }, (r) => {
    impl.readableStreamDefaultControllerError(readable.controller, r);
    c.finishPromise.reject(r);
  });
  return c.finishPromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-source-pull
function transformStreamDefaultSourcePullAlgorithm(t) {
  transformStreamSetBackpressure(t, false);
  return t.backpressureChangePromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-source-cancel
function transformStreamDefaultSourceCancelAlgorithm(t, reason) {
  const c = t.controller;
  if (c.finishPromise !== null) return c.finishPromise.promise;
  const writable = t.writable;
  c.finishPromise = newDeferred();
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (writable.state === 'errored') {
      c.finishPromise.reject(writable.storedError);
    } else {
      impl.writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      transformStreamUnblockWrite(t);
      c.finishPromise.resolve(undefined);
    }
  }, (r) => {
    impl.writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    transformStreamUnblockWrite(t);
    c.finishPromise.reject(r);
  });
  return c.finishPromise.promise;
}

// A TransformStream built from algorithms (the standard's "set up" for other specifications,
// https://streams.spec.whatwg.org/#transformstream-set-up): transformAlgorithm(chunk, enqueue)
// and flushAlgorithm(enqueue) may return promises; `enqueue(chunk)` puts a chunk on the readable side.
function createTransformStream(transformAlgorithm, flushAlgorithm = undefined, cancelAlgorithm = undefined) {
  const t = transformOf(new TransformStream(CONSTRUCT));
  const startPromise = resolvedPromise(undefined);
  initializeTransformStream(t, startPromise, 1, () => 1, 0, () => 1);
  const c = newTransformControllerRecord();
  const enqueue = (chunk) => transformStreamDefaultControllerEnqueue(c, chunk);
  const wrap = (fn) => (...args) => {
    try {
      return resolvedPromise(fn(...args));
    } catch (e) {
      return rejectedPromise(e);
    }
  };
  setUpTransformStreamDefaultController(t, c,
    wrap((chunk) => transformAlgorithm(chunk, enqueue)),
    flushAlgorithm !== undefined ? wrap(() => flushAlgorithm(enqueue)) : returnUndefinedPromise,
    cancelAlgorithm !== undefined ? wrap(cancelAlgorithm) : returnUndefinedPromise);
  return t;
}

impl.TransformStream = TransformStream;
impl.transformOf = transformOf;
impl.createTransformStream = createTransformStream;
