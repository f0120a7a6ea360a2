// A CGI program that echoes its stdin (the request body) with the request's content type.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char *type = getenv("CONTENT_TYPE");
  const char *length = getenv("CONTENT_LENGTH");
  printf("Content-Type: %s\nX-Content-Length: %s\n\n", type ? type : "application/octet-stream",
      length ? length : "");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    fwrite(buffer, 1, n, stdout);
  }
  return 0;
}
