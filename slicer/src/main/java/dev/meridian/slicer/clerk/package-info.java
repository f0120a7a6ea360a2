/**
 * The client side: a {@link dev.meridian.slicer.clerk.Clerk} answers "which task owns this key"
 * from its local copy of the assignment, with no remote call on the request path.
 */
@NullMarked
package dev.meridian.slicer.clerk;

import org.jspecify.annotations.NullMarked;
