package dev.meridian.control.auth;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The token a request was authenticated with. Every object a handler touches is looked up within
 * {@link #tenant()}, which is how one tenant never sees another's objects.
 *
 * @param expiresAt when the token stops working, or {@code null} if it never does
 */
public record Principal(String tenant, String tokenId, Set<Scope> scopes, @Nullable Instant expiresAt) {

  /** The tenant whose admin operates the whole installation (creates tenants, serves every bundle). */
  public static final String OPERATOR_TENANT = "default";

  public Principal {
    scopes = Set.copyOf(scopes);
  }

  public boolean has(Scope scope) {
    return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
  }

  /** An admin of the {@value #OPERATOR_TENANT} tenant: the installation's operator. */
  public boolean isOperator() {
    return tenant.equals(OPERATOR_TENANT) && scopes.contains(Scope.ADMIN);
  }
}
