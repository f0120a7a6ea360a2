package dev.meridian.acme.pebble;

import dev.meridian.acme.EcKeys;
import dev.meridian.acme.challenge.Dns01Publisher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Debian's real {@code pebble} ACME server and {@code pebble-challtestsrv} as its DNS server,
 * started on free loopback ports for a test and stopped by {@link #close()}.
 *
 * <p>What it sets up:
 *
 * <ul>
 *   <li>a fresh CA ({@link TestCa}) and a server certificate for {@code localhost}/127.0.0.1 for
 *       pebble's own HTTPS; {@link #trustedRoot()} is the root to trust ({@code
 *       AcmeIssuerConfig.withTrustedRoot});
 *   <li>pebble validating HTTP-01 on {@code httpPort} (the port the test's HTTP-01 server listens
 *       on) and resolving every name through challtestsrv ({@code -dnsserver});
 *   <li>challtestsrv answering no A or AAAA record by default: {@link #addARecord} points a name
 *       at an address, and {@link #dns01()} publishes DNS-01 TXT records through its management
 *       API;
 *   <li>{@code PEBBLE_VA_NOSLEEP=1} (validation at once), {@code PEBBLE_AUTHZREUSE=0} (every order
 *       proves its names again, so a failing challenge really fails) and certificates valid for
 *       {@code certificateValidity} ({@code certificateValidityPeriod} in pebble's config).
 * </ul>
 *
 * <p>Fails with a message naming the Debian package when a binary is missing. The processes'
 * output is in {@link #logDirectory()}; a JVM shutdown hook kills them if {@code close} never runs.
 */
public final class PebbleServer implements AutoCloseable {

  /** Where Debian installs the servers ({@code apt-get install pebble}). */
  public static final Path PEBBLE = Path.of("/usr/bin/pebble");

  /** Debian ships it in the same package as pebble. */
  public static final Path CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final TestCa ca = new TestCa("Meridian pebble test CA");
  private final List<Process> processes = new ArrayList<>();
  private final Thread killer = new Thread(this::kill, "pebble-killer");
  private final HttpClient plainClient = HttpClient.newHttpClient();
  private final HttpClient tlsClient;
  private final ChallTestSrvDns01 dns01 = new ChallTestSrvDns01();
  private int acmePort;
  private int pebbleManagementPort;
  private int challtestsrvManagementPort; // 0: pebble resolves through another DNS server
  private @Nullable InetSocketAddress resolverAddress;

  private PebbleServer(Path directory) {
    this.directory = directory;
    this.tlsClient = HttpClient.newBuilder().sslContext(trusting(ca.root())).build();
  }

  /**
   * Starts challtestsrv, then pebble validating HTTP-01 on {@code httpPort} and issuing
   * certificates valid for {@code certificateValidity}; returns once both answer.
   */
  public static PebbleServer start(int httpPort, Duration certificateValidity) throws IOException {
    return start(httpPort, certificateValidity, null);
  }

  /**
   * Starts pebble resolving names through {@code dnsServer} (e.g. Meridian's own DNS answering
   * DNS-01 in an end-to-end test) instead of challtestsrv, which is then not started: {@link
   * #addARecord} and {@link #dns01()} are unavailable. {@code null} starts challtestsrv as above.
   */
  public static PebbleServer start(int httpPort, Duration certificateValidity,
      @Nullable InetSocketAddress dnsServer) throws IOException {
    requireBinary(PEBBLE);
    if (dnsServer == null) {
      requireBinary(CHALLTESTSRV);
    }
    var server = new PebbleServer(Files.createTempDirectory("meridian-pebble-"));
    Runtime.getRuntime().addShutdownHook(server.killer);
    try {
      server.launch(httpPort, certificateValidity, dnsServer);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void launch(int httpPort, Duration certificateValidity,
      @Nullable InetSocketAddress dnsServer) throws IOException {
    if (dnsServer == null) {
      int dnsPort = freeUdpAndTcpPort();
      challtestsrvManagementPort = freePort();
      start("challtestsrv", List.of(CHALLTESTSRV.toString(),
          "-dns01", "127.0.0.1:" + dnsPort,
          "-http01", "", "-https01", "", "-tlsalpn01", "",
          "-management", "127.0.0.1:" + challtestsrvManagementPort,
          "-defaultIPv4", "", "-defaultIPv6", ""), Map.of());
      awaitPort(challtestsrvManagementPort);
      resolverAddress = new InetSocketAddress("127.0.0.1", dnsPort);
    } else {
      resolverAddress = dnsServer;
    }
    String resolver = resolverAddress.getHostString() + ":" + resolverAddress.getPort();

    KeyPair serverKey = EcKeys.generateP256();
    Instant now = Instant.now();
    X509Certificate serverCert = ca.issue(serverKey, now.minusSeconds(3600),
        now.plus(Duration.ofDays(1)), List.of("localhost"), List.of("127.0.0.1"));
    Files.writeString(directory.resolve("cert.pem"), TestCa.pem(serverCert) + TestCa.pem(ca.root()));
    Files.writeString(directory.resolve("key.pem"), TestCa.pem(serverKey.getPrivate()));

    acmePort = freePort();
    pebbleManagementPort = freePort();
    String config = """
        {
          "pebble": {
            "listenAddress": "127.0.0.1:%d",
            "managementListenAddress": "127.0.0.1:%d",
            "certificate": "%s",
            "privateKey": "%s",
            "httpPort": %d,
            "tlsPort": %d,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false,
            "certificateValidityPeriod": %d
          }
        }
        """.formatted(acmePort, pebbleManagementPort, directory.resolve("cert.pem"),
        directory.resolve("key.pem"), httpPort, freePort(), certificateValidity.toSeconds());
    Path configFile = directory.resolve("pebble-config.json");
    Files.writeString(configFile, config);
    start("pebble", List.of(PEBBLE.toString(), "-config", configFile.toString(),
            "-dnsserver", resolver, "-strict=false"),
        Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_AUTHZREUSE", "0"));
    awaitPort(acmePort);
  }

  /** The ACME directory URL, {@code https://localhost:PORT/dir}. */
  public URI directory() {
    return URI.create("https://localhost:" + acmePort + "/dir");
  }

  /** The DNS server pebble resolves names through: challtestsrv's, or the one given to start. */
  public InetSocketAddress dnsServer() {
    return Objects.requireNonNull(resolverAddress, "pebble is not started");
  }

  /** The root that signed pebble's HTTPS certificate: trust it to talk to {@link #directory()}. */
  public X509Certificate trustedRoot() {
    return ca.root();
  }

  /** Where the processes' stdout/stderr and pebble's config are. */
  public Path logDirectory() {
    return directory;
  }

  /** The DNS-01 publisher of the test: TXT records set through challtestsrv's management API. */
  public Dns01Publisher dns01() {
    requireChalltestsrv();
    return dns01;
  }

  /** Makes challtestsrv answer {@code host}'s A query with {@code address}. */
  public void addARecord(String host, String address) {
    requireChalltestsrv();
    post(challtestsrvManagementPort, "/add-a",
        "{\"host\":\"" + host + "\",\"addresses\":[\"" + address + "\"]}");
  }

  /**
   * The root of the certificates pebble issues (made anew on every start), from its management
   * interface: verify issued chains against it.
   */
  public X509Certificate issuingRoot() throws IOException {
    HttpResponse<byte[]> response = send(tlsClient, HttpRequest.newBuilder(
        URI.create("https://localhost:" + pebbleManagementPort + "/roots/0")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(response.body()));
    } catch (CertificateException e) {
      throw new IOException("pebble's /roots/0 is not a certificate: " + e.getMessage(), e);
    }
  }

  /** Stops both servers and deletes the temporary directory (logs included). */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran: nothing left to remove
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void kill() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void start(String name, List<String> command, Map<String, String> environment)
      throws IOException {
    var builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    processes.add(builder.start());
  }

  private void awaitPort(int port) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IOException(process.info().command().orElse("a pebble process")
              + " exited with " + process.exitValue() + ": " + logs());
        }
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for port " + port, e);
        }
      }
    }
    throw new IOException("nothing listens on port " + port + " after " + START_TIMEOUT + ": "
        + logs());
  }

  private String logs() {
    var text = new StringBuilder();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        text.append('\n').append(log.getFileName()).append(":\n").append(Files.readString(log));
      }
    } catch (IOException e) {
      text.append("(logs unreadable: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  private void post(int port, String path, String json) {
    HttpResponse<String> response = send(plainClient,
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("challtestsrv " + path + " " + json + " answered "
          + response.statusCode() + ": " + response.body());
    }
  }

  private static <T> HttpResponse<T> send(HttpClient client, HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + request.uri(), e);
    }
  }

  private void requireChalltestsrv() {
    if (challtestsrvManagementPort == 0) {
      throw new IllegalStateException("this pebble resolves names through the DNS server given to"
          + " start(...): publish A and TXT records there, not through challtestsrv");
    }
  }

  private static void requireBinary(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: install Debian's ACME test server"
          + " with 'apt-get install -y pebble' (it ships pebble and pebble-challtestsrv)");
    }
  }

  private static SSLContext trusting(X509Certificate root) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("root", root);
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the test CA: " + e.getMessage(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A port free for both UDP and TCP: challtestsrv's DNS listens on both. */
  private static int freeUdpAndTcpPort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = freePort();
      try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
        return udp.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no loopback port is free for both UDP and TCP");
  }

  /**
   * DNS-01 through challtestsrv: {@code /set-txt} adds a value to a name, {@code /clear-txt} drops
   * all of a name's values, so a withdrawal clears the name and sets the others again.
   */
  private final class ChallTestSrvDns01 implements Dns01Publisher {
    private final Map<String, List<String>> live = new HashMap<>();

    @Override
    public synchronized void publish(String name, String value) {
      live.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      setTxt(name, value);
    }

    @Override
    public synchronized void withdraw(String name, String value) {
      List<String> values = live.get(name);
      if (values == null || !values.remove(value)) {
        return;
      }
      post(challtestsrvManagementPort, "/clear-txt", "{\"host\":\"" + name + "\"}");
      values.forEach(remaining -> setTxt(name, remaining));
      if (values.isEmpty()) {
        live.remove(name);
      }
    }

    synchronized int count() {
      return live.values().stream().mapToInt(List::size).sum();
    }

    private void setTxt(String name, String value) {
      post(challtestsrvManagementPort, "/set-txt",
          "{\"host\":\"" + name + "\",\"value\":\"" + value + "\"}");
    }
  }

  /** How many DNS-01 TXT values are published now: zero once every challenge is withdrawn. */
  public int liveTxtRecords() {
    return dns01.count();
  }
}
