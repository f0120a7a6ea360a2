// The main module of one Web Platform Tests file run as a Meridian worker (put together by
// dev.meridian.pop.wpt.HarnessModule; the lines /*@…@*/ are replaced there).
//
// WPT's *.any.js files are classic scripts that share one global scope with testharness.js. Workers
// have no classic scripts and no eval, so the harness runs inside one function and the META scripts
// and the test inside another (their top-level declarations share that function's scope, as they
// would share the global one). Both run inside the request, where fetch() and timers are allowed;
// the response is the results reported to add_completion_callback, as JSON.

const base = /*@BASE@*/;
const realFetch = globalThis.fetch;

// What a test expects of a worker-like global that Meridian gives no meaning to.
if (!('self' in globalThis)) {
  Object.defineProperty(globalThis, 'self', { value: globalThis, writable: true, configurable: true });
}
Object.defineProperty(globalThis, 'location', { value: new URL(base), writable: true, configurable: true });
Object.defineProperty(globalThis, 'GLOBAL', {
  value: { isWindow: () => false, isWorker: () => false, isShadowRealm: () => false },
  writable: true,
  configurable: true,
});
// Relative URLs resolve against the test's own URL on the file server, as in a browser.
globalThis.fetch = function fetch(input, init) {
  return realFetch(typeof input === 'string' ? new URL(input, base).href : input, init);
};

function describe(error) {
  if (error !== null && typeof error === 'object' && typeof error.stack === 'string') return error.stack;
  return String(error);
}

function runHarness() {
/*@HARNESS@*/
}

function runTest() {
/*@TEST@*/
}

export default {
  async fetch() {
    runHarness.call(globalThis);
    const finished = new Promise((resolve) => {
      add_completion_callback((tests, status) => resolve({
        tests: tests.map((t) => ({ name: t.name, status: t.status, message: t.message ?? null })),
        status: status.status,
        message: status.message ?? null,
      }));
    });
    let thrown = null;
    try {
      runTest.call(globalThis);
    } catch (e) {
      thrown = describe(e);
    }
    done();
    const result = await finished;
    if (thrown !== null && result.status === 0) {
      result.status = 1;
      result.message = 'the test file threw: ' + thrown;
    }
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  },
};
