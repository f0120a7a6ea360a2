/** The {@code performance} global and its clock ops; see {@code api/performance/README.md}. */
@NullMarked
package dev.meridian.pop.api.performance;

import org.jspecify.annotations.NullMarked;
