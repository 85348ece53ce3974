/* Writes 64 KiB blocks to /tmp/fill until a write fails; prints how far it got and the errno. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char block[65536];

int main(void) {
  int fd = open("/tmp/fill", O_CREAT | O_WRONLY, 0644);
  if (fd < 0) {
    printf("open failed errno %d\n", errno);
    return 1;
  }
  long total = 0;
  for (;;) {
    ssize_t n = write(fd, block, sizeof block);
    if (n <= 0) break;
    total += n;
  }
  printf("wrote %ld errno %s\n", total, errno == ENOSPC ? "ENOSPC" : strerror(errno));
  return 0;
}
