/** The {@code navigator} global; see {@code api/navigator/README.md}. */
@NullMarked
package dev.meridian.pop.api.navigator;

import org.jspecify.annotations.NullMarked;
