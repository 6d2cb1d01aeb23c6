/*
 * lang.h — choose the language of messages before anything is said.
 *
 * gettext's own rules (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then CHISO_LANG, then
 * --lang vi|en on the command line (strongest). Works where no Vietnamese locale is
 * installed and under LANG=C: glibc ignores LANGUAGE when LC_MESSAGES is "C", so a
 * chosen language switches LC_MESSAGES to C.UTF-8 (built into glibc >= 2.35) and sets
 * LANGUAGE. Only LC_MESSAGES is set from the environment: numbers in the outputs never
 * take a locale's decimal comma. Catalogs are read as UTF-8 whatever LC_CTYPE says.
 *
 * The catalog is looked for beside the binary (build/locale, when run from build/),
 * then in ../share/locale relative to it (an installed PREFIX/bin/chiso), then in
 * CHISO_LOCALEDIR (the Makefile's $(PREFIX)/share/locale).
 */
#ifndef CHISO_LANG_H
#define CHISO_LANG_H

/* Reads --lang from argv (without consuming it; cx_cli_parse checks its value). */
void cx_lang_init(int argc, char **argv);

/* "vi" or "en": the language messages are in now. */
const char *cx_lang_current(void);

#endif
