// Event, CustomEvent and EventTarget of the DOM standard (https://dom.spec.whatwg.org/#events).
// A worker has no node tree: an event's path is its target alone, so dispatch runs the target's
// capturing listeners, then its other listeners, all in the AT_TARGET phase.
'use strict';

const {
  ArrayPrototypeIndexOf,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSplice,
  DateNow,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  PromiseReject,
  SafeMap,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const { DOMException } = internals.dom;

// Reports an exception thrown by a listener (https://html.spec.whatwg.org/#report-the-exception).
// The runtime sets `internals.reportError`; without it the error becomes an unhandled rejection,
// which the host reports too.
function reportException(error) {
  const report = internals.reportError;
  if (typeof report === 'function') {
    report(error);
  } else {
    PromiseReject(error);
  }
}

const eventInitMembers = [
  { key: 'bubbles', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'cancelable', converter: webidl.converters.boolean, defaultValue: false },
  { key: 'composed', converter: webidl.converters.boolean, defaultValue: false },
];
const convertEventInit = webidl.createDictionaryConverter('EventInit', eventInitMembers);

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

// Internal access to an event's flags, for dispatch (set by Event's static block).
let eventInternals;

// https://dom.spec.whatwg.org/#interface-event
class Event {
  #type;
  #target = null;
  #currentTarget = null;
  #eventPhase = NONE;
  #bubbles;
  #cancelable;
  #composed;
  #timeStamp;
  // Flags of https://dom.spec.whatwg.org/#concept-event
  #stopPropagation = false;
  #stopImmediatePropagation = false;
  #canceled = false;
  #inPassiveListener = false;
  #initialized = true;
  #dispatch = false;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'Event'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#type = webidl.converters.DOMString(type, prefix, 'Argument 1');
    const init = convertEventInit(eventInitDict, prefix, 'Argument 2');
    this.#bubbles = init.bubbles;
    this.#cancelable = init.cancelable;
    this.#composed = init.composed;
    this.#timeStamp = DateNow();
    // isTrusted is an unforgeable attribute: an own accessor of each instance.
    ObjectDefineProperty(this, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  get type() {
    check(this);
    return this.#type;
  }

  get target() {
    check(this);
    return this.#target;
  }

  get srcElement() {
    check(this);
    return this.#target;
  }

  get currentTarget() {
    check(this);
    return this.#currentTarget;
  }

  // https://dom.spec.whatwg.org/#dom-event-composedpath
  composedPath() {
    check(this);
    return this.#currentTarget === null ? [] : [this.#currentTarget];
  }

  get eventPhase() {
    check(this);
    return this.#eventPhase;
  }

  stopPropagation() {
    check(this);
    this.#stopPropagation = true;
  }

  get cancelBubble() {
    check(this);
    return this.#stopPropagation;
  }

  set cancelBubble(value) {
    check(this);
    if (webidl.converters.boolean(value)) this.#stopPropagation = true;
  }

  stopImmediatePropagation() {
    check(this);
    this.#stopPropagation = true;
    this.#stopImmediatePropagation = true;
  }

  get bubbles() {
    check(this);
    return this.#bubbles;
  }

  get cancelable() {
    check(this);
    return this.#cancelable;
  }

  get returnValue() {
    check(this);
    return !this.#canceled;
  }

  set returnValue(value) {
    check(this);
    if (!webidl.converters.boolean(value)) this.#setCanceled();
  }

  // https://dom.spec.whatwg.org/#set-the-canceled-flag
  #setCanceled() {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  preventDefault() {
    check(this);
    this.#setCanceled();
  }

  get defaultPrevented() {
    check(this);
    return this.#canceled;
  }

  get composed() {
    check(this);
    return this.#composed;
  }

  get timeStamp() {
    check(this);
    return this.#timeStamp;
  }

  // https://dom.spec.whatwg.org/#dom-event-initevent
  initEvent(type, bubbles = false, cancelable = false) {
    check(this);
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'initEvent' on 'Event'");
    if (this.#dispatch) return;
    this.#initialized = true;
    this.#stopPropagation = false;
    this.#stopImmediatePropagation = false;
    this.#canceled = false;
    this.#target = null;
    this.#type = webidl.converters.DOMString(type);
    this.#bubbles = webidl.converters.boolean(bubbles);
    this.#cancelable = webidl.converters.boolean(cancelable);
  }

  static {
    // Internal access for dispatch, which lives outside the class.
    eventInternals = {
      is: (o) => o !== null && typeof o === 'object' && #type in o,
      isDispatching: (e) => e.#dispatch,
      beginDispatch(e, target) {
        e.#dispatch = true;
        e.#target = target;
        e.#currentTarget = target;
        e.#eventPhase = AT_TARGET;
      },
      endDispatch(e) {
        e.#dispatch = false;
        e.#eventPhase = NONE;
        e.#currentTarget = null;
        e.#stopPropagation = false;
        e.#stopImmediatePropagation = false;
      },
      stoppedImmediately: (e) => e.#stopImmediatePropagation,
      stopped: (e) => e.#stopPropagation,
      setInPassiveListener(e, value) {
        e.#inPassiveListener = value;
      },
      canceled: (e) => e.#canceled,
    };
  }
}
const isEvent = eventInternals.is;
const check = (self) => webidl.assertBranded(self, isEvent, 'Event');

// isTrusted is true only for events the runtime itself dispatches (abort, timeout...).
const trusted = new primordials.SafeWeakSet();
function isTrustedGetter() {
  return trusted.has(this);
}

webidl.configureInterface(Event);
webidl.defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
webidl.exposeInterface('Event', Event);

// https://dom.spec.whatwg.org/#interface-customevent
const convertCustomEventInit = webidl.createDictionaryConverter('CustomEventInit', eventInitMembers,
  [{ key: 'detail', converter: webidl.converters.any, defaultValue: null }]);

class CustomEvent extends Event {
  #detail;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'CustomEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = convertCustomEventInit(eventInitDict, prefix, 'Argument 2');
    super(type, init);
    this.#detail = init.detail;
  }

  get detail() {
    webidl.assertBranded(this, isCustomEvent, 'CustomEvent');
    return this.#detail;
  }

  // https://dom.spec.whatwg.org/#dom-customevent-initcustomevent
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    webidl.assertBranded(this, isCustomEvent, 'CustomEvent');
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'initCustomEvent' on 'CustomEvent'");
    if (eventInternals.isDispatching(this)) return;
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #detail in o;
  }
}
const isCustomEvent = CustomEvent.isInstance;
delete CustomEvent.isInstance;
webidl.configureInterface(CustomEvent);
webidl.exposeInterface('CustomEvent', CustomEvent);

// --- EventTarget ---------------------------------------------------------------------------------

// https://dom.spec.whatwg.org/#concept-flatten-options
function flattenOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null || options === undefined) return { capture: false };
  if (typeof options !== 'object' && typeof options !== 'function') return { capture: !!options };
  return { capture: !!options.capture };
}

// https://dom.spec.whatwg.org/#event-flatten-more
function flattenMoreOptions(options) {
  const { capture } = flattenOptions(options);
  let once = false;
  let passive = null;
  let signal = null;
  if (options !== null && (typeof options === 'object' || typeof options === 'function')) {
    once = !!options.once;
    if (options.passive !== undefined) passive = !!options.passive;
    if (options.signal !== undefined) {
      signal = options.signal;
      if (!internals.abortSignal.isAbortSignal(signal)) {
        throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
      }
    }
  }
  return { capture, once, passive, signal };
}

// Internal access to a target's listener lists (set by EventTarget's static block).
let targetInternals;

class EventTarget {
  // type -> array of listener records { callback, capture, once, passive, removed }
  #listeners = new SafeMap();

  constructor() {}

  // https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener
  addEventListener(type, callback, options = undefined) {
    const self = this;
    checkTarget(self);
    const prefix = "Failed to execute 'addEventListener' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = webidl.converters.DOMString(type, prefix, 'Argument 1');
    if (callback !== null && typeof callback !== 'function' && typeof callback !== 'object') {
      throw new TypeError(`${prefix}: parameter 2 is not of type 'Object'.`);
    }
    const { capture, once, passive, signal } = flattenMoreOptions(options);
    // https://dom.spec.whatwg.org/#add-an-event-listener
    if (signal !== null && internals.abortSignal.isAborted(signal)) return;
    if (callback === null) return;
    let list = self.#listeners.get(type);
    if (list === undefined) {
      list = [];
      self.#listeners.set(type, list);
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === capture) return;
    }
    const listener = { callback, capture, once, passive: passive ?? false, removed: false };
    ArrayPrototypePush(list, listener);
    if (signal !== null) {
      internals.abortSignal.addAlgorithm(signal, () => removeListener(self, type, listener));
    }
  }

  // https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener
  removeEventListener(type, callback, options = undefined) {
    const self = this;
    checkTarget(self);
    const prefix = "Failed to execute 'removeEventListener' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = webidl.converters.DOMString(type, prefix, 'Argument 1');
    const { capture } = flattenOptions(options);
    const list = self.#listeners.get(type);
    if (list === undefined || callback === null) return;
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === capture) {
        removeListener(self, type, list[i]);
        return;
      }
    }
  }

  // https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent
  dispatchEvent(event) {
    const self = this;
    checkTarget(self);
    const prefix = "Failed to execute 'dispatchEvent' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    if (!isEvent(event)) {
      throw new TypeError(`${prefix}: parameter 1 is not of type 'Event'.`);
    }
    if (eventInternals.isDispatching(event)) {
      throw new DOMException('The event is already being dispatched.', 'InvalidStateError');
    }
    return dispatch(self, event);
  }

  static {
    targetInternals = {
      is: (o) => o !== null && typeof o === 'object' && #listeners in o,
      listeners: (t, type) => t.#listeners.get(type),
      removeType: (t, type) => t.#listeners.delete(type),
    };
  }
}
const isEventTarget = targetInternals.is;
const checkTarget = (self) => webidl.assertBranded(self, isEventTarget, 'EventTarget');

// https://dom.spec.whatwg.org/#remove-an-event-listener
function removeListener(target, type, listener) {
  listener.removed = true;
  const list = targetInternals.listeners(target, type);
  if (list === undefined) return;
  const index = ArrayPrototypeIndexOf(list, listener);
  if (index !== -1) ArrayPrototypeSplice(list, index, 1);
  if (list.length === 0) targetInternals.removeType(target, type);
}

// https://dom.spec.whatwg.org/#concept-event-dispatch, for a path of one target.
function dispatch(target, event) {
  eventInternals.beginDispatch(event, target);
  const list = targetInternals.listeners(target, event.type);
  if (list !== undefined) {
    // https://dom.spec.whatwg.org/#concept-event-listener-invoke: on a clone of the list.
    const listeners = ArrayPrototypeSlice(list);
    innerInvoke(target, event, listeners, true);
    if (!eventInternals.stopped(event)) innerInvoke(target, event, listeners, false);
  }
  eventInternals.endDispatch(event);
  return !eventInternals.canceled(event);
}

// https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke
function innerInvoke(target, event, listeners, capturePhase) {
  const type = event.type;
  for (let i = 0; i < listeners.length; i++) {
    const listener = listeners[i];
    if (listener.removed || listener.capture !== capturePhase) continue;
    if (listener.once) removeListener(target, type, listener);
    if (listener.passive) eventInternals.setInPassiveListener(event, true);
    try {
      const callback = listener.callback;
      if (typeof callback === 'function') {
        FunctionPrototypeCall(callback, target, event);
      } else {
        const handleEvent = callback.handleEvent;
        if (typeof handleEvent !== 'function') {
          throw new TypeError("'handleEvent' property of event listener is not a function.");
        }
        FunctionPrototypeCall(handleEvent, callback, event);
      }
    } catch (error) {
      reportException(error);
    }
    eventInternals.setInPassiveListener(event, false);
    if (eventInternals.stoppedImmediately(event)) return;
  }
}

// Captured so that the runtime's own registrations do not go through a patched prototype.
const addEventListener = EventTarget.prototype.addEventListener;

webidl.configureInterface(EventTarget);
webidl.exposeInterface('EventTarget', EventTarget);

// An event handler IDL attribute (https://html.spec.whatwg.org/#event-handler-attributes), such as
// AbortSignal's `onabort`: a getter/setter pair on `prototype` whose value is registered as one
// listener for `type`.
function defineEventHandler(prototype, type, isInstance, interfaceName) {
  const handlers = new primordials.SafeWeakMap();
  ObjectDefineProperty(prototype, `on${type}`, {
    get() {
      webidl.assertBranded(this, isInstance, interfaceName);
      return handlers.get(this)?.handler ?? null;
    },
    set(value) {
      webidl.assertBranded(this, isInstance, interfaceName);
      const handler = (typeof value === 'function' || (value !== null && typeof value === 'object')) ? value : null;
      let record = handlers.get(this);
      if (record === undefined) {
        if (handler === null) return;
        const target = this;
        record = {
          handler,
          // The listener calls whatever the attribute holds when the event fires.
          listener(event) {
            const h = record.handler;
            if (typeof h !== 'function') return undefined;
            const result = FunctionPrototypeCall(h, target, event);
            if (result === false) event.preventDefault();
            return result;
          },
        };
        handlers.set(this, record);
        FunctionPrototypeCall(addEventListener, this, type, record.listener);
      } else {
        record.handler = handler;
      }
    },
    enumerable: true,
    configurable: true,
  });
}

internals.event = {
  Event,
  CustomEvent,
  EventTarget,
  isEvent,
  isEventTarget,
  defineEventHandler,
  reportException,
  // Dispatches `event` at `target` without going through the (patchable) dispatchEvent method.
  dispatchEvent: dispatch,
  // Marks an event created by the runtime as trusted (https://dom.spec.whatwg.org/#dom-event-istrusted).
  setTrusted: (event) => {
    trusted.add(event);
  },
};
