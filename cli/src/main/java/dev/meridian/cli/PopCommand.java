package dev.meridian.cli;

import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.LocalPop;
import java.io.PrintStream;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meridian pop --deployments DIR [--port N] [--host H]}: a PoP serving every worker under DIR,
 * each by its routes and as {@code <name>.localhost}, loading each on its first request.
 */
final class PopCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian pop --deployments DIR [--port N] [--host H]\n"
      + "  --deployments  a directory of workers, one sub-directory with a meridian.toml each\n"
      + "  --port         HTTP/1.1 and h2c port (default 8080)\n";

  @Override
  public String summary() {
    return "run a PoP serving the workers of a local directory";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    Path deployments = null;
    int port = 8080;
    String host = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--deployments" -> deployments = Path.of(Args.value(args, ++i, "--deployments"));
        case "--port" -> port = Args.port(args, ++i, "--port");
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (deployments == null) {
      throw new Meridian.UsageException("--deployments is required\n" + USAGE);
    }
    LocalPop pop = LocalPop.start(deployments, LocalPop.http(host, port), WorkerRuntime.Config.defaults());
    out.println("meridian pop: " + pop.routes() + " routes, listening on http://" + host + ":" + pop.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      pop.close();
      stopped.countDown();
    }, "meridian-shutdown"));
    stopped.await();
    return 0;
  }
}
