package dev.meridian.pop.api.kv;

import dev.meridian.kv.KvKey;
import dev.meridian.kv.KvListResult;
import dev.meridian.kv.KvNamespace;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.KvValue;
import dev.meridian.kv.ListOptions;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.PutOptions;
import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.api.OpContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Workers KV bindings: {@code env.MY_KV} for each {@code [[kv_namespaces]]} of the worker's
 * {@code meridian.toml}, calling the node's {@link KvStore} (registered with {@code
 * WorkerRuntime.Config.withService(KvStore.class, store)}).
 *
 * <p>The server puts a {@link #descriptor(String)} on env; the runtime's {@code makeEnv} hands it to
 * {@code internals.bindings.kv}, which opens the namespace once per isolate with {@code
 * op_kv_open(namespace, binding)} and gets a handle. The namespace is the deployment's tenant's own
 * ({@link OpContext#tenant()}), and a handle is only ever made from a descriptor the host wrote, so a
 * worker reaches exactly the namespaces it declares. Opening a namespace may replay its log and
 * subscribe to Pulsar, which takes time and CPU: it starts while the worker loads, on a virtual
 * thread of its own, so it neither blocks the isolate's event loop nor counts against the first
 * request's CPU budget; calls made before it is open wait for it.
 *
 * <p>Ops ({@code h} is a handle; async ones return promises): {@code op_kv_open(namespace, binding)} →
 * h; {@code op_kv_get(h, key, asText)} → {@code {value, metadata, expiration}} or undefined; {@code
 * op_kv_put(h, key, value, expiration, expirationTtl, metadata)}; {@code op_kv_delete(h, key)};
 * {@code op_kv_list(h, prefix, limit, cursor)} → {@code {keys, complete, cursor}}. Errors go through
 * {@link KvErrors}.
 */
public final class KvExtension implements Extension {

  /** The {@code $binding} kind of a KV descriptor on env. */
  public static final String BINDING_KIND = "kv";

  /** A namespace of this isolate, open or opening. */
  private record Opened(NamespaceId id, CompletableFuture<KvNamespace> namespace) {}

  /** The namespaces this isolate has opened; a handle is an index here. */
  private static final class Handles {
    final List<Opened> open = new ArrayList<>();
  }

  /**
   * What the server puts on env for a KV binding of {@code namespace}: the runtime turns it into the
   * binding's object before the worker sees env.
   */
  public static Map<String, Object> descriptor(String namespace) {
    return Map.of("$binding", BINDING_KIND, "namespace", namespace);
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "streams");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_kv.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_kv_open", KvExtension::open),
        new HostOp("op_kv_get", KvExtension::get),
        new HostOp("op_kv_put", KvExtension::put),
        new HostOp("op_kv_delete", KvExtension::delete),
        new HostOp("op_kv_list", KvExtension::list));
  }

  private static Object open(Object... args) throws HostOpException {
    String namespace = (String) args[0];
    String binding = (String) args[1];
    OpContext context = OpContext.current();
    NamespaceId id;
    try {
      id = new NamespaceId(context.tenant(), namespace);
    } catch (IllegalArgumentException e) {
      throw HostOpException.typeError("env." + binding + ": " + e.getMessage());
    }
    KvStore store;
    try {
      store = context.service(KvStore.class);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("env." + binding + " needs this node's KV store, and the node has none: "
          + e.getMessage(), e);
    }
    Handles handles = context.local(Handles.class, Handles::new);
    CompletableFuture<KvNamespace> opening = new CompletableFuture<>();
    Thread.ofVirtual().name("kv-open-" + id).start(() -> {
      try {
        opening.complete(store.namespace(id));
      } catch (RuntimeException e) {
        opening.completeExceptionally(e);
      }
    });
    handles.open.add(new Opened(id, opening));
    return (double) (handles.open.size() - 1);
  }

  private static CompletionStage<?> get(Object... args) throws HostOpException {
    Opened opened = namespace(args[0]);
    String key = (String) args[1];
    boolean asText = Boolean.TRUE.equals(args[2]);
    return translated("get", opened, opened.namespace().thenCompose(n -> n.get(key))
        .thenApply(v -> v == null ? null : value(v, asText)));
  }

  private static Map<String, @Nullable Object> value(KvValue v, boolean asText) {
    Map<String, @Nullable Object> out = new HashMap<>();
    out.put("value", asText ? v.text() : v.value());
    out.put("metadata", v.metadata());
    out.put("expiration", v.expiration());
    return out;
  }

  private static CompletionStage<?> put(Object... args) throws HostOpException {
    Opened opened = namespace(args[0]);
    String key = (String) args[1];
    Object value = args[2];
    PutOptions options = new PutOptions(seconds(args[3]), seconds(args[4]), (String) args[5]);
    return translated("put", opened, opened.namespace().thenCompose(n -> value instanceof String text
        ? n.put(key, text, options)
        : n.put(key, (byte[]) value, options)));
  }

  private static CompletionStage<?> delete(Object... args) throws HostOpException {
    Opened opened = namespace(args[0]);
    String key = (String) args[1];
    return translated("delete", opened, opened.namespace().thenCompose(n -> n.delete(key)));
  }

  private static CompletionStage<?> list(Object... args) throws HostOpException {
    Opened opened = namespace(args[0]);
    double limit = ((Number) args[2]).doubleValue();
    // Out-of-range limits stay out of range (the store names the allowed range), never wrap around.
    int clamped = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit));
    ListOptions options = new ListOptions((String) args[1], clamped, (String) args[3]);
    return translated("list", opened, opened.namespace().thenCompose(n -> n.list(options)).thenApply(KvExtension::page));
  }

  private static Map<String, @Nullable Object> page(KvListResult result) {
    List<Map<String, Object>> keys = new ArrayList<>(result.keys().size());
    for (KvKey key : result.keys()) {
      Map<String, Object> k = new HashMap<>(4);
      k.put("name", key.name());
      if (key.expiration() != null) {
        k.put("expiration", key.expiration());
      }
      if (key.metadata() != null) {
        k.put("metadata", key.metadata());
      }
      keys.add(k);
    }
    Map<String, @Nullable Object> out = new HashMap<>();
    out.put("keys", keys);
    out.put("complete", result.listComplete());
    out.put("cursor", result.cursor());
    return out;
  }

  private static @Nullable Long seconds(@Nullable Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  private static Opened namespace(Object handle) throws HostOpException {
    List<Opened> open = OpContext.current().local(Handles.class, Handles::new).open;
    int index = ((Number) handle).intValue();
    if (index < 0 || index >= open.size()) {
      throw HostOpException.typeError("not a KV namespace of this worker");
    }
    return open.get(index);
  }

  private static <T> CompletionStage<T> translated(String op, Opened opened, CompletableFuture<T> future) {
    OpContext context = OpContext.current();
    return KvErrors.translated(future, op, opened.id().toString(), context.deployment(), context.requestId());
  }
}
