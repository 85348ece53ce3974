/* Creates empty files /tmp/f0, /tmp/f1, ... until one cannot be created; prints the count and errno. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char name[32];
  long n = 0;
  for (;; n++) {
    snprintf(name, sizeof name, "/tmp/f%ld", n);
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) break;
    close(fd);
  }
  printf("created %ld errno %s\n", n, errno == ENOSPC ? "ENOSPC" : "other");
  return 0;
}
