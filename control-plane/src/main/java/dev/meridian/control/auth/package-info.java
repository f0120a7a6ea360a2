/**
 * Who is asking: API tokens ({@code mrd_} + 32 random bytes, base64url), of which only the SHA-256 is
 * stored, their {@link dev.meridian.control.auth.Scope}s, and the
 * {@link dev.meridian.control.auth.Principal} a request runs as. Every request looks its token up
 * again, so a revocation, or an expiry, takes effect on the next request.
 */
@NullMarked
package dev.meridian.control.auth;

import org.jspecify.annotations.NullMarked;
