package dev.meridian.cli;

/** The argument checks every subcommand shares: a flag's value, a port number. */
final class Args {

  private Args() {}

  static String value(String[] args, int i, String flag) throws Meridian.UsageException {
    if (i >= args.length) {
      throw new Meridian.UsageException(flag + " needs a value");
    }
    return args[i];
  }

  static int port(String[] args, int i, String flag) throws Meridian.UsageException {
    String value = value(args, i, flag);
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new Meridian.UsageException(flag + " takes a port number from 0 to 65535, was '" + value + "'");
    }
  }
}
