// setTimeout, setInterval, clearTimeout, clearInterval: the timer initialisation steps of
// https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers
// Each timer is a host promise (op_timer_start) that settles with true when it fires and false when
// it is cleared; the callback runs in a fresh task on the isolate's loop, charged to the request that
// set the timer.
'use strict';

const {
  FunctionPrototypeCall,
  MathMax,
  MathTrunc,
  NumberIsFinite,
  Number,
  PromisePrototypeThen,
  ReflectApply,
  SafeMap,
  TypeError,
} = primordials;
const webidl = internals.webidl;

// Timer ids start at 1 so that 0 stays free (clearTimeout(0) is a no-op), per HTML.
let nextId = 1;
const active = new SafeMap();

function normalizeDelay(delay) {
  const ms = Number(delay);
  return NumberIsFinite(ms) ? MathMax(0, MathTrunc(ms)) : 0;
}

function reportException(error) {
  // An exception in a timer callback is reported, not thrown: the isolate goes on.
  if (typeof globalThis.reportError === 'function') {
    FunctionPrototypeCall(globalThis.reportError, globalThis, error);
  } else {
    internals.ops.op_console_log('error', 'Uncaught (in timer) ' + internals.runtime.describe(error));
  }
}

function arm(id, timer) {
  PromisePrototypeThen(internals.ops.op_timer_start(id, timer.delay), (fired) => {
    if (!fired || active.get(id) !== timer) return;
    if (timer.repeat) {
      arm(id, timer);
    } else {
      active.delete(id);
    }
    try {
      ReflectApply(timer.callback, globalThis, timer.args);
    } catch (error) {
      reportException(error);
    }
  });
}

function start(callback, delay, args, repeat, name) {
  if (typeof callback !== 'function') {
    // HTML compiles a string handler with eval; eval is off in workers, as on Cloudflare's.
    throw new TypeError(`${name}: the handler must be a function (string handlers are not supported)`);
  }
  const id = nextId++;
  const timer = { callback, args, delay: normalizeDelay(delay), repeat };
  active.set(id, timer);
  arm(id, timer);
  return id;
}

function clear(id) {
  const key = Number(id);
  if (active.delete(key)) {
    internals.ops.op_timer_cancel(key);
  }
}

function setTimeout(callback, delay = 0, ...args) {
  return start(callback, delay, args, false, 'setTimeout');
}

function setInterval(callback, delay = 0, ...args) {
  return start(callback, delay, args, true, 'setInterval');
}

function clearTimeout(id = 0) {
  clear(id);
}

function clearInterval(id = 0) {
  clear(id);
}

webidl.exposeFunction('setTimeout', setTimeout);
webidl.exposeFunction('setInterval', setInterval);
webidl.exposeFunction('clearTimeout', clearTimeout);
webidl.exposeFunction('clearInterval', clearInterval);

internals.timers = { setTimeout, clearTimeout };
