"""Cleaning of messy pasted text: markup, inline HTML lists, repeated footnotes, contents pages, headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from send_assistant.ingest import clean
from send_assistant.ingest.loaders import load_path
from send_assistant.ingest.loaders.text import text_to_blocks
from send_assistant.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"
SEEDS = sorted(KNOWLEDGE.glob("*.txt"))


def _load(name: str):
    return load_path(KNOWLEDGE / name)


def _seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


def test_five_seeds_are_present():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:24])
def test_no_markup_survives_in_seeds(path: Path):
    doc = load_path(path)
    for block in doc.blocks:
        for marker in ("<ul", "<p>", "</p>", "<sup>", "**", "<li", "](#)", "&amp;"):
            assert marker not in block.text, (marker, block.text[:120])
        assert block.text == block.text.strip() and block.text


def test_strip_inline_markup():
    raw = "**Note** the Local Area<sup>1</sup> &amp; see [Local Offer](#) or [site](https://x.gov.uk/a)"
    assert clean.strip_inline_markup(raw) == "Note the Local Area & see Local Offer or site (https://x.gov.uk/a)"


def test_inline_html_list_becomes_separate_items():
    pieces = clean.split_html_fragment(
        '<p>therapist within a clinic.</p> <ul style="list-style-type: none"> - First item - Second co-chaired item'
        " -Third item without space <p>Closing paragraph</p>"
    )
    assert pieces == [
        ("paragraph", "therapist within a clinic."),
        ("list_item", "First item"),
        ("list_item", "Second co-chaired item"),
        ("list_item", "Third item without space"),
        ("paragraph", "Closing paragraph"),
    ]


def test_banes_inline_list_items_are_separate_list_items():
    doc = _load(_seed("bath").name)
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert "Well established governance arrangements" in items
    assert "Good engagement from all partners" in items
    assert any(t.startswith("Sharing outcome information between LA Education") for t in items)
    # the table row split by a page break is rejoined into one item
    assert any(t.endswith("can speak directly to a therapist within a phone clinic for advice.") for t in items)


def test_banes_strengths_columns_become_headings_under_their_section():
    doc = _load(_seed("bath").name)
    texts = [(b.kind, b.text) for b in doc.blocks]
    i = texts.index(
        ("heading", "3A. Strategic leadership and participation (objectives 1,6,11) – lead officer Richard Baldwin")
    )
    assert texts[i + 1] == ("heading", "Strengths")
    assert doc.blocks[i + 1].level == doc.blocks[i].level + 1


def test_repeated_footnote_kept_once():
    doc = _load(_seed("worcestershire").name)
    footnotes = [b for b in doc.blocks if "The local area includes the local authority, clinical" in b.text]
    assert len(footnotes) == 1
    assert not any("<sup>" in b.text for b in doc.blocks)


def test_page_break_continuation_is_rejoined():
    doc = _load(_seed("worcestershire").name)
    para = next(b for b in doc.blocks if b.number == "11")
    assert "along with other key officers" in para.text  # the line after the footnote belongs to paragraph 11


def test_bedford_lettered_list_item_stays_whole():
    doc = _load(_seed("bedford").name)
    items = [b for b in doc.blocks if b.kind == "list_item" and "dedicated Programme Manager" in b.text]
    assert len(items) == 1
    assert items[0].text == (
        "a. A dedicated Programme Manager who will be accountable for the SoA response and holding all partners "
        "to account,"
    )


def test_bedford_caps_and_short_headings():
    headings = [b.text for b in _load(_seed("bedford").name).blocks if b.kind == "heading"]
    for expected in ("CONTEXT", "GOVERNANCE STRUCTURE", "Context/barriers", "Response"):
        assert expected in headings


def test_bucks_markdown_headings_and_numbered_paragraphs():
    doc = _load(_seed("buckinghamshire").name)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "2. Progress to date and key challenges" in headings  # "## **2. Progress ...**"
    numbers = {b.number for b in doc.blocks if b.number}
    assert {"1.1", "2.23", "3.1"} <= numbers
    para = next(b for b in doc.blocks if b.number == "2.23")
    assert para.kind == "paragraph" and para.text.startswith("2.23 The Children and Families Act 2014")


def test_central_beds_bold_markdown_heading():
    doc = _load(_seed("central").name)
    assert ("heading", "Strengths") in [(b.kind, b.text) for b in doc.blocks]
    assert not any(b.kind == "heading" and b.text.startswith("Dear ") for b in doc.blocks)


def test_table_of_contents_dropped():
    doc = _load(_seed("bath").name)
    texts = [b.text for b in doc.blocks]
    assert not any("....." in t for t in texts)
    assert "Contents" not in texts
    assert ("heading", "1. Local Context") in [(b.kind, b.text) for b in doc.blocks]


def test_toc_line_detection():
    assert clean.is_toc_line("3. Key indicators:.....\t7")
    assert clean.is_toc_line("1. Local context\t3")
    assert clean.is_toc_line("-Safeguarding.....16")
    assert not clean.is_toc_line("There are 3 schools.")


def test_heading_detection_in_plain_text():
    text = (
        "SUPPORT FOR FAMILIES\n\nShort breaks\n\nShort breaks give parents a rest from caring, and children a "
        "chance to have fun.\n\n**Who can apply**\n\n- Children aged 0 to 18\n- Young carers\n\n"
        "Mental health & well-being\n\nYes\n"
    )
    blocks = text_to_blocks([(None, text)])
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds[0] == ("heading", "SUPPORT FOR FAMILIES")
    assert kinds[1] == ("heading", "Short breaks")
    assert ("heading", "Who can apply") in kinds
    assert ("list_item", "Young carers") in kinds
    # a short line followed by a one-word answer is a form field, not a heading
    assert ("paragraph", "Mental health & well-being") in kinds


def test_repeated_lines_need_enough_words():
    lines = ["Response"] * 5 + ["This footer line repeats on every single page of it"] * 3
    assert clean.repeated_lines(lines) == {"this footer line repeats on every single page of it"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last reviewed: 3 March 2025", "2025-03-03"),
        ("Updated on March 3, 2025", "2025-03-03"),
        ("2024-11-05T10:00:00Z", "2024-11-05"),
        ("Page last updated 05/11/2024", "2024-11-05"),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, expected: str | None):
    assert clean.parse_date(text) == expected
