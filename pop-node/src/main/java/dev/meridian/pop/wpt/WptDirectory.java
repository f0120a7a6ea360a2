package dev.meridian.pop.wpt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Web Platform Tests folder the project runs by default: the system property {@value
 * #PROPERTY} when set, else the first {@code shared/wpt} found beside the working directory or one
 * of its ancestors (the repository is checked out next to a {@code shared/} folder, wherever that
 * checkout lives).
 */
public final class WptDirectory {

  /** The system property that names the WPT folder explicitly. */
  public static final String PROPERTY = "meridian.wpt.dir";

  private WptDirectory() {}

  /** The WPT folder, or empty when neither the property nor a {@code shared/wpt} beside the checkout names one. */
  public static Optional<Path> locate() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("wpt");
      if (Files.isRegularFile(candidate.resolve(WptTestFile.HARNESS))) {
        return Optional.of(candidate.normalize());
      }
    }
    return Optional.empty();
  }

  /** Like {@link #locate()}, failing with a message that says how to point at the folder. */
  public static Path require() {
    return locate().orElseThrow(() -> new IllegalStateException(
        "no Web Platform Tests folder found: expected shared/wpt beside the repository (looked upward from "
            + System.getProperty("user.dir") + "), or set -D" + PROPERTY + "=PATH"));
  }
}
