package dev.meridian.pop.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.IDN;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a PoP serves, by hostname: the one place the TLS port and the HTTP/3 port look a
 * certificate up when a client says which name it wants (SNI). Whoever owns certificates (the ACME
 * store, a test, {@code meridian dev}) feeds it with {@link #put}, {@link #remove} and {@link
 * #setDefault}; every change applies to the next handshake, on TCP and on QUIC, while connections
 * already open keep the certificate they were set up with.
 *
 * <p>Lookup: the exact name, then a wildcard one level up ({@code a.example.com} matches {@code
 * *.example.com}, {@code b.a.example.com} does not, as in RFC 6125 §6.4.3), then the default
 * certificate, which also answers clients that send no name (an address typed in a browser, an old
 * client). A client that asks for a name we do not hold therefore gets the default certificate and
 * decides for itself, rather than a handshake alert.
 *
 * <p>TLS on TCP uses the JDK's provider: TLS 1.3 and 1.2 only, the cipher suites of RFC 7540
 * appendix A's safe list (AEAD with forward secrecy), ALPN h2 then http/1.1, session resumption by
 * TLS 1.3 tickets and TLS 1.2 session ids (per certificate). OCSP stapling is the JDK's: this class
 * sets {@code jdk.tls.server.enableStatusRequestExtension=true} before it builds a context, unless the
 * operator set it already (to false, say), so a certificate whose Authority Information Access names
 * an OCSP responder is served with a stapled response that the JDK fetches and caches; a certificate
 * without one is served without. QUIC uses BoringSSL from Netty's native QUIC codec, ALPN h3, no
 * stapling.
 */
public final class TlsCertificates {

  /** The JDK switch for server-side OCSP stapling, read by each SSLContext when it is created. */
  static final String STAPLING_PROPERTY = "jdk.tls.server.enableStatusRequestExtension";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  private final Map<String, Identity> byName = new ConcurrentHashMap<>();
  private volatile Identity fallback;

  private TlsCertificates(Identity fallback) {
    this.fallback = fallback;
  }

  /**
   * A registry whose default certificate is {@code chain} (leaf first) for {@code key}.
   *
   * @throws IllegalArgumentException when the chain is empty or the key does not match its leaf
   */
  public static TlsCertificates withDefault(PrivateKey key, List<X509Certificate> chain) {
    return new TlsCertificates(Identity.of("the default certificate", key, chain));
  }

  /**
   * Serves {@code chain} (leaf first) for {@code hostname} from the next handshake on, replacing what
   * was there. {@code hostname} is a DNS name, or {@code *.} followed by one (a wildcard one level
   * deep); case and a trailing dot do not matter.
   *
   * @throws IllegalArgumentException when the name is not a hostname, the chain is empty, or the key
   *     does not match the leaf certificate; the registry is then unchanged
   */
  public void put(String hostname, PrivateKey key, List<X509Certificate> chain) {
    String name = normalize(hostname);
    byName.put(name, Identity.of("the certificate for " + name, key, chain));
  }

  /**
   * Serves one certificate for each of {@code hostnames} (the names an ACME certificate was issued
   * for), with one TLS context shared by all of them. All names are checked before any is changed.
   *
   * @throws IllegalArgumentException as {@link #put(String, PrivateKey, List)}, or for no names
   */
  public void put(Collection<String> hostnames, PrivateKey key, List<X509Certificate> chain) {
    if (hostnames.isEmpty()) {
      throw new IllegalArgumentException("no hostname to serve the certificate for");
    }
    List<String> names = hostnames.stream().map(TlsCertificates::normalize).toList();
    Identity identity = Identity.of("the certificate for " + String.join(", ", names), key, chain);
    for (String name : names) {
      byName.put(name, identity);
    }
  }

  /** Stops serving a certificate for {@code hostname} (exactly as it was put); returns whether one was there. */
  public boolean remove(String hostname) {
    return byName.remove(normalize(hostname)) != null;
  }

  /** Stops serving certificates for each of {@code hostnames}; returns how many were there. */
  public int remove(Collection<String> hostnames) {
    int removed = 0;
    for (String hostname : hostnames) {
      removed += remove(hostname) ? 1 : 0;
    }
    return removed;
  }

  /** Replaces the default certificate, served when the client names no host or one we do not hold. */
  public void setDefault(PrivateKey key, List<X509Certificate> chain) {
    fallback = Identity.of("the default certificate", key, chain);
  }

  /** The names (and wildcards) with a certificate of their own, sorted. */
  public Set<String> hostnames() {
    return new TreeSet<>(byName.keySet());
  }

  /** The leaf certificate a client naming {@code hostname} (null: no name) would be served. */
  public X509Certificate certificateFor(@Nullable String hostname) {
    return lookup(hostname).chain.get(0);
  }

  /** The TLS-over-TCP context for a client hello naming {@code hostname}; never null. */
  SslContext tcpContext(@Nullable String hostname) {
    return lookup(hostname).tcp;
  }

  /**
   * The QUIC context for a client hello naming {@code hostname}; never null. Built on first use, so a
   * PoP without HTTP/3 never loads the native QUIC library.
   */
  QuicSslContext quicContext(@Nullable String hostname) {
    return lookup(hostname).quic(this);
  }

  private Identity lookup(@Nullable String hostname) {
    if (hostname == null || hostname.isEmpty()) {
      return fallback;
    }
    String name = hostname.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    Identity exact = byName.get(name);
    if (exact != null) {
      return exact;
    }
    int dot = name.indexOf('.');
    if (dot > 0) {
      Identity wildcard = byName.get("*" + name.substring(dot));
      if (wildcard != null) {
        return wildcard;
      }
    }
    return fallback;
  }

  /**
   * Lower case, no trailing dot, internationalized labels as A-labels, every label valid; {@code *.}
   * allowed as the first label only.
   */
  static String normalize(String hostname) {
    Objects.requireNonNull(hostname, "hostname");
    String name = hostname.trim().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    String rest = name.startsWith("*.") ? name.substring(2) : name;
    try {
      rest = IDN.toASCII(rest); // SNI carries A-labels: bücher.example is sent as xn--bcher-kva.example
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + hostname + "' is not a hostname: " + e.getMessage(), e);
    }
    name = name.startsWith("*.") ? "*." + rest : rest;
    if (rest.isEmpty() || rest.length() > 253) {
      throw new IllegalArgumentException("'" + hostname + "' is not a hostname: give a DNS name such as "
          + "shop.example.com, or *.example.com for a wildcard");
    }
    for (String label : rest.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("'" + hostname + "' is not a hostname: the label '" + label
            + "' must be 1 to 63 letters, digits or hyphens (a wildcard is allowed only as the whole first label)");
      }
    }
    return name;
  }

  /** One certificate with its key, and the contexts that serve it. */
  private static final class Identity {
    final PrivateKey key;
    final List<X509Certificate> chain;
    final SslContext tcp;
    private volatile @Nullable QuicSslContext quic;

    private Identity(PrivateKey key, List<X509Certificate> chain, SslContext tcp) {
      this.key = key;
      this.chain = chain;
      this.tcp = tcp;
    }

    static Identity of(String what, PrivateKey key, List<X509Certificate> chain) {
      Objects.requireNonNull(key, "key");
      List<X509Certificate> copy = List.copyOf(Objects.requireNonNull(chain, "chain"));
      if (copy.isEmpty()) {
        throw new IllegalArgumentException(what + " has no certificate: give the chain, leaf first");
      }
      checkKeyMatches(what, key, copy.get(0).getPublicKey());
      return new Identity(key, copy, tcpContext(what, key, copy));
    }

    QuicSslContext quic(TlsCertificates registry) {
      QuicSslContext context = quic;
      if (context == null) {
        synchronized (this) {
          context = quic;
          if (context == null) {
            // Every context carries the SNI mapping, so any of them can start a handshake that
            // another one then finishes (the default starts them all: see Http3Listener).
            context = QuicSslContextBuilder.forServer(key, null, chain.toArray(X509Certificate[]::new))
                .applicationProtocols(Http3.supportedApplicationProtocols())
                .sni(registry::quicContext)
                .build();
            quic = context;
          }
        }
      }
      return context;
    }
  }

  private static SslContext tcpContext(String what, PrivateKey key, List<X509Certificate> chain) {
    if (System.getProperty(STAPLING_PROPERTY) == null) {
      System.setProperty(STAPLING_PROPERTY, "true");
    }
    try {
      return SslContextBuilder.forServer(key, chain)
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException e) {
      throw new IllegalArgumentException(what + " cannot be served: " + e.getMessage(), e);
    }
  }

  /** A key that does not belong to the certificate fails every handshake; refuse it up front instead. */
  private static void checkKeyMatches(String what, PrivateKey key, PublicKey certified) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> throw new IllegalArgumentException(what + " has a " + key.getAlgorithm()
          + " key; use an EC, RSA or Ed25519 key");
    };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException(what + ": the private key does not belong to the leaf certificate "
            + "(the first of the chain); give the key the certificate was issued for");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": the private key does not belong to the leaf certificate ("
          + e.getMessage() + "); give the key the certificate was issued for", e);
    }
  }
}
