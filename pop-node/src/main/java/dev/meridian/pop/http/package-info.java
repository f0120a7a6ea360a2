/**
 * The Netty front of the PoP: one handler per protocol step (limits, pipelining order, the bridge to
 * the worker runtime), and the initializers that assemble HTTP/1.1, h2c and HTTP/2 over TLS.
 */
@NullMarked
package dev.meridian.pop.http;

import org.jspecify.annotations.NullMarked;
