// queueMicrotask(callback) (https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#dom-queuemicrotask):
// the callback runs in a promise job, V8's microtask queue, in order with promise reactions. An
// exception it throws is reported (internals.reportError), not turned into a rejection.
'use strict';

const {
  FunctionPrototypeCall,
  PromisePrototypeThen,
  PromiseResolve,
} = primordials;
const webidl = internals.webidl;

const resolved = PromiseResolve(undefined);

function queueMicrotask(callback) {
  const prefix = "Failed to execute 'queueMicrotask'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  callback = webidl.converters.Function(callback, prefix, 'Argument 1');
  PromisePrototypeThen(resolved, () => {
    try {
      FunctionPrototypeCall(callback, undefined);
    } catch (error) {
      internals.reportError(error);
    }
  });
}

webidl.exposeFunction('queueMicrotask', queueMicrotask);
