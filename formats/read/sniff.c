/* sniff.c — the format from the bytes, never from the file name. */
#include "reader.h"

#include <string.h>
#include <strings.h>

const char *cx_format_name(cx_format f)
{
    switch (f) {
    case CX_FMT_CSV: return "csv";
    case CX_FMT_UTF16: return "csv";  /* Excel "Unicode text" is delimited text */
    case CX_FMT_XLS: return "xls";
    case CX_FMT_XLSX: return "xlsx";
    case CX_FMT_HTML: return "html";
    case CX_FMT_JSON: return "json";
    default: return "unknown";
    }
}

/* Is `needle` among the zip's file names? Scans local headers and the central
 * directory by signature; bounds-checked, no allocation. */
static int zip_has_name(const uint8_t *b, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + 46 <= len; i++) {
        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {   /* central dir */
            size_t fnl = (size_t)b[i + 28] | ((size_t)b[i + 29] << 8);
            if (i + 46 + fnl <= len && fnl == nl && memcmp(b + i + 46, needle, nl) == 0) return 1;
        }
    }
    for (size_t i = 0; i + 30 <= len; i++) {
        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {    /* local header */
            size_t fnl = (size_t)b[i + 26] | ((size_t)b[i + 27] << 8);
            if (i + 30 + fnl <= len && fnl == nl && memcmp(b + i + 30, needle, nl) == 0) return 1;
        }
    }
    return 0;
}

/* Case-insensitive search in the first `lim` bytes. */
static int has_ci(const uint8_t *b, size_t len, size_t lim, const char *needle)
{
    size_t nl = strlen(needle);
    if (len > lim) len = lim;
    for (size_t i = 0; i + nl <= len; i++)
        if (strncasecmp((const char *)b + i, needle, nl) == 0) return 1;
    return 0;
}

/* Binary data that is none of the above (an image, a PDF, random bytes renamed .xls):
 * text of any 8-bit encoding has almost no control bytes. NULs in every other byte are
 * UTF-16 without a BOM, which the text reader detects, so they do not count here. */
static int looks_binary(const uint8_t *b, size_t len)
{
    size_t n = len < 4096 ? len : 4096, ctrl = 0, nul[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (b[i] == 0) nul[i & 1]++;
        else if ((b[i] < 0x20 && b[i] != '\t' && b[i] != '\r' && b[i] != '\n' && b[i] != '\f') || b[i] == 0x7F) ctrl++;
    }
    int utf16ish = (nul[0] * 3 > n / 2 && nul[1] * 20 < n / 2) || (nul[1] * 3 > n / 2 && nul[0] * 20 < n / 2);
    size_t bad = ctrl + (utf16ish ? 0 : nul[0] + nul[1]);
    return n >= 16 && bad * 10 > n;
}

cx_format cx_sniff(const uint8_t *b, size_t len)
{
    static const uint8_t cfbf[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len >= 8 && memcmp(b, cfbf, 8) == 0) return CX_FMT_XLS;
    if (len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return zip_has_name(b, len, "xl/workbook.xml") ? CX_FMT_XLSX : CX_FMT_ZIP_OTHER;
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        /* "Save as Unicode web page" is UTF-16 HTML: look at the ASCII of the first units */
        uint8_t a[4096];
        size_t n = 0, lo = b[0] == 0xFF ? 0 : 1;
        for (size_t i = 2; i + 1 < len && n < sizeof a; i += 2)
            a[n++] = b[i + 1 - lo] == 0 ? b[i + lo] : '?';
        size_t j = 0;
        while (j < n && (a[j] == ' ' || a[j] == '\t' || a[j] == '\r' || a[j] == '\n')) j++;
        if (j < n && a[j] == '<' &&
            (has_ci(a + j, n - j, n, "<table") || has_ci(a + j, n - j, n, "<html") || has_ci(a + j, n - j, n, "<!doctype html")))
            return CX_FMT_HTML;
        return CX_FMT_UTF16;
    }
    size_t i = 0;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
    if (i < len && (b[i] == '{' || b[i] == '[')) {
        /* JSON, unless it is a CSV whose first cell starts with a bracket: look for a quote-colon. */
        if (has_ci(b + i, len - i, 4096, "\":") || has_ci(b + i, len - i, 4096, "\" :")) return CX_FMT_JSON;
    }
    if (i < len && b[i] == '<' && has_ci(b + i, len - i, 4096, "urn:schemas-microsoft-com:office:spreadsheet") &&
        has_ci(b + i, len - i, 4096, "<Workbook") && !has_ci(b + i, len - i, 4096, "<html"))
        return CX_FMT_XLSX;   /* Excel 2003 "XML Spreadsheet": read by the xlsx reader */
    if (i < len && b[i] == '<') {
        if (has_ci(b + i, len - i, 65536, "<table") || has_ci(b + i, len - i, 2048, "<html") ||
            has_ci(b + i, len - i, 2048, "<!doctype html"))
            return CX_FMT_HTML;
    }
    if (looks_binary(b, len)) return CX_FMT_UNKNOWN;
    return CX_FMT_CSV;
}
