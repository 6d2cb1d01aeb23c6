/* label.c — STUB */
#include "label.h"
cx_label cx_parse_label(const char *s, size_t len) { (void)s; (void)len; return CX_LABEL_NONE; }
