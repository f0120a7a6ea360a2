// Captures the JavaScript built-ins into `primordials` before any tenant code runs, so that the web
// APIs keep working when a worker patches `Array.prototype.push`, `Promise.prototype.then` or
// `Map.prototype.get`. Loaded first of all; the loader passes an empty object in and this file
// fills it.
//
// Naming, one rule for everything captured:
//   static members        Name + Key             ObjectDefineProperty, ArrayIsArray, MathMax
//   prototype methods     Name + Prototype + Key ArrayPrototypePush(array, x)   (uncurried: this first)
//   prototype accessors   ...Get/Set + Key       ArrayBufferPrototypeGetByteLength(buffer)
//   symbol keys           Symbol + Description   SymbolIterator, ArrayPrototypeSymbolIterator(array)
// `%TypedArray%` is captured as `TypedArray`; the iterator prototypes as `ArrayIteratorPrototype`,
// `AsyncIteratorPrototype` and so on.
//
// Safe collections (SafeMap, SafeSet, SafeWeakMap, SafeWeakSet, SafeWeakRef, SafeFinalizationRegistry,
// SafePromise) are subclasses whose prototypes carry their own copies of the methods, and whose
// iterators advance with a captured `next`, so that patching the built-in prototypes does not reach
// them. SafeArrayIterator iterates an array without the array's (patchable) @@iterator.
'use strict';

const { apply, bind, call } = Function.prototype;
// uncurryThis(fn)(thisArg, ...args) === fn.call(thisArg, ...args)
const uncurryThis = bind.bind(call);
primordials.uncurryThis = uncurryThis;
// applyBind(fn)(thisArg, argsArray) === fn.apply(thisArg, argsArray)
const applyBind = bind.bind(apply);
primordials.applyBind = applyBind;

const ReflectOwnKeys = Reflect.ownKeys;
const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const ReflectDefineProperty = Reflect.defineProperty;
const ObjectFreeze = Object.freeze;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase);
const StringPrototypeSlice = uncurryThis(String.prototype.slice);
const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith);
const ArrayPrototypeForEach = uncurryThis(Array.prototype.forEach);

// "Symbol(Symbol.iterator)" -> "SymbolIterator"; "push" -> "Push".
function keyName(key) {
  if (typeof key === 'symbol') {
    const desc = key.description;
    // Well-known symbols are described "Symbol.x".
    const tail = StringPrototypeStartsWith(desc, 'Symbol.') ? StringPrototypeSlice(desc, 7) : desc;
    return 'Symbol' + StringPrototypeToUpperCase(tail[0]) + StringPrototypeSlice(tail, 1);
  }
  return StringPrototypeToUpperCase(key[0]) + StringPrototypeSlice(key, 1);
}

function define(name, value) {
  if (!(name in primordials)) {
    ReflectDefineProperty(primordials, name, { value, enumerable: true, writable: false, configurable: false });
  }
}

// Static members of a constructor or namespace (getters read once).
function copyStatics(prefix, src) {
  ArrayPrototypeForEach(ReflectOwnKeys(src), (key) => {
    if (key === 'prototype' || key === 'length' || key === 'name' || key === 'caller' || key === 'arguments') {
      return;
    }
    const desc = ReflectGetOwnPropertyDescriptor(src, key);
    const name = prefix + keyName(key);
    if ('value' in desc) {
      // Functions are bound to their owner: Promise.resolve and friends need their constructor.
      define(name, typeof desc.value === 'function' ? bind.call(desc.value, src) : desc.value);
    } else if (desc.get) {
      define(name, call.call(desc.get, src));
    }
  });
}

// Prototype members: methods uncurried, accessors as uncurried Get/Set functions.
function copyPrototype(prefix, proto) {
  ArrayPrototypeForEach(ReflectOwnKeys(proto), (key) => {
    if (key === 'constructor') return;
    const desc = ReflectGetOwnPropertyDescriptor(proto, key);
    const name = keyName(key);
    if ('value' in desc) {
      if (typeof desc.value === 'function') {
        define(prefix + name, uncurryThis(desc.value));
      } else {
        define(prefix + name, desc.value);
      }
    } else {
      if (desc.get) define(prefix + 'Get' + name, uncurryThis(desc.get));
      if (desc.set) define(prefix + 'Set' + name, uncurryThis(desc.set));
    }
  });
}

// The global functions and values.
ArrayPrototypeForEach([
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  'isFinite', 'isNaN', 'parseFloat', 'parseInt',
], (name) => {
  if (typeof globalThis[name] === 'function') define(name, globalThis[name]);
});
define('globalThis', globalThis);
define('Infinity', Infinity);
define('NaN', NaN);
define('undefined', undefined);

// Namespaces: statics only.
ArrayPrototypeForEach(['JSON', 'Math', 'Reflect', 'Atomics', 'Proxy'], (name) => {
  const ns = globalThis[name];
  if (ns === undefined) return;
  define(name, ns);
  copyStatics(name, ns);
});

// Constructors: the constructor, its statics and its prototype.
const constructors = [
  'AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean',
  'DataView', 'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array',
  'Function', 'Int16Array', 'Int32Array', 'Int8Array', 'Map', 'Number', 'Object', 'Promise',
  'RangeError', 'ReferenceError', 'RegExp', 'Set', 'SharedArrayBuffer', 'String', 'Symbol',
  'SyntaxError', 'TypeError', 'URIError', 'Uint16Array', 'Uint32Array', 'Uint8Array',
  'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet',
];
ArrayPrototypeForEach(constructors, (name) => {
  const ctor = globalThis[name];
  if (ctor === undefined) return;
  define(name, ctor);
  define(name + 'Prototype', ctor.prototype);
  copyStatics(name, ctor);
  copyPrototype(name + 'Prototype', ctor.prototype);
});

// %TypedArray%, the shared parent of the typed array constructors.
const TypedArray = Object.getPrototypeOf(Uint8Array);
define('TypedArray', TypedArray);
define('TypedArrayPrototype', TypedArray.prototype);
copyStatics('TypedArray', TypedArray);
copyPrototype('TypedArrayPrototype', TypedArray.prototype);

// The iterator prototypes, which tenants can reach and patch too.
const arrayIterator = [][Symbol.iterator]();
const intrinsicPrototypes = {
  IteratorPrototype: Object.getPrototypeOf(Object.getPrototypeOf(arrayIterator)),
  ArrayIteratorPrototype: Object.getPrototypeOf(arrayIterator),
  StringIteratorPrototype: Object.getPrototypeOf(''[Symbol.iterator]()),
  MapIteratorPrototype: Object.getPrototypeOf(new Map()[Symbol.iterator]()),
  SetIteratorPrototype: Object.getPrototypeOf(new Set()[Symbol.iterator]()),
  AsyncIteratorPrototype: Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype),
  AsyncGeneratorPrototype: Object.getPrototypeOf(async function* () {}).prototype,
  GeneratorPrototype: Object.getPrototypeOf(function* () {}).prototype,
  RegExpStringIteratorPrototype: Object.getPrototypeOf(/x/[Symbol.matchAll]('x')),
};
ArrayPrototypeForEach(ReflectOwnKeys(intrinsicPrototypes), (name) => {
  const proto = intrinsicPrototypes[name];
  define(name, proto);
  copyPrototype(name, proto);
});
define('AsyncFunction', Object.getPrototypeOf(async function () {}).constructor);
define('GeneratorFunction', Object.getPrototypeOf(function* () {}).constructor);
define('AsyncGeneratorFunction', Object.getPrototypeOf(async function* () {}).constructor);

// --- Safe iteration -------------------------------------------------------------------------------

// Wraps a built-in iterator-producing method so that the iterator it returns advances with the
// `next` captured now, not the one on the (patchable) iterator prototype.
function createSafeIterator(factory, next) {
  class SafeIterator {
    constructor(iterable) {
      this._iterator = factory(iterable);
    }
    next() {
      return next(this._iterator);
    }
    [Symbol.iterator]() {
      return this;
    }
  }
  ObjectSetPrototypeOf(SafeIterator.prototype, null);
  ObjectFreeze(SafeIterator.prototype);
  ObjectFreeze(SafeIterator);
  return SafeIterator;
}

const SafeArrayIterator = createSafeIterator(
  primordials.ArrayPrototypeSymbolIterator, primordials.ArrayIteratorPrototypeNext);
define('SafeArrayIterator', SafeArrayIterator);
define('SafeStringIterator', createSafeIterator(
  primordials.StringPrototypeSymbolIterator, primordials.StringIteratorPrototypeNext));

// Copies the own members of `src` onto `dest` (keeping descriptors), replacing the iterator-producing
// methods with ones returning safe iterators.
function copyProps(src, dest) {
  ArrayPrototypeForEach(ReflectOwnKeys(src), (key) => {
    if (!ReflectGetOwnPropertyDescriptor(dest, key)) {
      ReflectDefineProperty(dest, key, ReflectGetOwnPropertyDescriptor(src, key));
    }
  });
}

function makeSafe(unsafe, safe) {
  if (Symbol.iterator in unsafe.prototype) {
    const dummy = new unsafe();
    let next;
    ArrayPrototypeForEach(ReflectOwnKeys(unsafe.prototype), (key) => {
      if (!ReflectGetOwnPropertyDescriptor(safe.prototype, key)) {
        const desc = ReflectGetOwnPropertyDescriptor(unsafe.prototype, key);
        if (typeof desc.value === 'function' && desc.value.length === 0 &&
            typeof (call.call(desc.value, dummy) ?? {})[Symbol.iterator] === 'function') {
          const createIterator = uncurryThis(desc.value);
          next ??= uncurryThis(createIterator(dummy).next);
          const SafeIterator = createSafeIterator(createIterator, next);
          desc.value = function () {
            return new SafeIterator(this);
          };
        }
        ReflectDefineProperty(safe.prototype, key, desc);
      }
    });
  } else {
    copyProps(unsafe.prototype, safe.prototype);
  }
  copyProps(unsafe, safe);
  ObjectSetPrototypeOf(safe.prototype, null);
  ObjectFreeze(safe.prototype);
  ObjectFreeze(safe);
  return safe;
}

define('SafeMap', makeSafe(Map, class SafeMap extends Map {
  constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
}));
define('SafeSet', makeSafe(Set, class SafeSet extends Set {
  constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
}));
define('SafeWeakMap', makeSafe(WeakMap, class SafeWeakMap extends WeakMap {
  constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
}));
define('SafeWeakSet', makeSafe(WeakSet, class SafeWeakSet extends WeakSet {
  constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
}));
define('SafeWeakRef', makeSafe(WeakRef, class SafeWeakRef extends WeakRef {
  constructor(t) { super(t); } // eslint-disable-line no-useless-constructor
}));
define('SafeFinalizationRegistry', makeSafe(FinalizationRegistry, class SafeFinalizationRegistry extends FinalizationRegistry {
  constructor(c) { super(c); } // eslint-disable-line no-useless-constructor
}));

// A Promise subclass whose `then` cannot be patched; used where a promise is awaited internally.
const SafePromise = makeSafe(Promise, class SafePromise extends Promise {
  constructor(executor) { super(executor); } // eslint-disable-line no-useless-constructor
});
define('SafePromise', SafePromise);

// --- Promise helpers -------------------------------------------------------------------------------

const PromisePrototypeThen = primordials.PromisePrototypeThen;
const PromiseResolve = primordials.PromiseResolve;
const ArrayPrototypeMap = primordials.ArrayPrototypeMap;

// Promise.all / allSettled / race over an array, without touching the array's @@iterator or the
// promises' patchable `then`.
function wrapArray(promises) {
  return new SafeArrayIterator(ArrayPrototypeMap(promises, (p) =>
    new SafePromise((resolve, reject) => PromisePrototypeThen(PromiseResolve(p), resolve, reject))));
}
define('SafePromiseAll', (promises) => new Promise((resolve, reject) =>
  PromisePrototypeThen(SafePromise.all(wrapArray(promises)), resolve, reject)));
define('SafePromiseAllSettled', (promises) => new Promise((resolve, reject) =>
  PromisePrototypeThen(SafePromise.allSettled(wrapArray(promises)), resolve, reject)));
define('SafePromiseRace', (promises) => new Promise((resolve, reject) =>
  PromisePrototypeThen(SafePromise.race(wrapArray(promises)), resolve, reject)));
// promise.finally(f) without the patchable `finally`/`then`.
define('SafePromisePrototypeFinally', (promise, onFinally) => new Promise((resolve, reject) => {
  PromisePrototypeThen(promise,
    (value) => PromisePrototypeThen(PromiseResolve(onFinally()), () => resolve(value), reject),
    (reason) => PromisePrototypeThen(PromiseResolve(onFinally()), () => reject(reason), reject));
}));
// Promise.withResolvers, written out for engines that lack it.
define('PromiseWithResolvers', () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
});

ObjectFreeze(primordials);
