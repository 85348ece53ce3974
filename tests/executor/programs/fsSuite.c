/*
 * Filesystem checks in the spirit of WebAssembly/wasi-testsuite's filesystem tests, against the
 * directory given as argv[1] (a preopen). Prints one line per check: "name ok" or "name FAIL ...";
 * with argv[2], first the content of that existing file ("read_preopened ...").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char base[256];
static char pathbufs[4][512];
static int next = 0;
static int failures = 0;

/* base/name, in one of four rotating buffers (a call may take two paths). */
static const char *p(const char *name) {
  char *out = pathbufs[next++ % 4];
  snprintf(out, 512, "%s/%s", base, name);
  return out;
}

#define CHECK(name, cond)                                                               \
  do {                                                                                  \
    if (cond) printf("%s ok\n", name);                                                  \
    else { printf("%s FAIL (errno %d %s)\n", name, errno, strerror(errno)); failures++; } \
  } while (0)

int main(int argc, char **argv) {
  snprintf(base, sizeof base, "%s", argc > 1 ? argv[1] : "/tmp");
  char buf[64];

  /* A file that was there before the run (argv[2], in a preopened copy). */
  if (argc > 2) {
    int in = open(p(argv[2]), O_RDONLY);
    memset(buf, 0, sizeof buf);
    ssize_t n = in >= 0 ? read(in, buf, sizeof buf - 1) : -1;
    printf("read_preopened %s\n", n >= 0 ? buf : "FAIL");
    if (in >= 0) close(in);
  }

  /* path_open_create_existing, file_unbuffered_write, file_seek_tell, file_pread_pwrite */
  int fd = open(p("a.txt"), O_CREAT | O_RDWR | O_EXCL, 0644);
  CHECK("create", fd >= 0);
  CHECK("create_existing_excl", open(p("a.txt"), O_CREAT | O_EXCL | O_RDWR, 0644) < 0 && errno == EEXIST);
  CHECK("write", write(fd, "hello world", 11) == 11);
  CHECK("tell", lseek(fd, 0, SEEK_CUR) == 11);
  CHECK("seek_set", lseek(fd, 6, SEEK_SET) == 6);
  memset(buf, 0, sizeof buf);
  CHECK("read_after_seek", read(fd, buf, sizeof buf) == 5 && strcmp(buf, "world") == 0);
  CHECK("read_eof", read(fd, buf, sizeof buf) == 0);
  CHECK("seek_end", lseek(fd, -5, SEEK_END) == 6);
  CHECK("seek_negative", lseek(fd, -100, SEEK_CUR) < 0 && errno == EINVAL);
  CHECK("pwrite", pwrite(fd, "W", 1, 6) == 1 && lseek(fd, 0, SEEK_CUR) == 6);
  memset(buf, 0, sizeof buf);
  CHECK("pread", pread(fd, buf, 5, 6) == 5 && strcmp(buf, "World") == 0);
  CHECK("pwrite_past_end", pwrite(fd, "!", 1, 20) == 1);

  /* fd_filestat_get, file_truncation, file_allocate */
  struct stat st;
  CHECK("fstat_size", fstat(fd, &st) == 0 && st.st_size == 21 && S_ISREG(st.st_mode) && st.st_nlink == 1);
  CHECK("ftruncate_shrink", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK("ftruncate_grow_zeroes", ftruncate(fd, 8) == 0 && pread(fd, buf, 8, 0) == 8 && buf[5] == 0 && buf[7] == 0);
  CHECK("fallocate", posix_fallocate(fd, 0, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100);
  close(fd);

  /* fd_flags_set: O_APPEND */
  fd = open(p("log.txt"), O_CREAT | O_WRONLY | O_APPEND, 0644);
  CHECK("append_open", fd >= 0 && write(fd, "ab", 2) == 2);
  lseek(fd, 0, SEEK_SET);
  CHECK("append_write_at_end", write(fd, "cd", 2) == 2 && fstat(fd, &st) == 0 && st.st_size == 4);
  close(fd);
  fd = open(p("log.txt"), O_RDONLY);
  memset(buf, 0, sizeof buf);
  CHECK("append_content", read(fd, buf, sizeof buf) == 4 && strcmp(buf, "abcd") == 0);
  CHECK("write_on_readonly", write(fd, "x", 1) < 0 && errno == EBADF);
  close(fd);
  fd = open(p("log.txt"), O_WRONLY | O_TRUNC);
  CHECK("truncate_on_open", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
  CHECK("read_on_writeonly", read(fd, buf, 1) < 0 && errno == EBADF);
  close(fd);

  /* path_open_missing, path_open_dirfd_not_dir, interesting_paths */
  CHECK("open_missing", open(p("missing"), O_RDONLY) < 0 && errno == ENOENT);
  CHECK("open_missing_dir_component", open(p("nodir/x"), O_RDONLY) < 0 && errno == ENOENT);
  CHECK("open_file_as_dir", open(p("a.txt/x"), O_RDONLY) < 0 && errno == ENOTDIR);
  CHECK("open_directory_flag_on_file", open(p("a.txt"), O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR);
  CHECK("trailing_slash_on_file", open(p("a.txt/"), O_RDONLY) < 0 && errno == ENOTDIR);
  CHECK("dot_components", open(p("./a.txt"), O_RDONLY) >= 0);

  /* mkdir, path_filestat, remove_nonempty_directory, remove_directory_trailing_slashes */
  CHECK("mkdir", mkdir(p("d"), 0755) == 0);
  CHECK("mkdir_existing", mkdir(p("d"), 0755) < 0 && errno == EEXIST);
  CHECK("stat_dir", stat(p("d"), &st) == 0 && S_ISDIR(st.st_mode));
  CHECK("create_in_subdir", (fd = open(p("d/f"), O_CREAT | O_WRONLY, 0644)) >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
  CHECK("dotdot_inside", stat(p("d/../a.txt"), &st) == 0 && st.st_size == 100);
  CHECK("rmdir_nonempty", rmdir(p("d")) < 0 && errno == ENOTEMPTY);
  CHECK("rmdir_file", rmdir(p("a.txt")) < 0 && errno == ENOTDIR);
  CHECK("unlink_dir", unlink(p("d")) < 0 && (errno == EISDIR || errno == EPERM));
  CHECK("unlink_trailing_slash", unlink(p("a.txt/")) < 0 && errno == ENOTDIR);

  /* fd_readdir */
  DIR *dir = opendir(p("d"));
  int seen = 0, dots = 0;
  struct dirent *ent;
  while (dir && (ent = readdir(dir)) != NULL) {
    if (strcmp(ent->d_name, "f") == 0 && ent->d_type == DT_REG) seen++;
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) dots++;
  }
  CHECK("readdir", dir != NULL && seen == 1 && dots == 2);
  if (dir) closedir(dir);

  /* path_rename, path_rename_dir_trailing_slashes */
  CHECK("rename_file", rename(p("d/f"), p("d/g")) == 0 && stat(p("d/f"), &st) < 0 && stat(p("d/g"), &st) == 0);
  CHECK("rename_over_file", rename(p("log.txt"), p("d/g")) == 0 && stat(p("log.txt"), &st) < 0);
  CHECK("mkdir_e", mkdir(p("e"), 0755) == 0);
  CHECK("rename_dir_into_itself", rename(p("e"), p("e/sub")) < 0 && errno == EINVAL);
  CHECK("rename_file_over_dir", rename(p("a.txt"), p("e")) < 0 && errno == EISDIR);
  CHECK("rename_dir_over_nonempty", rename(p("e"), p("d")) < 0 && (errno == ENOTEMPTY || errno == EEXIST));
  CHECK("rename_dir", rename(p("e"), p("e2")) == 0 && stat(p("e2"), &st) == 0 && S_ISDIR(st.st_mode));
  CHECK("rmdir", rmdir(p("e2")) == 0 && stat(p("e2"), &st) < 0 && errno == ENOENT);

  /* path_link, symlinks refused by design, readlink */
  CHECK("link", link(p("a.txt"), p("hard")) == 0 && stat(p("a.txt"), &st) == 0 && st.st_nlink == 2);
  CHECK("unlink_one_link", unlink(p("a.txt")) == 0 && stat(p("hard"), &st) == 0 && st.st_size == 100 && st.st_nlink == 1);
  CHECK("symlink_refused", symlink("hard", p("sym")) < 0 && errno == ENOTSUP);
  CHECK("readlink_not_symlink", readlink(p("hard"), buf, sizeof buf) < 0 && errno == EINVAL);

  /* fd_filestat_set / fstflags_validate: times set explicitly stick */
  struct timespec times[2] = {{.tv_sec = 1000, .tv_nsec = 5}, {.tv_sec = 2000, .tv_nsec = 7}};
  CHECK("utimensat", utimensat(AT_FDCWD, p("hard"), times, 0) == 0 && stat(p("hard"), &st) == 0 &&
                         st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 7);

  /* Capability: no escape above the preopen, no absolute host paths. */
  CHECK("dotdot_escape", open(p("../escape"), O_CREAT | O_WRONLY, 0644) < 0);
  CHECK("host_path", open("/etc/passwd", O_RDONLY) < 0);

  /* fd_advise, fd_sync */
  fd = open(p("hard"), O_RDWR);
  CHECK("advise_sync", fd >= 0 && posix_fadvise(fd, 0, 10, POSIX_FADV_SEQUENTIAL) == 0 && fsync(fd) == 0 && fdatasync(fd) == 0);
  close(fd);

  /* File times come from the run's clock: deterministic, so the same on every run. */
  CHECK("times_from_clock", (fd = open(p("t"), O_CREAT | O_WRONLY, 0644)) >= 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec > 0);
  printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  close(fd);

  printf("failures %d\n", failures);
  return failures == 0 ? 0 : 1;
}
