"""A spoiled actor name is read right or refused, never read silently as something else.

Each case spoils the printed actor text of one item of a real notice (data/notices/) and
reads the whole notice again. The spoiled item must come out either RIGHT (the organisations
and regions of the hand-made list in tests/fixtures/actors/, the whole printed practice
left as the practice) or REFUSED (a problem, or the raised InputError, names the item's
line). SILENT is the failure this file exists for: read without a problem on that line but
otherwise, e.g. 辽宁省调䶟山市大力发展… read as 辽宁省 with the practice 调䶟山市大力发展…;
a spoil that changes any other item counts as SILENT too, and a refusal that names other
lines only (MISPLACED) or any other exception (CRASHED) fails as well. The spoils: a
character replaced by one found in no division name, or by one found in some (a
real-looking but wrong name), a character deleted, and the look-alikes and variants a
notice may carry: 巿 for 市, traditional script, the other width of a digit or a
punctuation mark, a space after the actor. A draw that turns a name into another real one
(北京市西城区 → 北京市东城区) is drawn again: no reader can tell it from the real thing.

The cases are drawn with fixed seeds (random.Random, not hypothesis), so each run reads the
same few thousand notices in well under a minute; the number of tries of each kind is
asserted, so the suite cannot shrink. Run with -s to see the outcome counts of each kind."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc
import pytest
import yaml

from inspection_kg.errors import InputError, InputErrors
from inspection_kg.pipeline import NoticeReading, read_notice
from inspection_kg.read.records import ResolvedItemRecord

from .conftest import ACTOR_LISTS, REAL_NOTICES, REPO, SeedActor, read_actor_list

STEMS = ("guobanfa-2018-108", "guobanfa-2020-46")
DIVISIONS = REPO / "data" / "divisions" / "divisions.tsv"
DEPARTMENTS = REPO / "data" / "curated" / "departments.yaml"
SEED = 20201119  # the date of 国办发〔2020〕46号
# Characters a reader may find between an actor and its practice (the hand list drops ，：).
GAP = " \u3000，：,:"
# Each digit and punctuation mark of an item's head with its other-width form.
WIDTHS = {
    **{str(d): chr(0xFF10 + d) for d in range(10)},
    ".": "．",
    ",": "，",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "、": "､",  # U+FF64 HALFWIDTH IDEOGRAPHIC COMMA
}
WIDTHS |= {other: one for one, other in WIDTHS.items()}
SHI_LOOKALIKE = "\u5dff"  # 巿 (fú), printed like 市


# --- the real notices, their items and the hand-made reading ---------------------------


@dataclass(frozen=True)
class Item:
    """One item of a real notice: its printed line cut into head, actor and practice."""

    stem: str
    text: str  # the whole notice
    line: int  # 1-based line number of the item
    head: str  # "22．"
    actor: str  # as the hand-made list prints it: "河南省水利厅、濮阳市"
    practice: str  # as the unspoiled notice is read: "探索供水“四化”新路径保障农村饮水安全"
    want: SeedActor

    @property
    def printed(self) -> str:
        return self.text.split("\n")[self.line - 1]


Read = tuple[int, str, tuple[str, ...], tuple[str, ...]]


def read_as(item: ResolvedItemRecord) -> Read:
    """An item as test_real_notices compares it with the hand-made list: ordinal, actor
    text, organisation keys, region codes."""
    return (
        item.item.ordinal,
        item.actor_span.text,
        tuple(a.agent.key for a in item.actors if a.agent is not None),
        tuple(d.code for a in item.actors for d in a.regions),
    )


def listed_as(want: SeedActor) -> Read:
    """A row of the hand-made list in the form of read_as."""
    return (want.ordinal, want.attribution, want.agents, tuple(chain[0][0] for chain in want.regions))


@cache
def real_items() -> tuple[Item, ...]:
    """Every item of both real notices; each unspoiled notice is read as its hand list says."""
    items = []
    for stem in STEMS:
        path = REAL_NOTICES / f"{stem}.txt"
        text = path.read_text(encoding="utf-8")
        reading = read_notice(path)
        expected = read_actor_list(ACTOR_LISTS / f"{stem}.tsv")
        assert not reading.problems, stem
        assert [read_as(i) for i in reading.notice.items] == [listed_as(w) for w in expected], stem
        for read, want in zip(reading.notice.items, expected, strict=True):
            printed = text.split("\n")[read.item.span.line - 1]
            head = re.match(r"\s*\d+[.．]\s*", printed)
            assert head is not None and printed[head.end() :].startswith(want.attribution), printed
            items.append(
                Item(
                    stem,
                    text,
                    read.item.span.line,
                    head.group(),
                    want.attribution,
                    read.practice_span.text,
                    want,
                )
            )
    return tuple(items)


def labels(item: ResolvedItemRecord) -> tuple[str, ...]:
    """The names of an item's organisations: a zone's is made of the printed text, so a
    spoiled zone name with the same key (埬湖 reads dōng hú like 东湖) shows here."""
    return tuple(a.agent.label_zh for a in item.actors if a.agent is not None)


@cache
def baseline(stem: str) -> dict[int, tuple[Read, str, tuple[str, ...]]]:
    """The items of an unspoiled notice by ordinal: as read_as, the practice, the labels."""
    reading = read_notice(REAL_NOTICES / f"{stem}.txt")
    return {i.item.ordinal: (read_as(i), i.practice_span.text, labels(i)) for i in reading.notice.items}


# --- what a spoil may not produce by chance: another real name ---------------------------


@cache
def division_rows() -> tuple[tuple[str, str, str], ...]:
    """(code, name, parent code) of every row of data/divisions/divisions.tsv, all years."""
    lines = DIVISIONS.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert rows[0][:4] == ["code", "name", "level", "parent"], rows[0]
    return tuple((code, name, parent) for code, name, _level, parent, *_ in rows[1:])


@cache
def real_names() -> frozenset[str]:
    """Every division name, alone and after the names of its parent and grandparent (of any
    year): what a spoil may turn a name into without the reader being able to tell
    (北京市西城区 → 北京市东城区)."""
    names: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    for code, name, parent in division_rows():
        names.setdefault(code, set()).add(name)
        if parent:
            parents.setdefault(code, set()).add(parent)
    chains: set[str] = set()
    for code, own in names.items():
        for name in own:
            chains.add(name)
            for parent in parents.get(code, ()):
                for above in names.get(parent, ()):
                    chains.add(above + name)
                    for grandparent in parents.get(parent, ()):
                        for top in names.get(grandparent, ()):
                            chains |= {top + name, top + above + name}
    return frozenset(chains)


@cache
def departments() -> tuple[str, ...]:
    """The department names of data/curated/departments.yaml (水利厅)."""
    return tuple(yaml.safe_load(DEPARTMENTS.read_text(encoding="utf-8"))["departments"])


def is_real_name(part: str) -> bool:
    """A division name (after its parents') or such a name followed by a department."""
    return part in real_names() or any(
        part.endswith(d) and part[: -len(d)] in real_names() for d in departments()
    )


def names_another_place(actor: str, spoiled: str) -> bool:
    """Whether a part of the spoiled actor text (parts split at 、) that the spoil changed is
    itself a real name: then reading it is right, and the case is drawn again."""
    before = set(actor.split("、"))
    return any(is_real_name(part) for part in spoiled.split("、") if part not in before)


@cache
def division_characters() -> tuple[str, ...]:
    """The CJK characters of the division names: real-looking replacements."""
    return tuple(sorted({c for _, name, _ in division_rows() for c in name if "\u3400" <= c <= "\u9fff"}))


@cache
def foreign_characters() -> tuple[str, ...]:
    """CJK characters (U+4E00–U+9FFF, U+3400–U+4DBF) found in no division name."""
    used = set(division_characters())
    cjk = [*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)]
    return tuple(chr(c) for c in cjk if chr(c) not in used)


# --- the spoils: each yields (item, spoiled line, spoiled actor text) -----------------------


@dataclass(frozen=True)
class Spoil:
    item: Item
    printed: str  # the item's line as spoiled
    actor: str  # the actor text as spoiled


def _replaced(item: Item, actor: str, *, after: str = "") -> Spoil:
    """The item with its actor text printed as ``actor`` (and ``after`` before the practice)."""
    start = len(item.head)
    rest = item.printed[start + len(item.actor) :]
    return Spoil(item, item.printed[:start] + actor + after + rest, actor)


def _drawn(count: int, seed: int, spoil: Callable[[random.Random, Item], str]) -> Iterator[Spoil]:
    """``count`` spoils of items drawn uniformly; a draw that leaves the text unchanged or
    makes another real name is drawn again."""
    rng, items, made = random.Random(seed), real_items(), 0
    while made < count:
        item = rng.choice(items)
        actor = spoil(rng, item)
        if actor == item.actor or names_another_place(item.actor, actor):
            continue
        made += 1
        yield _replaced(item, actor)


def _one_replaced(pool: Callable[[], tuple[str, ...]]) -> Callable[[random.Random, Item], str]:
    def spoil(rng: random.Random, item: Item) -> str:
        at = rng.randrange(len(item.actor))
        return item.actor[:at] + rng.choice(pool()) + item.actor[at + 1 :]

    return spoil


def _one_deleted(rng: random.Random, item: Item) -> str:
    at = rng.randrange(len(item.actor))
    return item.actor[:at] + item.actor[at + 1 :]


def foreign_character() -> Iterator[Spoil]:
    return _drawn(500, SEED + 1, _one_replaced(foreign_characters))


def division_character() -> Iterator[Spoil]:
    return _drawn(300, SEED + 2, _one_replaced(division_characters))


def deleted_character() -> Iterator[Spoil]:
    return _drawn(300, SEED + 3, _one_deleted)


def shi_lookalike() -> Iterator[Spoil]:
    """Every 市 of every actor text, one at a time, printed as 巿."""
    for item in real_items():
        for at, char in enumerate(item.actor):
            if char == "市":
                yield _replaced(item, item.actor[:at] + SHI_LOOKALIKE + item.actor[at + 1 :])


def traditional() -> Iterator[Spoil]:
    """Every actor text that traditional script prints otherwise, converted whole."""
    convert = opencc.OpenCC("s2t").convert
    for item in real_items():
        if (actor := convert(item.actor)) != item.actor:
            yield _replaced(item, actor)


def other_width() -> Iterator[Spoil]:
    """Every digit and punctuation mark of the head, the actor text and the mark right
    after it (22．, 、, ，), one at a time, in its other width."""
    for item in real_items():
        start = len(item.head)
        end = start + len(item.actor) + 1
        for at, char in enumerate(item.printed[:end]):
            if char in WIDTHS and (at < start + len(item.actor) or char in GAP):
                printed = item.printed[:at] + WIDTHS[char] + item.printed[at + 1 :]
                yield Spoil(item, printed, printed[start : start + len(item.actor)])


def space_after_actor() -> Iterator[Spoil]:
    """Every item with a space, then with an ideographic space, between actor and practice."""
    for item in real_items():
        for space in (" ", "\u3000"):
            yield _replaced(item, item.actor, after=space)


# kind: (spoils, the fewest tries it must make)
KINDS: dict[str, tuple[Callable[[], Iterator[Spoil]], int]] = {
    "foreign-character": (foreign_character, 500),
    "division-character": (division_character, 300),
    "deleted-character": (deleted_character, 300),
    "shi-lookalike": (shi_lookalike, 137),
    "traditional": (traditional, 120),
    "other-width": (other_width, 533),
    "space-after-actor": (space_after_actor, 346),
}


# --- reading a spoiled notice -----------------------------------------------------------


def _lines_named(error: InputError) -> set[int | None]:
    problems = error.problems if isinstance(error, InputErrors) else [error]
    return {problem.line for problem in problems}


def _shown(read: ResolvedItemRecord) -> str:
    ordinal, actor, _, regions = read_as(read)
    rules = ",".join(a.rule for a in read.actors)
    practice = read.practice_span.text[:16]
    return f"item {ordinal} actor {actor!r} {list(labels(read))} {list(regions)} ({rules}), practice {practice!r}…"


def outcome(spoil: Spoil, reading: NoticeReading | Exception) -> tuple[str, str]:
    """right, refused, silent, misplaced or crashed, and what was read."""
    item = spoil.item
    if not isinstance(reading, NoticeReading | InputError):
        return "crashed", f"{type(reading).__name__}: {reading}"
    if isinstance(reading, InputError):
        named = _lines_named(reading)
        if item.line in named:
            return "refused", str(reading)
        return "misplaced", f"refused, naming lines {sorted(named, key=str)} only: {reading}"
    named = {problem.line for problem in reading.problems}
    # Every other item as before (an item failed elsewhere is missing here).
    others = {i.item.ordinal: i for i in reading.notice.items if i.item.span.line != item.line}
    for ordinal, (was, practice, names) in baseline(item.stem).items():
        if ordinal == item.want.ordinal:
            continue
        now = others.get(ordinal)
        if now is None or (read_as(now), now.practice_span.text, labels(now)) != (was, practice, names):
            return "silent", f"item {ordinal} changed: {_shown(now) if now else 'missing'}"
    if item.line in named:
        return "refused", "; ".join(str(p) for p in reading.problems if p.line == item.line)
    read = next((i for i in reading.notice.items if i.item.span.line == item.line), None)
    if read is None:
        kind = "misplaced" if named else "silent"
        return kind, f"item left out, problems on lines {sorted(named, key=str)}"
    # The hand list's organisations and regions, under the unspoiled names, and the whole
    # printed practice as the practice (nothing of the actor text left in it).
    ordinal, _, agents, regions = read_as(read)
    want_ordinal, _, want_agents, want_regions = listed_as(item.want)
    right = (ordinal, agents, regions) == (want_ordinal, want_agents, want_regions)
    right = right and labels(read) == baseline(item.stem)[want_ordinal][2]
    if right and read.practice_span.text.lstrip(GAP) == item.practice:
        return "right", _shown(read)
    return "silent", _shown(read)


def read_spoiled(spoil: Spoil, folder: Path) -> NoticeReading | Exception:
    """Read the notice with the one line spoiled (under its own file name: the stem names it);
    what it raises is returned, so that one crash does not hide the other cases' outcomes."""
    lines = spoil.item.text.split("\n")
    lines[spoil.item.line - 1] = spoil.printed
    path = folder / f"{spoil.item.stem}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        return read_notice(path)
    except Exception as error:  # noqa: BLE001 -- an outcome like any other: outcome() sorts them
        return error


# Kinds that still have silent misreadings (issue 19 stays open for them): a character of a
# zone's name replaced so that its word becomes another dictionary word (宁东能源化工基地 →
# 宁东能源日工基地: 日工 is a word) reads as a zone of that name; no table of zones says it is
# not one. strict: a kind that starts passing fails here, so the mark is taken off.
_STILL_SILENT = {"division-character"}


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(
            kind,
            marks=pytest.mark.xfail(
                kind in _STILL_SILENT, reason="silent misreadings remain (issue 19)", strict=True
            ),
        )
        for kind in KINDS
    ],
)
def test_a_spoiled_actor_name_is_read_right_or_refused_never_silently(kind: str, tmp_path: Path) -> None:
    spoils, fewest = KINDS[kind]
    counts: Counter[str] = Counter()
    failures = []
    for spoil in spoils():
        result, shown = outcome(spoil, read_spoiled(spoil, tmp_path))
        counts[result] += 1
        if result in ("silent", "misplaced", "crashed"):
            where = f"{spoil.item.stem}:{spoil.item.line}"
            failures.append(f"{result.upper()} {where}: {spoil.printed[:40]!r} → {shown}")
    tries = sum(counts.values())
    print(
        f"\n{kind}: {tries} tries: {counts['right']} right, {counts['refused']} refused, "
        f"{counts['silent']} silent, {counts['misplaced']} misplaced, {counts['crashed']} crashed"
    )
    assert tries >= fewest, f"{kind}: {tries} tries, fewer than {fewest}"
    assert not failures, (
        f"{kind}: {len(failures)} of {tries} spoils not read right nor refused:\n" + "\n".join(failures[:20])
    )


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("allow_unresolved", [False, True])
def test_a_whole_notice_reposted_in_traditional_script_reads_as_the_original(
    stem: str, allow_unresolved: bool, tmp_path: Path
) -> None:
    """Every line converted by OpenCC's s2t, as a traditional-script mirror reposts a notice
    (國辦發〔2018〕108號, 遼寧省大連市): the same document number, the same actors, organisations
    and regions as the hand list, actor texts as printed (in traditional script); with
    --allow-unresolved too, where an unresolved reading as printed must not win."""
    text = (REAL_NOTICES / f"{stem}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{stem}-hant.txt"
    path.write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    reading = read_notice(path, allow_unresolved=allow_unresolved)
    assert not reading.problems
    notice = reading.notice
    assert notice.key.key == stem
    to_traditional = opencc.OpenCC("s2t").convert
    expected = [
        (o, to_traditional(actor), agents, regions)
        for o, actor, agents, regions in map(listed_as, read_actor_list(ACTOR_LISTS / f"{stem}.tsv"))
    ]
    assert [read_as(item) for item in notice.items] == expected
    assert all(actor.resolved for item in notice.items for actor in item.actors)
    assert notice.warnings  # each name read in its reading form is said
