#!/usr/bin/python3
"""peer_pandas.py -- the peer chiso is measured against in `make bench`:
what a data person would write with pandas + openpyxl (Debian's python3-pandas and
python3-openpyxl, run with /usr/bin/python3).

Usage: /usr/bin/python3 scripts/peer_pandas.py IN.csv OUT.xlsx
Exit 3 when pandas or openpyxl is missing (bench.sh then skips the peer with a note).
"""
import sys

try:
    import pandas as pd
    import openpyxl  # noqa: F401  (to_excel's engine)
except ImportError as e:
    sys.stderr.write("peer_pandas: %s\n" % e)
    sys.exit(3)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: peer_pandas.py IN.csv OUT.xlsx\n")
        return 1
    df = pd.read_csv(sys.argv[1], sep=";", decimal=",", thousands=".")
    df.to_excel(sys.argv[2], index=False, engine="openpyxl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
