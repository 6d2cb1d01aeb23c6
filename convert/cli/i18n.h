/*
 * i18n.h (command line) — the command line's messages in the user's language, in the
 * library's text domain (CHISO_TEXTDOMAIN, chiso.h). The command line sees chiso.h alone,
 * so it has these few macros of its own; the library's are convert/core/i18n.h. The
 * language is chosen by lang.c (setlocale, bindtextdomain).
 */
#ifndef CHISO_CLI_I18N_H
#define CHISO_CLI_I18N_H

#include <libintl.h>
#include "chiso.h"

#define CX_TEXTDOMAIN CHISO_TEXTDOMAIN
#undef _
#undef N_
#define _(s) dgettext(CX_TEXTDOMAIN, s)
#define N_(s) s
#define cx_ngettext(s, p, n) dngettext(CX_TEXTDOMAIN, s, p, n)

#endif
