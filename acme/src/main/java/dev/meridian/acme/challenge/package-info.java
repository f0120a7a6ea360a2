/**
 * How challenges are answered: the issuer hands each challenge's response to the server that the
 * CA checks. {@link dev.meridian.acme.challenge.Http01Responder} (HTTP-01, answered by every PoP;
 * {@link dev.meridian.acme.challenge.Http01Tokens} is the in-memory table a PoP reads) and {@link
 * dev.meridian.acme.challenge.Dns01Publisher} (DNS-01 TXT records, implemented by {@code dns/}).
 */
@NullMarked
package dev.meridian.acme.challenge;

import org.jspecify.annotations.NullMarked;
