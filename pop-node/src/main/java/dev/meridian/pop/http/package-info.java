/**
 * The Netty front of the PoP: one handler per protocol step (limits, pipelining order, the bridge to
 * the worker runtime), the initializers that assemble HTTP/1.1, h2c and HTTP/2 over TLS, HTTP/3 over
 * QUIC ({@code Http3Listener}), and the certificates both TLS ports pick by SNI ({@link
 * dev.meridian.pop.http.TlsCertificates}).
 */
@NullMarked
package dev.meridian.pop.http;

import org.jspecify.annotations.NullMarked;
