// The benchmark kernel: a 256x256 double matrix multiply, no libc, exported as `run` (a checksum).
// Built for wasm32 (no imports, so V8 and Chicory instantiate it alike) and natively with main().
#define N 256

static double a[N * N], b[N * N], c[N * N];

#ifdef __wasm__
__attribute__((export_name("run")))
#endif
double run(void) {
  for (int i = 0; i < N * N; i++) {
    a[i] = (double) (i % 17) * 0.5;
    b[i] = (double) (i % 13) * 0.25;
  }
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      double sum = 0;
      for (int k = 0; k < N; k++) {
        sum += a[i * N + k] * b[k * N + j];
      }
      c[i * N + j] = sum;
    }
  }
  double checksum = 0;
  for (int i = 0; i < N * N; i++) {
    checksum += c[i];
  }
  return checksum;
}

#ifdef NATIVE_MAIN
#include <stdio.h>
#include <time.h>
int main(void) {
  double best = 1e30, result = 0;
  for (int r = 0; r < 10; r++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    result = run();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (ms < best) best = ms;
  }
  printf("native best_ms=%.3f checksum=%.1f\n", best, result);
  return 0;
}
#endif
