/* sniff.c — the format from the bytes, never from the file name. */
#include "reader.h"
#include "i18n.h"

#include <stdio.h>

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

/* ---- what a file that is not a table is ------------------------------------------ */

static int has_bytes(const uint8_t *b, size_t len, const void *needle, size_t nl)
{
    if (nl == 0 || len < nl) return 0;
    return memmem(b, len, needle, nl) != NULL;
}

/* A name of the CFB directory (UTF-16LE) anywhere in the file. */
static int cfb_has_name(const uint8_t *b, size_t len, const char *name)
{
    uint8_t w[64];
    size_t n = strlen(name);
    if (n * 2 > sizeof w) return 0;
    for (size_t i = 0; i < n; i++) { w[2 * i] = (uint8_t)name[i]; w[2 * i + 1] = 0; }
    return has_bytes(b, len, w, 2 * n);
}

/* The end-of-central-directory record of a zip, or NULL (a zip cut short has none). */
static const uint8_t *zip_eocd(const uint8_t *b, size_t len)
{
    if (len < 22) return NULL;
    size_t lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t i = len - 22 + 1; i-- > lo;)
        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) return b + i;
    return NULL;
}

/* The file names of a zip's local headers, up to `max` of them listed in buf; returns
 * how many entries there are (directories not counted). */
static size_t zip_names(const uint8_t *b, size_t len, char *buf, size_t cap, int max)
{
    size_t count = 0, n = 0;
    if (cap) buf[0] = 0;
    for (size_t i = 0; i + 46 <= len; i++) {
        if (!(b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2)) continue;
        size_t fnl = (size_t)b[i + 28] | ((size_t)b[i + 29] << 8);
        if (i + 46 + fnl > len || fnl == 0) continue;
        const char *name = (const char *)b + i + 46;
        if (name[fnl - 1] == '/') continue;
        if ((int)count < max && n + fnl + 8 < cap) {
            n += (size_t)snprintf(buf + n, cap - n, "%s%.*s", count ? ", " : "", (int)fnl, name);
        } else if ((int)count == max && n + 8 < cap) {
            n += (size_t)snprintf(buf + n, cap - n, ", ...");
        }
        count++;
        i += 45 + fnl;
    }
    return count;
}

static const char *image_kind(const uint8_t *b, size_t len)
{
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "JPEG";
    if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return "PNG";
    if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0)) return "GIF";
    if (len >= 12 && memcmp(b + 4, "ftyp", 4) == 0) {
        static const char *const heic[] = {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"};
        for (size_t i = 0; i < sizeof heic / sizeof *heic; i++)
            if (memcmp(b + 8, heic[i], 4) == 0) return strcmp(heic[i], "avif") == 0 ? "AVIF" : "HEIC";
    }
    if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0) return "WebP";
    if (len >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0)) return "TIFF";
    if (len >= 26 && b[0] == 'B' && b[1] == 'M' && b[14] >= 12 && b[15] == 0 && b[16] == 0 && b[17] == 0) return "BMP";
    return NULL;
}

static cx_error word_doc(cx_diag *d, const char *path, const char *ext)
{
    return cx_fail(d, CX_ERR_FORMAT,
                   "%s: this file is a Word document (%s), not a spreadsheet. Open the Excel file the table "
                   "came from, or download the results from the Cổng Dịch vụ công as Excel (.xlsx), and try again",
                   path, ext);
}

static cx_error powerpoint(cx_diag *d, const char *path, const char *ext)
{
    return cx_fail(d, CX_ERR_FORMAT,
                   "%s: this file is a PowerPoint presentation (%s), not a spreadsheet. Give chiso the Excel file "
                   "the slides were made from, or download the results from the Cổng Dịch vụ công as Excel (.xlsx)",
                   path, ext);
}

cx_error cx_explain_input(const uint8_t *b, size_t len, const char *path, cx_diag *d)
{
    static const uint8_t cfbf[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *img;
    if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
        return cx_fail(d, CX_ERR_FORMAT,
                       "%s: this file is a PDF document, not a spreadsheet. Download the results from the "
                       "Cổng Dịch vụ công as Excel (.xlsx) and try again", path);
    if ((img = image_kind(b, len)) != NULL)
        return cx_fail(d, CX_ERR_FORMAT,
                       "%s: this file is a picture (%s), not a spreadsheet: chiso cannot read figures from a photo "
                       "or a screenshot. Download the results from the Cổng Dịch vụ công as Excel (.xlsx) and try again",
                       path, img);
    if (len >= 5 && memcmp(b, "{\\rtf", 5) == 0) return word_doc(d, path, ".rtf");
    if (len >= 8 && memcmp(b, cfbf, 8) == 0) {
        if (cfb_has_name(b, len, "Workbook") || cfb_has_name(b, len, "Book")) return CX_OK;
        if (cfb_has_name(b, len, "WordDocument")) return word_doc(d, path, ".doc");
        if (cfb_has_name(b, len, "PowerPoint Document")) return powerpoint(d, path, ".ppt");
        return CX_OK;
    }
    if (!(len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)) return CX_OK;
    /* A zip: an .xlsx, a .docx, a .pptx, an .ods, or an archive of files. */
    if (zip_has_name(b, len, "word/document.xml")) return word_doc(d, path, ".docx");
    if (zip_has_name(b, len, "ppt/presentation.xml")) return powerpoint(d, path, ".pptx");
    if (len >= 30 + 8 + 46 && memcmp(b + 30, "mimetype", 8) == 0 &&
        has_bytes(b, len < 200 ? len : 200, "opendocument.spreadsheet", 24))
        return cx_fail(d, CX_ERR_FORMAT,
                       "%s: this file is an OpenDocument spreadsheet (.ods), which chiso does not read; open it in "
                       "LibreOffice or Excel, save it as Excel (.xlsx) and try again", path);
    if (!zip_eocd(b, len))
        return cx_fail(d, CX_ERR_FORMAT,
                       "%s: the file is incomplete: it stops before its end, as when a download or a copy is cut "
                       "short. Download it again and try again", path);
    if (zip_has_name(b, len, "xl/workbook.xml")) return CX_OK;
    char names[256];
    size_t n = zip_names(b, len, names, sizeof names, 3);
    if (n == 0)
        return cx_fail(d, CX_ERR_FORMAT, "%s: this file is an empty zip archive, not a spreadsheet; check that "
                       "the right file was attached", path);
    return cx_fail(d, CX_ERR_FORMAT,
                   cx_ngettext("%s: this file is a zip archive holding %zu file (%s), not a spreadsheet. Extract it "
                               "(right-click, Extract All) and give chiso the Excel file inside",
                               "%s: this file is a zip archive holding %zu files (%s), not a spreadsheet. Extract it "
                               "(right-click, Extract All) and give chiso the Excel files inside", n),
                   path, n, names);
}
