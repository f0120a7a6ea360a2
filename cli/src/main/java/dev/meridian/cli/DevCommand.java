package dev.meridian.cli;

import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.io.LogSink;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.DevServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code meridian dev PATH [--port N] [--tls-port N | --no-tls] [--http3] [--host H] [--no-watch]}: serves one
 * worker locally, like {@code wrangler dev}, and reloads it when its files change.
 */
final class DevCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian dev PATH [--port N] [--tls-port N | --no-tls] [--http3] [--host H] [--no-watch]\n"
      + "  PATH      the worker's main module file, or a directory holding meridian.toml\n"
      + "  --port    HTTP/1.1 and h2c port (default " + DevServer.DEFAULT_PORT + ")\n"
      + "  --tls-port  HTTPS port, h2 and http/1.1 with a development certificate (default PORT+1)\n"
      + "  --http3   also HTTP/3 over QUIC, on the UDP port with the HTTPS port's number\n";

  @Override
  public String summary() {
    return "serve a worker locally, reloading it when its files change";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    String path = null;
    int port = DevServer.DEFAULT_PORT;
    Integer tlsPort = null;
    String host = "127.0.0.1";
    boolean watch = true;
    boolean http3 = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Args.port(args, ++i, "--port");
        case "--tls-port" -> tlsPort = Args.port(args, ++i, "--tls-port");
        case "--no-tls" -> tlsPort = -1;
        case "--http3" -> http3 = true;
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--no-watch" -> watch = false;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          if (args[i].startsWith("-") || path != null) {
            throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
          }
          path = args[i];
        }
      }
    }
    if (path == null) {
      throw new Meridian.UsageException("missing PATH\n" + USAGE);
    }
    int tls = tlsPort != null ? tlsPort : (port == 0 ? 0 : port + 1);
    if (http3 && tls == -1) {
      throw new Meridian.UsageException("--http3 needs TLS: drop --no-tls\n" + USAGE);
    }
    WorkerRuntime.Config runtime = WorkerRuntime.Config.defaults().withLogSink(devLog(out));
    Path certificates = Path.of(System.getProperty("user.home"), ".meridian", "dev-cert");
    DevServer server = DevServer.start(new DevServer.Options(Path.of(path), host, port, tls,
        http3 ? HttpFront.HTTP3_ON_TLS_PORT : HttpFront.HTTP3_OFF, certificates, watch, HttpLimits.DEFAULTS, runtime), out);
    out.println("meridian dev: listening on http://" + host + ":" + server.port() + " (HTTP/1.1, h2c)"
        + (server.tlsPort() == -1 ? "" : " and https://" + host + ":" + server.tlsPort() + " (h2, http/1.1"
            + (server.http3Port() == -1 ? "" : "; h3 on udp/" + server.http3Port()) + ")"));
    Shutdown.await(out, "meridian dev: shutting down, finishing requests in flight", server);
    return 0;
  }

  /** Console output as a developer wants to read it: the message, with the level when it matters. */
  private static LogSink devLog(PrintStream out) {
    return (deployment, requestId, level, message) -> {
      String prefix = switch (level) {
        case "error" -> "✘ ";
        case "warn" -> "▲ ";
        default -> "";
      };
      out.println("[" + deployment + "] " + prefix + message);
    };
  }
}
