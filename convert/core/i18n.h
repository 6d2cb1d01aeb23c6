/*
 * i18n.h — messages in the user's language (GNU gettext, text domain "chiso").
 *
 * The library translates with dgettext(CX_TEXTDOMAIN, ...) so it works inside any
 * program; it never chooses the language: the front end does (setlocale, LANGUAGE,
 * bindtextdomain; see convert/cli/lang.c). Message ids are the English texts.
 *
 *   _("text")            translated now
 *   N_("text")           marked for po/chiso.pot, translated where it is used
 *   cx_ngettext(s, p, n) plural forms the gettext way
 *
 * cx_warn's and cx_fail's format strings are translated inside them (diag.c) and
 * extracted by xgettext's --keyword=cx_warn:7 --keyword=cx_fail:3 (see the Makefile's
 * `pot` target): callers write plain English format strings.
 */
#ifndef CHISO_I18N_H
#define CHISO_I18N_H

#include <libintl.h>

#define CX_TEXTDOMAIN "chiso"   /* = CHISO_TEXTDOMAIN in chiso.h */

#undef _
#undef N_
#define _(s) dgettext(CX_TEXTDOMAIN, s)
#define N_(s) s
#define cx_ngettext(s, p, n) dngettext(CX_TEXTDOMAIN, s, p, n)

#endif
