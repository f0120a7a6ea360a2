/**
 * Wiring from configuration: a worker's {@code meridian.toml}, the node's settings, and the server
 * that joins the HTTP front to the isolate runtime.
 */
@NullMarked
package dev.meridian.pop.server;

import org.jspecify.annotations.NullMarked;
