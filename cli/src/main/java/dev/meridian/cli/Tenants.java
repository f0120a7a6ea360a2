package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.pop.server.WorkerConfig;
import dev.meridian.pop.server.WorkerProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the tenant commands share: which worker they act on, and reading lists out of JSON answers. */
final class Tenants {

  private Tenants() {}

  /**
   * The worker named by {@code --name}, else the one whose {@code meridian.toml} is in {@code dir}
   * (the current directory by default), as wrangler does.
   */
  static String workerName(@Nullable String flag, Path dir) throws Meridian.UsageException, IOException {
    if (flag != null) {
      return flag;
    }
    Path config = dir.resolve(WorkerProject.CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new Meridian.UsageException("which worker? give --name NAME, or run this in a directory holding "
          + WorkerProject.CONFIG_FILE);
    }
    try {
      return WorkerConfig.parse(Files.readString(config), config.toString()).name();
    } catch (WorkerConfig.ConfigException e) {
      throw new Meridian.UsageException(e.getMessage());
    }
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
