/* replay.c — the replay driver: a plain main that feeds files to a fuzz
 * target's LLVMFuzzerTestOneInput without any fuzzing engine, so that the
 * committed seed corpora (every crash ever found included) run in
 * `meson test`, under ASan/UBSan in CI and under valgrind if wanted.
 *
 * usage: replay_<target> FILE-OR-DIR...  (directories: their regular files,
 * in name order). Each input is copied into a buffer of exactly its size, as
 * libFuzzer does, so an overread is caught by ASan. Exit status 0 when at
 * least one input ran, 1 when none was found or a file could not be read;
 * a failed invariant aborts. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole; returns false (after saying why) when it cannot. */
static bool slurp(const char *path, uint8_t **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return false;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (!buf) abort();
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    cap *= 2;
    buf = realloc(buf, cap);
  }
  bool ok = !ferror(f);
  fclose(f);
  if (!ok) {
    fprintf(stderr, "replay: %s: read error\n", path);
    free(buf);
    return false;
  }
  /* exact-size copy (malloc(0) may be NULL: give a 1-byte block then) */
  uint8_t *exact = malloc(n ? n : 1);
  if (!exact) abort();
  memcpy(exact, buf, n);
  free(buf);
  *out = exact;
  *len = n;
  return true;
}

static bool run_file(const char *path, size_t *count) {
  uint8_t *data;
  size_t len;
  if (!slurp(path, &data, &len)) return false;
  LLVMFuzzerTestOneInput(data, len);
  free(data);
  (*count)++;
  return true;
}

static bool run_dir(const char *dir, size_t *count) {
  DIR *dh = opendir(dir);
  if (!dh) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return false;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(dh))) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      names = realloc(names, cap * sizeof *names);
      if (!names) abort();
    }
    names[n] = strdup(de->d_name);
    if (!names[n]) abort();
    n++;
  }
  closedir(dh);
  if (n) qsort(names, n, sizeof *names, cmp_name);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    size_t plen = strlen(dir) + strlen(names[i]) + 2;
    char *path = malloc(plen);
    if (!path) abort();
    snprintf(path, plen, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) ok &= run_file(path, count);
    free(path);
    free(names[i]);
  }
  free(names);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
    return 2;
  }
  LLVMFuzzerInitialize(&argc, &argv);
  size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
      ok = false;
    } else if (S_ISDIR(st.st_mode)) {
      ok &= run_dir(argv[i], &count);
    } else {
      ok &= run_file(argv[i], &count);
    }
  }
  printf("replayed %zu inputs\n", count);
  if (!count) fprintf(stderr, "replay: no inputs found\n");
  return ok && count ? 0 : 1;
}
