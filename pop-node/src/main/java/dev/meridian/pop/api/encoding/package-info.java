/**
 * The Encoding standard for the web platform API: {@code TextEncoder}, {@code TextDecoder} and
 * their streams, decoded in JavaScript except the legacy multi-byte encodings
 * ({@code op_encoding_decode}).
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specifications it implements.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.encoding;
