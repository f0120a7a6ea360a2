// ReadableStream and its readers and controllers (https://streams.spec.whatwg.org/#rs): default
// and byte streams, the default and BYOB readers, ReadableStreamBYOBRequest, tee, async iteration
// and ReadableStream.from. pipeTo/pipeThrough are in 03_pipe.js.
// See 00_streams_common.js for the record layout.
'use strict';

const {
  ArrayBufferPrototypeGetByteLength,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  DataView,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset,
  FunctionPrototypeCall,
  MathMin,
  ObjectCreate,
  ObjectDefineProperty,
  PromisePrototypeThen,
  RangeError,
  SymbolAsyncIterator,
  SymbolIterator,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const impl = internals.streamsImpl;
const {
  newDeferred, resolvedPromise, rejectedPromise, uponPromise, uponRejection,
  setPromiseIsHandledToTrue, promiseCall, returnUndefinedPromise, Queue, dequeueValue, enqueueValueWithSize,
  resetQueue, transferArrayBuffer, isDetachedBuffer, copyDataBlockBytes,
  cloneArrayBuffer, convertQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
} = impl;

// Only this file's code may construct readers, controllers and requests with a record.
const CONSTRUCT = primordials.Symbol('streams.construct');

// --- View helpers ----------------------------------------------------------------------------------

function viewBuffer(view) {
  return webidl.isTypedArray(view) ? TypedArrayPrototypeGetBuffer(view) : DataViewPrototypeGetBuffer(view);
}

function viewByteOffset(view) {
  return webidl.isTypedArray(view) ? TypedArrayPrototypeGetByteOffset(view) : DataViewPrototypeGetByteOffset(view);
}

function viewByteLength(view) {
  return webidl.isTypedArray(view) ? TypedArrayPrototypeGetByteLength(view) : DataViewPrototypeGetByteLength(view);
}

// Element size and constructor of a view (https://tc39.es/ecma262/#table-the-typedarray-constructors).
const typedArrayConstructors = {
  Int8Array: [1, primordials.Int8Array],
  Uint8Array: [1, primordials.Uint8Array],
  Uint8ClampedArray: [1, primordials.Uint8ClampedArray],
  Int16Array: [2, primordials.Int16Array],
  Uint16Array: [2, primordials.Uint16Array],
  Int32Array: [4, primordials.Int32Array],
  Uint32Array: [4, primordials.Uint32Array],
  Float32Array: [4, primordials.Float32Array],
  Float64Array: [8, primordials.Float64Array],
  BigInt64Array: [8, primordials.BigInt64Array],
  BigUint64Array: [8, primordials.BigUint64Array],
};
if (primordials.Float16Array !== undefined) typedArrayConstructors.Float16Array = [2, primordials.Float16Array];

function viewKind(view) {
  if (webidl.isTypedArray(view)) return typedArrayConstructors[TypedArrayPrototypeGetSymbolToStringTag(view)];
  return [1, DataView];
}

// --- ReadableStream --------------------------------------------------------------------------------

// Internal access (set by the classes' static blocks).
let streamOf;
let readerOf;
let byobReaderOf;
let controllerOf;
let byteControllerOf;

const convertReaderOptions = webidl.createDictionaryConverter('ReadableStreamGetReaderOptions', [
  { key: 'mode', converter: webidl.createEnumConverter('ReadableStreamReaderMode', ['byob']) },
]);
const convertIteratorOptions = webidl.createDictionaryConverter('ReadableStreamIteratorOptions', [
  { key: 'preventCancel', converter: webidl.converters.boolean, defaultValue: false },
]);
const convertReadableStreamType = webidl.createEnumConverter('ReadableStreamType', ['bytes']);

// https://streams.spec.whatwg.org/#dictdef-underlyingsource
const convertUnderlyingSource = impl.createCallbackDictionaryConverter('UnderlyingSource',
  ['cancel', 'pull', 'start'], [
    { key: 'autoAllocateChunkSize', converter: (v, p, c) =>
      webidl.converters['unsigned long long'](v, p, c, { enforceRange: true }) },
    { key: 'type', converter: convertReadableStreamType },
  ]);

function newStreamRecord() {
  return {
    obj: null, state: 'readable', storedError: undefined, disturbed: false, reader: null, controller: null,
  };
}

class ReadableStream {
  #s;

  // https://streams.spec.whatwg.org/#rs-constructor
  constructor(underlyingSource = undefined, strategy = undefined) {
    const prefix = "Failed to construct 'ReadableStream'";
    const s = newStreamRecord();
    s.obj = this;
    this.#s = s;
    if (underlyingSource === CONSTRUCT) return;
    const source = convertUnderlyingSource(underlyingSource, prefix, 'Argument 1');
    const strat = convertQueuingStrategy(strategy, prefix, 'Argument 2');
    if (source.type === 'bytes') {
      if (strat.size !== undefined) {
        throw new RangeError(`${prefix}: The strategy for a byte stream cannot have a size function.`);
      }
      const highWaterMark = extractHighWaterMark(strat, 0);
      setUpReadableByteStreamControllerFromUnderlyingSource(s, underlyingSource, source, highWaterMark);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strat);
      const highWaterMark = extractHighWaterMark(strat, 1);
      setUpReadableStreamDefaultControllerFromUnderlyingSource(s, underlyingSource, source, highWaterMark,
        sizeAlgorithm);
    }
  }

  // https://streams.spec.whatwg.org/#rs-from
  static from(asyncIterable) {
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'from' on 'ReadableStream'");
    return readableStreamFromIterable(asyncIterable).obj;
  }

  get locked() {
    return isReadableStreamLocked(check(this));
  }

  // https://streams.spec.whatwg.org/#rs-cancel
  cancel(reason = undefined) {
    let s;
    try {
      s = check(this);
    } catch (error) {
      return rejectedPromise(error);
    }
    if (isReadableStreamLocked(s)) {
      return rejectedPromise(new TypeError('Cannot cancel a locked ReadableStream.'));
    }
    return readableStreamCancel(s, reason);
  }

  // https://streams.spec.whatwg.org/#rs-get-reader
  getReader(options = undefined) {
    const s = check(this);
    const { mode } = convertReaderOptions(options, "Failed to execute 'getReader' on 'ReadableStream'", 'Argument 1');
    if (mode === undefined) return acquireReadableStreamDefaultReader(s).obj;
    return acquireReadableStreamBYOBReader(s).obj;
  }

  // https://streams.spec.whatwg.org/#rs-pipe-through
  pipeThrough(transform, options = undefined) {
    const s = check(this);
    return impl.pipeThrough(s, transform, options);
  }

  // https://streams.spec.whatwg.org/#rs-pipe-to
  pipeTo(destination, options = undefined) {
    let s;
    try {
      s = check(this);
    } catch (error) {
      return rejectedPromise(error);
    }
    return impl.pipeTo(s, destination, options);
  }

  // https://streams.spec.whatwg.org/#rs-tee
  tee() {
    const s = check(this);
    const [a, b] = readableStreamTee(s, false);
    return [a.obj, b.obj];
  }

  // https://streams.spec.whatwg.org/#rs-asynciterator
  values(options = undefined) {
    const s = check(this);
    const { preventCancel } = convertIteratorOptions(options, "Failed to execute 'values' on 'ReadableStream'",
      'Argument 1');
    return createAsyncIterator(s, preventCancel);
  }

  static {
    streamOf = (o) => (o !== null && typeof o === 'object' && #s in o ? o.#s : null);
  }
}
const check = (self) => {
  const s = streamOf(self);
  if (s === null) throw new TypeError('Illegal invocation: receiver is not a ReadableStream');
  return s;
};
const isReadableStream = (o) => streamOf(o) !== null;
webidl.configureInterface(ReadableStream);
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});
webidl.exposeInterface('ReadableStream', ReadableStream);

// A new stream record with its public object, for CreateReadableStream and friends.
function newReadableStream() {
  return streamOf(new ReadableStream(CONSTRUCT));
}

// https://streams.spec.whatwg.org/#create-readable-stream
function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
  sizeAlgorithm = () => 1) {
  const s = newReadableStream();
  const controller = newDefaultControllerRecord();
  setUpReadableStreamDefaultController(s, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, sizeAlgorithm);
  return s;
}

// https://streams.spec.whatwg.org/#abstract-opdef-createreadablebytestream
function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
  const s = newReadableStream();
  const controller = newByteControllerRecord();
  setUpReadableByteStreamController(s, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
  return s;
}

// https://streams.spec.whatwg.org/#is-readable-stream-locked
function isReadableStreamLocked(s) {
  return s.reader !== null;
}

// https://streams.spec.whatwg.org/#readable-stream-cancel
function readableStreamCancel(s, reason) {
  s.disturbed = true;
  if (s.state === 'closed') return resolvedPromise(undefined);
  if (s.state === 'errored') return rejectedPromise(s.storedError);
  readableStreamClose(s);
  const reader = s.reader;
  if (reader !== null && reader.kind === 'byob') {
    const readIntoRequests = reader.readIntoRequests;
    reader.readIntoRequests = new Queue();
    while (readIntoRequests.length > 0) readIntoRequests.shift().closeSteps(undefined);
  }
  const sourceCancelPromise = s.controller.cancelSteps(reason);
  return PromisePrototypeThen(sourceCancelPromise, () => undefined);
}

// https://streams.spec.whatwg.org/#readable-stream-close
function readableStreamClose(s) {
  s.state = 'closed';
  const reader = s.reader;
  if (reader === null) return;
  reader.closedPromise.resolve(undefined);
  if (reader.kind === 'default') {
    const readRequests = reader.readRequests;
    reader.readRequests = new Queue();
    while (readRequests.length > 0) readRequests.shift().closeSteps();
  }
}

// https://streams.spec.whatwg.org/#readable-stream-error
function readableStreamError(s, e) {
  s.state = 'errored';
  s.storedError = e;
  const reader = s.reader;
  if (reader === null) return;
  reader.closedPromise.reject(e);
  setPromiseIsHandledToTrue(reader.closedPromise.promise);
  if (reader.kind === 'default') {
    readableStreamDefaultReaderErrorReadRequests(reader, e);
  } else {
    readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-add-read-request
function readableStreamAddReadRequest(s, readRequest) {
  s.reader.readRequests.push(readRequest);
}

// https://streams.spec.whatwg.org/#readable-stream-add-read-into-request
function readableStreamAddReadIntoRequest(s, readIntoRequest) {
  s.reader.readIntoRequests.push(readIntoRequest);
}

// https://streams.spec.whatwg.org/#readable-stream-fulfill-read-request
function readableStreamFulfillReadRequest(s, chunk, done) {
  const readRequest = s.reader.readRequests.shift();
  if (done) {
    readRequest.closeSteps();
  } else {
    readRequest.chunkSteps(chunk);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-fulfill-read-into-request
function readableStreamFulfillReadIntoRequest(s, chunk, done) {
  const readIntoRequest = s.reader.readIntoRequests.shift();
  if (done) {
    readIntoRequest.closeSteps(chunk);
  } else {
    readIntoRequest.chunkSteps(chunk);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-get-num-read-requests
function readableStreamGetNumReadRequests(s) {
  return s.reader.readRequests.length;
}

function readableStreamGetNumReadIntoRequests(s) {
  return s.reader.readIntoRequests.length;
}

// https://streams.spec.whatwg.org/#readable-stream-has-default-reader
function readableStreamHasDefaultReader(s) {
  return s.reader !== null && s.reader.kind === 'default';
}

function readableStreamHasBYOBReader(s) {
  return s.reader !== null && s.reader.kind === 'byob';
}

// --- Readers -------------------------------------------------------------------------------------

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-initialize
function readableStreamReaderGenericInitialize(reader, s) {
  reader.stream = s;
  s.reader = reader;
  reader.closedPromise = newDeferred();
  if (s.state === 'closed') {
    reader.closedPromise.resolve(undefined);
  } else if (s.state === 'errored') {
    reader.closedPromise.reject(s.storedError);
    setPromiseIsHandledToTrue(reader.closedPromise.promise);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-cancel
function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader.stream, reason);
}

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-release
function readableStreamReaderGenericRelease(reader) {
  const s = reader.stream;
  const error = new TypeError('The reader was released.');
  if (s.state === 'readable') {
    reader.closedPromise.reject(error);
  } else {
    reader.closedPromise = newDeferred();
    reader.closedPromise.reject(error);
  }
  setPromiseIsHandledToTrue(reader.closedPromise.promise);
  s.controller.releaseSteps();
  s.reader = null;
  reader.stream = null;
}

// The closed getter and cancel() shared by both readers; `r` is null for a receiver of the
// wrong class.
function readerClosed(r) {
  if (r === null) return rejectedPromise(new TypeError('Illegal invocation'));
  return r.closedPromise.promise;
}

function readerCancel(r, reason) {
  if (r === null) return rejectedPromise(new TypeError('Illegal invocation'));
  if (r.stream === null) return rejectedPromise(new TypeError('The reader has no stream.'));
  return readableStreamReaderGenericCancel(r, reason);
}

// The reader constructors (https://streams.spec.whatwg.org/#default-reader-constructor,
// https://streams.spec.whatwg.org/#byob-reader-constructor): a new record set up on `stream`, or
// `record` itself when the reader is acquired from inside (CONSTRUCT).
function constructReader(stream, record, argumentCount, kind) {
  if (stream === CONSTRUCT) return record;
  const prefix = `Failed to construct '${kind === 'default' ? 'ReadableStreamDefaultReader' : 'ReadableStreamBYOBReader'}'`;
  webidl.requiredArguments(argumentCount, 1, prefix);
  const s = streamOf(stream);
  if (s === null) throw new TypeError(`${prefix}: Argument 1 is not a ReadableStream.`);
  const r = newReaderRecord(kind);
  if (kind === 'default') {
    setUpReadableStreamDefaultReader(r, s);
  } else {
    setUpReadableStreamBYOBReader(r, s);
  }
  return r;
}

// A read request (or read-into request) whose steps settle `promise` with { value, done }, as the
// readers' read() methods answer (https://streams.spec.whatwg.org/#default-reader-read step 3).
function newPromiseReadRequest() {
  const d = newDeferred();
  return {
    promise: d.promise,
    chunkSteps: (chunk) => d.resolve({ value: chunk, done: false }),
    closeSteps: (chunk) => d.resolve({ value: chunk, done: true }),
    errorSteps: (e) => d.reject(e),
  };
}

function newReaderRecord(kind) {
  return kind === 'default'
    ? { obj: null, kind, stream: null, closedPromise: null, readRequests: new Queue() }
    : { obj: null, kind, stream: null, closedPromise: null, readIntoRequests: new Queue() };
}

class ReadableStreamDefaultReader {
  #r;

  // https://streams.spec.whatwg.org/#default-reader-constructor
  constructor(stream, record = undefined) {
    const r = constructReader(stream, record, arguments.length, 'default');
    r.obj = this;
    this.#r = r;
  }

  get closed() {
    return readerClosed(readerOf(this));
  }

  cancel(reason = undefined) {
    return readerCancel(readerOf(this), reason);
  }

  // https://streams.spec.whatwg.org/#default-reader-read
  read() {
    const r = readerOf(this);
    if (r === null) return rejectedPromise(new TypeError('Illegal invocation'));
    if (r.stream === null) return rejectedPromise(new TypeError('The reader has no stream.'));
    const readRequest = newPromiseReadRequest();
    readableStreamDefaultReaderRead(r, readRequest);
    return readRequest.promise;
  }

  // https://streams.spec.whatwg.org/#default-reader-release-lock
  releaseLock() {
    releaseReaderLock(readerOf(this));
  }

  static {
    readerOf = (o) => (o !== null && typeof o === 'object' && #r in o ? o.#r : null);
  }
}
webidl.configureInterface(ReadableStreamDefaultReader);
webidl.exposeInterface('ReadableStreamDefaultReader', ReadableStreamDefaultReader);

// https://streams.spec.whatwg.org/#acquire-readable-stream-reader and
// https://streams.spec.whatwg.org/#acquire-readable-stream-byob-reader
function acquireReader(s, kind) {
  const r = newReaderRecord(kind);
  if (kind === 'default') {
    setUpReadableStreamDefaultReader(r, s);
    new ReadableStreamDefaultReader(CONSTRUCT, r); // eslint-disable-line no-new
  } else {
    setUpReadableStreamBYOBReader(r, s);
    new ReadableStreamBYOBReader(CONSTRUCT, r); // eslint-disable-line no-new
  }
  return r;
}

const acquireReadableStreamDefaultReader = (s) => acquireReader(s, 'default');
const acquireReadableStreamBYOBReader = (s) => acquireReader(s, 'byob');

// https://streams.spec.whatwg.org/#default-reader-release-lock and
// https://streams.spec.whatwg.org/#byob-reader-release-lock
function releaseReaderLock(r) {
  if (r === null) throw new TypeError('Illegal invocation');
  if (r.stream === null) return;
  if (r.kind === 'default') {
    readableStreamDefaultReaderRelease(r);
  } else {
    readableStreamBYOBReaderRelease(r);
  }
}

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-reader
function setUpReadableStreamDefaultReader(r, s) {
  if (isReadableStreamLocked(s)) {
    throw new TypeError('The ReadableStream is already locked to a reader.');
  }
  readableStreamReaderGenericInitialize(r, s);
  r.readRequests = new Queue();
}

// https://streams.spec.whatwg.org/#readable-stream-default-reader-read
function readableStreamDefaultReaderRead(r, readRequest) {
  const s = r.stream;
  s.disturbed = true;
  if (s.state === 'closed') {
    readRequest.closeSteps();
  } else if (s.state === 'errored') {
    readRequest.errorSteps(s.storedError);
  } else {
    s.controller.pullSteps(readRequest);
  }
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreaderrelease
function readableStreamDefaultReaderRelease(r) {
  readableStreamReaderGenericRelease(r);
  readableStreamDefaultReaderErrorReadRequests(r, new TypeError('The reader was released.'));
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreadererrorreadrequests
function readableStreamDefaultReaderErrorReadRequests(r, e) {
  const readRequests = r.readRequests;
  r.readRequests = new Queue();
  while (readRequests.length > 0) readRequests.shift().errorSteps(e);
}

const convertBYOBReadOptions = webidl.createDictionaryConverter('ReadableStreamBYOBReaderReadOptions', [
  { key: 'min', converter: (v, p, c) => webidl.converters['unsigned long long'](v, p, c, { enforceRange: true }),
    defaultValue: 1 },
]);

class ReadableStreamBYOBReader {
  #r;

  // https://streams.spec.whatwg.org/#byob-reader-constructor
  constructor(stream, record = undefined) {
    const r = constructReader(stream, record, arguments.length, 'byob');
    r.obj = this;
    this.#r = r;
  }

  get closed() {
    return readerClosed(byobReaderOf(this));
  }

  cancel(reason = undefined) {
    return readerCancel(byobReaderOf(this), reason);
  }

  // https://streams.spec.whatwg.org/#byob-reader-read
  read(view, options = undefined) {
    const r = byobReaderOf(this);
    if (r === null) return rejectedPromise(new TypeError('Illegal invocation'));
    const prefix = "Failed to execute 'read' on 'ReadableStreamBYOBReader'";
    let opts;
    try {
      webidl.requiredArguments(arguments.length, 1, prefix);
      webidl.converters.ArrayBufferView(view, prefix, 'Argument 1');
      opts = convertBYOBReadOptions(options, prefix, 'Argument 2');
    } catch (error) {
      return rejectedPromise(error);
    }
    if (viewByteLength(view) === 0) {
      return rejectedPromise(new TypeError(`${prefix}: The view must have a non-zero byteLength.`));
    }
    const buffer = viewBuffer(view);
    if (ArrayBufferPrototypeGetByteLength(buffer) === 0) {
      return rejectedPromise(new TypeError(`${prefix}: The view's buffer must have a non-zero byteLength.`));
    }
    if (isDetachedBuffer(buffer)) {
      return rejectedPromise(new TypeError(`${prefix}: The view's buffer is detached.`));
    }
    if (opts.min === 0) {
      return rejectedPromise(new TypeError(`${prefix}: options.min must be greater than 0.`));
    }
    if (webidl.isTypedArray(view)) {
      if (opts.min > TypedArrayPrototypeGetLength(view)) {
        return rejectedPromise(new RangeError(`${prefix}: options.min must not exceed the view's length.`));
      }
    } else if (opts.min > DataViewPrototypeGetByteLength(view)) {
      return rejectedPromise(new RangeError(`${prefix}: options.min must not exceed the view's byteLength.`));
    }
    if (r.stream === null) return rejectedPromise(new TypeError('The reader has no stream.'));
    const readIntoRequest = newPromiseReadRequest();
    readableStreamBYOBReaderRead(r, view, opts.min, readIntoRequest);
    return readIntoRequest.promise;
  }

  // https://streams.spec.whatwg.org/#byob-reader-release-lock
  releaseLock() {
    releaseReaderLock(byobReaderOf(this));
  }

  static {
    byobReaderOf = (o) => (o !== null && typeof o === 'object' && #r in o ? o.#r : null);
  }
}
webidl.configureInterface(ReadableStreamBYOBReader);
webidl.exposeInterface('ReadableStreamBYOBReader', ReadableStreamBYOBReader);

// https://streams.spec.whatwg.org/#set-up-readable-stream-byob-reader
function setUpReadableStreamBYOBReader(r, s) {
  if (isReadableStreamLocked(s)) {
    throw new TypeError('The ReadableStream is already locked to a reader.');
  }
  if (s.controller.kind !== 'byte') {
    throw new TypeError('A BYOB reader needs a readable byte stream.');
  }
  readableStreamReaderGenericInitialize(r, s);
  r.readIntoRequests = new Queue();
}

// https://streams.spec.whatwg.org/#readable-stream-byob-reader-read
function readableStreamBYOBReaderRead(r, view, min, readIntoRequest) {
  const s = r.stream;
  s.disturbed = true;
  if (s.state === 'errored') {
    readIntoRequest.errorSteps(s.storedError);
  } else {
    readableByteStreamControllerPullInto(s.controller, view, min, readIntoRequest);
  }
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreaderrelease
function readableStreamBYOBReaderRelease(r) {
  readableStreamReaderGenericRelease(r);
  readableStreamBYOBReaderErrorReadIntoRequests(r, new TypeError('The reader was released.'));
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreadererrorreadintorequests
function readableStreamBYOBReaderErrorReadIntoRequests(r, e) {
  const readIntoRequests = r.readIntoRequests;
  r.readIntoRequests = new Queue();
  while (readIntoRequests.length > 0) readIntoRequests.shift().errorSteps(e);
}

// --- ReadableStreamDefaultController ---------------------------------------------------------------

function newDefaultControllerRecord() {
  return {
    obj: null, kind: 'default', stream: null, queue: new Queue(), queueTotalSize: 0, started: false,
    closeRequested: false, pullAgain: false, pulling: false, strategySizeAlgorithm: undefined,
    strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined,
    cancelSteps: undefined, pullSteps: undefined, releaseSteps: undefined,
  };
}

class ReadableStreamDefaultController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    this.#c = record;
    record.obj = this;
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-desired-size
  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(checkDefaultController(this));
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-close
  close() {
    const c = checkDefaultController(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) {
      throw new TypeError('The stream is not in a state that permits close.');
    }
    readableStreamDefaultControllerClose(c);
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-enqueue
  enqueue(chunk = undefined) {
    const c = checkDefaultController(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) {
      throw new TypeError('The stream is not in a state that permits enqueue.');
    }
    readableStreamDefaultControllerEnqueue(c, chunk);
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-error
  error(e = undefined) {
    readableStreamDefaultControllerError(checkDefaultController(this), e);
  }

  static {
    controllerOf = (o) => (o !== null && typeof o === 'object' && #c in o ? o.#c : null);
  }
}
const checkDefaultController = (self) => {
  const c = controllerOf(self);
  if (c === null) throw new TypeError('Illegal invocation: receiver is not a ReadableStreamDefaultController');
  return c;
};
webidl.configureInterface(ReadableStreamDefaultController);
webidl.exposeInterface('ReadableStreamDefaultController', ReadableStreamDefaultController);

// https://streams.spec.whatwg.org/#readable-stream-default-controller-call-pull-if-needed and
// https://streams.spec.whatwg.org/#readable-byte-stream-controller-call-pull-if-needed, which differ
// only in the "should call pull" and "error" steps of their controller.
function callPullIfNeeded(c) {
  const byte = c.kind === 'byte';
  if (!(byte ? readableByteStreamControllerShouldCallPull(c) : readableStreamDefaultControllerShouldCallPull(c))) {
    return;
  }
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  uponPromise(c.pullAlgorithm(), () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      callPullIfNeeded(c);
    }
  }, (e) => {
    if (byte) {
      readableByteStreamControllerError(c, e);
    } else {
      readableStreamDefaultControllerError(c, e);
    }
  });
}
const readableStreamDefaultControllerCallPullIfNeeded = callPullIfNeeded;
const readableByteStreamControllerCallPullIfNeeded = callPullIfNeeded;

// The last steps of both controllers' set-up: run the start algorithm and, once its result settles,
// mark the controller started and pull, or error the stream.
function startController(c, startAlgorithm) {
  const startResult = startAlgorithm();
  uponPromise(resolvedPromise(startResult), () => {
    c.started = true;
    callPullIfNeeded(c);
  }, (r) => {
    if (c.kind === 'byte') {
      readableByteStreamControllerError(c, r);
    } else {
      readableStreamDefaultControllerError(c, r);
    }
  });
}

// The start, pull and cancel algorithms of an underlying source
// (https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller-from-underlying-source
// steps 2-7, the same for byte streams); the callbacks run with the source as `this`.
function underlyingSourceAlgorithms(underlyingSource, dict, controller) {
  return {
    startAlgorithm: dict.start !== undefined
      ? () => FunctionPrototypeCall(dict.start, underlyingSource, controller)
      : () => undefined,
    pullAlgorithm: dict.pull !== undefined
      ? () => promiseCall(dict.pull, underlyingSource, controller)
      : returnUndefinedPromise,
    cancelAlgorithm: dict.cancel !== undefined
      ? (reason) => promiseCall(dict.cancel, underlyingSource, reason)
      : returnUndefinedPromise,
  };
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull
function readableStreamDefaultControllerShouldCallPull(c) {
  const s = c.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return false;
  if (!c.started) return false;
  if (isReadableStreamLocked(s) && readableStreamHasDefaultReader(s) && readableStreamGetNumReadRequests(s) > 0) {
    return true;
  }
  return readableStreamDefaultControllerGetDesiredSize(c) > 0;
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-clear-algorithms
function readableStreamDefaultControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-close
function readableStreamDefaultControllerClose(c) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  c.closeRequested = true;
  if (c.queue.length === 0) {
    readableStreamDefaultControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-enqueue
function readableStreamDefaultControllerEnqueue(c, chunk) {
  const s = c.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  if (isReadableStreamLocked(s) && readableStreamGetNumReadRequests(s) > 0 && readableStreamHasDefaultReader(s)) {
    readableStreamFulfillReadRequest(s, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = c.strategySizeAlgorithm(chunk);
    } catch (error) {
      readableStreamDefaultControllerError(c, error);
      throw error;
    }
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (error) {
      readableStreamDefaultControllerError(c, error);
      throw error;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(c);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-error
function readableStreamDefaultControllerError(c, e) {
  const s = c.stream;
  if (s.state !== 'readable') return;
  resetQueue(c);
  readableStreamDefaultControllerClearAlgorithms(c);
  readableStreamError(s, e);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-get-desired-size
function readableStreamDefaultControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

// https://streams.spec.whatwg.org/#rs-default-controller-has-backpressure
function readableStreamDefaultControllerHasBackpressure(c) {
  return !readableStreamDefaultControllerShouldCallPull(c);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-can-close-or-enqueue
function readableStreamDefaultControllerCanCloseOrEnqueue(c) {
  return !c.closeRequested && c.stream.state === 'readable';
}

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller
function setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark, sizeAlgorithm) {
  c.stream = s;
  resetQueue(c);
  c.started = false;
  c.closeRequested = false;
  c.pullAgain = false;
  c.pulling = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  // [[CancelSteps]] (https://streams.spec.whatwg.org/#rs-default-controller-private-cancel)
  c.cancelSteps = (reason) => {
    resetQueue(c);
    const result = c.cancelAlgorithm(reason);
    readableStreamDefaultControllerClearAlgorithms(c);
    return result;
  };
  // [[PullSteps]] (https://streams.spec.whatwg.org/#rs-default-controller-private-pull)
  c.pullSteps = (readRequest) => {
    if (c.queue.length > 0) {
      const chunk = dequeueValue(c);
      if (c.closeRequested && c.queue.length === 0) {
        readableStreamDefaultControllerClearAlgorithms(c);
        readableStreamClose(s);
      } else {
        readableStreamDefaultControllerCallPullIfNeeded(c);
      }
      readRequest.chunkSteps(chunk);
    } else {
      readableStreamAddReadRequest(s, readRequest);
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }
  };
  // [[ReleaseSteps]]
  c.releaseSteps = () => {};
  if (c.obj === null) new ReadableStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
  s.controller = c;
  startController(c, startAlgorithm);
}

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller-from-underlying-source
function setUpReadableStreamDefaultControllerFromUnderlyingSource(s, underlyingSource, dict, highWaterMark,
  sizeAlgorithm) {
  const c = newDefaultControllerRecord();
  new ReadableStreamDefaultController(CONSTRUCT, c); // eslint-disable-line no-new
  const { startAlgorithm, pullAlgorithm, cancelAlgorithm } = underlyingSourceAlgorithms(underlyingSource, dict, c.obj);
  setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark,
    sizeAlgorithm);
}

// --- ReadableByteStreamController ----------------------------------------------------------------

function newByteControllerRecord() {
  return {
    obj: null, kind: 'byte', stream: null, queue: new Queue(), queueTotalSize: 0, started: false,
    closeRequested: false, pullAgain: false, pulling: false, byobRequest: null, strategyHWM: 0,
    autoAllocateChunkSize: undefined, pendingPullIntos: [], pullAlgorithm: undefined,
    cancelAlgorithm: undefined, cancelSteps: undefined, pullSteps: undefined, releaseSteps: undefined,
  };
}

class ReadableByteStreamController {
  #c;

  constructor(key = undefined, record = undefined) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    this.#c = record;
    record.obj = this;
  }

  // https://streams.spec.whatwg.org/#rbs-controller-byob-request
  get byobRequest() {
    return readableByteStreamControllerGetBYOBRequest(checkByteController(this));
  }

  get desiredSize() {
    return readableByteStreamControllerGetDesiredSize(checkByteController(this));
  }

  // https://streams.spec.whatwg.org/#rbs-controller-close
  close() {
    const c = checkByteController(this);
    if (c.closeRequested) throw new TypeError('The stream is already closing.');
    if (c.stream.state !== 'readable') throw new TypeError('The stream is not readable.');
    readableByteStreamControllerClose(c);
  }

  // https://streams.spec.whatwg.org/#rbs-controller-enqueue
  enqueue(chunk) {
    const c = checkByteController(this);
    const prefix = "Failed to execute 'enqueue' on 'ReadableByteStreamController'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    webidl.converters.ArrayBufferView(chunk, prefix, 'Argument 1');
    if (viewByteLength(chunk) === 0) throw new TypeError(`${prefix}: The chunk must have a non-zero byteLength.`);
    if (ArrayBufferPrototypeGetByteLength(viewBuffer(chunk)) === 0) {
      throw new TypeError(`${prefix}: The chunk's buffer must have a non-zero byteLength.`);
    }
    if (c.closeRequested) throw new TypeError(`${prefix}: The stream is closing.`);
    if (c.stream.state !== 'readable') throw new TypeError(`${prefix}: The stream is not readable.`);
    readableByteStreamControllerEnqueue(c, chunk);
  }

  // https://streams.spec.whatwg.org/#rbs-controller-error
  error(e = undefined) {
    readableByteStreamControllerError(checkByteController(this), e);
  }

  static {
    byteControllerOf = (o) => (o !== null && typeof o === 'object' && #c in o ? o.#c : null);
  }
}
const checkByteController = (self) => {
  const c = byteControllerOf(self);
  if (c === null) throw new TypeError('Illegal invocation: receiver is not a ReadableByteStreamController');
  return c;
};
webidl.configureInterface(ReadableByteStreamController);
webidl.exposeInterface('ReadableByteStreamController', ReadableByteStreamController);

// https://streams.spec.whatwg.org/#rs-byob-request-class
let byobRequestOf;
class ReadableStreamBYOBRequest {
  #b;

  constructor(key = undefined, record = undefined) {
    if (key !== CONSTRUCT) webidl.illegalConstructor();
    this.#b = record;
    record.obj = this;
  }

  get view() {
    return checkBYOBRequest(this).view;
  }

  // https://streams.spec.whatwg.org/#rs-byob-request-respond
  respond(bytesWritten) {
    const b = checkBYOBRequest(this);
    const prefix = "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    bytesWritten = webidl.converters['unsigned long long'](bytesWritten, prefix, 'Argument 1', { enforceRange: true });
    if (b.controller === null) throw new TypeError(`${prefix}: The request was already answered.`);
    if (isDetachedBuffer(viewBuffer(b.view))) throw new TypeError(`${prefix}: The view's buffer is detached.`);
    readableByteStreamControllerRespond(b.controller, bytesWritten);
  }

  // https://streams.spec.whatwg.org/#rs-byob-request-respond-with-new-view
  respondWithNewView(view) {
    const b = checkBYOBRequest(this);
    const prefix = "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    webidl.converters.ArrayBufferView(view, prefix, 'Argument 1');
    if (b.controller === null) throw new TypeError(`${prefix}: The request was already answered.`);
    if (isDetachedBuffer(viewBuffer(view))) throw new TypeError(`${prefix}: The view's buffer is detached.`);
    readableByteStreamControllerRespondWithNewView(b.controller, view);
  }

  static {
    byobRequestOf = (o) => (o !== null && typeof o === 'object' && #b in o ? o.#b : null);
  }
}
const checkBYOBRequest = (self) => {
  const b = byobRequestOf(self);
  if (b === null) throw new TypeError('Illegal invocation: receiver is not a ReadableStreamBYOBRequest');
  return b;
};
webidl.configureInterface(ReadableStreamBYOBRequest);
webidl.exposeInterface('ReadableStreamBYOBRequest', ReadableStreamBYOBRequest);

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-get-byob-request
function readableByteStreamControllerGetBYOBRequest(c) {
  if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
    const firstDescriptor = c.pendingPullIntos[0];
    const view = new Uint8Array(firstDescriptor.buffer, firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
      firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const b = { obj: null, controller: c, view };
    new ReadableStreamBYOBRequest(CONSTRUCT, b); // eslint-disable-line no-new
    c.byobRequest = b;
  }
  return c.byobRequest === null ? null : c.byobRequest.obj;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-get-desired-size
function readableByteStreamControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-should-call-pull
function readableByteStreamControllerShouldCallPull(c) {
  const s = c.stream;
  if (s.state !== 'readable') return false;
  if (c.closeRequested) return false;
  if (!c.started) return false;
  if (readableStreamHasDefaultReader(s) && readableStreamGetNumReadRequests(s) > 0) return true;
  if (readableStreamHasBYOBReader(s) && readableStreamGetNumReadIntoRequests(s) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(c) > 0;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-algorithms
function readableByteStreamControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-pending-pull-intos
function readableByteStreamControllerClearPendingPullIntos(c) {
  readableByteStreamControllerInvalidateBYOBRequest(c);
  c.pendingPullIntos = [];
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-close
function readableByteStreamControllerClose(c) {
  const s = c.stream;
  if (c.closeRequested || s.state !== 'readable') return;
  if (c.queueTotalSize > 0) {
    c.closeRequested = true;
    return;
  }
  if (c.pendingPullIntos.length > 0) {
    const firstPendingPullInto = c.pendingPullIntos[0];
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new TypeError('The stream closed with a partial element pending in a BYOB read.');
      readableByteStreamControllerError(c, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamClose(s);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-commit-pull-into-descriptor
function readableByteStreamControllerCommitPullIntoDescriptor(s, pullIntoDescriptor) {
  let done = false;
  if (s.state === 'closed') done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'default') {
    readableStreamFulfillReadRequest(s, filledView, done);
  } else {
    readableStreamFulfillReadIntoRequest(s, filledView, done);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-convert-pull-into-descriptor
function readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const bytesFilled = pullIntoDescriptor.bytesFilled;
  const elementSize = pullIntoDescriptor.elementSize;
  const buffer = transferArrayBuffer(pullIntoDescriptor.buffer);
  return new pullIntoDescriptor.viewConstructor(buffer, pullIntoDescriptor.byteOffset, bytesFilled / elementSize);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue
function readableByteStreamControllerEnqueue(c, chunk) {
  const s = c.stream;
  if (c.closeRequested || s.state !== 'readable') return;
  const buffer = viewBuffer(chunk);
  const byteOffset = viewByteOffset(chunk);
  const byteLength = viewByteLength(chunk);
  if (isDetachedBuffer(buffer)) throw new TypeError('The chunk\'s buffer is detached.');
  const transferredBuffer = transferArrayBuffer(buffer);
  if (c.pendingPullIntos.length > 0) {
    const firstPendingPullInto = c.pendingPullIntos[0];
    if (isDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new TypeError('The BYOB request\'s buffer is detached.');
    }
    readableByteStreamControllerInvalidateBYOBRequest(c);
    firstPendingPullInto.buffer = transferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === 'none') {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, firstPendingPullInto);
    }
  }
  if (readableStreamHasDefaultReader(s)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(c);
    if (readableStreamGetNumReadRequests(s) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    } else {
      if (c.pendingPullIntos.length > 0) {
        readableByteStreamControllerShiftPendingPullInto(c);
      }
      const transferredView = new Uint8Array(transferredBuffer, byteOffset, byteLength);
      readableStreamFulfillReadRequest(s, transferredView, false);
    }
  } else if (readableStreamHasBYOBReader(s)) {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(s, filledPullIntos[i]);
    }
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(c);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue-chunk-to-queue
function readableByteStreamControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueueclonedchunktoqueue
function readableByteStreamControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
  let cloneResult;
  try {
    cloneResult = cloneArrayBuffer(buffer, byteOffset, byteLength);
  } catch (error) {
    readableByteStreamControllerError(c, error);
    throw error;
  }
  readableByteStreamControllerEnqueueChunkToQueue(c, cloneResult, 0, byteLength);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueuedetachedpullintotoqueue
function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, pullIntoDescriptor) {
  if (pullIntoDescriptor.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(c, pullIntoDescriptor.buffer,
      pullIntoDescriptor.byteOffset, pullIntoDescriptor.bytesFilled);
  }
  readableByteStreamControllerShiftPendingPullInto(c);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-pull-into-descriptor-from-queue
function readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullIntoDescriptor) {
  const maxBytesToCopy = MathMin(c.queueTotalSize, pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = c.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    copyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer, headOfQueue.byteOffset, bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    c.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesToCopy, pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-read-request-from-queue
function readableByteStreamControllerFillReadRequestFromQueue(c, readRequest) {
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(c);
  const view = new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-head-pull-into-descriptor
function readableByteStreamControllerFillHeadPullIntoDescriptor(c, size, pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-handle-queue-drain
function readableByteStreamControllerHandleQueueDrain(c) {
  if (c.queueTotalSize === 0 && c.closeRequested) {
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(c);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-invalidate-byob-request
function readableByteStreamControllerInvalidateBYOBRequest(c) {
  if (c.byobRequest === null) return;
  c.byobRequest.controller = null;
  c.byobRequest.view = null;
  c.byobRequest = null;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-process-pull-into-descriptors-using-queue
function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c) {
  const filledPullIntos = [];
  while (c.pendingPullIntos.length > 0) {
    if (c.queueTotalSize === 0) break;
    const pullIntoDescriptor = c.pendingPullIntos[0];
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullIntoDescriptor)) {
      readableByteStreamControllerShiftPendingPullInto(c);
      ArrayPrototypePush(filledPullIntos, pullIntoDescriptor);
    }
  }
  return filledPullIntos;
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerprocessreadrequestsusingqueue
function readableByteStreamControllerProcessReadRequestsUsingQueue(c) {
  const reader = c.stream.reader;
  while (reader.readRequests.length > 0) {
    if (c.queueTotalSize === 0) return;
    const readRequest = reader.readRequests.shift();
    readableByteStreamControllerFillReadRequestFromQueue(c, readRequest);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into
function readableByteStreamControllerPullInto(c, view, min, readIntoRequest) {
  const s = c.stream;
  const [elementSize, ctor] = viewKind(view);
  const minimumFill = min * elementSize;
  const byteOffset = viewByteOffset(view);
  const byteLength = viewByteLength(view);
  let buffer;
  try {
    buffer = transferArrayBuffer(viewBuffer(view));
  } catch (e) {
    readIntoRequest.errorSteps(e);
    return;
  }
  const pullIntoDescriptor = {
    buffer, bufferByteLength: ArrayBufferPrototypeGetByteLength(buffer), byteOffset, byteLength, bytesFilled: 0,
    minimumFill, elementSize, viewConstructor: ctor, readerType: 'byob',
  };
  if (c.pendingPullIntos.length > 0) {
    ArrayPrototypePush(c.pendingPullIntos, pullIntoDescriptor);
    readableStreamAddReadIntoRequest(s, readIntoRequest);
    return;
  }
  if (s.state === 'closed') {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (c.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullIntoDescriptor)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      readableByteStreamControllerHandleQueueDrain(c);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (c.closeRequested) {
      const e = new TypeError('The stream closed with a partial element pending in a BYOB read.');
      readableByteStreamControllerError(c, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  ArrayPrototypePush(c.pendingPullIntos, pullIntoDescriptor);
  readableStreamAddReadIntoRequest(s, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(c);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond
function readableByteStreamControllerRespond(c, bytesWritten) {
  const firstDescriptor = c.pendingPullIntos[0];
  const state = c.stream.state;
  if (state === 'closed') {
    if (bytesWritten !== 0) throw new TypeError('bytesWritten must be 0 once the stream is closed.');
  } else {
    if (bytesWritten === 0) throw new TypeError('bytesWritten must be greater than 0 while the stream is readable.');
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new RangeError('bytesWritten is larger than the view.');
    }
  }
  firstDescriptor.buffer = transferArrayBuffer(firstDescriptor.buffer);
  readableByteStreamControllerRespondInternal(c, bytesWritten);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-closed-state
function readableByteStreamControllerRespondInClosedState(c, firstDescriptor) {
  if (firstDescriptor.readerType === 'none') readableByteStreamControllerShiftPendingPullInto(c);
  const s = c.stream;
  if (readableStreamHasBYOBReader(s)) {
    const filledPullIntos = [];
    let i = 0;
    while (i < readableStreamGetNumReadIntoRequests(s)) {
      ArrayPrototypePush(filledPullIntos, readableByteStreamControllerShiftPendingPullInto(c));
      i++;
    }
    for (let j = 0; j < filledPullIntos.length; j++) {
      readableByteStreamControllerCommitPullIntoDescriptor(s, filledPullIntos[j]);
    }
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-readable-state
function readableByteStreamControllerRespondInReadableState(c, bytesWritten, pullIntoDescriptor) {
  readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesWritten, pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'none') {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, pullIntoDescriptor);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filledPullIntos[i]);
    }
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(c);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(c, pullIntoDescriptor.buffer, end - remainderSize,
      remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
  readableByteStreamControllerCommitPullIntoDescriptor(c.stream, pullIntoDescriptor);
  for (let i = 0; i < filledPullIntos.length; i++) {
    readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filledPullIntos[i]);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-internal
function readableByteStreamControllerRespondInternal(c, bytesWritten) {
  const firstDescriptor = c.pendingPullIntos[0];
  readableByteStreamControllerInvalidateBYOBRequest(c);
  if (c.stream.state === 'closed') {
    readableByteStreamControllerRespondInClosedState(c, firstDescriptor);
  } else {
    readableByteStreamControllerRespondInReadableState(c, bytesWritten, firstDescriptor);
  }
  readableByteStreamControllerCallPullIfNeeded(c);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-with-new-view
function readableByteStreamControllerRespondWithNewView(c, view) {
  const firstDescriptor = c.pendingPullIntos[0];
  const state = c.stream.state;
  const byteLength = viewByteLength(view);
  const byteOffset = viewByteOffset(view);
  const buffer = viewBuffer(view);
  if (state === 'closed') {
    if (byteLength !== 0) throw new TypeError('The view must be empty once the stream is closed.');
  } else if (byteLength === 0) {
    throw new TypeError('The view must not be empty while the stream is readable.');
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== byteOffset) {
    throw new RangeError('The view does not start where the BYOB request\'s view does.');
  }
  if (firstDescriptor.bufferByteLength !== ArrayBufferPrototypeGetByteLength(buffer)) {
    throw new RangeError('The view\'s buffer does not have the BYOB request buffer\'s length.');
  }
  if (firstDescriptor.bytesFilled + byteLength > firstDescriptor.byteLength) {
    throw new RangeError('The view is larger than the BYOB request\'s view.');
  }
  const viewByteLengthValue = byteLength;
  firstDescriptor.buffer = transferArrayBuffer(buffer);
  readableByteStreamControllerRespondInternal(c, viewByteLengthValue);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-shift-pending-pull-into
function readableByteStreamControllerShiftPendingPullInto(c) {
  return ArrayPrototypeShift(c.pendingPullIntos);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-error
function readableByteStreamControllerError(c, e) {
  const s = c.stream;
  if (s.state !== 'readable') return;
  readableByteStreamControllerClearPendingPullIntos(c);
  resetQueue(c);
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamError(s, e);
}

// https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller
function setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark,
  autoAllocateChunkSize) {
  c.stream = s;
  c.pullAgain = false;
  c.pulling = false;
  c.byobRequest = null;
  resetQueue(c);
  c.closeRequested = false;
  c.started = false;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  c.autoAllocateChunkSize = autoAllocateChunkSize;
  c.pendingPullIntos = [];
  // [[CancelSteps]] (https://streams.spec.whatwg.org/#rbs-controller-private-cancel)
  c.cancelSteps = (reason) => {
    readableByteStreamControllerClearPendingPullIntos(c);
    resetQueue(c);
    const result = c.cancelAlgorithm(reason);
    readableByteStreamControllerClearAlgorithms(c);
    return result;
  };
  // [[PullSteps]] (https://streams.spec.whatwg.org/#rbs-controller-private-pull)
  c.pullSteps = (readRequest) => {
    if (c.queueTotalSize > 0) {
      readableByteStreamControllerFillReadRequestFromQueue(c, readRequest);
      return;
    }
    const chunkSize = c.autoAllocateChunkSize;
    if (chunkSize !== undefined) {
      let buffer;
      try {
        buffer = new primordials.ArrayBuffer(chunkSize);
      } catch (e) {
        readRequest.errorSteps(e);
        return;
      }
      ArrayPrototypePush(c.pendingPullIntos, {
        buffer, bufferByteLength: chunkSize, byteOffset: 0, byteLength: chunkSize, bytesFilled: 0,
        minimumFill: 1, elementSize: 1, viewConstructor: Uint8Array, readerType: 'default',
      });
    }
    readableStreamAddReadRequest(s, readRequest);
    readableByteStreamControllerCallPullIfNeeded(c);
  };
  // [[ReleaseSteps]] (https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontroller-releasesteps)
  c.releaseSteps = () => {
    if (c.pendingPullIntos.length > 0) {
      const firstPendingPullInto = c.pendingPullIntos[0];
      firstPendingPullInto.readerType = 'none';
      c.pendingPullIntos = [firstPendingPullInto];
    }
  };
  if (c.obj === null) new ReadableByteStreamController(CONSTRUCT, c); // eslint-disable-line no-new
  s.controller = c;
  startController(c, startAlgorithm);
}

// https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller-from-underlying-source
function setUpReadableByteStreamControllerFromUnderlyingSource(s, underlyingSource, dict, highWaterMark) {
  const c = newByteControllerRecord();
  new ReadableByteStreamController(CONSTRUCT, c); // eslint-disable-line no-new
  const { startAlgorithm, pullAlgorithm, cancelAlgorithm } = underlyingSourceAlgorithms(underlyingSource, dict, c.obj);
  const autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) {
    throw new TypeError('autoAllocateChunkSize must be greater than 0.');
  }
  setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark,
    autoAllocateChunkSize);
}

// --- Tee (https://streams.spec.whatwg.org/#readable-stream-tee) -------------------------------------

function readableStreamTee(s, cloneForBranch2) {
  if (s.controller.kind === 'byte') return readableByteStreamTee(s);
  return readableStreamDefaultTee(s, cloneForBranch2);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee
function readableStreamDefaultTee(s, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(s);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return resolvedPromise(undefined);
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, {
      chunkSteps: (chunk) => {
        queueMicrotask(() => {
          readAgain = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled2 && cloneForBranch2) {
            try {
              chunk2 = structuredCloneChunk(chunk2);
            } catch (cloneError) {
              readableStreamDefaultControllerError(branch1.controller, cloneError);
              readableStreamDefaultControllerError(branch2.controller, cloneError);
              cancelPromise.resolve(readableStreamCancel(s, cloneError));
              return;
            }
          }
          if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      closeSteps: () => {
        reading = false;
        if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
        if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => {
        reading = false;
      },
    });
    return resolvedPromise(undefined);
  };

  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) {
      cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    }
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) {
      cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    }
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = createReadableStream(startAlgorithm, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(startAlgorithm, pullAlgorithm, cancel2Algorithm);
  uponRejection(reader.closedPromise.promise, (r) => {
    readableStreamDefaultControllerError(branch1.controller, r);
    readableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

// StructuredClone(chunk) for tee's cloneForBranch2 (https://streams.spec.whatwg.org/#abstract-opdef-structuredclone),
// which fetch uses to clone bodies. Primitives and byte chunks (typed arrays, DataViews, ArrayBuffers)
// are cloned here; other objects go to the runtime's structured clone, `internals.structuredClone`.
function structuredCloneChunk(chunk) {
  if (chunk === null || (typeof chunk !== 'object' && typeof chunk !== 'function')) return chunk;
  if (primordials.ArrayBufferIsView(chunk)) {
    const buffer = cloneArrayBuffer(viewBuffer(chunk), viewByteOffset(chunk), viewByteLength(chunk));
    const [elementSize, ctor] = viewKind(chunk);
    return new ctor(buffer, 0, viewByteLength(chunk) / elementSize);
  }
  if (webidl.isArrayBuffer(chunk)) return cloneArrayBuffer(chunk, 0, ArrayBufferPrototypeGetByteLength(chunk));
  const clone = internals.structuredClone;
  if (typeof clone !== 'function') {
    throw new internals.dom.DOMException('The chunk could not be cloned.', 'DataCloneError');
  }
  return clone(chunk);
}

// A microtask without the host's queueMicrotask: a resolved promise's reaction.
function queueMicrotask(fn) {
  PromisePrototypeThen(resolvedPromise(undefined), fn);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamtee
function readableByteStreamTee(s) {
  let reader = acquireReadableStreamDefaultReader(s);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  const forwardReaderError = (thisReader) => {
    uponRejection(thisReader.closedPromise.promise, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(branch1.controller, r);
      readableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  };

  const pullWithDefaultReader = () => {
    if (reader.kind === 'byob') {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(s);
      forwardReaderError(reader);
    }
    readableStreamDefaultReaderRead(reader, {
      chunkSteps: (chunk) => {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (cloneError) {
              readableByteStreamControllerError(branch1.controller, cloneError);
              readableByteStreamControllerError(branch2.controller, cloneError);
              cancelPromise.resolve(readableStreamCancel(s, cloneError));
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) {
            pull1Algorithm();
          } else if (readAgainForBranch2) {
            pull2Algorithm();
          }
        });
      },
      closeSteps: () => {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) {
          readableByteStreamControllerRespond(branch1.controller, 0);
        }
        if (branch2.controller.pendingPullIntos.length > 0) {
          readableByteStreamControllerRespond(branch2.controller, 0);
        }
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => {
        reading = false;
      },
    });
  };

  const pullWithBYOBReader = (view, forBranch2) => {
    if (reader.kind === 'default') {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(s);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    readableStreamBYOBReaderRead(reader, view, 1, {
      chunkSteps: (chunk) => {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (cloneError) {
              readableByteStreamControllerError(byobBranch.controller, cloneError);
              readableByteStreamControllerError(otherBranch.controller, cloneError);
              cancelPromise.resolve(readableStreamCancel(s, cloneError));
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) {
            pull1Algorithm();
          } else if (readAgainForBranch2) {
            pull2Algorithm();
          }
        });
      },
      closeSteps: (chunk) => {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      errorSteps: () => {
        reading = false;
      },
    });
  };

  const pull1Algorithm = () => {
    if (reading) {
      readAgainForBranch1 = true;
      return resolvedPromise(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) {
      pullWithDefaultReader();
    } else {
      pullWithBYOBReader(byobRequestOf(byobRequest).view, false);
    }
    return resolvedPromise(undefined);
  };
  const pull2Algorithm = () => {
    if (reading) {
      readAgainForBranch2 = true;
      return resolvedPromise(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) {
      pullWithDefaultReader();
    } else {
      pullWithBYOBReader(byobRequestOf(byobRequest).view, true);
    }
    return resolvedPromise(undefined);
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = createReadableByteStream(startAlgorithm, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(startAlgorithm, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// https://streams.spec.whatwg.org/#abstract-opdef-cloneasuint8array
function cloneAsUint8Array(view) {
  const buffer = cloneArrayBuffer(viewBuffer(view), viewByteOffset(view), viewByteLength(view));
  return new Uint8Array(buffer);
}

// --- Async iteration (https://streams.spec.whatwg.org/#rs-asynciterator) -----------------------------

const AsyncIteratorPrototype = primordials.AsyncIteratorPrototype;
const iteratorStates = new primordials.SafeWeakMap();
const ReadableStreamAsyncIteratorPrototype = ObjectCreate(AsyncIteratorPrototype);

function createAsyncIterator(s, preventCancel) {
  const reader = acquireReadableStreamDefaultReader(s);
  const iterator = ObjectCreate(ReadableStreamAsyncIteratorPrototype);
  iteratorStates.set(iterator, { reader, preventCancel, ongoingPromise: undefined, isFinished: false });
  return iterator;
}

// https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object: next() and return()
// chain on the ongoing promise.
function iteratorNextSteps(state) {
  if (state.isFinished) return resolvedPromise({ value: undefined, done: true });
  const reader = state.reader;
  const d = newDeferred();
  // https://streams.spec.whatwg.org/#rs-asynciterator-prototype-next: the lock is released at the end.
  readableStreamDefaultReaderRead(reader, {
    chunkSteps: (chunk) => d.resolve({ value: chunk, done: false }),
    closeSteps: () => {
      readableStreamDefaultReaderRelease(reader);
      d.resolve({ value: undefined, done: true });
    },
    errorSteps: (e) => {
      readableStreamDefaultReaderRelease(reader);
      d.reject(e);
    },
  });
  return PromisePrototypeThen(d.promise, (result) => {
    state.ongoingPromise = undefined;
    if (result.done) state.isFinished = true;
    return result;
  }, (reason) => {
    state.ongoingPromise = undefined;
    state.isFinished = true;
    throw reason;
  });
}

function iteratorReturnSteps(state, value) {
  if (state.isFinished) return resolvedPromise({ value, done: true });
  state.isFinished = true;
  const reader = state.reader;
  // https://streams.spec.whatwg.org/#rs-asynciterator-prototype-return
  if (!state.preventCancel) {
    const result = readableStreamReaderGenericCancel(reader, value);
    readableStreamDefaultReaderRelease(reader);
    return PromisePrototypeThen(result, () => ({ value, done: true }));
  }
  readableStreamDefaultReaderRelease(reader);
  return resolvedPromise({ value, done: true });
}

const iteratorMethods = {
  next() {
    const state = iteratorStates.get(this);
    if (state === undefined) return rejectedPromise(new TypeError('Illegal invocation'));
    const nextSteps = () => iteratorNextSteps(state);
    state.ongoingPromise = state.ongoingPromise !== undefined
      ? PromisePrototypeThen(state.ongoingPromise, nextSteps, nextSteps)
      : nextSteps();
    return state.ongoingPromise;
  },
  return(value = undefined) {
    const state = iteratorStates.get(this);
    if (state === undefined) return rejectedPromise(new TypeError('Illegal invocation'));
    const returnSteps = () => iteratorReturnSteps(state, value);
    return state.ongoingPromise !== undefined
      ? PromisePrototypeThen(state.ongoingPromise, returnSteps, returnSteps)
      : returnSteps();
  },
};
ObjectDefineProperty(ReadableStreamAsyncIteratorPrototype, 'next', {
  value: iteratorMethods.next, writable: true, enumerable: true, configurable: true,
});
ObjectDefineProperty(ReadableStreamAsyncIteratorPrototype, 'return', {
  value: iteratorMethods.return, writable: true, enumerable: true, configurable: true,
});
ObjectDefineProperty(ReadableStreamAsyncIteratorPrototype, primordials.SymbolToStringTag, {
  value: 'ReadableStream AsyncIterator', configurable: true,
});

// --- ReadableStream.from (https://streams.spec.whatwg.org/#readable-stream-from-iterable) ------------

function readableStreamFromIterable(asyncIterable) {
  const iteratorRecord = getAsyncIterator(asyncIterable);
  let s;
  const startAlgorithm = () => undefined;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = FunctionPrototypeCall(iteratorRecord.nextMethod, iteratorRecord.iterator);
    } catch (error) {
      return rejectedPromise(error);
    }
    const nextPromise = resolvedPromise(nextResult);
    return PromisePrototypeThen(nextPromise, (iterResult) => {
      if (iterResult === null || (typeof iterResult !== 'object' && typeof iterResult !== 'function')) {
        throw new TypeError('The iterator result is not an object.');
      }
      if (iterResult.done) {
        readableStreamDefaultControllerClose(s.controller);
      } else {
        readableStreamDefaultControllerEnqueue(s.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = iteratorRecord.iterator;
    let returnMethod;
    try {
      returnMethod = iterator.return;
    } catch (error) {
      return rejectedPromise(error);
    }
    if (returnMethod === undefined || returnMethod === null) return resolvedPromise(undefined);
    let returnResult;
    try {
      returnResult = FunctionPrototypeCall(returnMethod, iterator, reason);
    } catch (error) {
      return rejectedPromise(error);
    }
    return PromisePrototypeThen(resolvedPromise(returnResult), (result) => {
      if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
        throw new TypeError('The iterator return() result is not an object.');
      }
      return undefined;
    });
  };
  s = createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return s;
}

// https://tc39.es/ecma262/#sec-getiterator with kind async, falling back to a sync iterator
// (CreateAsyncFromSyncIterator: each value awaited).
function getAsyncIterator(obj) {
  let method = obj === null || obj === undefined ? undefined : obj[SymbolAsyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = obj === null || obj === undefined ? undefined : obj[SymbolIterator];
    if (syncMethod === undefined || syncMethod === null) {
      throw new TypeError('ReadableStream.from: the argument is not async iterable or iterable.');
    }
    const syncIterator = FunctionPrototypeCall(syncMethod, obj);
    if (syncIterator === null || (typeof syncIterator !== 'object' && typeof syncIterator !== 'function')) {
      throw new TypeError('ReadableStream.from: the iterator is not an object.');
    }
    const syncNext = syncIterator.next;
    const asyncIterator = {
      next() {
        const result = FunctionPrototypeCall(syncNext, syncIterator);
        if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
          throw new TypeError('The iterator result is not an object.');
        }
        const done = result.done;
        return PromisePrototypeThen(resolvedPromise(result.value), (value) => ({ value, done: !!done }));
      },
      return(value) {
        const ret = syncIterator.return;
        if (ret === undefined || ret === null) return resolvedPromise({ value, done: true });
        const result = FunctionPrototypeCall(ret, syncIterator, value);
        if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
          throw new TypeError('The iterator return() result is not an object.');
        }
        return PromisePrototypeThen(resolvedPromise(result.value), (v) => ({ value: v, done: true }));
      },
    };
    return { iterator: asyncIterator, nextMethod: asyncIterator.next };
  }
  if (typeof method !== 'function') throw new TypeError('ReadableStream.from: @@asyncIterator is not a function.');
  const iterator = FunctionPrototypeCall(method, obj);
  if (iterator === null || (typeof iterator !== 'object' && typeof iterator !== 'function')) {
    throw new TypeError('ReadableStream.from: the async iterator is not an object.');
  }
  return { iterator, nextMethod: iterator.next };
}

// A byte stream record `s` set up with algorithms (https://streams.spec.whatwg.org/#readablestream-set-up-with-byte-reading-support).
function setUpByteStreamForHost(s, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark) {
  setUpReadableByteStreamController(s, newByteControllerRecord(), startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, undefined);
}

// Shared with the other stream files and internals.streams.
impl.setUpByteStreamForHost = setUpByteStreamForHost;
impl.newPromiseReadRequest = newPromiseReadRequest;
impl.CONSTRUCT = CONSTRUCT;
impl.ReadableStream = ReadableStream;
impl.streamOf = streamOf;
impl.isReadableStream = isReadableStream;
impl.newReadableStream = newReadableStream;
impl.createReadableStream = createReadableStream;
impl.createReadableByteStream = createReadableByteStream;
impl.isReadableStreamLocked = isReadableStreamLocked;
impl.readableStreamCancel = readableStreamCancel;
impl.readableStreamClose = readableStreamClose;
impl.readableStreamError = readableStreamError;
impl.readableStreamTee = readableStreamTee;
impl.acquireReadableStreamDefaultReader = acquireReadableStreamDefaultReader;
impl.readableStreamDefaultReaderRead = readableStreamDefaultReaderRead;
impl.readableStreamDefaultReaderRelease = readableStreamDefaultReaderRelease;
impl.readableStreamDefaultControllerClose = readableStreamDefaultControllerClose;
impl.readableStreamDefaultControllerEnqueue = readableStreamDefaultControllerEnqueue;
impl.readableStreamDefaultControllerError = readableStreamDefaultControllerError;
impl.readableStreamDefaultControllerGetDesiredSize = readableStreamDefaultControllerGetDesiredSize;
impl.readableStreamDefaultControllerHasBackpressure = readableStreamDefaultControllerHasBackpressure;
impl.readableStreamDefaultControllerCanCloseOrEnqueue = readableStreamDefaultControllerCanCloseOrEnqueue;
impl.readableByteStreamControllerEnqueue = readableByteStreamControllerEnqueue;
impl.readableByteStreamControllerClose = readableByteStreamControllerClose;
impl.readableByteStreamControllerError = readableByteStreamControllerError;
impl.readableByteStreamControllerGetBYOBRequest = readableByteStreamControllerGetBYOBRequest;
impl.readableByteStreamControllerRespond = readableByteStreamControllerRespond;
impl.byobRequestOf = byobRequestOf;
impl.queueMicrotask = queueMicrotask;
