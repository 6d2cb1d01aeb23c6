/*
 * chiso.h — the chiso library: reports of Vietnam's 766 service index (Bộ chỉ số phục vụ
 * người dân, doanh nghiệp) in any of their formats to the print-ready Phụ lục (xlsx), the
 * canonical JSON or CSV, a summary in Vietnamese, or a history across periods.
 *
 * This is the only header a front end includes (the command line, `chiso serve`, tests).
 * The library never prints, exits, reads the environment or changes process-wide state:
 * what it has to say comes back as data (warnings as records, the final error message)
 * or through the callbacks in chiso_options.
 *
 * A conversion is a job:
 *
 *     chiso_options o;
 *     chiso_options_init(&o);                  // then set what you need
 *     chiso_job *job;
 *     if (chiso_job_new(&o, &job) != CX_OK) ...   // only CX_ERR_NOMEM
 *     cx_error e = chiso_job_read_memory(job, "phu-tan.csv", bytes, len);
 *     if (e == CX_OK) e = chiso_job_write_memory(job, CHISO_XLSX, &out, &outlen);
 *     if (e != CX_OK) { const char *msg; chiso_job_error(job, &msg); ... }
 *     chiso_free(out);
 *     chiso_job_free(job);
 *
 * Errors: every function that can fail returns a cx_error; the job keeps the message of
 * its last failure, already in words with file, sheet and cell (chiso_job_error: the one
 * place the final error line is chosen). cx_strerror gives the words of a code alone.
 *
 * Ownership (as in libxlsxwriter: x_new / x_free pairs):
 *   - chiso_job_new / chiso_job_free. Everything the job returns (snapshot info, units,
 *     warnings, messages) belongs to the job and stays valid until the next call on the
 *     same job, unless said otherwise; copy what you keep.
 *   - Buffers the library allocates for you (chiso_job_write_memory,
 *     chiso_job_summary_memory) are yours: free them with chiso_free.
 *   - Strings and arrays in chiso_options are borrowed: they must outlive the job.
 *     Input bytes given to chiso_job_read_memory are borrowed only during the call.
 *
 * Threads: jobs are independent; several threads may each run their own job at once (each
 * job has its own temporary spool and diagnostics; the shared national list is made once,
 * thread-safely). One job must not be used from two threads at the same time.
 */
#ifndef CHISO_H
#define CHISO_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* BEGIN cx_error — kept identical to convert/core/diag.h (tests/api/check-header.sh) */
#ifndef CX_ERROR_DEFINED
#define CX_ERROR_DEFINED
typedef enum {
    CX_OK = 0,
    CX_ERR_NOMEM,       /* out of memory */
    CX_ERR_USAGE,       /* bad command line (exit 1) */
    CX_ERR_IO,          /* cannot open/read/write a file */
    CX_ERR_FORMAT,      /* damaged or unrecognized input */
    CX_ERR_ENCRYPTED,   /* password-protected workbook */
    CX_ERR_LIMIT,       /* input exceeds a safety limit (cells, sizes, zip bomb) */
    CX_ERR_NO_TABLE,    /* no recognizable indicator table */
    CX_ERR_ENCODING,    /* text in an encoding that cannot be decoded */
    CX_ERR_WRITE,       /* writing the output failed */
    CX_ERR_ABORTED,     /* a callback asked to stop */
    CX_ERR_COUNT
} cx_error;
#endif
/* END cx_error */

/* Static words for an error code (never NULL). */
const char *cx_strerror(cx_error err);
/* The exit status a command-line front end gives for an error: 0 ok, 1 usage, 2 else. */
int cx_exit_code(cx_error err);

/* The gettext text domain of the library's messages (the front end chooses the language:
 * setlocale, bindtextdomain(CHISO_TEXTDOMAIN, dir)). */
#define CHISO_TEXTDOMAIN "chiso"

typedef struct chiso_job chiso_job;

typedef enum { CHISO_XLSX, CHISO_JSON, CHISO_CSV } chiso_format;
typedef enum { CHISO_SUMMARY_TEXT, CHISO_SUMMARY_MARKDOWN, CHISO_SUMMARY_JSON } chiso_summary_format;

/* A warning: something doubtful in an input that did not stop the job. All strings are
 * the job's. msgid is the untranslated English printf format the message was made from,
 * args its arguments each rendered as text, so a front end can word it in its own
 * language; message is the English (or, once translated, the current locale's) sentence. */
typedef struct chiso_warning {
    const char        *code;     /* stable id: "unknown_column", "xep_loai_mismatch", ... */
    const char        *file;     /* input name, or NULL */
    const char        *sheet;    /* sheet name, or NULL */
    long               row;      /* 1-based as a spreadsheet shows it, 0 = none */
    int                column;   /* 0-based, -1 = none */
    const char        *msgid;
    const char *const *args;
    size_t             nargs;
    const char        *message;
} chiso_warning;

/* Progress: the stage and where it is. Returning non-zero from the callback stops the
 * job: the call under way returns CX_ERR_ABORTED. Called from the job's thread. */
typedef enum { CHISO_STAGE_READ, CHISO_STAGE_WRITE } chiso_stage;
typedef struct chiso_progress {
    chiso_stage stage;
    const char *file;      /* the input being read, or the output (NULL for memory) */
    size_t      rows;      /* READ: rows of the input read so far */
    size_t      done;      /* WRITE: snapshots written so far ... */
    size_t      total;     /* ... of total */
} chiso_progress;

typedef int  (*chiso_progress_fn)(void *user_data, const chiso_progress *p);
typedef void (*chiso_warning_fn)(void *user_data, const chiso_warning *w);
/* An informational line (no "chiso: " prefix, no newline), level 2 = -v, 3 = -vv. */
typedef void (*chiso_info_fn)(void *user_data, int level, const char *line);

typedef struct chiso_options {
    /* What the command line's options of the same names do. NULL / 0 = not given. */
    const char        *title;        /* title of the Phụ lục */
    const char        *period;       /* period label; on a file of many periods, picks one */
    const char        *cutoff;       /* data cutoff YYYY-MM-DD */
    const char        *scope;        /* "Phú Tân, An Giang" */
    const char        *encoding;     /* utf-8, cp1258, tcvn3, vni, viscii, utf-16; NULL detects */
    const char        *indicator;    /* indicator id of a periods-as-columns table */
    const char *const *sheets;       /* read only these sheets ... */
    size_t             nsheets;      /* ... (any number) */
    int                keep_order;   /* keep the source order (default: by score) */
    int                to_2025;      /* add the post-1-July-2025 units */
    const char        *aliases;      /* a file of names confirmed once (--aliases, aliases.h) */
    int                no_bom;       /* CSV without the UTF-8 BOM */
    int                history;      /* the job collects a history (chiso_job_write_* write it) */
    int                force;        /* compare with a previous file that looks like the wrong one
                                      * (another district's, or later than the current: swapped);
                                      * without it such a file is refused with CX_ERR_USAGE */
    /* The Phụ lục (xlsx): */
    const char        *caption;      /* a line above the title ("Phụ lục 1") */
    const char        *attached_to;  /* under the title ("Kèm theo Báo cáo số 123/BC-UBND ...") */
    int                add_classification; /* a XẾP LOẠI column from the score when the source has none */
    int                names_as_source;    /* unit names as the source writes them (PHÚ HÙNG) */
    /* Resources (the command line sets them from TMPDIR, CHISO_SPOOL_UNITS, CHISO_THREADS,
     * SOURCE_DATE_EPOCH; the library reads no environment). */
    const char        *tmpdir;       /* temporary files (spool, xlsx sheets, xlsx to memory); NULL: /tmp */
    size_t             spool_units;  /* units kept in memory before a long table parks: 0 = 8192 */
    int                threads;      /* xlsx writer threads, 1 or 2; 0 = by size */
    long long          source_date_epoch; /* xlsx creation time when > 0 (else the cutoff) */
    /* What the front end hears while the job runs (all optional). */
    int                verbosity;    /* on_info gets lines of level <= verbosity (default 1) */
    chiso_warning_fn   on_warning;   /* each warning as it is recorded */
    chiso_info_fn      on_info;
    chiso_progress_fn  on_progress;
    void              *user_data;    /* handed to the callbacks */
} chiso_options;

/* Defaults: everything 0/NULL, verbosity 1. */
cx_error chiso_options_init(chiso_options *o);

/* A new job with these options (copied; the strings they point to are borrowed).
 * CX_ERR_NOMEM is the only error (then *out is NULL). */
cx_error chiso_job_new(const chiso_options *o, chiso_job **out);
void chiso_job_free(chiso_job *job);   /* accepts NULL */

/* The failing rules (what counts as chưa đạt): a rules file, or its text; the spec's
 * defaults when neither is set. Set before writing. */
cx_error chiso_job_set_rules_file(chiso_job *job, const char *path);
cx_error chiso_job_set_rules_text(chiso_job *job, const char *name, const char *text, size_t len);

/* Read one input (any format; told from the bytes) and add its snapshots to the job.
 * name is used in messages and in sources[].path. On failure the job's snapshots are
 * those read before. */
cx_error chiso_job_read_file(chiso_job *job, const char *path);
cx_error chiso_job_read_memory(chiso_job *job, const char *name, const void *bytes, size_t len);
/* chiso_job_read_file, and what was detected written to report (`chiso inspect`). */
cx_error chiso_job_inspect_file(chiso_job *job, const char *path, FILE *report);
/* The previous period: read it, and compare every snapshot read so far with it (the
 * latest earlier period of the same district). Call after the inputs. */
cx_error chiso_job_read_previous_file(chiso_job *job, const char *path);
cx_error chiso_job_read_previous_memory(chiso_job *job, const char *name, const void *bytes, size_t len);

/* The last error and its message (the one final line to show; "" when none). Returns
 * the code (CX_OK when nothing failed). message may be NULL. */
cx_error chiso_job_error(const chiso_job *job, const char **message);
/* Forget the last error (a front end that goes on after a failed input). */
cx_error chiso_job_clear_error(chiso_job *job);

/* Warnings recorded so far, in order. *items is valid until the next call on the job. */
cx_error chiso_job_warnings(chiso_job *job, const chiso_warning **items, size_t *n);
/* One warning as the single line the command line shows:
 * "file: sheet 'S', cell C7: message [code]". *line is yours (chiso_free). */
cx_error chiso_warning_line(const chiso_warning *w, char **line);

/* ---- results as data ---- */

/* What a snapshot (one period of one district or province) says about itself. */
typedef struct chiso_snapshot_info {
    const char *title;          /* title rows, or NULL */
    const char *scope;          /* "Phú Tân", or NULL */
    const char *period;         /* period label, or NULL */
    const char *cutoff;         /* "YYYY-MM-DD" or "" */
    int         year, month, week, quarter;   /* 0 = unknown */
    size_t      nunits;         /* units, the total row included */
    const char *source;         /* first source's name */
    const char *format;         /* "csv", "xls", "xlsx", "html", "json" */
    const char *encoding;       /* detected or given encoding, or NULL */
} chiso_snapshot_info;

/* One unit (a row): strings valid during the callback only. value[i] is the i-th
 * indicator (chiso_indicator_id), meaningful when has[i]. */
typedef struct chiso_unit {
    const char          *name;          /* display name */
    const char          *key;           /* matching key */
    const char          *raw_name;      /* as the source wrote it */
    const char          *kind;          /* "tong", "xa", "phuong", ... or NULL */
    const char          *code;          /* portal or national code, or NULL */
    const char          *official_name; /* the national list's spelling, or NULL */
    long                 stt;           /* printed row number, -1 = none */
    size_t               nvalues;       /* the number of indicators */
    const double        *value;
    const unsigned char *has;
} chiso_unit;
/* Return non-zero to stop early (then chiso_job_units returns CX_ERR_ABORTED). */
typedef int (*chiso_unit_fn)(void *user_data, const chiso_unit *u);

cx_error chiso_job_snapshot_count(const chiso_job *job, size_t *n);
cx_error chiso_job_snapshot(const chiso_job *job, size_t i, chiso_snapshot_info *info);
/* Every unit of snapshot i in source order (the units of a very large input are brought
 * back from the spool for the call and parked again after). */
cx_error chiso_job_units(chiso_job *job, size_t i, chiso_unit_fn fn, void *user_data);
/* The total row (kind "tong") of snapshot i: fn is called once with it, or not at all
 * (*found = 0). */
cx_error chiso_job_total(chiso_job *job, size_t i, chiso_unit_fn fn, void *user_data, int *found);

/* Indicators: count, and the id of the i-th ("diem_tong_hop", ...; as in the JSON). */
cx_error chiso_indicator_count(size_t *n);
cx_error chiso_indicator_id(size_t i, const char **id);
/* The index of an indicator id; CX_ERR_USAGE when unknown. */
cx_error chiso_indicator_find(const char *id, size_t *i);

/* The report's lists as Vietnamese sentences (`chiso summary`) for snapshot i. */
cx_error chiso_job_summary(chiso_job *job, size_t i, chiso_summary_format fmt, FILE *out);
cx_error chiso_job_summary_memory(chiso_job *job, size_t i, chiso_summary_format fmt, char **text, size_t *len);

/* The same lists as data: counts per classification, for each failing rule the units
 * that fail it (worst first) and the units whose score fell. Valid during the callback. */
typedef struct chiso_summary_list {
    const char         *indicator;   /* the rule's indicator id */
    const char         *title;       /* "Công khai, minh bạch (dưới 70%)" */
    size_t              n;
    const char *const  *names;       /* the units' display names */
    const double       *values;      /* their failing values */
} chiso_summary_list;
typedef struct chiso_summary {
    size_t                     nunits;     /* units, the total row apart */
    size_t                     counts[6];  /* [0] unknown, then xuat_sac, tot, kha, trung_binh, yeu */
    const chiso_summary_list  *lists;
    size_t                     nlists;
    chiso_summary_list         fell;       /* tang_giam < 0, most negative first (indicator "tang_giam") */
} chiso_summary;
typedef int (*chiso_summary_fn)(void *user_data, const chiso_summary *s);
cx_error chiso_job_summary_data(chiso_job *job, size_t i, chiso_summary_fn fn, void *user_data);

/* ---- writing ---- */

/* Write every snapshot (or, for a history job, the history) in a format: to a path
 * (written in place: atomic replacement is the front end's, see convert/cli/output.c), to
 * a stream, or to memory (*bytes yours, free with chiso_free). xlsx to a stream or memory
 * goes through a temporary file in tmpdir. */
cx_error chiso_job_write_file(chiso_job *job, chiso_format fmt, const char *path);
cx_error chiso_job_write_stream(chiso_job *job, chiso_format fmt, FILE *out);
cx_error chiso_job_write_memory(chiso_job *job, chiso_format fmt, void **bytes, size_t *len);

/* A history job: after the inputs, settle the history (CX_ERR_NO_TABLE when no input
 * could be read) and tell its size. */
typedef struct chiso_history_stats {
    size_t inputs;          /* inputs tried */
    size_t snapshots;       /* tables kept in the history */
    size_t snapshots_read;  /* tables read */
    size_t dropped;         /* duplicate tables left out */
    size_t units;           /* units, total rows not counted */
    size_t values;
    size_t joined;          /* the portal's group files joined into another table */
} chiso_history_stats;
cx_error chiso_job_history_finish(chiso_job *job);
cx_error chiso_job_history_stats(const chiso_job *job, chiso_history_stats *st);

/* ---- the national list ---- */

/* Look a unit up in the national list (before and after 1 July 2025; at, "YYYY-MM-DD" or
 * NULL: the list as it was at that date) and write the table of hits to out; *found = how
 * many. CX_ERR_ENCODING when query is not UTF-8. */
cx_error chiso_units_search(const char *query, const char *at, FILE *out, size_t *found);

/* For a front end's SIGBUS handler (async-signal-safe; the library installs no handler):
 * is addr inside an input this thread has mapped (a file cut short while it is read
 * faults there)? Then 1, and *path is its name with control characters escaped. */
int chiso_input_fault(const void *addr, const char **path);

/* Free what the library allocated for you (accepts NULL). */
void chiso_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
