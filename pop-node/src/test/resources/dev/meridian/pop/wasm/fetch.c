// A native-interface guest that makes an outbound request: it fetches the URL given in the
// request's x-upstream header (with a header of its own) and answers with the upstream's status,
// one of its headers and its body, streamed through.
#include <stdio.h>
#include <string.h>
#include "meridian_http.h"

MERIDIAN_HANDLER void handle(void) {
  char upstream[512], head[700], value[128], line[256];
  int32_t u = meridian_request_header("x-upstream", 10, upstream, sizeof upstream - 1);
  if (u < 0 || u >= (int32_t) sizeof upstream) {
    const char *headers = "content-type: text/plain\n";
    meridian_response_start(400, headers, strlen(headers));
    meridian_response_write("no x-upstream header\n", 21);
    return;
  }
  upstream[u] = 0;
  int h = snprintf(head, sizeof head, "GET %s\nx-from: wasm\n", upstream);
  int32_t status = meridian_fetch(head, h, "", 0);
  if (status < 0) {
    const char *headers = "content-type: text/plain\n";
    meridian_response_start(502, headers, strlen(headers));
    meridian_response_write("fetch failed\n", 13);
    return;
  }
  int32_t v = meridian_fetch_header("x-upstream-says", 15, value, sizeof value - 1);
  value[v < 0 ? 0 : (v < (int32_t) sizeof value ? v : (int32_t) sizeof value - 1)] = 0;
  const char *headers = "content-type: text/plain\n";
  meridian_response_start(200, headers, strlen(headers));
  int n = snprintf(line, sizeof line, "upstream status=%d says=%s\n", (int) status, value);
  meridian_response_write(line, n);
  char buffer[1024];
  int32_t got;
  while ((got = meridian_fetch_body_read(buffer, sizeof buffer)) > 0) {
    meridian_response_write(buffer, got);
  }
}
