package dev.meridian.pop.server;

import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.http.TlsCertificates;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A PoP in the test's JVM: the real HTTP front and isolate runtime, with workers routed by the first
 * path segment ({@code /hello/...} goes to the worker named hello), and the workers' log lines kept.
 */
public final class TestNode implements AutoCloseable {

  public final WorkerRuntime runtime;
  public final HttpFront front;
  public final List<String> logs = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, WorkerDefinition> workers = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestNode(HttpLimits limits, @Nullable TlsCertificates tls, int threads, UnaryOperator<WorkerRuntime.Config> configure)
      throws InterruptedException {
    this(new HttpFront.Config("127.0.0.1", 0, tls == null ? -1 : 0, tls, limits, HttpFront.DEFAULT_DRAIN_TIMEOUT),
        threads, configure);
  }

  private TestNode(HttpFront.Config http, int threads, UnaryOperator<WorkerRuntime.Config> configure)
      throws InterruptedException {
    this.runtime = WorkerRuntime.start(configure.apply(WorkerRuntime.Config.defaults().withThreads(threads)
        .withLogSink((deployment, requestId, level, message) -> logs.add(deployment + " " + level + " " + message))));
    try {
      this.front = HttpFront.start(http, this::dispatch);
    } catch (InterruptedException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  public static TestNode start() throws InterruptedException {
    return new TestNode(HttpLimits.DEFAULTS, null, 2, UnaryOperator.identity());
  }

  /** A node whose runtime config is the test default changed by {@code configure} (to add services, say). */
  public static TestNode start(UnaryOperator<WorkerRuntime.Config> configure) throws InterruptedException {
    return new TestNode(HttpLimits.DEFAULTS, null, 2, configure);
  }

  public static TestNode start(HttpLimits limits) throws InterruptedException {
    return new TestNode(limits, null, 2, UnaryOperator.identity());
  }

  public static TestNode withTls(Path certificates) throws Exception {
    return new TestNode(HttpLimits.DEFAULTS, DevCertificate.certificates(certificates), 2, UnaryOperator.identity());
  }

  /** A node serving {@code certificates} on its TLS port, and HTTP/3 on the same port number when {@code http3}. */
  public static TestNode withTls(TlsCertificates certificates, boolean http3) throws InterruptedException {
    return withTls(certificates, http3, HttpLimits.DEFAULTS);
  }

  public static TestNode withTls(TlsCertificates certificates, boolean http3, HttpLimits limits)
      throws InterruptedException {
    HttpFront.Config http = new HttpFront.Config("127.0.0.1", 0, 0, certificates, limits,
        HttpFront.DEFAULT_DRAIN_TIMEOUT);
    return new TestNode(http3 ? http.withHttp3(HttpFront.HTTP3_ON_TLS_PORT) : http, 2, UnaryOperator.identity());
  }

  /** Deploys a worker of one module file, {@code index.js}. */
  public WorkerDefinition deploy(String name, String source) {
    return deploy(name, Map.of("index.js", source), "index.js", Map.of(), WorkerLimits.DEFAULTS);
  }

  public WorkerDefinition deploy(String name, Map<String, String> files, String main, Map<String, Object> env,
      WorkerLimits limits) {
    Map<String, byte[]> bytes = new HashMap<>();
    files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
    WorkerDefinition worker = new WorkerDefinition(name, Integer.toHexString(bytes.hashCode() ^ files.hashCode()),
        main, bytes::get, env, limits, null);
    workers.put(name, worker);
    return worker;
  }

  public void deploy(WorkerDefinition worker) {
    workers.put(worker.name(), worker);
  }

  private void dispatch(WorkerExchange exchange) {
    String path = URI.create(exchange.url()).getPath();
    String name = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    WorkerDefinition worker = workers.get(name);
    if (worker == null) {
      exchange.respond(404, List.of("content-type", "text/plain"), ("no worker " + name + "\n").getBytes());
      if (exchange.body() != null) {
        exchange.body().cancel();
      }
      return;
    }
    runtime.dispatch(worker, exchange);
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + front.port() + path);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public HttpClient client() {
    return client;
  }

  /** Whether some log line contains {@code text}. */
  public boolean logged(String text) {
    synchronized (logs) {
      return logs.stream().anyMatch(line -> line.contains(text));
    }
  }

  @Override
  public void close() {
    front.close();
    runtime.close();
  }
}
