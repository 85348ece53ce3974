// Reads all of stdin and prints its length and an FNV-1a hash, plus a fibonacci number computed
// recursively (enough calls and branches to exercise the metering).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  uint32_t h = 2166136261u;
  size_t n = 0;
  int c;
  while ((c = getchar()) != EOF) { h = (h ^ (uint32_t)c) * 16777619u; n++; }
  const char *who = getenv("WHO");
  printf("len=%zu fnv=%08x fib=%d who=%s\n", n, h, fib(20), who ? who : "?");
  return 0;
}
