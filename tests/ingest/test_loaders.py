"""Each loader on fixtures the tests build themselves, and every bad-input case with its plain reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from send_assistant.errors import LoadError
from send_assistant.ingest.loaders import SUPPORTED_EXTENSIONS, load_path
from send_assistant.ingest.loaders.html import load_html_string


def _make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


PAGE_ONE = (
    "Annual reviews\n"
    "9.14 The local authority must review an EHC plan at least every twelve months, and the review must "
    "consider whether the outcomes and provision are still right for the child.\n"
    "9.15 Parents must be invited to the review meeting and given at least two weeks notice of the date."
)
PAGE_TWO = (
    "Personal budgets\n"
    "9.95 A young person or parent can ask for a personal budget when the local authority has confirmed that "
    "it will prepare an EHC plan for the child or young person."
)


def test_pdf_keeps_page_numbers_and_paragraph_numbers(tmp_path: Path):
    doc = load_path(_make_pdf(tmp_path / "guide.pdf", [PAGE_ONE, PAGE_TWO]))
    assert doc.source_format == "pdf"
    by_number = {b.number: b for b in doc.blocks if b.number}
    assert by_number["9.14"].page == 1
    assert by_number["9.15"].page == 1
    assert by_number["9.95"].page == 2
    # the wrapped lines of 9.14 are joined back into one paragraph
    assert by_number["9.14"].text.endswith("still right for the child.")
    assert ("heading", "Personal budgets") in [(b.kind, b.text) for b in doc.blocks]


HTML_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Short breaks - Example Council Local Offer</title>
<link rel="canonical" href="/send/short-breaks">
</head><body>
<div id="cookie-banner" class="cookie-banner"><p>We use cookies to make this site work. Accept all cookies</p></div>
<header class="site-header"><a href="/">Example Council</a>
<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">Bins and recycling</a></li></ul></nav></header>
<nav class="breadcrumb"><a href="/">Home</a> &gt; SEND</nav>
<main id="main">
<h1>Short breaks for disabled children</h1>
<p>Short breaks give parents and carers a rest from caring.</p>
<h2>Who can get a short break</h2>
<p>Children and young people aged 0 to 18 with a disability can get a short break.</p>
<ul><li>After-school clubs</li><li>Overnight stays<ul><li>with an approved carer</li></ul></li></ul>
<h3>How to apply</h3>
<p>Ask the SEND team for an assessment.</p>
<p class="review">Last reviewed: 3 March 2025</p>
</main>
<footer class="site-footer"><p>Copyright Example Council. Privacy notice. Contact us.</p></footer>
</body></html>"""


def test_html_main_content_only_with_metadata(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = load_path(path)
    text = " ".join(b.text for b in doc.blocks)
    for boilerplate in ("cookies", "Bins and recycling", "Copyright", "Privacy notice", "Home"):
        assert boilerplate not in text
    assert doc.title == "Short breaks for disabled children"
    assert doc.reviewed == "2025-03-03"
    assert doc.url == "/send/short-breaks"
    assert doc.source_format == "html"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Who can get a short break") in kinds
    assert ("list_item", "Overnight stays") in kinds
    assert ("list_item", "with an approved carer") in kinds
    levels = {b.text: b.level for b in doc.blocks if b.kind == "heading"}
    assert levels == {"Who can get a short break": 2, "How to apply": 3}


def test_html_string_resolves_canonical_and_reads_meta_date():
    html = HTML_PAGE.replace("<title>", '<meta name="last-modified" content="2024-11-05"><title>')
    doc = load_html_string(html, url="https://www.example.gov.uk/send/page?x=1")
    assert doc.url == "https://www.example.gov.uk/send/short-breaks"
    assert doc.reviewed == "2024-11-05"


def test_html_without_main_element_drops_header_and_footer():
    html = (
        "<html><head><title>Help</title></head><body><header>Site name</header>"
        "<div><h2>Help with travel</h2><p>Free school transport may be available.</p></div>"
        "<footer>Accessibility statement</footer></body></html>"
    )
    doc = load_html_string(html)
    assert [b.text for b in doc.blocks] == ["Help with travel", "Free school transport may be available."]
    assert doc.title == "Help"


def test_docx_headings_from_styles(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_heading("SEND policy", 0)
    document.add_heading("Assessment", 1)
    document.add_paragraph("The school will assess needs within six weeks.")
    document.add_heading("Who is involved", 2)
    document.add_paragraph("The SENCO", style="List Bullet")
    document.add_paragraph("Parents and carers", style="List Bullet")
    path = tmp_path / "policy.docx"
    document.save(str(path))
    doc = load_path(path)
    assert doc.title == "SEND policy"
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("heading", "Assessment", 1),
        ("paragraph", "The school will assess needs within six weeks.", 0),
        ("heading", "Who is involved", 2),
        ("list_item", "The SENCO", 0),
        ("list_item", "Parents and carers", 0),
    ]
    assert doc.source_format == "docx"


def test_markdown_file(tmp_path: Path):
    path = tmp_path / "guide.md"
    path.write_text("# Guide to EHC plans\n\n## What is a plan\n\nA plan sets out support.\n\n* one\n* two\n")
    doc = load_path(path)
    assert doc.source_format == "markdown"
    assert doc.title == "Guide to EHC plans"
    assert [(b.kind, b.text) for b in doc.blocks][1:] == [
        ("heading", "What is a plan"),
        ("paragraph", "A plan sets out support."),
        ("list_item", "one"),
        ("list_item", "two"),
    ]


def test_text_form_feeds_number_pages(tmp_path: Path):
    path = tmp_path / "pages.txt"
    path.write_text("First page text about support.\fSecond page text about reviews.")
    doc = load_path(path)
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("First page text about support.", 1),
        ("Second page text about reviews.", 2),
    ]


def test_glossary_yaml(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms:\n"
        "  - term: EHCP\n    expansion: Education, Health and Care plan\n    aliases: [EHC plan]\n"
        "    definition: A legal document describing a child's needs and the support to meet them.\n"
        "  - term: SENCO\n    expansion: Special educational needs co-ordinator\n    aliases: []\n"
        "    definition: The teacher who co-ordinates SEN support in a school.\n"
    )
    doc = load_path(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "EHCP (Education, Health and Care plan)"),
        (
            "paragraph",
            "A legal document describing a child's needs and the support to meet them. Also called: EHC plan.",
        ),
        ("heading", "SENCO (Special educational needs co-ordinator)"),
        ("paragraph", "The teacher who co-ordinates SEN support in a school."),
    ]


def test_project_glossary_loads_if_present():
    from send_assistant.settings import PROJECT_ROOT

    path = PROJECT_ROOT / "knowledge" / "glossary.yaml"
    if not path.exists():
        pytest.skip("knowledge/glossary.yaml not written yet")
    doc = load_path(path)
    assert sum(1 for b in doc.blocks if b.kind == "heading") >= 10


def test_supported_extensions():
    assert set(SUPPORTED_EXTENSIONS) >= {".pdf", ".html", ".htm", ".docx", ".md", ".markdown", ".txt", ".yaml"}


# ---- bad input: each raises LoadError with a reason a person can act on ----


def _reason(path: Path) -> str:
    with pytest.raises(LoadError) as info:
        load_path(path)
    assert info.value.path == str(path)
    return info.value.reason


def test_missing_path(tmp_path: Path):
    assert "does not exist" in _reason(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_file(tmp_path: Path, content: bytes):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "empty" in _reason(path)


def test_binary_renamed_txt(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200))
    assert "binary" in _reason(path)


def test_undecodable_text(tmp_path: Path):
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40)
    assert "not readable text" in _reason(path) or "binary" in _reason(path)


def test_unknown_extension(tmp_path: Path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK\x03\x04 something")
    assert "unsupported file type '.xlsx'" in _reason(path)


def test_corrupt_pdf(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(os.urandom(2048))
    assert "corrupt" in _reason(path)


def test_truncated_pdf(tmp_path: Path):
    good = _make_pdf(tmp_path / "good.pdf", [PAGE_ONE])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good.read_bytes()[:300])
    reason = _reason(path)
    assert "corrupt" in reason or "no extractable text" in reason


def test_encrypted_pdf(tmp_path: Path):
    from pypdf import PdfReader, PdfWriter

    source = _make_pdf(tmp_path / "plain.pdf", [PAGE_ONE])
    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "encrypted" in _reason(path)


def test_pdf_with_no_text(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)  # a drawing, no text: like a scanned page
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert "no extractable text" in _reason(path)


def test_unreadable_docx(tmp_path: Path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"this is not a zip file at all")
    assert "Word file is unreadable" in _reason(path)


def test_yaml_that_is_not_a_glossary(tmp_path: Path):
    path = tmp_path / "sources.yaml"
    path.write_text("documents:\n  - id: x\n")
    assert "not a glossary" in _reason(path)


def test_html_with_no_main_text(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><footer>Footer</footer></body></html>")
    assert "no readable main content" in _reason(path)


def test_html_content_wrapper_is_kept_even_with_boilerplate_like_class():
    html = (
        '<html><body><div id="content" class="has-sidebar"><h2>Help</h2><p>Text here.</p>'
        '<div class="related-links">Other pages</div></div><div class="sidebar">Side menu</div></body></html>'
    )
    doc = load_html_string(html)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Help"), ("paragraph", "Text here.")]
