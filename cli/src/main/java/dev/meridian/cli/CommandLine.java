package dev.meridian.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One command's arguments, read against what it accepts: flags that take a value (each may repeat),
 * switches, and the words left over; {@code -h}/{@code --help} prints the usage. Anything else is a
 * usage error that shows the usage.
 */
final class CommandLine {

  private final Map<String, List<String>> values = new HashMap<>();
  private final Set<String> switches = new HashSet<>();
  private final List<String> words = new ArrayList<>();

  private CommandLine() {}

  /**
   * The parsed arguments, or null when the user asked for help (the usage is then printed on {@code
   * out}).
   */
  static @Nullable CommandLine parse(String[] args, Set<String> valueFlags, Set<String> switchFlags, String usage,
      PrintStream out) throws Meridian.UsageException {
    CommandLine line = new CommandLine();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        out.print(usage);
        return null;
      } else if (valueFlags.contains(arg)) {
        line.values.computeIfAbsent(arg, flag -> new ArrayList<>()).add(Args.value(args, ++i, arg));
      } else if (switchFlags.contains(arg)) {
        line.switches.add(arg);
      } else if (arg.startsWith("-")) {
        throw new Meridian.UsageException("unexpected argument '" + arg + "'\n" + usage);
      } else {
        line.words.add(arg);
      }
    }
    return line;
  }

  /** The flag's last value, or null when it was not given. */
  @Nullable String value(String flag) {
    List<String> given = values.get(flag);
    return given == null ? null : given.getLast();
  }

  /** Every value the flag was given, in order. */
  List<String> values(String flag) {
    return values.getOrDefault(flag, List.of());
  }

  boolean has(String switchFlag) {
    return switches.contains(switchFlag);
  }

  List<String> words() {
    return words;
  }

  /** Refuses words: the command takes flags only. */
  CommandLine noWords(String usage) throws Meridian.UsageException {
    optionalWord(usage);
    if (!words.isEmpty()) {
      throw new Meridian.UsageException("unexpected argument '" + words.getFirst() + "'\n" + usage);
    }
    return this;
  }

  /** The one optional word (a version, a path), or null; more than one is a usage error. */
  @Nullable String optionalWord(String usage) throws Meridian.UsageException {
    if (words.size() > 1) {
      throw new Meridian.UsageException("unexpected argument '" + words.get(1) + "'\n" + usage);
    }
    return words.isEmpty() ? null : words.getFirst();
  }
}
