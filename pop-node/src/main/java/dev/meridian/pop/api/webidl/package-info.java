/**
 * Web IDL glue for the web platform API: primordials and conversions.
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specifications it implements.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.webidl;
