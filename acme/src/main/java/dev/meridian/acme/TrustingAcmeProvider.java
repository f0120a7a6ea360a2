package dev.meridian.acme;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider, with an HTTP client that trusts one given root and nothing else: how
 * acme4j 4 lets a client talk to a CA whose HTTPS certificate is not in the JDK's trust store
 * (Pebble, a private CA). The JDK's roots are left out on purpose, so a test cannot pass by
 * reaching another server.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {

  private final SSLContext sslContext;

  TrustingAcmeProvider(X509Certificate root) {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("acme-root", root);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      sslContext = SSLContext.getInstance("TLS");
      sslContext.init(null, trust.getTrustManagers(), null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot trust root " + root.getSubjectX500Principal()
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public HttpClient createHttpClient(NetworkSettings settings) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(settings.getTimeout())
        .proxy(settings.getProxySelector())
        .sslContext(sslContext);
    if (settings.getAuthenticator() != null) {
      builder.authenticator(settings.getAuthenticator());
    }
    return builder.build();
  }
}
