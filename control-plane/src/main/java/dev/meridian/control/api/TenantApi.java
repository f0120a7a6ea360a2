package dev.meridian.control.api;

import dev.meridian.control.auth.Principal;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Tenants;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Tenants: only the operator (an admin token of tenant {@value Principal#OPERATOR_TENANT}) sees them. */
final class TenantApi {

  /** Also a valid crdt-kv namespace owner and a safe directory name. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  record CreateTenant(@Nullable String name) {}

  record TenantView(String name, Instant createdAt) {}

  private final Tenants tenants;
  private final Clock clock;

  TenantApi(Tenants tenants, Clock clock) {
    this.tenants = tenants;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.POST, "/v1/tenants", Scope.ADMIN, this::create).consuming(ApiResponse.JSON),
        Route.auth(HttpMethod.GET, "/v1/tenants", Scope.ADMIN, this::list));
  }

  private ApiResponse create(ApiRequest request) {
    operatorOnly(request.who());
    String name = Check.matches(request.json(CreateTenant.class).name(), "name", NAME,
        "1 to 63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
    Instant now = clock.instant();
    if (!tenants.create(name, now)) {
      throw ApiException.conflict("the tenant \"" + name + "\" already exists");
    }
    return ApiResponse.created(new TenantView(name, now));
  }

  private ApiResponse list(ApiRequest request) {
    operatorOnly(request.who());
    return ApiResponse.ok(Map.of("tenants",
        tenants.list().stream().map(t -> new TenantView(t.name(), t.createdAt())).toList()));
  }

  static void operatorOnly(Principal who) {
    if (!who.isOperator()) {
      throw ApiException.forbidden("only the operator (an admin token of tenant \""
          + Principal.OPERATOR_TENANT + "\") manages tenants");
    }
  }
}
