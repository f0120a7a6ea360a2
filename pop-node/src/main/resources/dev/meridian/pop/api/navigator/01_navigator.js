// The `navigator` global with `userAgent` (https://html.spec.whatwg.org/multipage/system-state.html#dom-navigator-useragent),
// as WinterTC's Minimum Common API asks of a server runtime.
'use strict';

const {
  Symbol,
} = primordials;
const webidl = internals.webidl;

/** What `navigator.userAgent` says: the runtime and its version. */
const USER_AGENT = 'Meridian/0.1';
const brand = Symbol('Navigator');

class Navigator {
  constructor(key = undefined) {
    if (key !== brand) webidl.illegalConstructor();
  }

  get userAgent() {
    webidl.assertBranded(this, isNavigator, 'Navigator');
    return USER_AGENT;
  }
}
const navigator = new Navigator(brand);
function isNavigator(value) {
  return value === navigator;
}
webidl.configureInterface(Navigator);

webidl.exposeInterface('Navigator', Navigator);
webidl.exposeInterface('navigator', navigator);
