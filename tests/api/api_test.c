/* api_test.c — a front end that is not the command line, over chiso.h alone (the Makefile
 * compiles tests/api with -Iconvert/api only). Run from the repository's root.
 *
 *   api_test memory        inputs from memory and outputs to memory, FILE* and a path agree
 *   api_test cold          two jobs in two threads first thing in the process (one-time setup)
 *   api_test threads       two jobs in two threads at once give what each gives alone
 *   api_test records       warnings as records: msgid + args make the message
 *   api_test parked        accessors bring a parked snapshot back (units, total row)
 *   api_test cancel        a progress callback that returns non-zero stops the job
 *   api_test errors        errors and their one message
 *
 * Deterministic: nothing depends on timing or on which thread runs first. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chiso.h"

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 65536))) exit(2);
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* ---- one job, described so that it can run anywhere ---- */

typedef struct spec {
    const char  *input;
    size_t       spool_units;   /* 1: every period parked as soon as another gets a row */
    int          threads;       /* the xlsx writer's own threads */
    chiso_format fmt;
    const char  *scope;         /* --scope: matching against the national list */
    int          to_2025;
    /* results */
    cx_error     err;
    void        *out;
    size_t       outlen;
    size_t       nwarn;
    char        *warnings;      /* every warning's line, joined */
} spec;

static void run_spec(spec *s)
{
    chiso_options o;
    chiso_options_init(&o);
    o.spool_units = s->spool_units;
    o.threads = s->threads;
    o.scope = s->scope;
    o.to_2025 = s->to_2025;
    chiso_job *job;
    s->err = chiso_job_new(&o, &job);
    if (s->err != CX_OK) return;
    size_t len;
    unsigned char *in = slurp(s->input, &len);
    s->err = chiso_job_read_memory(job, s->input, in, len);
    free(in);
    if (s->err == CX_OK) s->err = chiso_job_write_memory(job, s->fmt, &s->out, &s->outlen);
    const chiso_warning *w;
    chiso_job_warnings(job, &w, &s->nwarn);
    size_t total = 1;
    for (size_t i = 0; i < s->nwarn; i++) total += strlen(w[i].message) + strlen(w[i].code) + 2;
    s->warnings = calloc(total, 1);
    for (size_t i = 0; i < s->nwarn; i++) {
        strcat(s->warnings, w[i].code);
        strcat(s->warnings, " ");
        strcat(s->warnings, w[i].message);
        strcat(s->warnings, "\n");
    }
    chiso_job_free(job);
}

static void spec_clear(spec *s)
{
    chiso_free(s->out);
    free(s->warnings);
    s->out = NULL;
    s->warnings = NULL;
}

static int same(const spec *a, const spec *b)
{
    return a->err == b->err && a->outlen == b->outlen && (a->outlen == 0 || memcmp(a->out, b->out, a->outlen) == 0) &&
           a->nwarn == b->nwarn && strcmp(a->warnings, b->warnings) == 0;
}

static void *thread_main(void *arg)
{
    run_spec(arg);
    return NULL;
}

/* ---- the tests ---- */

#define SAMPLE "samples/phu-tan-2024-t5-w1.csv"
#define LONG "tests/data/shapes/long/long-2-huyen-12-tuan.csv"
#define RAGGED "tests/bad/ragged-rows.csv"

static int check_summary(void *ud, const chiso_summary *sm)
{
    const char *text = ud;
    size_t sum = 0;
    for (int k = 0; k < 6; k++) sum += sm->counts[k];
    CHECK(sum == sm->nunits && sm->nunits > 10);
    CHECK(sm->nlists > 0);
    for (size_t l = 0; l < sm->nlists; l++) {
        CHECK(sm->lists[l].indicator && sm->lists[l].title && sm->lists[l].n > 0);
        for (size_t k = 0; k < sm->lists[l].n; k++) CHECK(strstr(text, sm->lists[l].names[k]) != NULL);
    }
    return 0;
}

static int test_memory(void)
{
    /* JSON and CSV: memory, a FILE* and a path give the same bytes. */
    chiso_format fmts[2] = {CHISO_JSON, CHISO_CSV};
    for (int k = 0; k < 2; k++) {
        spec m = {.input = SAMPLE, .fmt = fmts[k]};
        run_spec(&m);
        CHECK(m.err == CX_OK && m.outlen > 100);
        chiso_job *job;
        CHECK(chiso_job_new(NULL, &job) == CX_OK);
        CHECK(chiso_job_read_file(job, SAMPLE) == CX_OK);
        char *sbuf = NULL;
        size_t slen = 0;
        FILE *f = open_memstream(&sbuf, &slen);
        CHECK(chiso_job_write_stream(job, fmts[k], f) == CX_OK);
        fclose(f);
        CHECK(slen == m.outlen && memcmp(sbuf, m.out, slen) == 0);
        free(sbuf);
        char path[] = "/tmp/chiso-api-test-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        CHECK(chiso_job_write_file(job, fmts[k], path) == CX_OK);
        size_t flen;
        unsigned char *fbuf = slurp(path, &flen);
        CHECK(flen == m.outlen && memcmp(fbuf, m.out, flen) == 0);
        free(fbuf);
        remove(path);
        chiso_job_free(job);
        spec_clear(&m);
    }
    /* The summary as text in memory. */
    chiso_job *job;
    CHECK(chiso_job_new(NULL, &job) == CX_OK);
    CHECK(chiso_job_read_file(job, SAMPLE) == CX_OK);
    char *text = NULL;
    size_t tlen = 0;
    CHECK(chiso_job_summary_memory(job, 0, CHISO_SUMMARY_TEXT, &text, &tlen) == CX_OK);
    CHECK(text && tlen > 0 && strstr(text, "Tổng số điểm đạt") != NULL);
    /* ... and as data: the counts add up, every failing unit is named in the text. */
    CHECK(chiso_job_summary_data(job, 0, check_summary, text) == CX_OK);
    chiso_free(text);
    chiso_snapshot_info si;
    CHECK(chiso_job_snapshot(job, 0, &si) == CX_OK);
    CHECK(si.nunits > 10 && si.format && strcmp(si.format, "csv") == 0);
    chiso_job_free(job);
    return 0;
}

static int test_threads(void)
{
    /* Each job alone, then two at a time in two threads (three rounds): the same bytes,
     * the same warnings. The long table parks in its own job's spool (spool_units 1) and
     * its Phụ lục is written by two writer threads inside the job. */
    spec proto[4] = {
        {.input = SAMPLE, .fmt = CHISO_XLSX},
        {.input = LONG, .spool_units = 1, .threads = 2, .fmt = CHISO_XLSX},
        {.input = RAGGED, .fmt = CHISO_JSON, .scope = "Phú Tân, An Giang", .to_2025 = 1},
        {.input = LONG, .spool_units = 1, .fmt = CHISO_JSON},
    };
    spec alone[4];
    for (int i = 0; i < 4; i++) {
        alone[i] = proto[i];
        run_spec(&alone[i]);
        CHECK(alone[i].err == CX_OK && alone[i].outlen > 0);
    }
    for (int round = 0; round < 3; round++)
        for (int a = 0; a < 4; a += 2) {
            spec two[2] = {proto[(a + round) % 4], proto[(a + round + 1) % 4]};
            pthread_t t[2];
            for (int k = 0; k < 2; k++) CHECK(pthread_create(&t[k], NULL, thread_main, &two[k]) == 0);
            for (int k = 0; k < 2; k++) pthread_join(t[k], NULL);
            for (int k = 0; k < 2; k++) {
                CHECK(same(&two[k], &alone[(a + round + k) % 4]));
                spec_clear(&two[k]);
            }
        }
    for (int i = 0; i < 4; i++) spec_clear(&alone[i]);
    return 0;
}

/* First use in two threads at once (a fresh process): what is made once per process (the
 * national list's keys, tables, the C locale) is made under pthread_once. Then alone. */
static int test_cold(void)
{
    spec two[2] = {{.input = SAMPLE, .fmt = CHISO_JSON, .scope = "Phú Tân, An Giang", .to_2025 = 1},
                   {.input = "samples/khoai-chau-2024-t2.xlsx", .fmt = CHISO_JSON, .scope = "Khoái Châu, Hưng Yên"}};
    pthread_t t[2];
    for (int k = 0; k < 2; k++) CHECK(pthread_create(&t[k], NULL, thread_main, &two[k]) == 0);
    for (int k = 0; k < 2; k++) pthread_join(t[k], NULL);
    for (int k = 0; k < 2; k++) {
        spec alone = {.input = two[k].input, .fmt = two[k].fmt, .scope = two[k].scope, .to_2025 = two[k].to_2025};
        run_spec(&alone);
        CHECK(alone.err == CX_OK && same(&alone, &two[k]));
        spec_clear(&alone);
        spec_clear(&two[k]);
    }
    return 0;
}

/* msgid with each conversion replaced by its argument ("%%" by "%"). */
static char *rebuild(const chiso_warning *w)
{
    size_t cap = strlen(w->msgid) + 1;
    for (size_t i = 0; i < w->nargs; i++) cap += strlen(w->args[i]);
    char *out = calloc(cap, 1), *o = out;
    size_t k = 0;
    for (const char *p = w->msgid; *p;) {
        if (*p != '%') { *o++ = *p++; continue; }
        p++;
        if (*p == '%') { *o++ = '%'; p++; continue; }
        while (*p && !strchr("diouxXcspfFeEgGaA", *p)) p++;   /* flags, width, length */
        if (*p) p++;
        if (k < w->nargs) { strcpy(o, w->args[k]); o += strlen(w->args[k]); }
        k++;
    }
    *o = 0;
    return out;
}

static int test_records(void)
{
    const char *inputs[] = {RAGGED, "tests/bad/skipped-rows.csv", "tests/bad/unit-twice-different.csv"};
    size_t seen = 0;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        chiso_job *job;
        CHECK(chiso_job_new(NULL, &job) == CX_OK);
        chiso_job_read_file(job, inputs[i]);
        const chiso_warning *w;
        size_t n;
        CHECK(chiso_job_warnings(job, &w, &n) == CX_OK);
        for (size_t k = 0; k < n; k++, seen++) {
            CHECK(w[k].code && w[k].msgid && w[k].message);
            CHECK(w[k].file && strcmp(w[k].file, inputs[i]) == 0);
            char *r = rebuild(&w[k]);
            if (strcmp(r, w[k].message) != 0)
                fprintf(stderr, "msgid '%s' + args gives '%s', not '%s'\n", w[k].msgid, r, w[k].message);
            CHECK(strcmp(r, w[k].message) == 0);
            free(r);
            char *line = NULL;
            CHECK(chiso_warning_line(&w[k], &line) == CX_OK && strstr(line, w[k].code));
            chiso_free(line);
        }
        chiso_job_free(job);
    }
    CHECK(seen >= 5);
    /* The ragged file's: column N has values but no heading, at cell N4. */
    chiso_job *job;
    CHECK(chiso_job_new(NULL, &job) == CX_OK);
    chiso_job_read_file(job, RAGGED);
    const chiso_warning *w;
    size_t n;
    chiso_job_warnings(job, &w, &n);
    CHECK(n == 5 && strcmp(w[0].code, "unknown_column") == 0 && w[0].row == 4 && w[0].column == 13);
    CHECK(n && w[0].nargs >= 1);
    chiso_job_free(job);
    return 0;
}

typedef struct { size_t n, total; } count;

static int count_unit(void *ud, const chiso_unit *u)
{
    count *c = ud;
    c->n++;
    if (u->kind && strcmp(u->kind, "tong") == 0) c->total++;
    return 0;
}

static int note_total(void *ud, const chiso_unit *u)
{
    double *v = ud;
    *v = u->has[0] ? u->value[0] : -1;
    return 0;
}

static int test_parked(void)
{
    /* The same long table, parked (spool_units 1) and in memory: the accessors see the
     * same units and total rows. */
    chiso_job *jp, *jm;
    chiso_options o;
    chiso_options_init(&o);
    o.spool_units = 1;
    CHECK(chiso_job_new(&o, &jp) == CX_OK);
    CHECK(chiso_job_new(NULL, &jm) == CX_OK);
    CHECK(chiso_job_read_file(jp, LONG) == CX_OK);
    CHECK(chiso_job_read_file(jm, LONG) == CX_OK);
    size_t np = 0, nm = 0;
    chiso_job_snapshot_count(jp, &np);
    chiso_job_snapshot_count(jm, &nm);
    CHECK(np == nm && np > 1);
    size_t totals = 0;
    for (size_t i = 0; i < np && i < nm; i++) {
        chiso_snapshot_info a, b;
        CHECK(chiso_job_snapshot(jp, i, &a) == CX_OK && chiso_job_snapshot(jm, i, &b) == CX_OK);
        CHECK(a.nunits == b.nunits && a.nunits > 0);
        count ca = {0, 0}, cb = {0, 0};
        CHECK(chiso_job_units(jp, i, count_unit, &ca) == CX_OK);
        CHECK(chiso_job_units(jm, i, count_unit, &cb) == CX_OK);
        CHECK(ca.n == a.nunits && cb.n == b.nunits && ca.total == cb.total);
        int fa = 0, fb = 0;
        double va = -2, vb = -3;
        CHECK(chiso_job_total(jp, i, note_total, &va, &fa) == CX_OK);
        CHECK(chiso_job_total(jm, i, note_total, &vb, &fb) == CX_OK);
        CHECK(fa == fb && fa == (ca.total > 0));
        if (fa) CHECK(va == vb);
        totals += (size_t)fa;
    }
    chiso_job_free(jp);
    chiso_job_free(jm);
    return 0;
}

static int stop_at_once(void *ud, const chiso_progress *p)
{
    int *calls = ud;
    ++*calls;
    return p->stage == CHISO_STAGE_READ;
}

static int stop_writing(void *ud, const chiso_progress *p)
{
    (void)ud;
    return p->stage == CHISO_STAGE_WRITE;
}

static int test_cancel(void)
{
    int calls = 0;
    chiso_options o;
    chiso_options_init(&o);
    o.on_progress = stop_at_once;
    o.user_data = &calls;
    chiso_job *job;
    CHECK(chiso_job_new(&o, &job) == CX_OK);
    CHECK(chiso_job_read_file(job, SAMPLE) == CX_ERR_ABORTED);
    const char *msg = NULL;
    CHECK(chiso_job_error(job, &msg) == CX_ERR_ABORTED && msg && strstr(msg, "stopped"));
    CHECK(calls == 1);
    chiso_job_free(job);
    o.on_progress = stop_writing;
    CHECK(chiso_job_new(&o, &job) == CX_OK);
    CHECK(chiso_job_read_file(job, SAMPLE) == CX_OK);
    void *out = NULL;
    size_t len = 0;
    CHECK(chiso_job_write_memory(job, CHISO_JSON, &out, &len) == CX_ERR_ABORTED && out == NULL);
    chiso_job_free(job);
    return 0;
}

static int test_errors(void)
{
    chiso_job *job;
    CHECK(chiso_job_new(NULL, &job) == CX_OK);
    const char *msg = NULL;
    CHECK(chiso_job_error(job, &msg) == CX_OK && msg && !*msg);
    CHECK(chiso_job_read_file(job, "tests/api/no-such-file.csv") == CX_ERR_IO);
    CHECK(chiso_job_error(job, &msg) == CX_ERR_IO && strstr(msg, "tests/api/no-such-file.csv"));
    CHECK(chiso_job_clear_error(job) == CX_OK && chiso_job_error(job, &msg) == CX_OK);
    CHECK(chiso_job_read_memory(job, "empty.csv", "", 0) != CX_OK);
    CHECK(chiso_job_set_rules_text(job, "r.txt", "no_such_indicator < 5\n", 22) != CX_OK);
    chiso_job_free(job);
    size_t i = 99, n = 0;
    const char *id = NULL;
    CHECK(chiso_indicator_find("diem_tong_hop", &i) == CX_OK && i == 0);
    CHECK(chiso_indicator_find("nope", &i) == CX_ERR_USAGE);
    CHECK(chiso_indicator_count(&n) == CX_OK && n >= 20);
    CHECK(chiso_indicator_id(0, &id) == CX_OK && strcmp(id, "diem_tong_hop") == 0);
    CHECK(strcmp(cx_strerror(CX_ERR_ABORTED), "stopped") == 0);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; int (*fn)(void); } tests[] = {
        {"cold", test_cold}, {"memory", test_memory}, {"threads", test_threads}, {"records", test_records},
        {"parked", test_parked}, {"cancel", test_cancel}, {"errors", test_errors},
    };
    int ran = 0;
    for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++)
        if (argc < 2 || strcmp(argv[1], tests[t].name) == 0) {
            int before = failures;
            tests[t].fn();
            printf("%s %s\n", failures == before ? "ok" : "FAIL", tests[t].name);
            ran++;
        }
    if (!ran) { fprintf(stderr, "api_test: no test '%s'\n", argv[1]); return 2; }
    return failures ? 1 : 0;
}
