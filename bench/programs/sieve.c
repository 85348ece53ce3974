// Benchmark: sieve of Eratosthenes up to argv[1] (default 10^7, the benchmark size; tests pass
// small sizes); prints the number of primes (664579 for 10^7).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  const int n = argc > 1 ? atoi(argv[1]) : 10000000;
  unsigned char *composite = calloc(n + 1, 1);
  int count = 0;
  for (long long i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (long long j = i * i; j <= n; j += i) composite[j] = 1;
  }
  printf("%d\n", count);
  return 0;
}
