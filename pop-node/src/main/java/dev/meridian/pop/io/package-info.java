/**
 * Limits, the event loop and host I/O of the isolate runtime, with no V8 type in sight: the threads
 * that own isolates ({@link dev.meridian.pop.io.EventLoop}), the per-request CPU budget and the
 * watchdog that enforces it, and the exchange a request travels in between the HTTP front and a
 * worker ({@link dev.meridian.pop.io.WorkerExchange}).
 */
@NullMarked
package dev.meridian.pop.io;

import org.jspecify.annotations.NullMarked;
