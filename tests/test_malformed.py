"""The catalogue of malformed inputs: each case, the exit code and the message it must get.

Every refusal: exit code 2, one line naming the file (and the line where there is one) and
how to fix it, no traceback, and the previous dataset in --out left as it was."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspection_kg.cli import main

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _line_of(fragment: str) -> int:
    return next(i for i, line in enumerate(LINES, start=1) if fragment in line)


def _swap(old: str, new: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        assert old in TEXT, old
        path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")

    return write


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _drop_line(fragment: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(
        "\n".join(line for line in LINES if fragment not in line), encoding="utf-8"
    )


def _keep_from(fragment: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(TEXT[TEXT.index(fragment) :], encoding="utf-8")


def _exchange_lines(first: str, second: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        a, b = _line_of(first) - 1, _line_of(second) - 1
        lines = list(LINES)
        lines[a], lines[b] = lines[b], lines[a]
        path.write_text("\n".join(lines), encoding="utf-8")

    return write


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], None]
    exit_code: int
    message: str  # a part of the one-line message ("" for accepted inputs)
    line: int | None = None  # the line the message must name


CASES = [
    Case("empty file", _bytes(b""), 2, "file is empty"),
    Case("only blanks", _bytes(" \n\u3000\n".encode()), 2, "file holds only blanks"),
    Case("binary file", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 2, "UTF-16 or binary"),
    Case("UTF-16", _bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")), 2, "iconv -f UTF-16 -t UTF-8"),
    Case("GB18030", _bytes(TEXT.encode("gb18030")), 2, "iconv -f GB18030 -t UTF-8", 2),
    Case("UTF-8 BOM (accepted)", _bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")), 0, ""),
    Case("CRLF line ends (accepted)", _bytes(TEXT.replace("\n", "\r\n").encode("utf-8")), 0, ""),
    Case("full-width spaces (accepted)", _swap("22．河南省", "\u3000\u300022．河南省"), 0, ""),
    Case(
        "zero-width space in a name",
        _swap("濮阳市探索", "濮\u200b阳市探索"),
        2,
        "invisible or control character U+200B",
        49,
    ),
    Case("control character", _swap("濮阳市探索", "濮阳市\x07探索"), 2, "control character U+0007", 49),
    Case("missing title", _keep_from("国办发〔2020〕46号"), 2, "no title above the 发文字号"),
    # a portal's copy often prints no 发文字号: the notice is keyed by issuer, date and title
    Case("missing 发文字号 (accepted)", _drop_line("国办发〔2020〕46号"), 0, ""),
    Case("malformed 发文字号", _swap("国办发〔2020〕46号", "国办发〔2020〕号"), 2, "malformed 发文字号", 4),
    Case("missing date", _drop_line("2020年11月19日"), 2, "no date line"),
    Case(
        "impossible date",
        _swap("2020年11月19日", "2020年2月30日"),
        2,
        "impossible date",
        _line_of("2020年11月19日"),
    ),
    Case(
        "missing attachment",
        lambda p: p.write_text(TEXT[: TEXT.index("\n附件\n")], encoding="utf-8"),
        2,
        "no practices found: expected an attachment",
    ),
    Case(
        "attachment without items",
        lambda p: p.write_text(TEXT[: TEXT.index("1．北京市")], encoding="utf-8"),
        2,
        "lists no numbered items",
    ),
    Case("duplicate ordinal", _swap("23．河南省漯河市", "22．河南省漯河市"), 2, "item number 22 repeats", 50),
    Case("missing ordinal", _drop_line("23．河南省漯河市"), 2, "item number 24 skips"),
    Case(
        "out-of-order ordinals",
        _exchange_lines("23．河南省漯河市", "24．河南省鹤壁市"),
        2,
        "item number 24 is out of order",
        50,
    ),
    Case(
        "date before the division table",
        _swap("2020年11月19日", "1979年11月19日"),
        2,
        "before the division table's first year (1980)",
        _line_of("2020年11月19日"),
    ),
    # read against the table's last year, and said
    Case(
        "date after the division table (accepted)", _swap("2020年11月19日", "2025年11月19日"), 0, "warning: "
    ),
    Case("declared count ≠ items", _swap("等43项", "等44项"), 2, "declares 44 practices", 9),
    Case(
        "item with no actor",
        _swap("12．上海市徐汇区运用", "12．运用"),
        2,
        "item 12: no actor before the practice",
        39,
    ),
    Case(
        "unknown place",
        _swap("43．新疆生产建设兵团", "43．火星开发区"),
        2,
        "cannot resolve the actor '火星开发区",
        70,
    ),
    Case(
        "ambiguous name",
        _swap("12．上海市徐汇区", "12．城区"),
        2,
        "'城区' is ambiguous in the 2020 division table",
        39,
    ),
    Case(
        "unknown organ prefix",
        _swap("国办发〔2020〕46号", "国办乙〔2020〕46号"),
        0,  # kept as printed (key guobanyi-2020-46), with a warning
        "warning: ",
    ),
    Case(
        "unknown issuing organ",
        _swap("\n国务院办公厅\n2020年", "\n火星办公厅\n2020年"),
        2,
        "cannot read the issuing organ '火星办公厅'",
    ),
    Case(
        "a line that is not an item",
        _swap("23．河南省漯河市", "河南省漯河市"),
        2,
        "expected a numbered item",
        50,
    ),
    Case(
        "title without a document type",
        _swap("给予表扬的通报", "给予表扬"),
        2,
        "does not end with a statutory document type",
    ),
    Case(
        "50 MB file",
        lambda p: p.write_bytes(TEXT.encode("utf-8") * (50 * 2**20 // len(TEXT.encode("utf-8")) + 1)),
        2,
        "over the 2,000,000-byte limit",
    ),
]


def test_the_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_case_gets_its_exit_code_and_message(
    tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = tmp_path / "notice.txt"
    case.write(notice)
    out = tmp_path / "out"
    out.mkdir()
    (out / "inspection-kg.nt").write_text("the previous dataset\n", encoding="utf-8")
    assert main(["build", str(notice), "--out", str(out), "-q"]) == case.exit_code
    err = capsys.readouterr().err
    if case.exit_code == 0:
        assert case.message in err if case.message else err == ""
        assert (out / "inspection-kg.ttl").is_file()
        return
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert case.message in lines[0], lines[0]
    assert str(notice) in lines[0] and "fix:" in lines[0] and "Traceback" not in err
    if case.line is not None:
        assert f"{notice}:{case.line}:" in lines[0]
    assert sorted(p.name for p in out.iterdir()) == ["inspection-kg.nt"]
    assert (out / "inspection-kg.nt").read_text(encoding="utf-8") == "the previous dataset\n"
