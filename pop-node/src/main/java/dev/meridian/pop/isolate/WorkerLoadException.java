package dev.meridian.pop.isolate;

import org.jspecify.annotations.Nullable;

/**
 * A worker's modules could not be loaded: a syntax error, a missing import, an exception thrown
 * while a module evaluated, or a main module without a {@code fetch} handler. Says where, so that a
 * person can fix it: {@code src/index.js:12:5: SyntaxError: Unexpected token '}'}.
 */
public final class WorkerLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final @Nullable String file;
  private final int line;
  private final int column;

  public WorkerLoadException(@Nullable String file, int line, int column, String message) {
    super(location(file, line, column) + message, null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String location(@Nullable String file, int line, int column) {
    if (file == null || file.isEmpty()) {
      return "";
    }
    return line > 0 ? file + ":" + line + ":" + column + ": " : file + ": ";
  }

  public @Nullable String file() {
    return file;
  }

  /** 1-based, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based, or 0 when unknown. */
  public int column() {
    return column;
  }
}
