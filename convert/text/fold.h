/*
 * fold.h — Vietnamese text folded to plain lower-case ASCII, for tolerant parsing
 * (period words "Tuần"/"TUẦN"/"tuan", "Tháng"/"THANG") and last-resort name matching.
 * Not a display form and not the matching key (names.h owns those).
 */
#ifndef CHISO_FOLD_H
#define CHISO_FOLD_H

/* "THÁNG 5 – Tuần 01" -> "thang 5 - tuan 01": NFD, marks stripped, case folded,
 * đ -> d, every dash (– — ‑ −) -> '-', any other non-ASCII code point -> ' '.
 * Invalid UTF-8 bytes become ' '. Caller frees; NULL on no memory. */
char *cx_fold_ascii(const char *s);

/* cx_fold_ascii, then y -> i (Vietnamese writes both "Mỹ"/"Mĩ", "Thụy"/"Thụi"),
 * an administrative prefix dropped ("xa ", "phuong ", "thi tran ", "ubnd xa ", "tt. " ...)
 * and runs of spaces/punctuation collapsed to one space. Caller frees. */
char *cx_fold_name(const char *s);

#endif
