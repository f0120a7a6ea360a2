// Pieces of the WHATWG Streams standard shared by readable, writable and transform streams: promise
// helpers, queue-with-sizes (https://streams.spec.whatwg.org/#queue-with-sizes), buffer transfer,
// queuing strategies (https://streams.spec.whatwg.org/#qs) and the strategy helpers of
// https://streams.spec.whatwg.org/#qs-api.
//
// Layout of the whole folder: every public object (ReadableStream, a reader, a controller...) holds
// one private field, its internal record, a plain object with the standard's internal slots as
// properties and the public object in `obj`. The algorithms work on the records; user code only ever
// sees the public objects. The records and algorithms are shared between the files through
// `internals.streamsImpl` (looked up at call time); `internals.streams` is the small surface for
// other folders (see 04_streams_hooks.js).
'use strict';

const {
  ArrayBufferPrototypeGetByteLength,
  ArrayBufferPrototypeGetDetached,
  ArrayBufferPrototypeSlice,
  ArrayBufferPrototypeTransfer,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  FunctionPrototypeCall,
  NumberIsNaN,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  PromiseResolve,
  RangeError,
  ReflectApply,
  TypeError,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;

// --- Promises ------------------------------------------------------------------------------------

// A promise with its settle functions, as the standard's "a new promise" settled later. `state` is
// 'pending', 'fulfilled' or 'rejected'; settling a settled deferred does nothing.
function newDeferred() {
  const d = { promise: undefined, state: 'pending', resolve: undefined, reject: undefined };
  let resolvePromise;
  let rejectPromise;
  d.promise = new Promise((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });
  d.resolve = (value) => {
    if (d.state !== 'pending') return;
    d.state = 'fulfilled';
    resolvePromise(value);
  };
  d.reject = (reason) => {
    if (d.state !== 'pending') return;
    d.state = 'rejected';
    rejectPromise(reason);
  };
  return d;
}

const resolvedPromise = (value) => PromiseResolve(value);
const rejectedPromise = (reason) => PromiseReject(reason);

// https://webidl.spec.whatwg.org/#dfn-perform-steps-once-promise-is-settled ("upon fulfillment/rejection").
function uponPromise(promise, onFulfilled, onRejected) {
  return PromisePrototypeThen(promise, onFulfilled, onRejected);
}

// A rejection of `promise` is handled here (it has nothing to do): the promise this reaction makes
// must not surface as an unhandled rejection when the watched promise rejects.
function uponFulfillment(promise, onFulfilled) {
  return PromisePrototypeThen(promise, onFulfilled, () => {});
}

function uponRejection(promise, onRejected) {
  return PromisePrototypeThen(promise, undefined, onRejected);
}

// https://webidl.spec.whatwg.org/#mark-a-promise-as-handled
function setPromiseIsHandledToTrue(promise) {
  PromisePrototypeThen(promise, undefined, () => {});
}

// https://webidl.spec.whatwg.org/#invoke-a-callback-function, promise-returning: a thrown
// exception becomes a rejected promise.
function promiseCall(fn, thisArg, ...args) {
  try {
    return PromiseResolve(ReflectApply(fn, thisArg, args));
  } catch (error) {
    return PromiseReject(error);
  }
}

// The "return a promise resolved with undefined" default algorithms.
const returnUndefinedPromise = () => PromiseResolve(undefined);

// --- Queue with sizes (https://streams.spec.whatwg.org/#queue-with-sizes) --------------------------

// A FIFO with O(1) shift: an array and a head index, compacted once the head passes half of it.
class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
  }

  get length() {
    return this.items.length - this.head;
  }

  push(item) {
    ArrayPrototypePush(this.items, item);
  }

  shift() {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = primordials.ArrayPrototypeSlice(this.items, this.head);
      this.head = 0;
    }
    return item;
  }

  peek() {
    return this.items[this.head];
  }

  last() {
    return this.items[this.items.length - 1];
  }

  clear() {
    this.items = [];
    this.head = 0;
  }
}

// https://streams.spec.whatwg.org/#dequeue-value
function dequeueValue(container) {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}

// https://streams.spec.whatwg.org/#enqueue-value-with-size
function enqueueValueWithSize(container, value, size) {
  if (!isNonNegativeNumber(size) || size === Infinity) {
    throw new RangeError('The chunk size must be a finite, non-negative number.');
  }
  container.queue.push({ value, size });
  container.queueTotalSize += size;
}

// https://streams.spec.whatwg.org/#peek-queue-value
function peekQueueValue(container) {
  return container.queue.peek().value;
}

// https://streams.spec.whatwg.org/#reset-queue
function resetQueue(container) {
  container.queue = new Queue();
  container.queueTotalSize = 0;
}

function isNonNegativeNumber(v) {
  return typeof v === 'number' && !NumberIsNaN(v) && v >= 0;
}

// --- Buffers -------------------------------------------------------------------------------------

// https://streams.spec.whatwg.org/#transfer-array-buffer
function transferArrayBuffer(buffer) {
  if (isDetachedBuffer(buffer)) {
    throw new TypeError('The ArrayBuffer is detached.');
  }
  return ArrayBufferPrototypeTransfer(buffer);
}

// https://streams.spec.whatwg.org/#can-transfer-array-buffer (shared buffers are never
// transferable; the ArrayBuffer converter already refused them where the standard does).
function canTransferArrayBuffer(buffer) {
  return webidl.isArrayBuffer(buffer) && !isDetachedBuffer(buffer);
}

function isDetachedBuffer(buffer) {
  return ArrayBufferPrototypeGetDetached(buffer);
}

// https://streams.spec.whatwg.org/#abstract-opdef-cancopydatablockbytes, as a copy.
function copyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  TypedArrayPrototypeSet(new Uint8Array(toBuffer, toIndex, count), new Uint8Array(fromBuffer, fromIndex, count));
}

// https://streams.spec.whatwg.org/#abstract-opdef-clonearraybuffer
function cloneArrayBuffer(buffer, byteOffset, byteLength) {
  return ArrayBufferPrototypeSlice(buffer, byteOffset, byteOffset + byteLength);
}

// --- Queuing strategies (https://streams.spec.whatwg.org/#qs) ----------------------------------------

const convertQueuingStrategyInit = webidl.createDictionaryConverter('QueuingStrategyInit', [
  { key: 'highWaterMark', converter: webidl.converters['unrestricted double'], required: true },
]);

// The `size` functions are shared by every instance and named "size", as the standard asks.
const byteLengthSize = {
  size(chunk) {
    return chunk.byteLength;
  },
}.size;
const countSize = {
  size() {
    return 1;
  },
}.size;

// https://streams.spec.whatwg.org/#blqs-class
class ByteLengthQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = "Failed to construct 'ByteLengthQueuingStrategy'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#highWaterMark = convertQueuingStrategyInit(init, prefix, 'Argument 1').highWaterMark;
  }

  get highWaterMark() {
    webidl.assertBranded(this, isByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');
    return this.#highWaterMark;
  }

  get size() {
    webidl.assertBranded(this, isByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');
    return byteLengthSize;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #highWaterMark in o;
  }
}
const isByteLengthQueuingStrategy = ByteLengthQueuingStrategy.isInstance;
delete ByteLengthQueuingStrategy.isInstance;
webidl.configureInterface(ByteLengthQueuingStrategy);
webidl.exposeInterface('ByteLengthQueuingStrategy', ByteLengthQueuingStrategy);

// https://streams.spec.whatwg.org/#cqs-class
class CountQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = "Failed to construct 'CountQueuingStrategy'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#highWaterMark = convertQueuingStrategyInit(init, prefix, 'Argument 1').highWaterMark;
  }

  get highWaterMark() {
    webidl.assertBranded(this, isCountQueuingStrategy, 'CountQueuingStrategy');
    return this.#highWaterMark;
  }

  get size() {
    webidl.assertBranded(this, isCountQueuingStrategy, 'CountQueuingStrategy');
    return countSize;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #highWaterMark in o;
  }
}
const isCountQueuingStrategy = CountQueuingStrategy.isInstance;
delete CountQueuingStrategy.isInstance;
webidl.configureInterface(CountQueuingStrategy);
webidl.exposeInterface('CountQueuingStrategy', CountQueuingStrategy);

// https://streams.spec.whatwg.org/#dictdef-queuingstrategy
const convertQueuingStrategy = webidl.createDictionaryConverter('QueuingStrategy', [
  { key: 'highWaterMark', converter: webidl.converters['unrestricted double'] },
  { key: 'size', converter: webidl.converters.Function },
]);

// https://streams.spec.whatwg.org/#validate-and-normalize-high-water-mark
function extractHighWaterMark(strategy, defaultHWM) {
  if (strategy.highWaterMark === undefined) return defaultHWM;
  const highWaterMark = strategy.highWaterMark;
  if (NumberIsNaN(highWaterMark) || highWaterMark < 0) {
    throw new RangeError('The highWaterMark must be a non-negative number.');
  }
  return highWaterMark;
}

// https://streams.spec.whatwg.org/#make-size-algorithm-from-size-function
function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  if (size === undefined) return () => 1;
  return (chunk) => FunctionPrototypeCall(size, undefined, chunk);
}

// The constructors' first arguments: `optional object` converted to a dictionary of callbacks
// (UnderlyingSource, UnderlyingSink, Transformer). The callbacks are kept as they are and called
// later with the original object as `this`.
function createCallbackDictionaryConverter(name, callbackKeys, otherMembers) {
  const members = [];
  for (let i = 0; i < callbackKeys.length; i++) {
    ArrayPrototypePush(members, { key: callbackKeys[i], converter: webidl.converters.Function });
  }
  for (let i = 0; i < otherMembers.length; i++) ArrayPrototypePush(members, otherMembers[i]);
  const convert = webidl.createDictionaryConverter(name, members);
  return (object, prefix, context) => {
    if (object === undefined) return convert(undefined, prefix, context);
    webidl.converters.object(object, prefix, context);
    return convert(object, prefix, context);
  };
}

internals.streamsImpl = {
  createCallbackDictionaryConverter,
  newDeferred,
  resolvedPromise,
  rejectedPromise,
  uponPromise,
  uponFulfillment,
  uponRejection,
  setPromiseIsHandledToTrue,
  promiseCall,
  returnUndefinedPromise,
  Queue,
  dequeueValue,
  enqueueValueWithSize,
  peekQueueValue,
  resetQueue,
  isNonNegativeNumber,
  transferArrayBuffer,
  canTransferArrayBuffer,
  isDetachedBuffer,
  copyDataBlockBytes,
  cloneArrayBuffer,
  convertQueuingStrategy,
  extractHighWaterMark,
  extractSizeAlgorithm,
  ArrayBufferPrototypeGetByteLength,
  ArrayPrototypeShift,
};
