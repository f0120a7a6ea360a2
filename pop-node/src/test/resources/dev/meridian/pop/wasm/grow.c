// Allocates and touches 1 MiB after 1 MiB until malloc fails, then aborts (a trap in wasm32-wasi).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Where each block is kept, so the compiler cannot drop the allocations as unused.
char *volatile last_block;

int main(void) {
  for (int mib = 0;; mib++) {
    char *block = malloc(1 << 20);
    if (!block) {
      fprintf(stderr, "out of memory after %d MiB\n", mib);
      abort();
    }
    memset(block, mib, 1 << 20);
    last_block = block;
  }
}
