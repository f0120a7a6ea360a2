package dev.meridian.pop.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.io.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The host side of Meridian's native HTTP interface (wit/meridian-http.wit, C header
 * wit/meridian_http.h) for one request: the functions a guest imports from {@value #MODULE}, bound
 * to the request's exchange. The body is read from the client as the guest asks for it and the
 * response goes out in the pieces the guest writes, waiting while the client is slow (at most
 * {@link #DEFAULT_WRITE_WAIT} for one piece); nothing is held whole. Outbound requests ({@code
 * fetch}) go out on the JDK's HTTP client, at most {@code limits.subrequests} per request, each
 * within {@link #DEFAULT_FETCH_TIMEOUT}; the response body of the latest one is read in pieces.
 */
final class NativeHttp {

  static final String MODULE = "meridian_http";
  /** The functions of {@value #MODULE}: the only names a native guest may import from it. */
  static final Set<String> FUNCTIONS = Set.of("request_method", "request_url", "request_header",
      "request_headers", "request_body_read", "response_start", "response_write", "fetch", "fetch_header",
      "fetch_body_read");
  /** How long one outbound request may take to answer with its head before fetch fails with -1. */
  static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
  /** How long one response_write waits for a client that takes nothing before it fails with -1. */
  static final Duration DEFAULT_WRITE_WAIT = Duration.ofSeconds(30);

  /** The signature of each function: every parameter and the result an i32. */
  static FunctionType type(String name) {
    int params = switch (name) {
      case "request_header", "fetch", "fetch_header" -> 4;
      case "response_start" -> 3;
      default -> 2;
    };
    return FunctionType.of(Collections.nCopies(params, ValType.I32), List.of(ValType.I32));
  }

  private final WorkerExchange exchange;
  private final @Nullable BodyInputStream body;
  private final int subrequestLimit;
  private final LogSink log;
  private final String deployment;
  private int subrequests;
  private @Nullable HttpResponse<InputStream> fetched;
  private boolean started;
  private boolean clientGone;

  NativeHttp(WorkerExchange exchange, @Nullable BodyInputStream body, int subrequestLimit, LogSink log,
      String deployment) {
    this.exchange = exchange;
    this.body = body;
    this.subrequestLimit = subrequestLimit;
    this.log = log;
    this.deployment = deployment;
  }

  boolean started() {
    return started;
  }

  List<HostFunction> functions() {
    List<HostFunction> functions = new ArrayList<>();
    functions.add(function("request_method", 2, (memory, args) ->
        copyOut(memory, exchange.method().getBytes(StandardCharsets.UTF_8), args[0], args[1])));
    functions.add(function("request_url", 2, (memory, args) ->
        copyOut(memory, exchange.url().getBytes(StandardCharsets.UTF_8), args[0], args[1])));
    functions.add(function("request_header", 4, (memory, args) -> {
      String name = new String(memory.readBytes(args[0], args[1]), StandardCharsets.UTF_8);
      String value = header(name);
      return value == null ? -1 : copyOut(memory, value.getBytes(StandardCharsets.UTF_8), args[2], args[3]);
    }));
    functions.add(function("request_headers", 2, (memory, args) ->
        copyOut(memory, headerLines().getBytes(StandardCharsets.UTF_8), args[0], args[1])));
    functions.add(function("request_body_read", 2, (memory, args) -> readBody(memory, args[0], args[1])));
    functions.add(function("response_start", 3, (memory, args) -> {
      if (started || args[0] < 100 || args[0] > 599) {
        return -1;
      }
      List<String> headers = parseHeaders(new String(memory.readBytes(args[1], args[2]), StandardCharsets.UTF_8));
      if (headers == null) {
        return -1;
      }
      started = true;
      exchange.startResponse(args[0], headers);
      return 0;
    }));
    functions.add(function("response_write", 2, (memory, args) -> write(memory.readBytes(args[0], args[1]))));
    functions.add(function("fetch", 4, (memory, args) ->
        fetch(new String(memory.readBytes(args[0], args[1]), StandardCharsets.UTF_8), memory.readBytes(args[2], args[3]))));
    functions.add(function("fetch_header", 4, (memory, args) -> {
      HttpResponse<InputStream> response = fetched;
      if (response == null) {
        return -1;
      }
      String name = new String(memory.readBytes(args[0], args[1]), StandardCharsets.UTF_8);
      List<String> values = response.headers().allValues(name);
      return values.isEmpty() ? -1 : copyOut(memory, String.join(", ", values).getBytes(StandardCharsets.UTF_8),
          args[2], args[3]);
    }));
    functions.add(function("fetch_body_read", 2, (memory, args) -> {
      HttpResponse<InputStream> response = fetched;
      if (response == null || args[1] == 0) {
        return response == null ? -1 : 0;
      }
      byte[] buffer = new byte[Math.min(args[1], 64 * 1024)];
      try {
        int n = response.body().read(buffer, 0, buffer.length);
        if (n <= 0) {
          return 0;
        }
        memory.write(args[0], buffer, 0, n);
        return n;
      } catch (IOException e) {
        return -1;
      }
    }));
    return functions;
  }

  /** Closes what is left of the latest outbound response. */
  void close() {
    closeFetched();
  }

  private void closeFetched() {
    HttpResponse<InputStream> response = fetched;
    fetched = null;
    if (response != null) {
      try {
        response.body().close();
      } catch (IOException e) {
        // The connection goes back to the client's pool or is dropped; nothing else depends on it.
      }
    }
  }

  /**
   * Sends "METHOD URL\nname: value\n..." with {@code body}; returns the status, or -1 (logged
   * with the reason) for a bad request line, a URL that is not http(s), the subrequest limit, a
   * failure or a timeout.
   */
  private int fetch(String head, byte[] requestBody) {
    closeFetched();
    String[] lines = head.split("\r?\n");
    String[] requestLine = lines[0].split(" ", 2);
    if (requestLine.length != 2 || requestLine[0].isEmpty()) {
      return refuse("the fetch request line '" + lines[0] + "' is not 'METHOD URL'");
    }
    if (++subrequests > subrequestLimit) {
      return refuse("fetch: more than " + subrequestLimit + " subrequests in one request (limits.subrequests)");
    }
    URI uri;
    try {
      uri = URI.create(requestLine[1].trim());
    } catch (IllegalArgumentException e) {
      return refuse("fetch: bad URL '" + requestLine[1] + "': " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      return refuse("fetch: only http and https URLs can be fetched, not '" + requestLine[1] + "'");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEFAULT_FETCH_TIMEOUT)
        .method(requestLine[0], requestBody.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    List<String> headers = parseHeaders(String.join("\n", java.util.Arrays.asList(lines).subList(1, lines.length)));
    if (headers == null) {
      return refuse("fetch: a header line has no name and ':'");
    }
    try {
      for (int i = 0; i < headers.size(); i += 2) {
        request.header(headers.get(i), headers.get(i + 1));
      }
      HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      fetched = response;
      return response.statusCode();
    } catch (IllegalArgumentException e) {
      return refuse("fetch " + uri + ": " + e.getMessage());
    } catch (IOException e) {
      return refuse("fetch " + uri + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private int refuse(String message) {
    log.log(deployment, exchange.requestId(), "warn", message);
    return -1;
  }

  /** Ends a response the guest started; called when {@code handle} returns. */
  void end() {
    if (!clientGone) {
      exchange.end();
    }
  }

  private int readBody(Memory memory, int pointer, int length) {
    if (body == null || length == 0) {
      return 0;
    }
    byte[] buffer = new byte[Math.min(length, 64 * 1024)];
    try {
      int n = body.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return 0;
      }
      memory.write(pointer, buffer, 0, n);
      return n;
    } catch (IOException e) {
      return -1;
    }
  }

  private int write(byte[] chunk) {
    if (clientGone) {
      return -1;
    }
    if (!started) {
      started = true;
      exchange.startResponse(200, List.of());
    }
    if (chunk.length == 0) {
      return 0;
    }
    Semaphore writable = new Semaphore(0);
    if (!exchange.write(chunk, writable::release)) {
      try {
        if (!writable.tryAcquire(DEFAULT_WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          clientGone = true;
          exchange.abort("the client took nothing for " + DEFAULT_WRITE_WAIT.toSeconds() + " s");
          return -1;
        }
      } catch (InterruptedException e) {
        // The CPU watchdog's: keep the flag so the guest stops at its next check.
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return 0;
  }

  private @Nullable String header(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    List<String> values = new ArrayList<>();
    List<String> headers = exchange.headers();
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      if (headers.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
        values.add(headers.get(i + 1));
      }
    }
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private String headerLines() {
    StringBuilder lines = new StringBuilder();
    List<String> headers = exchange.headers();
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      lines.append(headers.get(i).toLowerCase(Locale.ROOT)).append(": ").append(headers.get(i + 1)).append('\n');
    }
    return lines.toString();
  }

  /** "name: value\n" lines to names (lower-cased) and values; null if a line has no name. */
  private static @Nullable List<String> parseHeaders(String text) {
    List<String> headers = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      headers.add(line.substring(0, colon).trim().toLowerCase(Locale.ROOT));
      headers.add(line.substring(colon + 1).trim());
    }
    return Collections.unmodifiableList(headers);
  }

  private static int copyOut(Memory memory, byte[] value, int pointer, int length) {
    memory.write(pointer, value, 0, Math.min(value.length, Math.max(0, length)));
    return value.length;
  }

  @FunctionalInterface
  private interface Body {
    int apply(Memory memory, int[] args);
  }

  private static HostFunction function(String name, int params, Body body) {
    FunctionType type = type(name);
    if (type.params().size() != params) {
      throw new IllegalStateException(name + " takes " + type.params().size() + " parameters, not " + params);
    }
    return new HostFunction(MODULE, name, type, (Instance instance, long... raw) -> {
      int[] args = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        args[i] = (int) raw[i];
      }
      return new long[] {body.apply(instance.memory(), args)};
    });
  }
}
