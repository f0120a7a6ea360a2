/**
 * The web platform API inside isolates, one sub-package per area as in Deno's {@code ext/}: each has
 * an {@link dev.meridian.pop.api.Extension} naming its scripts and host ops.
 */
@NullMarked
package dev.meridian.pop.api;

import org.jspecify.annotations.NullMarked;
