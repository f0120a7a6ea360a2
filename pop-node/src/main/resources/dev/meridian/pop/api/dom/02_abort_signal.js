// AbortController and AbortSignal (https://dom.spec.whatwg.org/#aborting-ongoing-activities),
// with AbortSignal.abort(), .timeout() and .any().
'use strict';

const {
  ArrayPrototypePush,
  SafeSet,
  SafeWeakRef,
  Symbol,
} = primordials;
const webidl = internals.webidl;
const { DOMException } = internals.dom;
const { Event, EventTarget, defineEventHandler, dispatchEvent, reportException, setTrusted } = internals.event;

// A private token so that only this file can construct an AbortSignal.
const illegalConstructorKey = Symbol('AbortSignal');

// Internal access (set by AbortSignal's static block).
let signalInternals;

// https://dom.spec.whatwg.org/#interface-AbortSignal
class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  // Abort algorithms (https://dom.spec.whatwg.org/#abortsignal-abort-algorithms).
  #algorithms = new SafeSet();
  // https://dom.spec.whatwg.org/#abortsignal-dependent
  #dependent = false;
  #sourceSignals = new SafeSet(); // of WeakRef<AbortSignal>
  #dependentSignals = new SafeSet(); // of WeakRef<AbortSignal>

  constructor(key = undefined) {
    if (key !== illegalConstructorKey) {
      webidl.illegalConstructor();
    }
    super();
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-abort
  static abort(reason = undefined) {
    const signal = newSignal();
    signalAbort(signal, reason);
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-timeout
  static timeout(milliseconds) {
    const prefix = "Failed to execute 'timeout' on 'AbortSignal'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    milliseconds = webidl.converters['unsigned long long'](milliseconds, prefix, 'Argument 1', { enforceRange: true });
    const signal = newSignal();
    // Timers are looked up when called: they are attached after the snapshot is restored.
    internals.timers.setTimeout(() => {
      signalAbort(signal, new DOMException('The operation timed out.', 'TimeoutError'));
    }, milliseconds);
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-any
  static any(signals) {
    const prefix = "Failed to execute 'any' on 'AbortSignal'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const list = convertSignals(signals, prefix, 'Argument 1');
    return createDependentSignal(list);
  }

  get aborted() {
    check(this);
    return this.#aborted;
  }

  get reason() {
    check(this);
    return this.#reason;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-throwifaborted
  throwIfAborted() {
    check(this);
    if (this.#aborted) {
      throw this.#reason;
    }
  }

  static {
    signalInternals = {
      is: (o) => o !== null && typeof o === 'object' && #aborted in o,
      aborted: (s) => s.#aborted,
      reason: (s) => s.#reason,
      setAborted(s, reason) {
        s.#aborted = true;
        s.#reason = reason;
      },
      takeAlgorithms(s) {
        const algorithms = s.#algorithms;
        s.#algorithms = new SafeSet();
        return algorithms;
      },
      algorithms: (s) => s.#algorithms,
      sourceSignals: (s) => s.#sourceSignals,
      dependentSignals: (s) => s.#dependentSignals,
      isDependent: (s) => s.#dependent,
      setDependent(s) {
        s.#dependent = true;
      },
    };
  }
}
const isAbortSignal = signalInternals.is;
const check = (self) => webidl.assertBranded(self, isAbortSignal, 'AbortSignal');
const convertSignals = webidl.createSequenceConverter(
  webidl.createInterfaceConverter('AbortSignal', isAbortSignal));

function newSignal() {
  return new AbortSignal(illegalConstructorKey);
}

// https://dom.spec.whatwg.org/#abortsignal-add
function addAlgorithm(signal, algorithm) {
  if (signalInternals.aborted(signal)) return;
  signalInternals.algorithms(signal).add(algorithm);
}

// https://dom.spec.whatwg.org/#abortsignal-remove
function removeAlgorithm(signal, algorithm) {
  signalInternals.algorithms(signal).delete(algorithm);
}

// https://dom.spec.whatwg.org/#abortsignal-signal-abort
function signalAbort(signal, reason) {
  if (signalInternals.aborted(signal)) return;
  signalInternals.setAborted(signal,
    reason !== undefined ? reason : new DOMException('The signal has been aborted', 'AbortError'));
  const dependentsToAbort = [];
  for (const ref of signalInternals.dependentSignals(signal)) {
    const dependent = ref.deref();
    if (dependent !== undefined && !signalInternals.aborted(dependent)) {
      signalInternals.setAborted(dependent, signalInternals.reason(signal));
      ArrayPrototypePush(dependentsToAbort, dependent);
    }
  }
  runAbortSteps(signal);
  for (let i = 0; i < dependentsToAbort.length; i++) {
    runAbortSteps(dependentsToAbort[i]);
  }
}

// https://dom.spec.whatwg.org/#run-the-abort-steps
function runAbortSteps(signal) {
  for (const algorithm of signalInternals.takeAlgorithms(signal)) {
    try {
      algorithm();
    } catch (error) {
      reportException(error);
    }
  }
  const event = new Event('abort');
  setTrusted(event);
  dispatchEvent(signal, event);
}

// https://dom.spec.whatwg.org/#create-a-dependent-abort-signal
function createDependentSignal(signals) {
  const resultSignal = newSignal();
  for (let i = 0; i < signals.length; i++) {
    if (signalInternals.aborted(signals[i])) {
      signalInternals.setAborted(resultSignal, signalInternals.reason(signals[i]));
      return resultSignal;
    }
  }
  signalInternals.setDependent(resultSignal);
  const resultRef = new SafeWeakRef(resultSignal);
  const link = (source) => {
    signalInternals.sourceSignals(resultSignal).add(new SafeWeakRef(source));
    signalInternals.dependentSignals(source).add(resultRef);
  };
  for (let i = 0; i < signals.length; i++) {
    const signal = signals[i];
    if (!signalInternals.isDependent(signal)) {
      link(signal);
    } else {
      for (const ref of signalInternals.sourceSignals(signal)) {
        const source = ref.deref();
        // Sources of a dependent signal are never dependent themselves, and are not aborted.
        if (source !== undefined && !signalInternals.aborted(source)) link(source);
      }
    }
  }
  return resultSignal;
}

defineEventHandler(AbortSignal.prototype, 'abort', isAbortSignal, 'AbortSignal');
webidl.configureInterface(AbortSignal);
webidl.exposeInterface('AbortSignal', AbortSignal);

// https://dom.spec.whatwg.org/#interface-abortcontroller
class AbortController {
  #signal = newSignal();

  constructor() {}

  get signal() {
    webidl.assertBranded(this, isAbortController, 'AbortController');
    return this.#signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortcontroller-abort
  abort(reason = undefined) {
    webidl.assertBranded(this, isAbortController, 'AbortController');
    signalAbort(this.#signal, reason);
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #signal in o;
  }
}
const isAbortController = AbortController.isInstance;
delete AbortController.isInstance;
webidl.configureInterface(AbortController);
webidl.exposeInterface('AbortController', AbortController);

// Hooks for other APIs (fetch, streams): abort algorithms, and signals the runtime creates.
internals.abortSignal = {
  AbortSignal,
  AbortController,
  isAbortSignal,
  isAborted: (signal) => signalInternals.aborted(signal),
  reason: (signal) => signalInternals.reason(signal),
  // Runs `algorithm()` once when `signal` aborts (not if it already has).
  addAlgorithm,
  removeAlgorithm,
  // Aborts `signal` with `reason` (undefined: an AbortError DOMException).
  signalAbort,
  // A new signal that is not aborted and that only the caller can abort.
  newSignal,
  // A signal that follows all of `signals` (AbortSignal.any), e.g. for Request's signal.
  createDependentSignal,
};
