// A native-interface guest (wit/meridian-http.wit): streams the request body back as it arrives,
// upper-cased, after a line naming the request.
#include <stdio.h>
#include <string.h>
#include "meridian_http.h"

MERIDIAN_HANDLER void handle(void) {
  char method[16], url[512], type[128], line[800];
  int32_t m = meridian_request_method(method, sizeof method - 1);
  method[m < (int32_t) sizeof method ? m : (int32_t) sizeof method - 1] = 0;
  int32_t u = meridian_request_url(url, sizeof url - 1);
  url[u < (int32_t) sizeof url ? u : (int32_t) sizeof url - 1] = 0;
  int32_t t = meridian_request_header("Content-Type", 12, type, sizeof type - 1);
  if (t < 0) {
    strcpy(type, "none");
  } else {
    type[t < (int32_t) sizeof type ? t : (int32_t) sizeof type - 1] = 0;
  }
  const char *headers = "content-type: text/plain\nx-guest: native\n";
  if (meridian_response_start(201, headers, strlen(headers)) != 0) {
    return;
  }
  int n = snprintf(line, sizeof line, "%s %s type=%s\n", method, url, type);
  meridian_response_write(line, n);
  fprintf(stderr, "streaming a body back\n");
  char buffer[1000];
  int32_t got;
  while ((got = meridian_request_body_read(buffer, sizeof buffer)) > 0) {
    for (int i = 0; i < got; i++) {
      if (buffer[i] >= 'a' && buffer[i] <= 'z') {
        buffer[i] -= 32;
      }
    }
    if (meridian_response_write(buffer, got) != 0) {
      return;
    }
  }
}
