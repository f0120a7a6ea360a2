package dev.meridian.bundles.fetch;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.BundleSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Downloads bundles from the control plane's registry: {@code GET {controlPlane}/internal/bundles/{hash}}
 * with {@code Authorization: Bearer {token}} (a token with the {@code node} scope). 200 carries the
 * encoded bundle, 404 means the registry does not have it ({@link BundleNotFoundException}); any
 * other status is an {@link IOException} naming it. A body larger than {@link Bundle#MAX_BYTES} is
 * cut off and refused. The bytes are not verified here: {@link BundleFetcher} does that.
 */
public final class HttpBundleSource implements BundleSource {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final String token;
  private final Duration requestTimeout;
  private final HttpClient http;

  public HttpBundleSource(URI controlPlane, String token) {
    this(controlPlane, token, DEFAULT_REQUEST_TIMEOUT);
  }

  public HttpBundleSource(URI controlPlane, String token, Duration requestTimeout) {
    String s = controlPlane.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.token = token;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public byte[] download(String hash) throws IOException {
    if (!Bundle.isHash(hash)) {
      throw new IllegalArgumentException("\"" + hash + "\" is not a bundle hash");
    }
    HttpRequest req = HttpRequest.newBuilder(base.resolve("internal/bundles/" + hash))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/zip")
        .timeout(requestTimeout)
        .GET()
        .build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of bundle " + hash + " interrupted");
    }
    try (InputStream body = resp.body()) {
      int status = resp.statusCode();
      if (status == 200) {
        byte[] bytes = body.readNBytes(Bundle.MAX_BYTES + 1);
        if (bytes.length > Bundle.MAX_BYTES) {
          throw new IOException("the registry sent more than " + Bundle.MAX_BYTES + " bytes for bundle " + hash);
        }
        return bytes;
      }
      String text = new String(body.readNBytes(300), StandardCharsets.UTF_8);
      if (status == 404) {
        throw new BundleNotFoundException(hash, "the registry at " + base);
      }
      if (status == 401 || status == 403) {
        throw new IOException("the control plane at " + base + " refused the node token (HTTP " + status
            + "): give the PoP a token with the \"node\" scope; it said: " + text);
      }
      throw new IOException("GET " + req.uri() + " answered HTTP " + status + ": " + text);
    }
  }

  @Override
  public String toString() {
    return "the registry at " + base;
  }
}
