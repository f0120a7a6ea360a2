// `self` (https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-self): the
// global object, as in a worker; writable and configurable, so a tenant can replace it.
'use strict';

internals.webidl.exposeInterface('self', primordials.globalThis);
