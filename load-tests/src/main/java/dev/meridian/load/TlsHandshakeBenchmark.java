package dev.meridian.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * New connections per second to the PoP's TLS port ({@code meridian dev}, the development certificate,
 * P-256), T client threads for S seconds each: full TLS 1.3 handshakes alone; full handshakes with one
 * request; resumed handshakes (TLS 1.3 session tickets) with one request; and, as the baseline, the
 * same one request over a new cleartext connection. The request is what lets a TLS 1.3 client read the
 * ticket that the next resumption needs, so both TLS figures with a request compare with the
 * baseline. For reference, the same client against {@code openssl s_server} (one thread, C, the same
 * certificate and key) when the {@code openssl} command is there. Client and server share this
 * machine's cores.
 *
 * <p>{@code java -cp load-tests/target/classes dev.meridian.load.TlsHandshakeBenchmark cli/target/meridian.jar examples/hello [S] [T]}
 */
public final class TlsHandshakeBenchmark {

  private TlsHandshakeBenchmark() {}

  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One way of opening a connection, run by one client thread. */
  @FunctionalInterface
  private interface Connect {
    void once(int thread) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path project = Path.of(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    Path log = Files.createTempFile("meridian-tls", ".log");
    try (NodeProcess node = NodeProcess.start(jar, log, "dev", project.toString(),
        "--port", "{port}", "--no-watch")) {
      node.awaitReady("localhost", "/", 60_000);
      int tlsPort = node.port + 1; // meridian dev's default: the port after the cleartext one
      long pid = node.process.pid();
      SSLContext[] clients = new SSLContext[threads];
      for (int i = 0; i < threads; i++) {
        clients[i] = trustAll(); // one per thread: each resumes its own sessions
      }
      Connect plain = thread -> {
        try (Socket socket = tcp(node.port)) {
          exchange(socket);
        }
      };
      Connect fullOnly = thread -> {
        try (SSLSocket socket = tls(clients[thread], tlsPort)) {
          socket.startHandshake();
          socket.getSession().invalidate();
        }
      };
      Connect full = thread -> {
        try (SSLSocket socket = tls(clients[thread], tlsPort)) {
          socket.startHandshake();
          exchange(socket);
          socket.getSession().invalidate(); // the next connection of this thread cannot resume
        }
      };
      Connect resumed = thread -> {
        try (SSLSocket socket = tls(clients[thread], tlsPort)) {
          socket.startHandshake();
          exchange(socket); // reads the response and, with it, the next session ticket
        }
      };
      run("warm-up (all kinds, for the JIT)", pid, 5, threads, t -> {
        plain.once(t);
        full.once(t);
        resumed.once(t);
      });
      double base = run("cleartext: new connection + 1 request (baseline)", pid, seconds, threads, plain);
      double handshakes = run("TLS 1.3 full handshake only", pid, seconds, threads, fullOnly);
      double fullRate = run("TLS 1.3 full handshake + 1 request", pid, seconds, threads, full);
      double resumedRate = run("TLS 1.3 resumed (ticket) + 1 request", pid, seconds, threads, resumed);
      System.out.printf("ratios: full+request/baseline=%.2f resumed+request/baseline=%.2f resumed/full=%.2f"
          + " (full handshakes alone: %.0f/s)%n", fullRate / base, resumedRate / base, resumedRate / fullRate, handshakes);
      openssl(clients, seconds, threads, handshakes);
    }
  }

  /** The same handshakes against {@code openssl s_server} with meridian dev's certificate and key. */
  private static void openssl(SSLContext[] clients, int seconds, int threads, double meridianHandshakes)
      throws Exception {
    Path certificates = Path.of(System.getProperty("user.home"), ".meridian", "dev-cert");
    int port = NodeProcess.freePort();
    Process server;
    try {
      server = new ProcessBuilder("openssl", "s_server", "-accept", Integer.toString(port), "-quiet", "-www",
          "-cert", certificates.resolve("cert.pem").toString(), "-key", certificates.resolve("key.pem").toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      System.out.println("openssl s_server reference skipped: no openssl command (" + e.getMessage() + ")");
      return;
    }
    try {
      for (int i = 0; i < 500; i++) {
        try (Socket probe = tcp(port)) {
          break;
        } catch (IOException e) {
          Thread.sleep(10);
        }
      }
      Connect fullOnly = thread -> {
        try (SSLSocket socket = tls(clients[thread], port)) {
          socket.startHandshake();
          socket.getSession().invalidate();
        }
      };
      run("openssl s_server (reference): warm-up", server.pid(), 1, threads, fullOnly);
      double reference = run("openssl s_server (reference): full handshake only", server.pid(), seconds, threads,
          fullOnly);
      System.out.printf("ratio meridian/openssl, full handshakes alone: %.2f%n", meridianHandshakes / reference);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static double run(String name, long serverPid, int seconds, int threads, Connect connect)
      throws InterruptedException, IOException {
    double cpuBefore = NodeProcess.cpuSeconds(serverPid);
    LongAdder done = new LongAdder();
    LongAdder failed = new LongAdder();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(Thread.ofPlatform().start(() -> {
        while (System.nanoTime() < deadline) {
          try {
            connect.once(thread);
            done.increment();
          } catch (IOException e) {
            failed.increment();
          }
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double rate = done.sum() / elapsed;
    double serverCpuMillis = (NodeProcess.cpuSeconds(serverPid) - cpuBefore) * 1000 / Math.max(1, done.sum());
    System.out.printf("%-52s %8.0f connections/s, server CPU %.2f ms each (%d in %.1f s, %d failed, %d client threads)%n",
        name, rate, serverCpuMillis, done.sum(), elapsed, failed.sum(), threads);
    return rate;
  }




  private static Socket tcp(int port) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true); // as browsers do: no Nagle delay on the handshake's small flights
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    return socket;
  }

  private static SSLSocket tls(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp(port), "127.0.0.1", port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setNamedGroups(new String[] {"x25519"}); // one key share, as browsers lead with: less client work
    socket.setSSLParameters(parameters);
    return socket;
  }

  /** Sends the request and reads the response to its end (the server closes). */
  private static void exchange(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write(REQUEST);
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] response = in.readAllBytes();
    if (response.length < 12 || response[9] != '2') {
      throw new IOException("unexpected answer: " + new String(response, StandardCharsets.UTF_8));
    }
  }

  /** The development certificate is self-signed: this client takes whatever the PoP presents. */
  private static SSLContext trustAll() throws Exception {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return context;
  }
}
