#!/usr/bin/env bash
# STUB: generates an empty national list; replaced by the Vietnamese-text work.
set -euo pipefail
out=$2
mkdir -p "$out"
printf '/* generated */\n#ifndef CHISO_DVHC_DATA_H\n#define CHISO_DVHC_DATA_H\nextern const int cx_dvhc_data_stub;\n#endif\n' > "$out/dvhc_data.h"
printf '/* generated */\n#include "dvhc_data.h"\nconst int cx_dvhc_data_stub = 0;\n' > "$out/dvhc_data.c"
