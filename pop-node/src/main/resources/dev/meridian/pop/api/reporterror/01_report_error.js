// reportError(e) (https://html.spec.whatwg.org/multipage/webappapis.html#dom-reporterror): reports
// an exception the way an uncaught one is reported. A worker's global is no EventTarget, so there is
// no "error" event to cancel it: the report is one error line in the worker's log, through the
// console's host op. Also `internals.reportError(e)`, where the DOM's event dispatch, timers and
// queueMicrotask send exceptions thrown by callbacks.
'use strict';

const {
  String,
} = primordials;
const webidl = internals.webidl;

function describe(error) {
  try {
    if (error !== null && typeof error === 'object' && typeof error.stack === 'string') return error.stack;
    return typeof error === 'string' ? error : internals.console.inspect(error);
  } catch {
    // A getter that throws, a revoked proxy: say what it was if it can, never fail to report.
    try {
      return String(error);
    } catch {
      return '(a value that cannot be described)';
    }
  }
}

// https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception
function report(error) {
  internals.ops.op_console_log('error', 'Uncaught ' + describe(error));
}

function reportError(e) {
  webidl.requiredArguments(arguments.length, 1, "Failed to execute 'reportError'");
  report(e);
}

webidl.exposeFunction('reportError', reportError);
internals.reportError = report;
