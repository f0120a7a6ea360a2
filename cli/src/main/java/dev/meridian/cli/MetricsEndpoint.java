package dev.meridian.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} in Prometheus' text format, on a port of its own so that scraping never
 * shares a port with tenants' traffic or the API: every meter of the process (Micrometer's global
 * registry: certificate expiry and renewal alerts, KV caches, the JVM).
 */
final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.server = server;
    this.executor = executor;
  }

  static MetricsEndpoint start(String host, int port) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET")) {
          exchange.getResponseHeaders().add("allow", "GET");
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "metrics-endpoint");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    MetricsEndpoint endpoint = new MetricsEndpoint(registry, server, executor);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    endpoint.gc.bindTo(registry);
    Metrics.addRegistry(registry);
    server.start();
    return endpoint;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
