#!/usr/bin/env bash
# history counts every value, also of indicators past bit 31 of the 64-bit indicator sets
# (the portal's criteria m_*): the count on stderr and cx_history_nvalues (which sizes the
# xlsx's row check) equal the rows written. It once counted the low 32 bits only.
set -u
. "$(dirname "$0")/lib.sh"
printf 'STT,Đơn vị,Điểm tổng hợp,Đúng hạn [m_publish_on_time],Kết nối [m_citizen_data_connected_dossier]\n1,Xã An Bình,80,90,70\n2,Xã Tân Hòa,70,60,50\n' > "$TMPD/m.csv"
expect_exit 0 "$CHISO" history "$TMPD/m.csv" -o "$TMPD/h.csv"
rows=$(($(wc -l < "$TMPD/h.csv") - 1))
[ "$rows" -eq 8 ] || fail "expected 8 rows, got $rows"
grep -q "2 units, 8 values" "$ERR" || fail "values miscounted: $(cat "$ERR")"
done_ok
