"""A synthetic corpus of notices of the genre, for tests and benchmarks (not shipped data).

Each notice names real divisions of its year, drawn from the division table: provinces,
prefectures and counties, written with their full chain or with levels skipped where the
name stays unambiguous, one or two actors per item, in one of the numbering styles of the
genre. Deterministic for a given seed. The generator knows what each actor must resolve
to, so a test can check the builder against it.

    python -m tests.corpus OUT_DIR --notices 100 --seed 7
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from inspection_kg.read.records import Division
from inspection_kg.resolve.gazetteer import Gazetteer, gazetteer_for_year

PRACTICES = [
    "深化“放管服”改革优化营商环境",
    "推行“一网通办”提升政务服务效能",
    "开展“送政策、送岗位、送服务”活动稳就业",
    "打造“城市大脑”提升治理能力",
    "推进农村饮水安全工程建设",
    "实施减税降费为市场主体减负",
    "建立企业投资项目审批“容缺受理”机制",
    "探索“互联网+监管”新模式",
    "优化税务服务实现“最多跑一次”",
    "加快推动先进制造业高质量发展",
    "创新“1234”工作法保障重点群体就业",
    "构建疫情防控“一图一码”机制",
]
NUMBERING = ["{n}．", "{n}.", "{n}、", "（{n}）"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class GeneratedNotice:
    name: str  # file stem, e.g. guobanfa-2018-901
    text: str
    expected: dict[int, list[str]]  # ordinal → region codes of its actors, in order


def _written(division: Division, gazetteer: Gazetteer, rng: random.Random) -> str:
    """The division as an item would write it: its chain from the province, sometimes
    with the middle level left out when the name alone is unambiguous in its province."""
    chain = [division, *gazetteer.ancestors(division.code)]
    chain.reverse()
    if len(chain) == 3 and rng.random() < 0.3:
        province, _, county = chain
        if len(gazetteer.names_at(county.name, province.code)) == 1:
            return province.name + county.name
    return "".join(d.name for d in chain)


def _reads_back(written: str, division: Division, gazetteer: Gazetteer) -> bool:
    """True when the written chain reads, name by name and without ambiguity, as
    ``division`` (a filter: the builder is checked against the expectation, not this)."""
    rest, within = written, None
    last: Division | None = None
    while rest:
        candidates = gazetteer.names_at(rest, within)
        if len(candidates) != 1:
            return False
        last = candidates[0]
        rest, within = rest[len(last.name) :], last.code
    return last is not None and last.code == division.code


def generate_notice(seed: int, index: int, year: int, items: int) -> GeneratedNotice:
    rng = random.Random(f"{seed}-{index}-{year}")
    gazetteer = gazetteer_for_year(year)
    divisions = sorted(gazetteer.by_code.values(), key=lambda d: d.code)
    number = 900 + index
    style = rng.choice(NUMBERING)
    full_width = rng.random() < 0.3
    lines: list[str] = []
    expected: dict[int, list[str]] = {}
    ordinal = 0
    while ordinal < items:
        actors = rng.sample(divisions, rng.choice([1, 1, 1, 2]))
        written = [_written(d, gazetteer, rng) for d in actors]
        if not all(_reads_back(w, d, gazetteer) for w, d in zip(written, actors, strict=True)):
            continue
        if len({d.code for d in actors}) != len(actors):
            continue
        ordinal += 1
        label = style.format(n=ordinal)
        if full_width:
            label = label.translate(FULL_WIDTH)
        lines.append(f"{label}{'、'.join(written)}{rng.choice(PRACTICES)}。")
        expected[ordinal] = [d.code for d in actors]
    text = "\n".join(
        [
            "国务院办公厅关于对国务院第九次大督查",
            "发现的典型经验做法给予表扬的通报",
            f"国办发〔{year}〕{number}号",
            "",
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            f"国务院部署开展了第九次大督查。经国务院同意，对有关地区等{items}项典型经验做法予以通报表扬。",
            "",
            f"附件：国务院第九次大督查发现的典型经验做法（共{items}项）",
            "国务院办公厅",
            f"{year}年12月1日",
            "（此件公开发布）",
            "",
            "附件",
            "",
            "国务院第九次大督查发现的典型经验做法",
            *lines,
            "",
        ]
    )
    return GeneratedNotice(f"guobanfa-{year}-{number}", text, expected)


def generate_corpus(out: Path, notices: int, seed: int = 7) -> list[GeneratedNotice]:
    """``notices`` notices with 20–130 items each, years 2016–2024, written into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    corpus = []
    for index in range(notices):
        notice = generate_notice(seed, index, rng.randint(2016, 2024), rng.randint(20, 130))
        (out / f"{notice.name}.txt").write_text(notice.text, encoding="utf-8")
        corpus.append(notice)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write a synthetic corpus of notices (tests and benchmarks)."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--notices", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus = generate_corpus(args.out, args.notices, args.seed)
    print(f"wrote {len(corpus)} notices, {sum(len(n.expected) for n in corpus)} items into {args.out}")


if __name__ == "__main__":
    main()
