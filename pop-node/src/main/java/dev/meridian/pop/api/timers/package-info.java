/** setTimeout and friends, backed by the isolate's event loop. */
@NullMarked
package dev.meridian.pop.api.timers;

import org.jspecify.annotations.NullMarked;
