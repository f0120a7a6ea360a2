package dev.meridian.pop.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FormData through multipart and back, from a worker's own Request and from a real client's upload. */
class FormDataTest {

  static final TestNode node = SharedNode.get();

  @Test
  void aFormDataRoundTripsThroughMultipart() throws Exception {
    node.deploy("formdata", """
        export default {
          async fetch() {
            const form = new FormData();
            form.append("name", "Ada Lovelace");
            form.append("tags", "math");
            form.append("tags", "engines ✓");
            form.append("notes", new File(["line 1\\r\\nline 2 \\u00e9"], "notes.txt", { type: "text/plain" }));
            const request = new Request("https://example.com/upload", { method: "POST", body: form });
            const type = request.headers.get("content-type");
            const back = await request.formData();
            const file = back.get("notes");
            return Response.json({
              multipart: type.startsWith("multipart/form-data; boundary="),
              name: back.get("name"),
              tags: back.getAll("tags"),
              file: [file instanceof File, file.name, file.type, await file.text()],
            });
          },
        };
        """);
    assertEquals("{\"multipart\":true,\"name\":\"Ada Lovelace\",\"tags\":[\"math\",\"engines ✓\"],"
        + "\"file\":[true,\"notes.txt\",\"text/plain\",\"line 1\\r\\nline 2 é\"]}", node.get("/formdata/").body());
  }

  @Test
  void aClientsMultipartUploadIsParsedAndABrokenOneIsATypeError() throws Exception {
    node.deploy("upload", """
        export default {
          async fetch(request) {
            try {
              const form = await request.formData();
              const file = form.get("file");
              return new Response(form.get("title") + " | " + file.name + " | " + (await file.text()));
            } catch (e) {
              return new Response(e.name + ": " + e.message, { status: 400 });
            }
          },
        };
        """);
    String boundary = "----meridian-test";
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
        + "A report\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n"
        + "a,b\r\n1,2\r\n"
        + "--" + boundary + "--\r\n";
    var ok = node.send(HttpRequest.newBuilder(node.uri("/upload/"))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("A report | r.csv | a,b\r\n1,2", ok.body());

    var broken = node.send(HttpRequest.newBuilder(node.uri("/upload/"))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nno headers, no end", StandardCharsets.UTF_8))
        .build());
    assertEquals(400, broken.statusCode());
    assertEquals(true, broken.body().startsWith("TypeError: "), broken.body());
    assertEquals("A report | r.csv | a,b\r\n1,2", node.send(HttpRequest.newBuilder(node.uri("/upload/"))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build()).body(),
        "the isolate serves the next upload");
  }
}
