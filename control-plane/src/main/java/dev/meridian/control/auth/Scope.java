package dev.meridian.control.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a token may do. {@link #ADMIN} implies every other scope within the token's tenant. */
public enum Scope {
  ADMIN("admin"),
  WORKERS_READ("workers:read"),
  WORKERS_WRITE("workers:write"),
  SECRETS_WRITE("secrets:write"),
  KV_READ("kv:read"),
  KV_WRITE("kv:write"),
  TAIL("tail"),
  /** PoPs downloading bundles from the registry. */
  NODE("node");

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  /** The name in tokens, requests and the OpenAPI document. */
  public String wire() {
    return wire;
  }

  public static Optional<Scope> parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }

  public static String allNames() {
    return Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", "));
  }
}
