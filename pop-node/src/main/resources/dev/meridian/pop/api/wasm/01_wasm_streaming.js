// WebAssembly.compileStreaming and WebAssembly.instantiateStreaming of the WebAssembly Web API
// (https://webassembly.github.io/spec/web-api/#streaming-modules), from a Response or a promise of
// one. V8 adds the WebAssembly namespace only when an isolate is restored from the snapshot, so the
// two functions are installed then, by a restore hook, before any tenant code runs.
'use strict';

const {
  ArrayPrototypePush,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectPrototypeIsPrototypeOf,
  PromisePrototypeThen,
  PromiseResolve,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  TypeError,
} = primordials;
const fetch = internals.fetch;

// Response's accessors and methods, captured before tenant code can replace them.
const { Response } = fetch;
const responseOk = ObjectGetOwnPropertyDescriptor(Response.prototype, 'ok').get;
const responseHeaders = ObjectGetOwnPropertyDescriptor(Response.prototype, 'headers').get;
const responseArrayBuffer = Response.prototype.arrayBuffer;
const headersGet = internals.headers.Headers.prototype.get;

// https://webassembly.github.io/spec/web-api/#compile-a-potential-webassembly-response, up to the
// bytes: the response must be a Response, typed application/wasm, ok, and not read yet.
function responseBytes(response, method) {
  if (!fetch.isResponse(response)) {
    throw new TypeError(`WebAssembly.${method}(): the argument must be a Response or a promise of one`);
  }
  const contentType = FunctionPrototypeCall(headersGet, FunctionPrototypeCall(responseHeaders, response), 'content-type');
  let essence = contentType ?? '';
  const semicolon = StringPrototypeIndexOf(essence, ';');
  if (semicolon !== -1) essence = StringPrototypeSlice(essence, 0, semicolon);
  essence = StringPrototypeToLowerCase(StringPrototypeTrim(essence));
  if (essence !== 'application/wasm') {
    throw new TypeError(`WebAssembly.${method}(): the response's Content-Type must be application/wasm, was '${contentType}'`);
  }
  if (!FunctionPrototypeCall(responseOk, response)) {
    throw new TypeError(`WebAssembly.${method}(): the response's status is not ok`);
  }
  // Rejects with a TypeError if the body was used already.
  return FunctionPrototypeCall(responseArrayBuffer, response);
}

function install() {
  const WebAssembly = globalThis.WebAssembly;
  if (WebAssembly === undefined || WebAssembly.compileStreaming !== undefined) return;
  // Everything compiles with the synchronous constructors, inside a promise: V8's asynchronous
  // compilation settles through tasks of V8's platform, which the isolate's event loop does not run,
  // so WebAssembly.compile and WebAssembly.instantiate are replaced too (their promises would never
  // settle). Compiling then takes the isolate's thread and counts against the request's CPU time.
  const Module = WebAssembly.Module;
  const Instance = WebAssembly.Instance;
  // The same attributes as V8 gives WebAssembly.compile.
  const { writable, enumerable, configurable } = ObjectGetOwnPropertyDescriptor(WebAssembly, 'compile');

  function compileStreaming(source) {
    return PromisePrototypeThen(PromiseResolve(source),
      (response) => PromisePrototypeThen(responseBytes(response, 'compileStreaming'),
        (bytes) => new Module(bytes)));
  }

  function instantiateStreaming(source, importObject = undefined) {
    return PromisePrototypeThen(PromiseResolve(source),
      (response) => PromisePrototypeThen(responseBytes(response, 'instantiateStreaming'), (bytes) => {
        const module = new Module(bytes);
        return { module, instance: new Instance(module, importObject) };
      }));
  }

  // https://webassembly.github.io/spec/js-api/#dom-webassembly-compile
  function compile(bytes) {
    return PromisePrototypeThen(PromiseResolve(), () => new Module(bytes));
  }

  // https://webassembly.github.io/spec/js-api/#dom-webassembly-instantiate (both overloads)
  function instantiate(source, importObject = undefined) {
    return PromisePrototypeThen(PromiseResolve(), () => {
      if (ObjectPrototypeIsPrototypeOf(Module.prototype, source)) return new Instance(source, importObject);
      const module = new Module(source);
      return { module, instance: new Instance(module, importObject) };
    });
  }

  ObjectDefineProperty(WebAssembly, 'compile', { value: compile, writable, enumerable, configurable });
  ObjectDefineProperty(WebAssembly, 'instantiate', { value: instantiate, writable, enumerable, configurable });
  ObjectDefineProperty(WebAssembly, 'compileStreaming', { value: compileStreaming, writable, enumerable, configurable });
  ObjectDefineProperty(WebAssembly, 'instantiateStreaming',
    { value: instantiateStreaming, writable, enumerable, configurable });
}

ArrayPrototypePush(internals.restoreHooks ??= [], install);
