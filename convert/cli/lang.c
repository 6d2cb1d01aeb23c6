#include "lang.h"
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CHISO_LOCALEDIR
#define CHISO_LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX + 32];

static int has_catalog(const char *dir)
{
    char p[PATH_MAX + 64];
    struct stat st;
    snprintf(p, sizeof p, "%s/vi/LC_MESSAGES/" CX_TEXTDOMAIN ".mo", dir);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *find_localedir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(localedir, sizeof localedir, "%s/locale", exe);
            if (has_catalog(localedir)) return localedir;
            snprintf(localedir, sizeof localedir, "%s/../share/locale", exe);
            if (has_catalog(localedir)) return localedir;
        }
    }
    return CHISO_LOCALEDIR;
}

/* "vi", "vi_VN", "vi_VN.UTF-8", "Tiếng Việt"... -> "vi"; "en*", "C", "POSIX" -> "en". */
static const char *lang_of(const char *s)
{
    if (!s || !*s) return NULL;
    if (strncmp(s, "vi", 2) == 0) return "vi";
    if (strncmp(s, "en", 2) == 0 || strcmp(s, "C") == 0 || strcmp(s, "POSIX") == 0) return "en";
    return NULL;
}

static int is_c_locale(const char *name)
{
    return !name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

static const char *current = "en";

const char *cx_lang_current(void) { return current; }

static void choose(const char *lang)
{
    setenv("LANGUAGE", lang, 1);
    const char *now = setlocale(LC_MESSAGES, NULL);
    if (is_c_locale(now) && !setlocale(LC_MESSAGES, "C.UTF-8"))
        setlocale(LC_MESSAGES, "C.utf8");
}

void cx_lang_init(int argc, char **argv)
{
    const char *want = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) want = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0) want = argv[i] + 7;
    }
    want = lang_of(want);
    if (!want) want = lang_of(getenv("CHISO_LANG"));

    const char *got = setlocale(LC_MESSAGES, "");
    if (want) {
        choose(want);
    } else if (!got) {
        /* The locale the environment names is not installed (a vi_VN.UTF-8 with no
         * locales package): gettext would fall back to "C" and drop the translation. */
        const char *env = NULL;
        const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        for (int i = 0; i < 3 && !env; i++) {
            const char *v = getenv(vars[i]);
            if (v && *v) env = v;
        }
        const char *l = lang_of(env);
        const char *language = getenv("LANGUAGE");
        if (l && strcmp(l, "vi") == 0) choose(language && *language ? language : "vi");
    }
    bindtextdomain(CX_TEXTDOMAIN, find_localedir());
    bind_textdomain_codeset(CX_TEXTDOMAIN, "UTF-8");
    /* strerror's words come from libc's own catalog: in UTF-8 too, not '?' under LC_CTYPE=C. */
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain(CX_TEXTDOMAIN);
    /* What gettext will use: a translated probe tells (the catalog translates it). */
    const char *probe = _("out of memory");
    current = strcmp(probe, "out of memory") != 0 ? "vi" : "en";
}
