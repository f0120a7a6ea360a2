package dev.meridian.pop.api.file;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * The File API's {@code Blob} and {@code File}, in JavaScript: a blob is a list of immutable byte
 * parts, and slices share them.
 */
public final class FileExtension implements Extension {

  public FileExtension() {}

  @Override
  public String name() {
    return "file";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "encoding", "streams");
  }

  @Override
  public List<String> scripts() {
    return List.of("00_blob.js");
  }
}
