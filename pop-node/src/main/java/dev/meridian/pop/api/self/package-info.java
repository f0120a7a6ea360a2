/** The {@code self} global; see {@code api/self/README.md}. */
@NullMarked
package dev.meridian.pop.api.self;

import org.jspecify.annotations.NullMarked;
