/* spool.c — parking the units of very large inputs in a temporary file (see spool.h). */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_BUDGET 8192u
#define NSTR 6          /* name, key, raw_name, code, official_name, uid */
#define NO_STR 0xFFFFFFFFu

typedef struct chunk { uint64_t off, len; size_t n; } chunk;

struct cx_spill {
    chunk   *chunks;
    size_t   nchunks, cap;
    size_t   nparked;    /* units on disk, before the resident ones */
    int      resident;   /* acquired: units[0..nparked) are the parked ones, read back */
    cx_indmask present;  /* union of the parked units' present bits */
    cx_spool *spool;     /* where the chunks are */
};

/* One spool per job; pread/pwrite at explicit offsets, the end under a lock (a job's
 * writer threads may park and acquire at once). */
struct cx_spool {
    pthread_mutex_t lock;
    int      fd;         /* -1 until first use */
    uint64_t end;
    size_t   budget;
    char     dir[512];
};

cx_spool *cx_spool_new(const char *tmpdir, size_t budget)
{
    cx_spool *sp = calloc(1, sizeof *sp);
    if (!sp) return NULL;
    pthread_mutex_init(&sp->lock, NULL);
    sp->fd = -1;
    sp->budget = budget ? budget : DEFAULT_BUDGET;
    snprintf(sp->dir, sizeof sp->dir, "%s", tmpdir && *tmpdir ? tmpdir : "/tmp");
    return sp;
}

void cx_spool_free(cx_spool *sp)
{
    if (!sp) return;
    if (sp->fd >= 0) close(sp->fd);
    pthread_mutex_destroy(&sp->lock);
    free(sp);
}

size_t cx_spool_budget(const cx_spool *sp) { return sp ? sp->budget : SIZE_MAX; }

uint64_t cx_spool_bytes(const cx_spool *sp)
{
    if (!sp) return 0;
    pthread_mutex_lock((pthread_mutex_t *)&sp->lock);
    uint64_t n = sp->end;
    pthread_mutex_unlock((pthread_mutex_t *)&sp->lock);
    return n;
}

void cx_spill_free(struct cx_spill *sp)
{
    if (!sp) return;
    free(sp->chunks);
    free(sp);
}

size_t cx_snapshot_count(const cx_snapshot *s)
{
    if (!s) return 0;
    if (s->spill && !s->spill->resident) return s->spill->nparked + s->nunits;
    return s->nunits;
}

int cx_snapshot_resident(const cx_snapshot *s) { return !s || !s->spill || s->spill->resident; }

cx_indmask cx_snapshot_present(const cx_snapshot *s)
{
    cx_indmask m = 0;
    if (!s) return 0;
    if (s->spill) m |= s->spill->present;
    for (size_t i = 0; i < s->nunits; i++) m |= s->units[i].present;
    return m;
}

/* ---- the file ------------------------------------------------------------------- */

static cx_error spool_open(cx_spool *sp, cx_diag *d)
{
    if (sp->fd >= 0) return CX_OK;
    const char *dir = sp->dir;
    char path[600];
    snprintf(path, sizeof path, "%s/chiso-spool-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return cx_fail(d, CX_ERR_IO, "cannot create a temporary file in %s for a large input: %s "
                       "(set TMPDIR to a folder with room)", dir, strerror(errno));
    unlink(path);   /* gone from the folder now; the space is freed when the job ends */
    sp->fd = fd;
    return CX_OK;
}

static cx_error spool_write(cx_spool *sp, const uint8_t *buf, size_t len, uint64_t *off, cx_diag *d)
{
    pthread_mutex_lock(&sp->lock);
    cx_error e = spool_open(sp, d);
    uint64_t at = sp->end;
    if (e == CX_OK) sp->end += len;
    pthread_mutex_unlock(&sp->lock);
    if (e != CX_OK) return e;
    size_t done = 0;
    while (done < len) {
        ssize_t w = pwrite(sp->fd, buf + done, len - done, (off_t)(at + done));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0)
            return cx_fail(d, CX_ERR_IO, "cannot write the temporary file for a large input in %s: %s "
                           "(set TMPDIR to a folder with room)", sp->dir, w < 0 ? strerror(errno) : "no space left");
        done += (size_t)w;
    }
    *off = at;
    return CX_OK;
}

static cx_error spool_read(cx_spool *sp, uint8_t *buf, size_t len, uint64_t off, cx_diag *d)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(sp->fd, buf + done, len - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0)
            return cx_fail(d, CX_ERR_IO, "cannot read back the temporary file for a large input: %s",
                           r < 0 ? strerror(errno) : "it is shorter than written");
        done += (size_t)r;
    }
    return CX_OK;
}

/* ---- encoding: a flat record per unit ---------------------------------------------- */

typedef struct { uint8_t *p; size_t n, cap; } buf;

/* CX_OK or CX_ERR_NOMEM. */
static cx_error put(buf *b, const void *src, size_t len)
{
    if (b->n + len > b->cap) {
        size_t nc = b->cap ? b->cap : 65536;
        while (nc < b->n + len) nc *= 2;
        uint8_t *np = realloc(b->p, nc);
        if (!np) return CX_ERR_NOMEM;
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, src, len);
    b->n += len;
    return CX_OK;
}

typedef struct {
    int32_t    kind;
    cx_indmask present;
    cx_indmask refmask;     /* refs that are not the empty {-1,-1,0,0} */
    uint32_t   nnew;
    int64_t    stt;
    cx_cellref name_ref;
    uint32_t   len[NSTR];
} rec_head;

static int is_empty_ref(const cx_cellref *r) { return r->source == -1 && r->sheet == -1 && r->row == 0 && r->col == 0; }

static cx_error put_str(buf *b, const char *s) { return s ? put(b, s, strlen(s)) : CX_OK; }

/* One unit's record appended to b: CX_OK or CX_ERR_NOMEM. */
static cx_error encode(buf *b, const cx_unit *u)
{
    rec_head h;
    cx_error e;
    memset(&h, 0, sizeof h);
    h.kind = (int32_t)u->kind;
    h.present = u->present;
    h.stt = u->stt;
    h.name_ref = u->name_ref;
    h.nnew = (uint32_t)u->nnewunits;
    const char *str[NSTR] = {u->name, u->key, u->raw_name, u->code, u->official_name, u->uid};
    for (int i = 0; i < NSTR; i++) h.len[i] = str[i] ? (uint32_t)strlen(str[i]) : NO_STR;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if (!is_empty_ref(&u->ref[i])) h.refmask |= CX_BIT(i);
    if ((e = put(b, &h, sizeof h)) != CX_OK) return e;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if ((h.present >> i) & 1u && (e = put(b, &u->v[i], sizeof u->v[i])) != CX_OK) return e;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if ((h.refmask >> i) & 1u && (e = put(b, &u->ref[i], sizeof u->ref[i])) != CX_OK) return e;
    for (int i = 0; i < NSTR; i++)
        if ((e = put_str(b, str[i])) != CX_OK) return e;
    for (size_t k = 0; k < u->nnewunits; k++) {
        const cx_newunit *nw = &u->newunits[k];
        uint32_t l[3] = {nw->code ? (uint32_t)strlen(nw->code) : NO_STR, nw->name ? (uint32_t)strlen(nw->name) : NO_STR,
                         (uint32_t)nw->full};
        if ((e = put(b, l, sizeof l)) != CX_OK || (e = put_str(b, nw->code)) != CX_OK || (e = put_str(b, nw->name)) != CX_OK)
            return e;
    }
    return CX_OK;
}

/* Reading back our own records; still bounds-checked: a damaged file must not crash.
 * Each reader says which failure it was: CX_ERR_IO for a record that runs past its chunk
 * (the file is damaged), CX_ERR_NOMEM for an allocation. */
typedef struct { const uint8_t *p; size_t n, at; } rd;

static cx_error get(rd *r, void *dst, size_t len)
{
    if (len > r->n - r->at) return CX_ERR_IO;
    memcpy(dst, r->p + r->at, len);
    r->at += len;
    return CX_OK;
}

static cx_error get_str(rd *r, uint32_t len, char **out)
{
    *out = NULL;
    if (len == NO_STR) return CX_OK;
    if (len > r->n - r->at) return CX_ERR_IO;
    if (!(*out = malloc((size_t)len + 1))) return CX_ERR_NOMEM;
    memcpy(*out, r->p + r->at, len);
    (*out)[len] = 0;
    r->at += len;
    return CX_OK;
}

static cx_error decode(rd *r, cx_unit *u)
{
    rec_head h;
    cx_error e;
    memset(u, 0, sizeof *u);
    u->stt = -1;
    for (int i = 0; i < CX_IND_COUNT; i++) u->ref[i] = (cx_cellref){-1, -1, 0, 0};
    if ((e = get(r, &h, sizeof h)) != CX_OK) return e;
    u->kind = (cx_kind)h.kind;
    u->present = h.present;
    u->stt = (long)h.stt;
    u->name_ref = h.name_ref;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if ((h.present >> i) & 1u && (e = get(r, &u->v[i], sizeof u->v[i])) != CX_OK) return e;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if ((h.refmask >> i) & 1u && (e = get(r, &u->ref[i], sizeof u->ref[i])) != CX_OK) return e;
    char **str[NSTR] = {&u->name, &u->key, &u->raw_name, &u->code, &u->official_name, &u->uid};
    for (int i = 0; i < NSTR; i++)
        if ((e = get_str(r, h.len[i], str[i])) != CX_OK) return e;
    if (h.nnew) {
        if (h.nnew > (r->n - r->at) / (3 * sizeof(uint32_t))) return CX_ERR_IO;
        if (!(u->newunits = calloc(h.nnew, sizeof *u->newunits))) return CX_ERR_NOMEM;
        u->nnewunits = h.nnew;
        for (uint32_t k = 0; k < h.nnew; k++) {
            uint32_t l[3];
            cx_newunit *nw = &u->newunits[k];
            if ((e = get(r, l, sizeof l)) != CX_OK || (e = get_str(r, l[0], &nw->code)) != CX_OK ||
                (e = get_str(r, l[1], &nw->name)) != CX_OK)
                return e;
            nw->full = (int)l[2];
        }
    }
    return CX_OK;
}

/* ---- parking and coming back ---------------------------------------------------------- */

static void free_units(cx_snapshot *s, size_t from)
{
    for (size_t i = from; i < s->nunits; i++) cx_unit_clear(&s->units[i]);
    s->nunits = from;
    if (from == 0) {
        free(s->units);
        s->units = NULL;
        s->capunits = 0;
    }
}

/* Write units[from..nunits) as one more chunk. */
static cx_error add_chunk(cx_snapshot *s, size_t from, cx_diag *d)
{
    struct cx_spill *sp = s->spill;
    if (from >= s->nunits) return CX_OK;
    if (sp->nchunks == sp->cap) {
        size_t nc = sp->cap ? sp->cap * 2 : 4;
        chunk *ncks = realloc(sp->chunks, nc * sizeof *ncks);
        if (!ncks) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
        sp->chunks = ncks;
        sp->cap = nc;
    }
    buf b = {0};
    for (size_t i = from; i < s->nunits; i++) {
        cx_error ee = encode(&b, &s->units[i]);   /* CX_ERR_NOMEM is its only failure */
        if (ee != CX_OK) { free(b.p); return cx_fail(d, ee, "out of memory"); }
        sp->present |= s->units[i].present;
    }
    uint64_t off = 0;
    cx_error e = spool_write(sp->spool, b.p, b.n, &off, d);
    free(b.p);
    if (e != CX_OK) return e;
    sp->chunks[sp->nchunks++] = (chunk){off, (uint64_t)b.n, s->nunits - from};
    sp->nparked += s->nunits - from;
    return CX_OK;
}

cx_error cx_snapshot_park(cx_snapshot *s, cx_spool *spool, cx_diag *d)
{
    if (!s || !spool) return CX_OK;
    if (!s->spill && !(s->spill = calloc(1, sizeof *s->spill))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    s->spill->spool = spool;
    return cx_snapshot_release(s, 0, d);
}

cx_error cx_snapshot_release(cx_snapshot *s, int modified, cx_diag *d)
{
    if (!s || !s->spill) return CX_OK;   /* never parked: stays resident */
    struct cx_spill *sp = s->spill;
    cx_error e;
    if (sp->resident) {
        sp->resident = 0;
        if (modified) {
            /* The old chunks are garbage now; everything goes out as one new chunk. */
            sp->nchunks = 0;
            sp->nparked = 0;
            sp->present = 0;
            e = add_chunk(s, 0, d);
        } else {
            e = add_chunk(s, sp->nparked, d);   /* units added since acquire, if any */
        }
    } else {
        e = add_chunk(s, 0, d);   /* the resident tail follows the parked units */
    }
    if (e != CX_OK) return e;
    free_units(s, 0);
    return CX_OK;
}

cx_error cx_snapshot_acquire(cx_snapshot *s, cx_diag *d)
{
    if (!s || !s->spill || s->spill->resident) return CX_OK;
    struct cx_spill *sp = s->spill;
    size_t total = sp->nparked + s->nunits;
    cx_unit *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    size_t k = 0;
    uint8_t *tmp = NULL;
    cx_error e = CX_OK;
    for (size_t c = 0; c < sp->nchunks && e == CX_OK; c++) {
        const chunk *ch = &sp->chunks[c];
        uint8_t *nt = realloc(tmp, ch->len ? (size_t)ch->len : 1);
        if (!nt) { e = cx_fail(d, CX_ERR_NOMEM, "out of memory"); break; }
        tmp = nt;
        if ((e = spool_read(sp->spool, tmp, (size_t)ch->len, ch->off, d)) != CX_OK) break;
        rd r = {tmp, (size_t)ch->len, 0};
        for (size_t i = 0; i < ch->n; i++) {
            cx_error de = k >= sp->nparked ? CX_ERR_IO : decode(&r, &all[k]);
            if (de != CX_OK) {
                if (k < sp->nparked) cx_unit_clear(&all[k]);
                e = de == CX_ERR_NOMEM ? cx_fail(d, de, "out of memory")
                                       : cx_fail(d, de, "the temporary file for a large input is damaged");
                break;
            }
            k++;
        }
    }
    free(tmp);
    if (e != CX_OK) {
        for (size_t i = 0; i < k; i++) cx_unit_clear(&all[i]);
        free(all);
        return e;
    }
    /* The resident tail (units routed after the last park) follows. */
    if (s->nunits) memcpy(all + k, s->units, s->nunits * sizeof *all);
    free(s->units);
    s->units = all;
    s->nunits = total;
    s->capunits = total ? total : 1;
    /* Those tail units are not on disk yet: the next release writes them. */
    sp->resident = 1;
    return CX_OK;
}
