package dev.meridian.pop.wasm;

import dev.meridian.pop.io.WorkerExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as CGI/1.1 environment variables (RFC 3875 section 4.1, with WAGI's additions
 * {@code X_FULL_URL} and {@code X_MATCHED_ROUTE}). The worker's own vars come first, so a
 * request's variables always win over a var of the same name.
 */
final class CgiRequest {

  private CgiRequest() {}

  static Map<String, String> environment(WorkerExchange exchange, Map<String, String> vars) {
    Map<String, String> env = new LinkedHashMap<>(vars);
    URI uri;
    try {
      uri = new URI(exchange.url());
    } catch (URISyntaxException e) {
      uri = URI.create("http://localhost/");
    }
    String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_SOFTWARE", "Meridian");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("SERVER_NAME", host);
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("REQUEST_METHOD", exchange.method());
    env.put("SCRIPT_NAME", "");
    env.put("PATH_INFO", percentDecode(rawPath));
    env.put("PATH_TRANSLATED", percentDecode(rawPath));
    env.put("QUERY_STRING", uri.getRawQuery() == null ? "" : uri.getRawQuery());
    env.put("X_FULL_URL", exchange.url());
    env.put("X_MATCHED_ROUTE", "/...");
    env.put("X_REQUEST_ID", exchange.requestId());
    String contentLength = null;
    List<String> headers = exchange.headers();
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      String name = headers.get(i).toLowerCase(Locale.ROOT);
      String value = headers.get(i + 1);
      switch (name) {
        case "content-type" -> env.put("CONTENT_TYPE", value);
        case "content-length" -> contentLength = value;
        default -> {
          String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
          env.merge(key, value, (first, next) -> first + ", " + next);
        }
      }
    }
    env.put("CONTENT_LENGTH", contentLength != null ? contentLength : exchange.body() == null ? "0" : "");
    return env;
  }

  /** %XX sequences to bytes, read as UTF-8; '+' stays '+' (it means space only in queries). */
  static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
        out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
