/*
 * A compute-heavy, deterministic WASI program for Errand's examples and benchmarks: counts the
 * primes below N with a sieve and runs ROUNDS rounds of an integer mixing function over the result,
 * so the work grows with the input and every worker prints the same answer.
 * Input (stdin, optional): "N ROUNDS", default "1000000 1000000". Output: "primes=P checksum=C".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 50000000u

static uint32_t count_primes(uint32_t n) {
  if (n < 3) return 0;
  uint8_t *composite = calloc(n, 1);
  if (composite == NULL) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  uint32_t count = 0;
  for (uint32_t i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (uint64_t j = (uint64_t)i * i; j < n; j += i) composite[j] = 1;
  }
  free(composite);
  return count;
}

/* splitmix64 finaliser: cheap, well-mixed, identical on every platform. */
static uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

int main(void) {
  unsigned long n = 1000000, rounds = 1000000;
  int read = scanf("%lu %lu", &n, &rounds);
  if (read == 1) rounds = 1000000;
  if (n > MAX_N) {
    fprintf(stderr, "N must be at most %u\n", MAX_N);
    return 2;
  }
  uint32_t primes = count_primes((uint32_t)n);
  uint64_t checksum = primes;
  for (unsigned long i = 0; i < rounds; i++) checksum = mix(checksum ^ i);
  printf("primes=%u checksum=%016llx\n", primes, (unsigned long long)checksum);
  return 0;
}
