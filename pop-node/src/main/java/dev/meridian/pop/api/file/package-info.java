/**
 * Blob and File for the web platform API.
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specification.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.file;
