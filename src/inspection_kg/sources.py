"""Find and decode notice files: UTF-8 only (BOM and CRLF accepted), NFC once, here."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from .errors import InputError
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
    return SourceRecord(
        path=path,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        stem=path.stem,
    )
