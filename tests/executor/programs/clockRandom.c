// Reads both clocks, sleeps, reads random bytes and prints them: its output must be identical
// run after run under the same seed and input.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  struct timespec real, mono, later;
  clock_gettime(CLOCK_REALTIME, &real);
  clock_gettime(CLOCK_MONOTONIC, &mono);
  unsigned char buf[16];
  if (getentropy(buf, sizeof buf) != 0) return 1;
  struct timespec nap = {0, 250000000};
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &later);
  long long slept = (later.tv_sec - mono.tv_sec) * 1000000000LL + (later.tv_nsec - mono.tv_nsec);
  printf("real=%lld.%09ld mono=%lld.%09ld slept_at_least=%d rand=", (long long)real.tv_sec, real.tv_nsec,
         (long long)mono.tv_sec, mono.tv_nsec, slept >= 250000000);
  for (int i = 0; i < 16; i++) printf("%02x", buf[i]);
  printf(" rand()=%d\n", rand());
  return 0;
}
