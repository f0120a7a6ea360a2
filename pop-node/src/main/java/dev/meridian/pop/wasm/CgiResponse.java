package dev.meridian.pop.wasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A CGI response parsed from a module's stdout (RFC 3875 section 6): header lines ending in LF or
 * CRLF, a blank line, the body. {@code Status: 404 Not Found} sets the status; a {@code Location}
 * without a status makes a 302; otherwise the status is 200. Header names are lower-cased for the
 * exchange.
 *
 * @param status the HTTP status
 * @param headers names and values, alternating
 * @param body what followed the blank line
 */
record CgiResponse(int status, List<String> headers, byte[] body) {

  /** The largest header block read, so a guest printing no blank line is told so quickly. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** Parses {@code output}; throws with a message for the client if it is not a CGI response. */
  static CgiResponse parse(byte[] output) throws MalformedException {
    if (output.length == 0) {
      throw new MalformedException("the module wrote nothing to stdout; a CGI program writes headers"
          + " (at least Content-Type), a blank line, then the body");
    }
    List<String> headers = new ArrayList<>();
    Integer status = null;
    boolean location = false;
    int position = 0;
    while (true) {
      int newline = indexOf(output, (byte) '\n', position);
      if (newline < 0 || newline > MAX_HEADER_BYTES) {
        throw new MalformedException("the module's stdout has no blank line after its headers: a CGI program"
            + " writes headers (at least Content-Type), a blank line, then the body");
      }
      int end = newline > position && output[newline - 1] == '\r' ? newline - 1 : newline;
      String line = new String(output, position, end - position, StandardCharsets.UTF_8);
      position = newline + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedException("the module's stdout has a header line without a name and ':': '"
            + abbreviate(line) + "'");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("status")) {
        status = statusCode(value);
      } else {
        location |= name.equals("location");
        headers.add(name);
        headers.add(value);
      }
    }
    int code = status != null ? status : location ? 302 : 200;
    return new CgiResponse(code, List.copyOf(headers), Arrays.copyOfRange(output, position, output.length));
  }

  private static int statusCode(String value) throws MalformedException {
    String digits = value.length() >= 3 ? value.substring(0, 3) : value;
    try {
      int code = Integer.parseInt(digits);
      if (code >= 100 && code <= 599 && (value.length() == 3 || value.charAt(3) == ' ')) {
        return code;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new MalformedException("the module's Status header '" + abbreviate(value)
        + "' is not a status code from 100 to 599 followed by an optional reason, like 'Status: 404 Not Found'");
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  /** Output that is not a CGI response; the message says what is missing. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CgiResponse that && status == that.status && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "CgiResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
  }
}
