/*
 * replay.c — runs a fuzz harness without libFuzzer: every file named on the
 * command line (or every file in a named directory) is passed once to
 * LLVMFuzzerTestOneInput. Built with the normal compiler and flags (and with
 * the sanitizers under `make test-asan`), it is how `make test` replays the
 * regression corpus tests/fuzz/regress/<harness>/ and the seed corpus.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "replay: %s: cannot open\n", path); return 1; }
    size_t cap = 1 << 16, n = 0, r;
    uint8_t *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            buf = nb;
        }
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) { free(buf); fprintf(stderr, "replay: %s: cannot read\n", path); return 1; }
    /* libFuzzer passes a buffer of exactly the input's size: do the same. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) { free(buf); return 1; }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    int bad = 0, count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) { fprintf(stderr, "replay: %s: missing\n", argv[i]); bad = 1; continue; }
        if (!S_ISDIR(st.st_mode)) { bad |= run_file(argv[i]); count++; continue; }
        DIR *dir = opendir(argv[i]);
        if (!dir) { bad = 1; continue; }
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.') continue;
            size_t need = strlen(argv[i]) + strlen(e->d_name) + 2;
            char *p = malloc(need);
            if (!p) { bad = 1; break; }
            snprintf(p, need, "%s/%s", argv[i], e->d_name);
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) { bad |= run_file(p); count++; }
            free(p);
        }
        closedir(dir);
    }
    printf("replayed %d inputs\n", count);
    return bad;
}
