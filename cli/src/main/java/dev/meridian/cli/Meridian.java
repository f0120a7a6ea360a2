package dev.meridian.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code meridian COMMAND [ARGS]}: looks the command up and runs it; the exit code is its answer. */
public final class Meridian {

  /** A subcommand: parses its own arguments, prints to the streams given, returns an exit code. */
  interface Command {
    String summary();

    /** @param env the environment ({@code MERIDIAN_API}, {@code MERIDIAN_TOKEN}), given so tests can set it */
    int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception;
  }

  static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("dev", new DevCommand());
    COMMANDS.put("server", new ServerCommand());
    COMMANDS.put("deploy", new DeployCommand());
    COMMANDS.put("versions", new VersionsCommand());
    COMMANDS.put("deployments", new DeploymentsCommand());
    COMMANDS.put("rollout", new RolloutCommand());
    COMMANDS.put("rollback", new RollbackCommand());
    COMMANDS.put("tail", new TailCommand());
    COMMANDS.put("secret", new SecretCommand());
    COMMANDS.put("kv", new KvCommand());
    COMMANDS.put("login", new LoginCommand());
    COMMANDS.put("token", new TokenCommand(false));
    COMMANDS.put("tenant", new TokenCommand(true));
    COMMANDS.put("dns", new DnsCommand());
    COMMANDS.put("pop", new PopCommand());
    COMMANDS.put("control-plane", new ControlPlaneCommand());
    COMMANDS.put("slicer-sim", new SlicerSimCommand());
    COMMANDS.put("wpt", new WptCommand());
  }

  private Meridian() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("meridian: unknown command '" + args[0] + "'");
      usage(err);
      return 2;
    }
    try {
      return command.run(Arrays.copyOfRange(args, 1, args.length), env, out, err);
    } catch (UsageException e) {
      err.println("meridian " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("meridian " + args[0] + ": " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: meridian COMMAND [ARGS]");
    out.println();
    for (Map.Entry<String, Command> entry : COMMANDS.entrySet()) {
      out.printf("  %-14s %s%n", entry.getKey(), entry.getValue().summary());
    }
  }

  /** Wrong arguments: the message says which and how to fix them. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
