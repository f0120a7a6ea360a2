/**
 * WebAssembly workers on Chicory (pure Java, no native code). A {@code wasm32-wasi} command module
 * is served CGI-style, the WAGI convention: {@link dev.meridian.pop.wasm.WasmEngine} turns a request
 * into environment variables and stdin, runs the module's {@code _start} on a thread of its own pool
 * under the deployment's memory and CPU limits, and parses what the module wrote to stdout as a CGI
 * response; a module written against Meridian's native interface ({@code wit/meridian-http.wit})
 * streams its body in and out through host functions instead. {@link
 * dev.meridian.pop.wasm.WasmWorker} is one loaded, compiled module with its
 * read-only bundle filesystem; the request mapping, the response parser, stdin/stderr plumbing and
 * the CPU watchdog are package-private.
 */
@NullMarked
package dev.meridian.pop.wasm;

import org.jspecify.annotations.NullMarked;
