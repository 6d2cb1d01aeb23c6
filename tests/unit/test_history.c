/* Unit tests for history.c: tidy rows in time order traced to file and cell, duplicate
 * periods (later cutoff wins, warning naming both), units joined by code over a rename. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include "history.h"
#include "history_write.h"

/* A week of a two-commune district. code may be NULL. */
static cx_snapshot *week(const char *path, int month, int w, const char *cutoff, const char *n2, const char *k2,
                         const char *code2, double base)
{
    cx_snapshot *s = cx_snapshot_new();
    int si = cx_snapshot_add_source(s, path, "csv", "utf-8");
    cx_source_add_sheet(s, si, "Sheet1");
    s->scope = strdup("Phú Tân");
    char label[64];
    snprintf(label, sizeof label, "Tháng %d - Tuần %02d", month, w);
    s->period = (cx_period){.label = strdup(label), .year = 2024, .month = month, .week = w};
    if (cutoff) memcpy(s->period.cutoff, cutoff, 11);
    const char *names[3] = {"Toàn huyện", "Phú Long", n2}, *keys[3] = {"toàn huyện", "phú long", k2};
    for (int i = 0; i < 3; i++) {
        cx_unit *u = cx_snapshot_add_unit(s);
        u->name = strdup(names[i]);
        u->key = strdup(keys[i]);
        u->kind = i == 0 ? CX_KIND_TONG : CX_KIND_XA;
        if (i == 2 && code2) u->code = strdup(code2);
        cx_unit_set(u, CX_IND_DIEM_TONG_HOP, base + i);
        u->ref[CX_IND_DIEM_TONG_HOP] = (cx_cellref){si, 0, (uint32_t)(6 + i), 2};
        if (i == 1) {   /* a computed value: traced to the file, no cell */
            cx_unit_set(u, CX_IND_TANG_GIAM, -1.5);
            u->ref[CX_IND_TANG_GIAM] = (cx_cellref){-1, -1, 0, 0};
        }
    }
    return s;
}

typedef struct { char lines[64][256]; size_t n; } rows;

static int collect(const cx_history_row *r, void *ctx)
{
    rows *rs = ctx;
    if (rs->n == 64) return 1;
    snprintf(rs->lines[rs->n++], 256, "%s|%s|%s|%.2f|%s|%s|%s", r->snap->period.label, r->unit->key,
             cx_indicators[r->ind].id, r->value, r->source ? r->source : "", r->sheet ? r->sheet : "", r->cell);
    return 0;
}

static void test_history(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_history *h = cx_history_new();
    /* Given out of order; week 2 twice (the second file has the later cutoff); the third
     * commune renamed in week 3 but the national code joins it. */
    assert_int_equal(cx_history_add(h, week("w3.csv", 5, 3, "2024-05-20", "Phú Hưng", "phú hưng", "30451", 30), &d), CX_OK);
    assert_int_equal(cx_history_add(h, week("w1.csv", 5, 1, "2024-05-06", "Phú Hùng", "phú hùng", "30451", 10), &d), CX_OK);
    assert_int_equal(cx_history_add(h, week("w2b.csv", 5, 2, "2024-05-14", "Phú Hùng", "phú hùng", "30451", 21), &d), CX_OK);
    assert_int_equal(cx_history_add(h, week("w2a.csv", 5, 2, "2024-05-13", "Phú Hùng", "phú hùng", "30451", 20), &d), CX_OK);
    assert_int_equal(cx_history_finish(h, &d), CX_OK);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].code, "duplicate_period");
    assert_non_null(strstr(d.items[0].message, "w2a.csv"));
    assert_non_null(strstr(d.items[0].message, "w2b.csv"));
    assert_non_null(strstr(d.items[0].message, "keeping w2b.csv"));

    assert_int_equal(cx_history_nsnaps(h), 3);
    assert_string_equal(cx_history_snap(h, 0)->sources[0].path, "w1.csv");
    assert_string_equal(cx_history_snap(h, 1)->sources[0].path, "w2b.csv");
    assert_string_equal(cx_history_snap(h, 2)->sources[0].path, "w3.csv");
    /* Three series: the total first, Phú Long, and Phú Hùng/Phú Hưng as one (by code),
     * named as the newest file writes it. */
    assert_int_equal(cx_history_nunits(h), 3);
    assert_int_equal(cx_history_unit(h, 0)->kind, CX_KIND_TONG);
    assert_string_equal(cx_history_unit(h, 2)->name, "Phú Hưng");
    for (size_t i = 0; i < 3; i++) assert_non_null(cx_history_at(h, 2, i));
    assert_int_equal(cx_history_nvalues(h), 12);

    rows rs = {0};
    assert_int_equal(cx_history_each(h, collect, &rs, &d), CX_OK);
    assert_int_equal(rs.n, 12);
    assert_string_equal(rs.lines[0], "Tháng 5 - Tuần 01|toàn huyện|diem_tong_hop|10.00|w1.csv|Sheet1|C6");
    assert_string_equal(rs.lines[1], "Tháng 5 - Tuần 01|phú long|diem_tong_hop|11.00|w1.csv|Sheet1|C7");
    assert_string_equal(rs.lines[2], "Tháng 5 - Tuần 01|phú long|tang_giam|-1.50|w1.csv||");
    assert_string_equal(rs.lines[4], "Tháng 5 - Tuần 02|toàn huyện|diem_tong_hop|21.00|w2b.csv|Sheet1|C6");
    assert_string_equal(rs.lines[11], "Tháng 5 - Tuần 03|phú hưng|diem_tong_hop|32.00|w3.csv|Sheet1|C8");
    char *hd = cx_history_heading(h, 1);
    assert_string_equal(hd, "Tháng 5 - Tuần 02");
    free(hd);
    cx_history_free(h);
    cx_diag_clear(&d);
}

static void test_keys_and_scopes(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_history *h = cx_history_new();
    /* Without codes a rename is two series; the same key in another district is another unit. */
    cx_snapshot *a = week("a.csv", 5, 1, NULL, "Phú Hùng", "phú hùng", NULL, 10);
    cx_snapshot *b = week("b.csv", 5, 2, NULL, "Phú Hưng", "phú hưng", NULL, 20);
    cx_snapshot *c = week("c.csv", 5, 1, NULL, "Phú Hùng", "phú hùng", NULL, 30);
    free(c->scope);
    c->scope = strdup("Chợ Mới");
    cx_snapshot *u = cx_snapshot_new();   /* no period at all: kept, with a warning */
    cx_snapshot_add_source(u, "x.csv", "csv", NULL);
    assert_int_equal(cx_history_add(h, a, &d), CX_OK);
    assert_int_equal(cx_history_add(h, b, &d), CX_OK);
    assert_int_equal(cx_history_add(h, c, &d), CX_OK);
    assert_int_equal(cx_history_add(h, u, &d), CX_OK);
    assert_int_equal(cx_history_finish(h, &d), CX_OK);
    assert_int_equal(cx_history_nsnaps(h), 4);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].code, "period_unknown");
    /* totals: Phú Tân, Chợ Mới; units: Phú Long x2 scopes, Phú Hùng, Phú Hưng, Phú Hùng (Chợ Mới) */
    assert_int_equal(cx_history_nunits(h), 7);
    /* Same label in two scopes: headings tell them apart by year. */
    char *hd = cx_history_heading(h, 1);
    assert_string_equal(hd, "Tháng 5 - Tuần 01 (Phú Tân)");
    free(hd);
    /* Matrix columns: unknown, 5/1 (both districts), 5/2. */
    assert_int_equal(cx_history_ncols(h), 3);
    assert_int_equal(cx_history_col(h, 1), cx_history_col(h, 2));
    hd = cx_history_col_heading(h, 1);
    assert_string_equal(hd, "Tháng 5 - Tuần 01");
    free(hd);
    cx_history_free(h);
    cx_history_free(NULL);
    cx_diag_clear(&d);
}

static void test_writers(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_history *h = cx_history_new();
    cx_snapshot *a = week("w1.csv", 5, 1, "2024-05-06", "=Phú Hùng", "phú hùng", "30451", 10);
    a->units[1].v[CX_IND_DIEM_TONG_HOP] = 86.59;
    cx_unit_set(&a->units[2], CX_IND_XEP_LOAI, CX_LABEL_TRUNG_BINH);
    assert_int_equal(cx_history_add(h, a, &d), CX_OK);
    assert_int_equal(cx_history_add(h, week("w2.csv", 5, 2, NULL, "Phú Hùng", "phú hùng", "30451", 20), &d), CX_OK);
    assert_int_equal(cx_history_finish(h, &d), CX_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(cx_history_write_csv(h, 1, m, &d), CX_OK);
    fclose(m);
    assert_memory_equal(buf, "period,year,quarter,month,week,cutoff,scope,key,name,kind,code,indicator,value,source,sheet,cell\r\n", 96);
    assert_non_null(strstr(buf, "Tháng 5 - Tuần 01,2024,,5,1,2024-05-06,Phú Tân,phú long,Phú Long,xa,,diem_tong_hop,86.59,w1.csv,Sheet1,C7\r\n"));
    assert_non_null(strstr(buf, ",phú long,Phú Long,xa,,tang_giam,-1.5,w1.csv,,\r\n"));
    assert_non_null(strstr(buf, ",\"'=Phú Hùng\",xa,30451,xep_loai,trung_binh,"));
    assert_non_null(strstr(buf, "Tháng 5 - Tuần 02,2024,,5,2,,Phú Tân,"));
    free(buf);
    buf = NULL;
    m = open_memstream(&buf, &len);
    assert_int_equal(cx_history_write_json(h, m, &d), CX_OK);
    fclose(m);
    assert_non_null(strstr(buf, "{\"period\":\"Tháng 5 - Tuần 01\",\"year\":2024,\"quarter\":null,\"month\":5,\"week\":1,\"cutoff\":\"2024-05-06\","
                                "\"scope\":\"Phú Tân\",\"key\":\"toàn huyện\",\"name\":\"Toàn huyện\",\"kind\":\"tong\",\"code\":null,"
                                "\"indicator\":\"diem_tong_hop\",\"value\":10,\"source\":\"w1.csv\",\"sheet\":\"Sheet1\",\"cell\":\"C6\"}"));
    assert_non_null(strstr(buf, "\"value\":86.59,"));
    assert_non_null(strstr(buf, "\"cutoff\":null,"));
    free(buf);
    char path[] = "/tmp/chiso-test-history-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    cx_rules *r = cx_rules_default();
    assert_int_equal(cx_history_write_xlsx(h, r, 0, NULL, path, &d), CX_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char magic[2];
    assert_int_equal(fread(magic, 1, 2, f), 2);
    assert_memory_equal(magic, "PK", 2);
    fclose(f);
    unlink(path);
    cx_rules_free(r);
    cx_history_free(h);
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_keys_and_scopes),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
