"""The pages as a person meets them: Debian's Chromium, headless, driven by Playwright,
clicks from the home page to a province, one of its practices and the notice, on the
server and on the static site opened from disk. A screenshot of the practice page is
saved (under $SCREENSHOT_DIR when set: how docs/practice-page.png was made)."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspection_kg.resolve.subject_scheme import load_subject_scheme

from .conftest import FIXTURES, SEED, named_query_rows
from .test_pages import seed_line

playwright = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

CHROMIUM = shutil.which("chromium")
# As the machine's notes advise for a closed network: no background connections.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTICE_TITLE = "国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报"
PRACTICE_LABEL = "河南省水利厅、濮阳市探索供水“四化”新路径保障农村饮水安全"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


def _walk_to_practice_22(page: object, home: str, screenshot: Path) -> None:
    """Home → 河南省 → practice 22 → its notice, by clicking links as a reader would."""
    page.goto(home)  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text()  # type: ignore[attr-defined]
    page.get_by_role("link", name="河南省", exact=True).first.click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "河南省"  # type: ignore[attr-defined]
    page.get_by_role("link", name=PRACTICE_LABEL, exact=True).first.click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == PRACTICE_LABEL  # type: ignore[attr-defined]
    marks = page.locator("mark").all_inner_texts()  # type: ignore[attr-defined]
    assert seed_line(22) in marks
    assert "濮阳市" in page.locator("table.properties").inner_text()  # type: ignore[attr-defined]
    page.screenshot(path=str(screenshot), full_page=True)  # type: ignore[attr-defined]
    page.get_by_role("link", name=NOTICE_TITLE, exact=True).first.click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == NOTICE_TITLE  # type: ignore[attr-defined]
    assert NOTICE_TITLE in "".join(SEED.read_text(encoding="utf-8").split())  # printed over two lines


def test_from_the_home_page_to_practice_22_on_the_server(
    browser: object, server: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    shot = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "practice-page.png"
    _walk_to_practice_22(page, server + "/", shot)
    assert shot.stat().st_size > 10_000


def test_the_static_site_opens_from_disk(browser: object, published: Path, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    _walk_to_practice_22(page, (published / "index.html").as_uri(), tmp_path / "static.png")
    assert page.url.startswith("file://")


def _hand_label(number: str, ordinal: int) -> str:
    """A practice's primary subject as the hand labels give it (tests/fixtures/subjects/)."""
    with (FIXTURES / "subjects" / "practice-subjects.tsv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            if row["notice"] == number and row["ordinal"] == str(ordinal):
                return row["primary"]
    raise AssertionError(f"no hand label for {number} item {ordinal}")


def test_from_the_home_page_s_subjects_to_a_practice_and_how_it_was_placed(
    browser: object, server: str, tmp_path: Path
) -> None:
    """Home → the subject table → 农业、林业、水利 → its practices → practice 22, whose page shows
    its subjects: 水利 (the hand label of 2020 item 22) as primary, with the words that decided."""
    notation = _hand_label("国办发〔2020〕46号", 22)
    subject = load_subject_scheme().subjects
    top, sub = subject[notation[:2]], subject[notation]
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + "/")  # type: ignore[attr-defined]
    table = page.locator("table.subjects")  # type: ignore[attr-defined]
    assert table.locator("tr").count() == 1 + 22  # a header, then gov.cn's 22 top categories
    counts = [int(cell) for cell in table.locator("tr td:nth-child(3)").all_inner_texts()]
    assert sum(counts) == 130 + 43  # every practice once, by its primary subject
    page.screenshot(path=str(tmp_path / "home-subjects.png"), full_page=True)  # type: ignore[attr-defined]
    table.get_by_role("link", name=top.zh, exact=True).click()
    assert page.locator("h1").inner_text() == top.zh  # type: ignore[attr-defined]
    page.get_by_role("link", name=PRACTICE_LABEL, exact=True).first.click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == PRACTICE_LABEL  # type: ignore[attr-defined]
    placed = page.locator("table.subjects tr").all_inner_texts()  # type: ignore[attr-defined]
    primary = next(row for row in placed if "primary" in row)
    assert sub.zh in primary
    shot = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "practice-subjects.png"
    page.locator("table.subjects").screenshot(path=str(shot))  # type: ignore[attr-defined]
    assert shot.stat().st_size > 2_000


def test_the_home_page_shows_the_map_and_a_province_its_own(
    browser: object, server: str, tmp_path: Path
) -> None:
    """The served home page shows China with its 34 province-level regions shaded; clicking
    河南省 on the map opens its page, which shows its outline with its practices' places."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + "/")  # type: ignore[attr-defined]
    figure = page.locator("figure.map")  # type: ignore[attr-defined]
    assert figure.locator("svg path").count() == 34
    assert figure.locator("svg a path").count() == 31  # linked: the provinces the dataset describes
    assert figure.locator("svg a circle").count() > 50  # the located prefectures and counties
    fills = set(figure.locator("svg path").evaluate_all("shapes => shapes.map(s => s.getAttribute('fill'))"))
    assert len(fills) >= 3  # shaded by count (the provinces with none, 3–5, 6–10), not one colour
    shot = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "home-map.png"
    figure.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    henan = figure.locator("svg a", has=page.locator("title", has_text="河南省："))  # type: ignore[attr-defined]
    henan.locator("path").click()
    assert page.locator("h1").inner_text() == "河南省"  # type: ignore[attr-defined]
    own = page.locator("figure.map svg")  # type: ignore[attr-defined]
    assert own.locator("a path").count() == 1 and own.locator("a circle").count() >= 1


def test_every_named_query_runs_from_the_query_page(browser: object, server: str, real_dir: Path) -> None:
    """Choose each named query on the served query page and press Run: a table of rows, no
    error (the form POSTs, so the 1–3 KB queries are not refused as too long an address).
    wikidata-regions is federated (it asks Wikidata): it cannot run on a closed network."""
    from inspection_kg.use.query import named_queries

    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    for name in sorted(named_queries()):
        if name == "wikidata-regions":
            continue
        page.goto(server + "/sparql")  # type: ignore[attr-defined]
        page.get_by_role("link", name=name, exact=True).click()  # type: ignore[attr-defined]
        page.get_by_role("button", name="运行 · Run").click()  # type: ignore[attr-defined]
        assert page.locator("p.error").count() == 0, (name, page.locator("p.error").all_inner_texts())  # type: ignore[attr-defined]
        rows = page.locator("table.results tr").count()  # type: ignore[attr-defined]
        expected = len(named_query_rows(real_dir, name))  # as `inspection-kg query` answers it
        assert rows == 1 + min(expected, 500), (name, rows, expected)  # a header, then the rows


def test_the_notice_page_leads_with_its_practices_and_the_source_text_links_each(
    browser: object, server: str, tmp_path: Path
) -> None:
    """The notice page: its practices table starts within the first screen, in printed
    order; clicking item 22 opens its practice. The source text page: the text as printed,
    item 22 marked, and clicking it opens the same practice."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + "/eli/cn/guobanfa/2020/46")  # type: ignore[attr-defined]
    heading = page.get_by_role("heading", name="表扬的做法 · Practices commended 43")  # type: ignore[attr-defined]
    box = heading.bounding_box()
    assert box is not None and box["y"] < 900, box  # seen without scrolling
    first = page.locator("table.practices tr").nth(1).bounding_box()  # type: ignore[attr-defined]
    assert first is not None and first["y"] + first["height"] <= 900, first  # practice 1 too
    rows = page.locator("table.practices tr").all_inner_texts()  # type: ignore[attr-defined]
    assert [row.split("\t", 1)[0].strip() for row in rows[1:]] == [str(n) for n in range(1, 44)]
    page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "notice-page.png"))  # type: ignore[attr-defined]
    page.locator("table.practices").get_by_role("link", name=PRACTICE_LABEL, exact=True).click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == PRACTICE_LABEL  # type: ignore[attr-defined]

    page.goto(server + "/source/guobanfa-2020-46/zh-nfc.txt")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == f"《{NOTICE_TITLE}》原文"  # type: ignore[attr-defined]
    item = page.locator("div.source-text a.practice", has_text=seed_line(22))  # type: ignore[attr-defined]
    assert item.count() == 1
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "source-text.png"))  # type: ignore[attr-defined]
    item.click()
    assert page.locator("h1").inner_text() == PRACTICE_LABEL  # type: ignore[attr-defined]
