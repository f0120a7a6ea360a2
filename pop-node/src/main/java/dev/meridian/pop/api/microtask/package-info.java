/** The {@code queueMicrotask} global; see {@code api/microtask/README.md}. */
@NullMarked
package dev.meridian.pop.api.microtask;

import org.jspecify.annotations.NullMarked;
