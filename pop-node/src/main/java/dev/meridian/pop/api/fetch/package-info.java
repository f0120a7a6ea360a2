/**
 * Headers, Request, Response, the Body mixin and FormData for the web platform API. The host
 * function {@code fetch()} is not here: it belongs to the runtime, which reaches these objects
 * through {@code internals.fetch}.
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specifications and documents the hooks.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.fetch;
