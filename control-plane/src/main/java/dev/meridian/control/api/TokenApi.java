package dev.meridian.control.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.meridian.control.auth.Principal;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.auth.TokenService;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Tenants;
import dev.meridian.control.store.Tokens;
import dev.meridian.control.store.Tokens.TokenRow;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * API tokens: who am I, mint, list, revoke. Managing tokens needs {@code admin}; a token can only
 * grant scopes its creator has, and only the operator mints tokens for another tenant. A token minted
 * with {@code expires_in} (seconds) is refused from {@code expires_at} on; without it, never. An
 * expiring token mints only tokens that expire no later than itself.
 */
final class TokenApi {

  private static final Pattern NAME = Pattern.compile("[\\p{Alnum} ._:@-]{1,64}");

  record CreateToken(@Nullable String name, @Nullable List<String> scopes, @Nullable String tenant,
      @Nullable Long expiresIn) {}

  /** {@code expires_at} is always present, {@code null} for a token that never expires. */
  record TokenView(String id, String name, String tenant, List<String> scopes, Instant createdAt,
      @Nullable Instant revokedAt, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Instant expiresAt,
      @Nullable String token) {}

  record WhoAmI(String tenant, String tokenId, List<String> scopes) {}

  private final TokenService service;
  private final Tokens tokens;
  private final Tenants tenants;
  private final Clock clock;

  TokenApi(TokenService service, Tokens tokens, Tenants tenants, Clock clock) {
    this.service = service;
    this.tokens = tokens;
    this.tenants = tenants;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.GET, "/v1/whoami", null, this::whoami),
        Route.auth(HttpMethod.POST, "/v1/tokens", Scope.ADMIN, this::create).consuming(ApiResponse.JSON),
        Route.auth(HttpMethod.GET, "/v1/tokens", Scope.ADMIN, this::list),
        Route.auth(HttpMethod.DELETE, "/v1/tokens/{id}", Scope.ADMIN, this::revoke));
  }

  private ApiResponse whoami(ApiRequest request) {
    Principal who = request.who();
    return ApiResponse.ok(new WhoAmI(who.tenant(), who.tokenId(),
        who.scopes().stream().sorted().map(Scope::wire).toList()));
  }

  private ApiResponse create(ApiRequest request) {
    Principal who = request.who();
    CreateToken body = request.json(CreateToken.class);
    String name = Check.matches(body.name(), "name", NAME, "1 to 64 letters, digits, spaces or ._:@-");
    List<String> names = Check.required(body.scopes(), "scopes");
    if (names.isEmpty()) {
      throw ApiException.badRequest("\"scopes\" is empty; give at least one of: " + Scope.allNames());
    }
    Duration lifetime = lifetime(body.expiresIn());
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : names) {
      Scope scope = Scope.parse(s == null ? "" : s).orElseThrow(() -> ApiException.badRequest(
          "unknown scope \"" + s + "\"; the scopes are: " + Scope.allNames()));
      if (!who.has(scope)) {
        throw ApiException.forbidden("this token cannot grant \"" + s + "\", a scope it does not have");
      }
      scopes.add(scope);
    }
    String tenant = who.tenant();
    if (body.tenant() != null && !body.tenant().equals(tenant)) {
      if (!who.isOperator()) {
        throw ApiException.forbidden("only the operator mints tokens for another tenant");
      }
      if (!tenants.exists(body.tenant())) {
        throw ApiException.notFound("no tenant \"" + body.tenant() + "\"; create it with POST /v1/tenants");
      }
      tenant = body.tenant();
    }
    Instant now = clock.instant();
    if (who.expiresAt() != null && (lifetime == null || now.plus(lifetime).isAfter(who.expiresAt()))) {
      // Otherwise an expiring token would be a way to a lasting one.
      throw ApiException.forbidden("this token expires at " + who.expiresAt() + " and cannot mint a token that "
          + (lifetime == null ? "never expires" : "outlives it") + "; give an expires_in of at most "
          + Math.max(0, Duration.between(now, who.expiresAt()).toSeconds()) + " seconds");
    }
    TokenService.Minted minted = service.mint(tenant, name, scopes, now, lifetime);
    return ApiResponse.created(view(minted.row(), minted.token()));
  }

  private static @Nullable Duration lifetime(@Nullable Long expiresIn) {
    long max = TokenService.MAX_LIFETIME.toSeconds();
    if (expiresIn != null && (expiresIn < 1 || expiresIn > max)) {
      throw ApiException.badRequest("\"expires_in\" is " + expiresIn + " but must be 1 to " + max
          + " seconds (" + TokenService.MAX_LIFETIME.toDays() + " days); leave it out for a token that never expires");
    }
    return expiresIn == null ? null : Duration.ofSeconds(expiresIn);
  }

  private ApiResponse list(ApiRequest request) {
    return ApiResponse.ok(Map.of("tokens",
        tokens.list(tenantOf(request)).stream().map(t -> view(t, null)).toList()));
  }

  private ApiResponse revoke(ApiRequest request) {
    if (!tokens.revoke(tenantOf(request), request.param("id"), clock.instant())) {
      throw ApiException.notFound("no token \"" + request.param("id") + "\"");
    }
    return ApiResponse.noContent();
  }

  /**
   * The caller's tenant, or the one {@code ?tenant=} names when the caller is the operator (who mints
   * tenants' first tokens, so can also list and revoke them); another caller naming another tenant
   * gets 403.
   */
  private String tenantOf(ApiRequest request) {
    String asked = request.query("tenant");
    if (asked == null || asked.equals(request.tenant())) {
      return request.tenant();
    }
    if (!request.who().isOperator()) {
      throw ApiException.forbidden("only the operator manages another tenant's tokens");
    }
    return asked;
  }

  private static TokenView view(TokenRow t, @Nullable String token) {
    return new TokenView(t.id(), t.name(), t.tenant(), t.scopes(), t.createdAt(), t.revokedAt(), t.expiresAt(),
        token);
  }
}
