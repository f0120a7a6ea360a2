/**
 * {@code crypto.subtle}: {@link dev.meridian.pop.api.subtle.SubtleExtension} registers one host op
 * per Web Crypto operation, each in a class of its own on the JDK's JCA providers. See {@code
 * api/subtle/README.md}.
 */
@NullMarked
package dev.meridian.pop.api.subtle;

import org.jspecify.annotations.NullMarked;
