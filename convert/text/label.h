/* label.h — classification labels as printed ("TRUNG BÌNH", "TB", "TRUNGB ÌNH") to ids. */
#ifndef CHISO_LABEL_H
#define CHISO_LABEL_H

#include <stddef.h>
#include "model.h"

/* Parse a printed classification in any case, accents and spacing. NONE when not a label. */
cx_label cx_parse_label(const char *s, size_t len);

#endif
