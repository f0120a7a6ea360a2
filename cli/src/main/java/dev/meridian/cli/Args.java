package dev.meridian.cli;

/** The argument checks every subcommand shares: a flag's value, a port number, a percentage. */
final class Args {

  private Args() {}

  static String value(String[] args, int i, String flag) throws Meridian.UsageException {
    if (i >= args.length) {
      throw new Meridian.UsageException(flag + " needs a value");
    }
    return args[i];
  }

  static int port(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 0, 65535, "a port number");
  }

  static int percent(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 1, 100, "a whole percentage");
  }

  private static int integer(String[] args, int i, String flag, int min, int max, String what)
      throws Meridian.UsageException {
    String value = value(args, i, flag);
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new Meridian.UsageException(flag + " takes " + what + " from " + min + " to " + max + ", was '" + value + "'");
    }
  }
}
