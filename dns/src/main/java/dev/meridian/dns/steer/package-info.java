/**
 * Geo-steering: where a client is ({@link dev.meridian.dns.steer.GeoLocator}: a CIDR table from
 * configuration or a CSV file, or a MaxMind {@code .mmdb} database), which PoPs are healthy and how
 * they are weighted ({@link dev.meridian.dns.steer.PopDirectory}), and the choice of the nearest
 * healthy PoPs for a steered hostname ({@link dev.meridian.dns.steer.Steering}).
 */
@NullMarked
package dev.meridian.dns.steer;

import org.jspecify.annotations.NullMarked;
