/* fuzz_whole.c — libFuzzer harness over the whole path (issue 15): bytes -> sniff -> any
 * reader -> normalizer -> model -> the Phụ lục as xlsx, in memory, through the public API
 * (chiso.h). Beside the per-reader harnesses, it finds what only the combination does: a
 * reader's odd rows in the normalizer, a normalizer's odd units in the writer. scripts/fuzz.sh
 * runs it with a lower -rss_limit_mb (FUZZ_RSS_WHOLE, 1536 MB) so that a memory blowup from a
 * small input is a finding, not just slowness; `make test` replays its corpus
 * (tests/fuzz/corpus/fuzz_whole, tests/fuzz/regress/fuzz_whole). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chiso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chiso_options o;
    chiso_options_init(&o);
    o.verbosity = 0;
    o.threads = 1;
    o.source_date_epoch = 1700000000;   /* deterministic bytes */
    chiso_job *job = NULL;
    if (chiso_job_new(&o, &job) != CX_OK) return 0;
    if (chiso_job_read_memory(job, "fuzz-input", data, size) == CX_OK) {
        void *out = NULL;
        size_t len = 0;
        if (chiso_job_write_memory(job, CHISO_XLSX, &out, &len) == CX_OK && len < 4) abort();   /* a zip is never that short */
        chiso_free(out);
        out = NULL;
        if (chiso_job_write_memory(job, CHISO_JSON, &out, &len) == CX_OK && len == 0) abort();
        chiso_free(out);
    }
    chiso_job_free(job);
    return 0;
}
