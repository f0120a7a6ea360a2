/**
 * The operations of the tenants' API, one class per kind of object, each listing its
 * {@link dev.meridian.control.http.Route}s. Every handler looks objects up within the caller's
 * tenant, so another tenant's object answers 404 exactly as a missing one does. The OpenAPI
 * document ({@code openapi.json} beside these classes) describes them all; {@code OpenApiTest}
 * checks it against the routes.
 */
@NullMarked
package dev.meridian.control.api;

import org.jspecify.annotations.NullMarked;
