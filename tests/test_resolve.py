"""Actor resolution: the seed's 43 actors against a hand-made list, and each kind of actor."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspection_kg.errors import InputError
from inspection_kg.read.parse import parse_notice
from inspection_kg.read.records import ResolvedNoticeRecord
from inspection_kg.read.sources import read_source
from inspection_kg.resolve.resolve import resolve_notice

from .conftest import SEED, SeedActor


@pytest.fixture(scope="module")
def resolved() -> ResolvedNoticeRecord:
    return resolve_notice(parse_notice(read_source(SEED)))


def test_hand_made_list_covers_every_item(seed_actors: list[SeedActor]) -> None:
    assert [a.ordinal for a in seed_actors] == list(range(1, 44))


def test_every_actor_matches_the_hand_made_list(
    resolved: ResolvedNoticeRecord, seed_actors: list[SeedActor]
) -> None:
    mismatches = []
    for item, expected in zip(resolved.items, seed_actors, strict=True):
        agents = tuple(a.agent.key for a in item.actors if a.agent is not None)
        regions = tuple(d.code for a in item.actors for d in a.regions)
        got = (item.item.ordinal, item.actor_span.text, agents, regions)
        want = (
            expected.ordinal,
            expected.attribution,
            expected.agents,
            tuple(c[0][0] for c in expected.regions),
        )
        if got != want:
            mismatches.append(f"got {got}, want {want}")
    assert not mismatches, "\n".join(mismatches)


def test_parents_include_skipped_levels(resolved: ResolvedNoticeRecord, seed_actors: list[SeedActor]) -> None:
    parent = {d.code: d.parent for d in resolved.divisions}
    names = {d.code: d.name for d in resolved.divisions}
    for expected in seed_actors:
        for chain in expected.regions:
            for (code, name), above in zip(chain, [*chain[1:], None]):
                assert names[code] == name
                assert parent[code] == (above[0] if above else None), (expected.ordinal, code)


def test_province_counts_add_up(resolved: ResolvedNoticeRecord) -> None:
    """The notice: 14 provinces (regions, municipalities) and the corps were inspected."""
    by_province: dict[str, set[int]] = {}
    for item in resolved.items:
        for actor in item.actors:
            for division in actor.regions:
                top = division.code[:2] + "0000"
                by_province.setdefault(top, set()).add(item.item.ordinal)
    assert len(by_province) == 14
    assert all(len(ordinals) == 3 for ordinals in by_province.values())
    corps = [i for i in resolved.items if any(a.agent and a.agent.key == "cn-xpcc" for a in i.actors)]
    assert [i.item.ordinal for i in corps] == [43] and corps[0].actors[0].regions == ()


def test_department_belongs_to_its_provincial_government(resolved: ResolvedNoticeRecord) -> None:
    agents = {a.key: a for a in resolved.agents}
    water = agents["410000-water-resources"]
    assert water.label_zh == "河南省水利厅" and water.parent_key == "410000-government"
    assert agents["410000-government"].label_zh == "河南省人民政府"
    assert agents["410900-government"].label_zh == "濮阳市人民政府"


def test_corps_is_an_organisation_without_a_code(resolved: ResolvedNoticeRecord) -> None:
    corps = next(a for a in resolved.agents if a.key == "cn-xpcc")
    assert corps.label_zh == "新疆生产建设兵团" and corps.region == "650000"


def test_place_names_inside_the_practice_are_not_actors(resolved: ResolvedNoticeRecord) -> None:
    item31, item41 = resolved.items[30], resolved.items[40]
    assert item31.practice_span.text.startswith("推动“四个结合”释放北京路步行街")
    assert [d.code for a in item31.actors for d in a.regions] == ["440104"]
    assert item41.practice_span.text == "助力南疆贫困人口脱贫增收"
    assert [d.code for a in item41.actors for d in a.regions] == ["650000"]


def test_issuer_and_campaign_organiser(resolved: ResolvedNoticeRecord) -> None:
    assert resolved.issuer.key == "cn-state-council-general-office"
    assert resolved.issuer.parent_key == "cn-state-council"
    assert resolved.campaign_organiser is not None and resolved.campaign_organiser.key == "cn-state-council"
    assert resolved.key.key == "guobanfa-2020-46" and resolved.division_year == 2020
    assert resolved.jurisdiction is None  # a central organ: names are looked up nationwide


def _with_item(tmp_path: Path, item_text: str) -> Path:
    first_item = "1．北京市做实做细做好深化“放管服”改革工作打造国际一流营商环境。"
    text = SEED.read_text(encoding="utf-8").replace(first_item, f"1．{item_text}", 1)
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("item_text", "codes", "agents"),
    [
        ("山西省阳泉市城区推进改革。", ["140302"], ["140302-government"]),  # 城区 inside its city
        ("湖北省仙桃市推进改革。", ["429004"], ["429004-government"]),  # province-administered city
        ("江苏省昆山市推进改革。", ["320583"], ["320583-government"]),  # prefecture skipped
        ("重庆市城口县推进改革。", ["500229"], ["500229-government"]),
        ("内蒙古自治区阿拉善盟推进改革。", ["152900"], ["152900-government"]),
        (
            "上海市水务局、徐汇区推进改革。",
            ["310000", "310104"],
            ["310000-water-affairs", "310104-government"],
        ),
    ],
)
def test_kinds_of_actor(tmp_path: Path, item_text: str, codes: list[str], agents: list[str]) -> None:
    resolved = resolve_notice(parse_notice(read_source(_with_item(tmp_path, item_text))))
    first = resolved.items[0]
    assert [d.code for a in first.actors for d in a.regions] == codes
    assert [a.agent.key for a in first.actors if a.agent] == agents


def test_league_government_is_an_administrative_office(tmp_path: Path) -> None:
    resolved = resolve_notice(
        parse_notice(read_source(_with_item(tmp_path, "内蒙古自治区阿拉善盟推进改革。")))
    )
    assert resolved.items[0].actors[0].agent is not None
    assert resolved.items[0].actors[0].agent.label_zh == "阿拉善盟行政公署"


def test_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        resolve_notice(parse_notice(read_source(_with_item(tmp_path, "城区推进改革。"))))
    message = caught.value.what
    assert "ambiguous" in message and "140302" in message and "140502" in message
    assert caught.value.line == 28


def test_unknown_place_is_an_error_naming_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        resolve_notice(parse_notice(read_source(_with_item(tmp_path, "火星省推进改革。"))))
    assert caught.value.line == 28 and "火星省" in caught.value.what
    assert "--allow-unresolved" in (caught.value.fix or "")


def test_unknown_department_is_not_silently_dropped(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="河南省测绘厅"):
        resolve_notice(parse_notice(read_source(_with_item(tmp_path, "河南省测绘厅、濮阳市推进改革。"))))


def test_allow_unresolved_keeps_the_actor_verbatim(tmp_path: Path) -> None:
    path = _with_item(tmp_path, "火星省推进改革。")
    resolved = resolve_notice(parse_notice(read_source(path)), allow_unresolved=True)
    actor = resolved.items[0].actors[0]
    assert (actor.span.text, actor.agent, actor.resolved) == ("火星省", None, False)
    assert resolved.items[0].practice_span.text == "推进改革"
