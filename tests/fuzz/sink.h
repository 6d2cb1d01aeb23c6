/*
 * sink.h — shared by the fuzz harnesses: a no-op cx_sink that still touches
 * every cell (so a reader handing out a bad pointer or a wrong length is
 * caught by ASan), and a helper that copies the input into an exact-size
 * heap buffer (so a read one byte past the end is caught too).
 */
#ifndef CHISO_FUZZ_SINK_H
#define CHISO_FUZZ_SINK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "table.h"

static volatile unsigned fuzz_sink_acc;

static int fuzz_sheet_begin(void *ud, const char *name, uint32_t index)
{
    (void)ud; (void)index;
    if (name) fuzz_sink_acc += (unsigned)strlen(name);
    return 0;
}

static int fuzz_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t ncells)
{
    (void)ud; (void)row;
    for (uint32_t i = 0; i < ncells; i++) {
        const cx_cell *c = &cells[i];
        if (c->text) {
            /* text[len] must be the terminating NUL (table.h); ASan checks the
             * bytes before it are inside the allocation. */
            if (c->text[c->len] != 0) abort();
            if (c->len) fuzz_sink_acc += (unsigned char)c->text[0] + (unsigned char)c->text[c->len - 1];
        }
        fuzz_sink_acc += (unsigned)c->type;
    }
    return 0;
}

static int fuzz_merge(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    (void)ud;
    fuzz_sink_acc += r1 + c1 + r2 + c2;
    return 0;
}

static int fuzz_sheet_end(void *ud) { (void)ud; return 0; }

static const cx_sink fuzz_sink = {NULL, fuzz_sheet_begin, fuzz_row, fuzz_merge, fuzz_sheet_end};

/* An exact-size copy (never NULL for size 0: malloc(1)). Caller frees. */
static uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
    uint8_t *b = malloc(size ? size : 1);
    if (b && size) memcpy(b, data, size);
    return b;
}

/* A NUL-terminated copy for text functions. Caller frees. */
static char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) { if (size) memcpy(s, data, size); s[size] = 0; }
    return s;
}

#endif
