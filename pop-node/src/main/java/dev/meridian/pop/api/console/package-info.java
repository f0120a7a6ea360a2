/** The console namespace, each call a structured log line. */
@NullMarked
package dev.meridian.pop.api.console;

import org.jspecify.annotations.NullMarked;
