/*
 * rules.h — what counts as "failing" (chưa đạt) for an indicator.
 *
 * Rules file format (--rules FILE), one rule a line:
 *     indicator < 50            # comment
 *     dvc_truc_tuyen < 50 | Dịch vụ công trực tuyến dưới 50%
 *     xep_loai in trung_binh,yeu
 * operators <, <=, >, >=; text after '|' is the Vietnamese description for the legend.
 */
#ifndef CHISO_RULES_H
#define CHISO_RULES_H

#include <stddef.h>
#include "model.h"
#include "diag.h"

typedef enum { CX_OP_LT, CX_OP_LE, CX_OP_GT, CX_OP_GE, CX_OP_IN } cx_op;

typedef struct cx_rule {
    cx_indicator indicator;
    cx_op        op;
    double       value;       /* threshold for numeric ops */
    unsigned     labels;      /* for CX_OP_IN: bit (1<<cx_label) per label */
    char        *desc;        /* Vietnamese description for the legend (owned), never NULL */
} cx_rule;

typedef struct cx_rules {
    cx_rule *items;
    size_t   n;
} cx_rules;

/* The spec's default thresholds. Caller frees with cx_rules_free. */
cx_rules *cx_rules_default(void);
/* Parse a rules file's text; errors name the file and line. NULL on error (diag set). */
cx_rules *cx_rules_parse(const char *text, size_t len, const char *path, cx_diag *d);
cx_rules *cx_rules_load(const char *path, cx_diag *d);
void cx_rules_free(cx_rules *r);   /* accepts NULL */

/* Does the unit fail this rule? 0 when the value is missing. */
int cx_rule_fails(const cx_rule *r, const cx_unit *u);
/* The rule for an indicator, or NULL. */
const cx_rule *cx_rules_find(const cx_rules *r, cx_indicator ind);
/* "Công khai, minh bạch dưới 70%" style default text for a rule. Caller frees. */
char *cx_rule_describe(const cx_rule *r);
/* "<", "<=", ">", ">=", "in". Static. */
const char *cx_op_symbol(cx_op op);

#endif
