package dev.meridian.cli;

import dev.meridian.dns.steer.Location;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The argument checks every subcommand shares: a flag's value, a port number, a percentage, a duration. */
final class Args {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

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

  static int percent(String value, String flag) throws Meridian.UsageException {
    return integer(new String[] {value}, 0, flag, 1, 100, "a whole percentage");
  }

  static int threads(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 1, 1024, "a number");
  }

  /** DNS responses per second per client network, 0 for no rate limiting. */
  static int rateLimit(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 0, 1_000_000, "responses per second (0 = off)");
  }

  static int nodeId(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 1, Integer.MAX_VALUE, "a node id");
  }

  static int weight(String[] args, int i, String flag) throws Meridian.UsageException {
    return integer(args, i, flag, 0, 10_000, "a weight");
  }

  /** {@code REGION:LATITUDE:LONGITUDE}, e.g. {@code eu-west:53.35:-6.26}. */
  static Location location(String[] args, int i, String flag) throws Meridian.UsageException {
    String value = value(args, i, flag);
    String[] parts = value.split(":");
    try {
      if (parts.length != 3) {
        throw new IllegalArgumentException("three parts");
      }
      return new Location(parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new Meridian.UsageException(flag + " takes REGION:LATITUDE:LONGITUDE (eu-west:53.35:-6.26), was '"
          + value + "'");
    }
  }

  /** A whole number and a unit, s, m, h or d ({@code 90m}, {@code 12h}, {@code 30d}), from 1 s to {@code max}. */
  static Duration duration(String value, String flag, Duration max) throws Meridian.UsageException {
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      Duration duration = Duration.of(Long.parseLong(m.group(1)), switch (m.group(2)) {
        case "s" -> ChronoUnit.SECONDS;
        case "m" -> ChronoUnit.MINUTES;
        case "h" -> ChronoUnit.HOURS;
        default -> ChronoUnit.DAYS;
      });
      if (duration.isPositive() && duration.compareTo(max) <= 0) {
        return duration;
      }
    }
    throw new Meridian.UsageException(flag + " takes a whole number and a unit, s, m, h or d (90m, 12h, 30d), "
        + "from 1s to " + max.toDays() + "d; was '" + value + "'");
  }

  /** A comma-separated list of node ids ({@code 1,2,3}). */
  static Set<Integer> ids(String[] args, int i, String flag) throws Meridian.UsageException {
    Set<Integer> ids = new TreeSet<>();
    for (String part : value(args, i, flag).split(",")) {
      try {
        ids.add(Integer.parseInt(part.strip()));
      } catch (NumberFormatException e) {
        throw new Meridian.UsageException(flag + " takes node ids separated by commas (1,2,3), had '" + part + "'");
      }
    }
    return ids;
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
