/**
 * The global {@code fetch()}: the host half of the Fetch standard's fetch method, making subrequests
 * with the JDK's HTTP client and streaming their bodies into JavaScript.
 */
@NullMarked
package dev.meridian.pop.api.subrequest;

import org.jspecify.annotations.NullMarked;
