/**
 * The Streams standard for the web platform API: readable, writable and transform streams, all in
 * JavaScript.
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specification and documents {@code internals.streams}, the hooks the
 * host uses to feed and drain bodies.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.streams;
