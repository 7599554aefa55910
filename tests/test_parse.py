"""Parser: every field of the seed, read against the source text, and layout errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from inspection_kg.errors import InputError
from inspection_kg.read.parse import parse_notice
from inspection_kg.read.records import NoticeRecord, Span
from inspection_kg.read.sources import read_source

from .conftest import SEED

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def notice() -> NoticeRecord:
    return parse_notice(read_source(SEED))


def assert_span(span: Span, notice: NoticeRecord) -> None:
    assert notice.source.text[span.start : span.end] == span.text
    assert span.text.split("\n")[0] in SEED_LINES[span.line - 1]


def test_title_joined_from_two_lines(notice: NoticeRecord) -> None:
    assert notice.title == "国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报"
    assert [s.line for s in notice.title_lines] == [2, 3]
    for span in notice.title_lines:
        assert_span(span, notice)


def test_document_number(notice: NoticeRecord) -> None:
    number = notice.document_number
    assert (number.span.text, number.prefix, number.year, number.number) == (
        "国办发〔2020〕46号",
        "国办发",
        2020,
        46,
    )
    assert number.span.line == 4
    assert_span(number.span, notice)


def test_addressees_approval_signature_date_publicity(notice: NoticeRecord) -> None:
    assert notice.addressees is not None and notice.approval is not None and notice.publicity is not None
    assert notice.addressees.text == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    assert notice.approval.text == "经国务院同意" and notice.approval.line == 9
    assert notice.signature.text == "国务院办公厅" and notice.signature.line == 14
    assert notice.date == datetime.date(2020, 11, 19) and notice.date_span.line == 15
    assert notice.publicity.text == "（此件公开发布）" and notice.publicity.line == 16
    for span in (notice.addressees, notice.approval, notice.signature, notice.date_span, notice.publicity):
        assert_span(span, notice)


def test_body_paragraphs_and_their_quoted_terms(notice: NoticeRecord) -> None:
    assert [p.span.line for p in notice.body] == [8, 9, 10]
    assert [t.text for t in notice.body[0].quoted_terms] == ["六稳", "六保", "放管服"]
    assert [t.text for t in notice.body[2].quoted_terms] == ["五位一体", "四个全面", "六稳", "六保"]


def test_attachment_and_declared_counts(notice: NoticeRecord) -> None:
    assert notice.attachment_reference is not None
    assert notice.attachment_reference.text == "附件：国务院第七次大督查发现的典型经验做法（共43项）"
    assert notice.attachment_title.text == "国务院第七次大督查发现的典型经验做法"
    assert notice.attachment_title.line == 24
    assert [(c.span.text, c.value, c.span.line) for c in notice.declared_counts] == [
        ("等43项", 43, 9),
        ("共43项", 43, 13),
        ("（共43项）", 43, 25),
    ]


def test_campaign(notice: NoticeRecord) -> None:
    assert notice.campaign is not None
    assert (notice.campaign.organiser, notice.campaign.number) == ("国务院", 7)
    assert notice.campaign.span.text == "国务院第七次大督查"


def test_items(notice: NoticeRecord) -> None:
    assert [i.ordinal for i in notice.items] == list(range(1, 44))
    item = notice.items[21]
    assert item.span.text == "22．河南省水利厅、濮阳市探索供水“四化”新路径保障农村饮水安全。"
    assert item.label.text == "河南省水利厅、濮阳市探索供水“四化”新路径保障农村饮水安全"
    assert item.span.line == 49
    assert [t.text for t in item.quoted_terms] == ["四化"]
    assert [t.text for t in notice.items[8].quoted_terms] == ["证照联办、许可合一"]
    assert [t.text for t in notice.items[20].quoted_terms] == ["绿水青山", "金山银山"]
    for each in notice.items:
        assert_span(each.span, notice)
        assert_span(each.label, notice)
        for term in each.quoted_terms:
            assert_span(term, notice)


def _variant(tmp_path: Path, old: str, new: str, *, count: int = 1) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("等43项", "等44项", 9, "declares 44 practices"),
        ("（共43项）\n\n\n1．", "（共42项）\n\n\n1．", 25, "declares 42 practices"),
        ("22．", "23．", 49, "item number 23 skips"),
        ("22．", "21．", 49, "item number 21 repeats"),
        ("国办发〔2020〕46号", "国办发〔2020〕号", 4, "malformed 发文字号"),
        ("2020年11月19日", "2020年2月30日", 15, "impossible date"),
        ("\n附件\n", "\n", 23, "no practices found"),  # one line fewer: the title moves up
        ("43．新疆生产建设兵团", "新疆生产建设兵团", 70, "expected a numbered item"),
    ],
)
def test_layout_errors_name_the_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(InputError) as caught:
        parse_notice(read_source(path))
    assert caught.value.line == line
    assert message in caught.value.what
    assert caught.value.path == path and caught.value.fix


def test_a_notice_without_document_number_ends_its_title_above_the_addressees(tmp_path: Path) -> None:
    notice = parse_notice(read_source(_variant(tmp_path, "国办发〔2020〕46号\n", "\n")))
    assert notice.document_number is None
    assert notice.title == "国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报"
    assert notice.addressees is not None and notice.addressees.text.startswith("各省、自治区、直辖市人民政府")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("国务院".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("国务院办公厅关于".encode("gb18030"), "GB18030"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert message in caught.value.render()


def test_bom_and_crlf_give_the_same_records(tmp_path: Path, notice: NoticeRecord) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    other = parse_notice(read_source(path))
    assert other.items == notice.items
    assert other.source.text == notice.source.text
