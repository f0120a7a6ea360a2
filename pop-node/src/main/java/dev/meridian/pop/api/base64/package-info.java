/** {@code atob} and {@code btoa}; see {@code api/base64/README.md}. */
@NullMarked
package dev.meridian.pop.api.base64;

import org.jspecify.annotations.NullMarked;
