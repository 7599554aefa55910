"""What makes a name look spoiled rather than unknown: the checks that keep a name the
tables do not know (spoiled, or printed with a look-alike) out of the practice and out of
a zone's name (README, "How actors are read"). They read the names of one notice's year
(names.py); actors.py asks them where a reading would otherwise go on silently."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from itertools import pairwise

from .names import LONGEST_ZONE, NAME_RUN, NameIndex, name_index
from .segment import words

# The last character of every level of division name (GB/T 2260 names end in one).
_LEVEL_CHARACTERS = frozenset("省市区县州盟旗")
# Tags of one-character words that begin a predicate even alone: prepositions, conjunctions.
_LONE_PREDICATE_TAGS = frozenset({"p", "c"})
# Tags jieba gives a character it has no word for (x) or only as a morpheme (zg: 巿, 陽).
_UNKNOWN_CHARACTER_TAGS = frozenset({"x", "zg"})
# Tags of place and personal names (宁东 ns; 杨|凌 nr, a name fallen apart). A practice
# starts with what was done (推进, 以, 全力打造: measured on both real notices, none starts
# with a name), so a name first after an actor is a name the tables do not know.
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg"})
# Zone suffixes long enough that a run one character off them is a spoil, not a word:
# 自贸试验区 (示范区 is one off 示范园区's 示范 and many more).
_SHORTEST_NEAR_SUFFIX = 4
# Level characters that stand alone in no zone's name (区 does: 新区, 片区 are split so).
_LONE_LEVELS = _LEVEL_CHARACTERS - {"区"}


class NameDoubts:
    """The checks, over the names of one notice's year; built once per NameIndex."""

    def __init__(self, names: NameIndex) -> None:
        self.names = names
        self._endings: dict[str, frozenset[str]] = {}  # region code → its names' endings
        # region code → its names under one-off keys, and the keys' lengths (near_names)
        self._near: dict[str | None, tuple[dict[str, tuple[str, ...]], tuple[int, ...]]] = {}

    def name_shaped_end(self, text: str, pos: int, within: str | None = None) -> int | None:
        """End of a name-shaped run at ``pos``, the text right after an actor located in
        ``within``. Before the predicate starts, a name-shaped word is one that begins a
        division's name (漯河, 张家口, 调兵山; not 南疆 or 黄沙), a lone level character
        (省, 市, 区 …), a word that ends the name of a division inside ``within`` (幄|州市 in
        浙江省, where 杭州市 ends so), or a character no dictionary knows (大连|㟶). Such a run
        after an actor is a name the tables do not know (spoiled, or printed with a
        look-alike), never the practice. So is a run that starts with a word tagged a place
        or personal name (宁东|能源化工基帤, 杨|凌农业高新技术产业示范薨: a zone whose ending
        was spoiled).

        The predicate starts at a dictionary word of two characters or more that begins one
        (推进, 大力), or at a lone preposition or conjunction (在朝阳区试点: 在); a lone verb
        does not end the run, since a spoiled name falls apart into single characters."""
        run = NAME_RUN.match(text, pos, pos + LONGEST_ZONE)
        if run is None:
            return None
        endings = self._name_endings(within) if within is not None else frozenset()
        end = None
        for word in words(run[0], hmm=False):
            # a place's name first (大连 is tagged an adverb), then the predicate
            named = (
                self.names.all_names.begins_some_name(word.text)
                or (word.start == 0 and self.names.all_names.begins_some_name(run[0][:2]))  # 唐|山|巿
                or (word.tag in _NAME_TAGS and (word.start == 0 or end == pos + word.start))  # 杨|凌
            )
            if (
                not named
                and word.begins_predicate
                and (len(word.text) > 1 or word.tag in _LONE_PREDICATE_TAGS)
            ):
                break
            if (
                named
                or word.text in _LEVEL_CHARACTERS
                or word.text in endings
                or (word.tag == "x" and word.text.isalpha())  # a CJK character, not a blank or a mark
            ):
                end = pos + word.end
            elif end == pos + word.start and word.tag in _UNKNOWN_CHARACTER_TAGS:
                end = pos + word.end  # 漯河|巿: a character no dictionary knows goes on the name
        return end

    def _name_endings(self, within: str) -> frozenset[str]:
        """The last two to four characters of every division name inside ``within``."""
        found = self._endings.get(within)
        if found is None:
            names = [d.name for d in self.names.descendants(within)]
            found = frozenset(n[-k:] for n in names for k in range(2, 5) if len(n) > k)
            self._endings[within] = found
        return found

    def near_names(
        self, text: str, within: str | None, *, anywhere: bool = True
    ) -> list[tuple[str, str, int]]:
        """(name, run, end of the run) for every run of ``text`` (or only those at its start)
        that is one character off a division name of the notice's year inside ``within``
        (anywhere without it), of three characters or more, with the same last character:
        one character replaced (滨大新区, 张及市) or left out (东新区 for 浦东新区). A run that
        is a division name itself is no typo."""
        index, lengths = self._near_index(within)
        found: set[tuple[str, str, int]] = set()
        for at in range(len(text)) if anywhere else (0,):
            # anywhere, a run of two characters is too often one off some name to mean anything
            for length in (n for n in lengths if n >= 3 or not anywhere):
                run = text[at : at + length]
                if len(run) < length:
                    continue
                keys = [f"-{run}", *(f"{run[:i]}?{run[i + 1 :]}" for i in range(length))]
                # the same last character: a name's ending (市, 新区) stands, the run is a name's
                # run; 营口片|区 is no typo of 营口市
                names = {name for key in keys for name in index.get(key, ()) if name[-1] == run[-1]}
                if names and not self.names.gazetteer.names_at(run, None):
                    found.update((name, run, at + length) for name in names)
        return sorted(found)

    def _near_index(self, within: str | None) -> tuple[dict[str, tuple[str, ...]], tuple[int, ...]]:
        """Division names of three characters or more inside ``within`` under every one-off
        key: 濮阳?, 濮?市 … (a character replaced) and -濮阳, -濮市 … (one left out)."""
        cached = self._near.get(within)
        if cached is None:
            own = self.names.gazetteer.by_code.get(within) if within else None  # not if of an earlier year
            names = (
                [d.name for d in ([own] if own else []) + self.names.descendants(within)]
                if within
                else self.names.gazetteer.names()
            )
            long_names = {n for n in names if len(n) >= 3}
            index: dict[str, set[str]] = defaultdict(set)
            for name in long_names:
                for i in range(len(name)):
                    index[f"{name[:i]}?{name[i + 1 :]}"].add(name)
                    index[f"-{name[:i]}{name[i + 1 :]}"].add(name)
            lengths = sorted({k for n in long_names for k in (len(n), len(n) - 1)})
            cached = ({key: tuple(sorted(found)) for key, found in index.items()}, tuple(lengths))
            self._near[within] = cached
        return cached

    def near_names_hint(self, printed: str, within: str | None = None) -> str:
        """ " (one character off: 漯河市 for 漯河巿?)", or "" when no name is near."""
        found = [f"{name} for {run}" for name, run, _ in self.near_names(printed, within)]
        return f" (one character off: {'; '.join(found[:3])}?)" if found else ""

    def zone_doubt(self, name: str, within: str | None) -> str | None:
        """Why ``name``, read as a zone by its ending, may be a spoiled name rather than a
        zone: it holds a character no dictionary knows (杨㬒), it ends in a whole division
        name that was not read as one (天津巿|滨海新区), or a run of it is one character off
        a division name (滨大新区 for 滨海新区); None when nothing speaks against it."""
        segmented = words(name, hmm=False)
        unknown = [w.text for w in segmented if w.tag in _UNKNOWN_CHARACTER_TAGS and w.text.isalpha()]
        if unknown:
            return f"{'、'.join(unknown)} is in no dictionary word"
        for before, word in pairwise(segmented):
            # a level character standing alone after what is no division: 珠|市 (珠海市, 海 left out)
            if word.text in _LONE_LEVELS and not any(
                name[at : word.end] in self.names.all_names for at in range(word.start)
            ):
                return f"{before.text}{word.text} reads as a division's name, but no division is so named"
        own = self._own_name_start(name)
        if own is not None and len(own) == 1 and own.isalpha():
            return f"the zone's own name begins with the lone character {own} (a character left out?)"
        near = self._near_zone_suffix(name)
        if near is not None:
            return near
        for division in self.names.descendants(within) if within else ():
            if name.endswith(division.name) and len(name) > len(division.name):
                return f"it ends in the division name {division.name}"
        # runs of whole words only (the segmenter's, unknown words found: 雄安|新区): 横琴新区
        # holds 琴新区, one off 清新区, and 河北雄安新区 安新区, one off 安次区, across words
        boundaries = words(name)
        starts, ends = {w.start for w in boundaries}, {w.end for w in boundaries}
        for division_name, run, run_end in self.near_names(name, within):
            if run_end - len(run) in starts and run_end in ends:
                return f"{run} is one character off {division_name}"
        return None

    def _own_name_start(self, name: str) -> str | None:
        """The first word of a zone's name after the division and province names it starts
        with (陕西省|杨凌农业…示范区 → 杨凌农业…示范区; 辽宁|自贸 → 自贸); None if nothing follows."""
        for word in words(name):
            if word.text not in self.names.all_names and word.text not in self.names.short_provinces:
                return word.text
        return None

    def _near_zone_suffix(self, name: str) -> str | None:
        """A run one character off a long zone suffix (自贸试验|营口片区: 自贸试验区 with 区
        left out, or one replaced), outside any place the suffix itself is printed."""
        printed = [
            (at, at + len(suffix))
            for suffix in self.names.curated.zone_suffixes
            for at in range(len(name))
            if name.startswith(suffix, at)
        ]
        for suffix in (s for s in self.names.curated.zone_suffixes if len(s) >= _SHORTEST_NEAR_SUFFIX):
            for at in range(len(name)):
                for run in (name[at : at + len(suffix) - 1], name[at : at + len(suffix)]):
                    off = (
                        len(run) == len(suffix) and sum(a != b for a, b in zip(run, suffix, strict=True)) == 1
                    )
                    left_out = len(run) == len(suffix) - 1 and any(
                        suffix[:i] + suffix[i + 1 :] == run for i in range(len(suffix))
                    )
                    inside = any(start < at + len(run) and at < end for start, end in printed)
                    if (off or left_out) and not inside:
                        return f"{run} is one character off {suffix}"
        return None


@cache
def name_doubts(year: int) -> NameDoubts:
    """The checks over the names of ``year``, made once a year like name_index."""
    return NameDoubts(name_index(year))
