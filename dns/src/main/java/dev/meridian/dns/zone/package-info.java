/**
 * Authoritative data and the answer algorithm: {@link dev.meridian.dns.zone.Zone} is an immutable
 * snapshot of one zone (loaded from an RFC 1035 file or built in code), {@link
 * dev.meridian.dns.zone.Authority} holds every zone the server answers for, applies the control
 * plane's changes (steered hostnames, ACME TXT records) copy-on-write, and answers a question with
 * the sections of the response (RFC 1034 §4.3.2 with the wildcard rules of RFC 4592).
 */
@NullMarked
package dev.meridian.dns.zone;

import org.jspecify.annotations.NullMarked;
