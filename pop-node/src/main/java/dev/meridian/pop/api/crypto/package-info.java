/** The crypto global: random values and UUIDs from the JVM's SecureRandom. */
@NullMarked
package dev.meridian.pop.api.crypto;

import org.jspecify.annotations.NullMarked;
