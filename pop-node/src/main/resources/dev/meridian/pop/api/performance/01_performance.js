// The `performance` global: Performance.now(), timeOrigin and toJSON() of High Resolution Time
// (https://w3c.github.io/hr-time/#sec-performance). Times come from the host (op_performance_now,
// op_performance_time_origin): a monotonic clock, counted from the isolate's time origin, and
// coarsened there.
'use strict';

const {
  Symbol,
} = primordials;
const webidl = internals.webidl;
const { EventTarget } = internals.event;

const brand = Symbol('Performance');
let performance;

class Performance extends EventTarget {
  constructor(key = undefined) {
    if (key !== brand) webidl.illegalConstructor();
    super();
  }

  // https://w3c.github.io/hr-time/#dom-performance-now
  now() {
    webidl.assertBranded(this, isPerformance, 'Performance');
    return internals.ops.op_performance_now();
  }

  // https://w3c.github.io/hr-time/#dom-performance-timeorigin
  get timeOrigin() {
    webidl.assertBranded(this, isPerformance, 'Performance');
    return internals.ops.op_performance_time_origin();
  }

  // https://w3c.github.io/hr-time/#dom-performance-tojson
  toJSON() {
    webidl.assertBranded(this, isPerformance, 'Performance');
    return { timeOrigin: this.timeOrigin };
  }
}
function isPerformance(value) {
  return value === performance;
}
webidl.configureInterface(Performance);
performance = new Performance(brand);

webidl.exposeInterface('Performance', Performance);
webidl.exposeInterface('performance', performance);
