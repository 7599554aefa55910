"""Find and decode notice files: UTF-8 only (BOM and CRLF accepted), NFC once, here."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from .characters import reading_form
from .records import SourceRecord

MAX_BYTES = 2_000_000  # the seed is 6 KB; the longest notice of the genre is far below this

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def find_notice_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their ``*.txt`` files; keep the given order, drop duplicates."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.txt"))
            if not files:
                raise InputError(
                    "folder holds no *.txt notice", path=path, fix="pass notice files or a folder of them"
                )
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=path, fix="check the path")
    unique: dict[Path, Path] = {}  # resolved path → path as given, first one wins
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def read_source(path: Path) -> SourceRecord:
    """Read one notice; refuse anything that is not a UTF-8 text of sensible size."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one notice",
            path=path,
            fix="split the file into one notice per file",
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("file is empty", path=path, fix="pass the text of a notice")
    if raw.startswith(_UTF16_BOMS) or b"\x00" in raw:
        raise InputError(
            "file is UTF-16 or binary, not UTF-8 text",
            path=path,
            fix="re-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
        )
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
            fix="if it is GB18030/GBK, convert it: iconv -f GB18030 -t UTF-8",
        ) from None
    text = unicodedata.normalize("NFC", decoded.replace("\r\n", "\n").replace("\r", "\n"))
    _refuse_invisible(text, path)
    return SourceRecord(
        path=path,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        stem=path.stem,
        reading=reading_form(text),
    )


# Characters no notice needs and that break things downstream: C0/C1 controls (XML 1.0,
# hence GraphML and SVG, cannot carry them) and invisible formatting characters that make
# a name look right and fail to match (a zero-width space inside 濮阳市).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _refuse_invisible(text: str, path: Path) -> None:
    match = _INVISIBLE.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise InputError(
        f"invisible or control character U+{ord(match.group()):04X} at column {column}",
        path=path,
        line=line,
        fix="delete it (an editor that shows invisible characters helps)",
    )
