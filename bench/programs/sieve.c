// Benchmark: sieve of Eratosthenes up to 10^7; prints the number of primes (664579).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  const int n = 10000000;
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
