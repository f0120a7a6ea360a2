// Never ends: only the CPU limit stops it.
#include <stdio.h>

int main(void) {
  volatile unsigned long spins = 0;
  for (;;) {
    spins++;
  }
  printf("Content-Type: text/plain\n\nunreachable %lu\n", spins);
  return 0;
}
