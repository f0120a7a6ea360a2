package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgiResponseTest {

  private static CgiResponse parse(String output) throws CgiResponse.MalformedException {
    return CgiResponse.parse(output.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void headersBlankLineBody() throws Exception {
    CgiResponse response = parse("Content-Type: text/html\r\nX-One:  1 \r\n\r\n<p>hi</p>\n\nmore");
    assertEquals(200, response.status());
    assertEquals(List.of("content-type", "text/html", "x-one", "1"), response.headers());
    assertEquals("<p>hi</p>\n\nmore", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void statusAndLocation() throws Exception {
    assertEquals(404, parse("Status: 404 Not Found\nContent-Type: text/plain\n\n").status());
    assertEquals(204, parse("Status: 204\n\n").status());
    CgiResponse redirect = parse("Location: /elsewhere\n\n");
    assertEquals(302, redirect.status());
    assertEquals(List.of("location", "/elsewhere"), redirect.headers());
    assertEquals(301, parse("Status: 301 Moved\nLocation: /x\n\n").status());
  }

  @Test
  void malformedOutputSaysWhatIsMissing() {
    assertTrue(assertThrows(CgiResponse.MalformedException.class, () -> parse("")).getMessage()
        .startsWith("the module wrote nothing to stdout"));
    assertTrue(assertThrows(CgiResponse.MalformedException.class, () -> parse("hello, world\n")).getMessage()
        .contains("header line without a name"));
    assertTrue(assertThrows(CgiResponse.MalformedException.class, () -> parse("Content-Type: text/plain\nhi"))
        .getMessage().contains("no blank line after its headers"));
    assertTrue(assertThrows(CgiResponse.MalformedException.class, () -> parse("Status: 99 Low\n\n")).getMessage()
        .contains("not a status code from 100 to 599"));
    assertTrue(assertThrows(CgiResponse.MalformedException.class, () -> parse("Status: 2000\n\n")).getMessage()
        .contains("not a status code from 100 to 599"));
  }
}
