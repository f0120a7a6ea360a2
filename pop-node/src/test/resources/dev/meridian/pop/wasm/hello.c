// A CGI hello world: the request's variables, a file of the bundle, a line on stderr.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
  const char *value = getenv(name);
  return value ? value : "(unset)";
}

int main(void) {
  const char *path = env("PATH_INFO");
  if (strcmp(path, "/missing") == 0) {
    printf("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such page\n");
    return 0;
  }
  fprintf(stderr, "hello from the guest: %s %s\n", env("REQUEST_METHOD"), path);
  char greeting[128] = "(none)";
  FILE *file = fopen("/data/greeting.txt", "r");
  if (file) {
    size_t n = fread(greeting, 1, sizeof greeting - 1, file);
    greeting[n] = 0;
    fclose(file);
  }
  FILE *write = fopen("/data/greeting.txt", "w");
  FILE *host = fopen("/etc/passwd", "r");
  printf("Content-Type: text/plain\nX-Guest: hello\n\n");
  printf("hello, world\n");
  printf("method=%s path=%s query=%s server=%s port=%s header=%s var=%s\n", env("REQUEST_METHOD"), path,
      env("QUERY_STRING"), env("SERVER_NAME"), env("SERVER_PORT"), env("HTTP_X_TEST"), env("GREETING"));
  printf("file=%s", greeting);
  printf("write=%s host=%s\n", write ? "allowed" : "denied", host ? "visible" : "hidden");
  return 0;
}
