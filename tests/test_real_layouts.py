"""Real layouts of the genre, read from the first part of real published notices
(tests/fixtures/layouts/, sources in tests/fixtures/layouts/README.md). The stored copies stop
before the signature and date, so the readers of the header, the body's items, the issuer
and the actors are tested on them one by one; expected values are read off the text."""

from __future__ import annotations

from pathlib import Path

from inspection_kg.read.characters import reading_form
from inspection_kg.read.layouts import find_body_items, read_body
from inspection_kg.read.lines import lines_of
from inspection_kg.read.parse import _citations, _header
from inspection_kg.read.records import CitationRecord, ParagraphRecord, SourceRecord
from inspection_kg.resolve.actors import ItemReader
from inspection_kg.resolve.curated import load_curated
from inspection_kg.resolve.issuers import read_approver, read_issuer
from inspection_kg.resolve.names import name_index

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def _source(name: str) -> SourceRecord:
    path = LAYOUTS / name
    text = path.read_text(encoding="utf-8")
    return SourceRecord(path, text, "", "", path.stem, reading_form(text))


def test_every_fixture_is_listed_with_its_source() -> None:
    readme = (LAYOUTS / "README.md").read_text(encoding="utf-8")
    names = sorted(path.name for path in LAYOUTS.glob("*.txt"))
    assert names == [
        "chongqing-2021-relayed-items-hant.txt",
        "guangzhou-2023-suifuban-13.txt",
        "guobanfa-2022-21-hant.txt",
        "hunan-2023-relayed-items.txt",
        "tianjin-2020-relayed-items.txt",
        "tianjin-2022-body.txt",
    ]
    for name in names:
        assert f"`{name}`" in readme


def test_tianjin_2022_no_document_number_items_in_the_body() -> None:
    source = _source("tianjin-2022-body.txt")
    lines = lines_of(source.text, source.reading)
    title_end, number, addressees = _header(lines, source)
    assert number is None and title_end == 1 and addressees == 1
    assert lines[0].text == "天津市人民政府办公厅关于对获得国务院办公厅2021年督查激励经验做法予以表扬的通报"
    assert lines[1].text == "各区人民政府,市政府各委、办、局:"  # half-width, as the stored copy prints it
    body = lines[2:]
    found = find_body_items(body)
    assert found is not None and found[1].name == "chinese-comma"
    problems: list[object] = []
    read = read_body(body, *found, source, problems)  # type: ignore[arg-type]
    assert not problems
    assert [item.ordinal for item in read.items] == [1, 2, 3, 4, 5]
    assert read.items[1].label.text == "滨海新区大力培育发展战略性新兴产业、产业特色优势明显、技术创新能力强"
    assert read.closing[0].text.startswith("希望受到表扬的单位要珍惜荣誉")

    # The issuer, read from the title's head, and the actors inside its jurisdiction.
    names = name_index(2022)
    issuer = read_issuer("天津市人民政府办公厅", names.gazetteer, load_curated())
    assert issuer is not None and issuer.region is not None
    assert (issuer.agent.key, issuer.agent.parent_key, issuer.region.code) == (
        "120000-government-general-office",
        "120000-government",
        "120000",
    )
    # 经市人民政府同意 (the opening): the issuer's own government, named short
    approver = read_approver("市人民政府", issuer, names.gazetteer, load_curated())
    assert approver is not None and approver.agent.key == "120000-government"
    reader = ItemReader(str(source.path), names, False, issuer.region.code)
    actors = [reader.read(item) for item in read.items]
    # GB/T 2260: 120116 滨海新区, 120115 宝坻区 (data/divisions/divisions.tsv, 2022)
    assert [a.actor_span.text for a in actors] == [
        "天津滨海高新技术产业开发区",
        "滨海新区",
        "宝坻区",
        "天津市",
        "滨海新区",
    ]
    assert [[r.code for x in a.actors for r in x.regions] for a in actors] == [
        ["120000"],
        ["120116"],
        ["120115"],
        ["120000"],
        ["120116"],
    ]
    assert actors[0].actors[0].agent is not None and actors[0].actors[0].agent.kind == "development-zone"


def test_guangzhou_2023_a_city_document_number() -> None:
    source = _source("guangzhou-2023-suifuban-13.txt")
    lines = lines_of(source.text, source.reading)
    title_end, number, addressees = _header(lines, source)
    assert (title_end, number, addressees) == (1, 1, 2)
    assert lines[1].text == "穗府办〔2023〕13号"
    assert lines[2].text == "各区人民政府,市政府各部门、各直属机构:"
    issuer = read_issuer("广州市人民政府办公厅", name_index(2023).gazetteer, load_curated())
    assert issuer is not None and issuer.region is not None and issuer.region.code == "440100"


def test_a_traditional_script_repost_reads_its_header() -> None:
    source = _source("guobanfa-2022-21-hant.txt")
    lines = lines_of(source.text, source.reading)
    title_end, number, _ = _header(lines, source)
    assert number == 3 and title_end == 3
    assert lines[3].text == "國辦發〔2022〕21號"  # printed in traditional script
    assert lines[3].reading == "国办发〔2022〕21号"  # read as the simplified form


def test_citations_as_the_real_notices_print_them() -> None:
    """天津 cites the State Council's notice by title alone; 广州 cites its own earlier notice
    with its 发文字号 in (half-width) brackets."""
    tianjin, guangzhou = _source("tianjin-2022-body.txt"), _source("guangzhou-2023-suifuban-13.txt")

    def citations(source: SourceRecord) -> list[CitationRecord]:
        lines = lines_of(source.text, source.reading)
        return _citations([ParagraphRecord(line.span(), ()) for line in lines], source)

    [relayed] = citations(tianjin)
    assert relayed.span.text == "《关于对2021年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报》"
    assert relayed.number is None
    [earlier] = citations(guangzhou)
    assert earlier.span.text == (
        "《广州市人民政府办公厅关于新形势下对真抓实干成效明显单位进一步加强督查激励的通知》(穗府办〔2022〕30号)"
    )
    assert earlier.number is not None
    assert (earlier.number.prefix, earlier.number.year, earlier.number.number) == ("穗府办", 2022, 30)


def _relayed_items(name: str, year: int, jurisdiction: str) -> list[tuple[list[tuple[str, str]], str]]:
    """Each paragraph of a relay's unnumbered items read as an item of a notice whose issuer
    is ``jurisdiction`` (numbered 一、二、… here, as the notices number them; the relays drop
    the numbers): per item, its actors (as printed, region code) and the start of the practice."""
    paragraphs = (LAYOUTS / name).read_text(encoding="utf-8").splitlines()
    text = "\n".join(f"{'一二三四五六七八九十'[i]}、{line}" for i, line in enumerate(paragraphs))
    source = SourceRecord(LAYOUTS / name, text, "", "", Path(name).stem, reading_form(text))
    lines = lines_of(source.text, source.reading)
    found = find_body_items(lines)
    assert found is not None
    problems: list[object] = []
    read = read_body(lines, *found, source, problems)  # type: ignore[arg-type]
    assert not problems and len(read.items) == len(paragraphs)
    reader = ItemReader(str(source.path), name_index(year), False, jurisdiction)
    result = []
    for item in read.items:
        resolved = reader.read(item)
        actors = [(a.span.text, a.regions[0].code if a.regions else "") for a in resolved.actors]
        result.append((actors, resolved.practice_span.text))
    return result


def _matches(
    read: list[tuple[list[tuple[str, str]], str]], expected: list[tuple[list[tuple[str, str]], str]]
) -> bool:
    """The same actors, and each practice starting as expected (the whole of it as printed)."""
    return len(read) == len(expected) and all(
        actors == want and practice.startswith(start)
        for (actors, practice), (want, start) in zip(read, expected, strict=True)
    )


def test_a_province_s_items_name_places_and_zones_inside_it() -> None:
    """湖南省's notice as 永州市 relays it. GB/T 2260 (data/divisions/divisions.tsv, 2023):
    431103 冷水滩区, 431100 永州市, 431181 祁阳市, 431129 江华瑶族自治县, written 江华县; the
    zones 祁阳高新区 and 江华高新区 lie in the places their names hold."""
    assert _matches(
        _relayed_items("hunan-2023-relayed-items.txt", 2023, "430000"),
        [
            ([("冷水滩区", "431103")], "推动高质量发展"),
            ([("永州市", "431100"), ("祁阳高新区", "431181")], "深化“放管服”"),
            ([("江华县", "431129")], "营商环境改善"),
            ([("永州市", "431100")], "社会信用体系"),
            ([("永州市", "431100"), ("祁阳市", "431181")], "促进工业高质量"),
            ([("江华高新区", "431129")], "“五好”园区创"),
            ([("永州市", "431100"), ("江华高新区", "431129")], "打造具有核心竞"),
        ],
    )


def test_a_municipality_s_items_in_traditional_script_with_a_comma_before_the_last_actor() -> None:
    """重庆市's notice as a traditional-script mirror relays it. GB/T 2260 (2021): 500101 万州区,
    500114 黔江区, 500229 城口县, 500230 丰都县, 500236 奉节县, 500238 巫溪县, 500240 石柱土家族自治县
    (石柱縣), 500243 彭水苗族土家族自治县 (彭水縣), 500108 南岸区, 500112 渝北区, 500109 北碚区,
    500156 武隆区, 500103 渝中区, 500105 江北区; 兩江新區, a new area, lies in 重庆市."""
    assert _matches(
        _relayed_items("chongqing-2021-relayed-items-hant.txt", 2021, "500000"),
        [
            (
                [
                    ("萬州區", "500101"),
                    ("黔江區", "500114"),
                    ("城口縣", "500229"),
                    ("豐都縣", "500230"),
                    ("奉節縣", "500236"),
                    ("巫溪縣", "500238"),
                    ("石柱縣", "500240"),
                    ("彭水縣", "500243"),
                ],
                "在動態解決“",
            ),
            (
                [
                    ("黔江區", "500114"),
                    ("南岸區", "500108"),
                    ("渝北區", "500112"),
                    ("北碚區", "500109"),
                    ("武隆區", "500156"),
                ],
                "在全面落實“",
            ),
            (
                [
                    ("渝中區", "500103"),
                    ("江北區", "500105"),
                    ("南岸區", "500108"),
                    ("渝北區", "500112"),
                    ("兩江新區", "500000"),
                ],
                "在嚴厲打擊非",
            ),
        ],
    )


def test_a_relay_per_actor_of_a_national_notice() -> None:
    """滨海新区 is 120116 (GB/T 2260, 2020)."""
    assert _matches(
        _relayed_items("tianjin-2020-relayed-items.txt", 2020, "120000"),
        [
            ([("滨海新区", "120116")], "促进社会投资"),
            ([("滨海新区", "120116")], "大力培育发展"),
        ],
    )
