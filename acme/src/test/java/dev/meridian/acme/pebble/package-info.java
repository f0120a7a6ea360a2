/**
 * Test fixtures for ACME against Debian's real pebble, published in meridian-acme's test-jar so
 * end-to-end tests reuse them: {@link dev.meridian.acme.pebble.PebbleServer} (pebble and
 * pebble-challtestsrv on free ports, with a DNS-01 publisher), {@link
 * dev.meridian.acme.pebble.Http01Server} (serves HTTP-01 tokens), {@link
 * dev.meridian.acme.pebble.TestCa} (a throw-away CA).
 */
@NullMarked
package dev.meridian.acme.pebble;

import org.jspecify.annotations.NullMarked;
