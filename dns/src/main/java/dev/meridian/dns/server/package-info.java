/**
 * The wire side: {@link dev.meridian.dns.server.DnsServer} binds UDP (one socket per worker thread
 * with {@code SO_REUSEPORT} on Linux) and TCP; {@link dev.meridian.dns.server.QueryResponder} turns a
 * query into a response with dnsjava (the slow path, with every check); {@link
 * dev.meridian.dns.server.WireCache} keeps finished responses so that a repeated question is answered
 * by copying bytes and patching the ID; {@link dev.meridian.dns.server.RateLimit} configures response
 * rate limiting over UDP ({@code ResponseRateLimiter}, applied by a handler before the socket), and
 * {@code DnsMetrics} counts what was answered and what was not.
 */
@NullMarked
package dev.meridian.dns.server;

import org.jspecify.annotations.NullMarked;
