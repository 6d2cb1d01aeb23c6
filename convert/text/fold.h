/*
 * fold.h — every way chiso folds text for comparison, one function per purpose. A fold
 * is never a display form. Which one to use:
 *
 *   cx_fold_words         fixed words in tolerant parsing (period words "Tuần"/"TUẦN"/
 *                         "tuan", "Tháng"/"THANG"): ASCII, dashes kept, one char per char.
 *   cx_fold_heading       column headings, looked up in heading.c's phrase table: letters
 *                         and digits only, single spaces. cx_fold_heading_full is its
 *                         reference path (utf8proc for any text), kept equal by the tests.
 *   cx_fold_key           a unit's matching key (names.h, cx_name_clean) without marks,
 *                         y -> i: the fallback when keys differ only by marks.
 *   cx_fold_name          last-resort loose matching of raw unit names: words, y -> i,
 *                         the administrative prefix dropped.
 *
 * Every function returns a new string (caller frees), NULL on no memory (or NULL s).
 */
#ifndef CHISO_FOLD_H
#define CHISO_FOLD_H

/* "THÁNG 5 – Tuần 01" -> "thang 5 - tuan 01": NFD, marks stripped, case folded,
 * đ -> d, every dash (– — ‑ −) -> '-', any other non-ASCII code point -> ' '.
 * Invalid UTF-8 bytes become ' '. */
char *cx_fold_words(const char *s);

/* cx_fold_words, then y -> i (Vietnamese writes both "Mỹ"/"Mĩ", "Thụy"/"Thụi"),
 * an administrative prefix dropped ("xa ", "phuong ", "thi tran ", "ubnd xa ", "tt. " ...)
 * and runs of spaces/punctuation collapsed to one space. */
char *cx_fold_name(const char *s);

/* A heading for comparison: NFC, lower case, marks removed, punctuation to single
 * spaces, trimmed ("TIẾN ĐỘ GIẢI QUYẾT (%)" -> "tien do giai quyet"). Text made of ASCII
 * and Vietnamese letters takes a letter-by-letter path; anything else goes through
 * cx_fold_heading_full (utf8proc), which the tests hold equal to it. */
char *cx_fold_heading(const char *s);
char *cx_fold_heading_full(const char *s);

/* A matching key without marks ("bình thạnh đông" -> "binh thanh dong"), y -> i; for
 * fallback matching. */
char *cx_fold_key(const char *key);

#endif
