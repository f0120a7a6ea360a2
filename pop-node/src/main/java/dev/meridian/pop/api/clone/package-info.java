/** The {@code structuredClone} global; see {@code api/clone/README.md}. */
@NullMarked
package dev.meridian.pop.api.clone;

import org.jspecify.annotations.NullMarked;
