/* example.c — the README's example of a front end over chiso.h (and a test of it):
 * a report held in memory to a Phụ lục (xlsx) in memory.
 *
 *     example INPUT OUTPUT.xlsx
 *
 * reads INPUT into memory, converts it with the name INPUT (messages and the period read
 * from the file name use it), and writes the bytes it got back to OUTPUT.xlsx. */
#include <stdio.h>
#include <stdlib.h>
#include "chiso.h"

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: example INPUT OUTPUT.xlsx\n"); return 1; }
    /* the input, in memory (it could come from a network request as well) */
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    static unsigned char in[1 << 20];
    size_t inlen = fread(in, 1, sizeof in, f);
    fclose(f);

    chiso_options o;
    chiso_options_init(&o);
    o.title = NULL;                 /* every option of `chiso convert` has a field */
    chiso_job *job;
    if (chiso_job_new(&o, &job) != CX_OK) return 2;

    void *out = NULL;
    size_t outlen = 0;
    cx_error e = chiso_job_read_memory(job, argv[1], in, inlen);
    if (e == CX_OK) e = chiso_job_write_memory(job, CHISO_XLSX, &out, &outlen);
    if (e != CX_OK) {
        const char *msg;
        chiso_job_error(job, &msg);   /* the one final line, with file, sheet and cell */
        fprintf(stderr, "example: %s\n", msg);
        chiso_job_free(job);
        return cx_exit_code(e);
    }
    const chiso_warning *w;         /* warnings as records: code, place, msgid, args */
    size_t nw;
    chiso_job_warnings(job, &w, &nw);
    for (size_t i = 0; i < nw; i++) fprintf(stderr, "warning %s: %s\n", w[i].code, w[i].message);

    FILE *g = fopen(argv[2], "wb");
    if (!g || fwrite(out, 1, outlen, g) != outlen || fclose(g) != 0) { perror(argv[2]); return 2; }
    chiso_free(out);
    chiso_job_free(job);
    return 0;
}
