package dev.meridian.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A node role's configuration file ({@code --config node.toml}): each key is one of the command's
 * flags without its dashes, {@code _} for {@code -} ({@code http_port = 8080}, {@code pulsar =
 * "pulsar://broker:6650"}, {@code no_http3 = true}, {@code geo = ["a.csv", "b.mmdb"]}), so the file
 * and the command line say the same things and flags given on the command line win. An unknown key
 * or a value of the wrong shape is an error naming the file and the key.
 */
final class NodeConfig {

  private static final Pattern FLAG = Pattern.compile("--[a-z0-9]+(-[a-z0-9]+)*");

  private NodeConfig() {}

  /** {@code args} with {@code --config FILE} replaced by the file's flags, placed first so later flags win. */
  static String[] expand(String[] args, String usage, String command) throws Meridian.UsageException, IOException {
    List<String> fromFile = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        fromFile.addAll(read(Path.of(Args.value(args, ++i, "--config")), usage, command));
      } else {
        rest.add(args[i]);
      }
    }
    fromFile.addAll(rest);
    return fromFile.toArray(String[]::new);
  }

  private static List<String> read(Path file, String usage, String command) throws Meridian.UsageException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new Meridian.UsageException("--config " + file + " is not a file");
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new Meridian.UsageException(file + ": not valid TOML: " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode table)) {
      throw new Meridian.UsageException(file + ": expected key = value lines");
    }
    Set<String> known = flags(usage);
    List<String> flags = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String flag = "--" + entry.getKey().replace('_', '-');
      if (!known.contains(flag)) {
        throw new Meridian.UsageException(file + ": unknown key '" + entry.getKey() + "' (the keys are the flags of `meridian "
            + command + " --help`, without their dashes and with _ for -)");
      }
      JsonNode value = entry.getValue();
      if (value.isBoolean()) {
        if (value.asBoolean()) {
          flags.add(flag);
        }
      } else if (value.isArray()) {
        for (JsonNode item : value) {
          flags.add(flag);
          flags.add(scalar(file, entry.getKey(), item));
        }
      } else {
        flags.add(flag);
        flags.add(scalar(file, entry.getKey(), value));
      }
    }
    return flags;
  }

  /** The flags a command's usage text names. */
  private static Set<String> flags(String usage) {
    return FLAG.matcher(usage).results().map(MatchResult::group).collect(Collectors.toSet());
  }

  private static String scalar(Path file, String key, JsonNode value) throws Meridian.UsageException {
    if (!value.isValueNode()) {
      throw new Meridian.UsageException(file + ": '" + key + "' must be a string, a number or true, was " + value);
    }
    return value.asText();
  }
}
