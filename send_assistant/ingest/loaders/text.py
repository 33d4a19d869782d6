"""Plain text and Markdown: turn (messy) lines into heading / paragraph / list-item blocks.

Used directly for .txt/.md files and, page by page, for text extracted from PDFs.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from send_assistant.errors import LoadError
from send_assistant.ingest import clean
from send_assistant.ingest.loaders.structure import RawBlock, finish_blocks
from send_assistant.ingest.model import Block, LoadedDocument

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# "- x", "* x", "■ x", "• x", "1. x", "a) x", "- a) x", "- 2.6 x" (the marker is kept in the text when it numbers)
_BULLET = re.compile(r"^(\s*)([-•●▪■◦○▸►‣–]|[*+](?=\s)|\d{1,2}[.)](?=\s))\s*(?=\S)")
_RULE = re.compile(r"^\s*([-*_=]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^[\s\-|:]*$")
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_PDF_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,3}\.?\s+\S")


def load_text_file(path: Path, source_format: str) -> LoadedDocument:
    """Load a .txt or .md file, cleaning pasted HTML, repeated footers and tables of contents."""
    text = read_text(path)
    # a form feed marks a page break (text exported from PDF or Word keeps them): pages are then numbered
    pages = list(enumerate(text.split("\f"), start=1)) if "\f" in text.strip("\f") else [(None, text)]
    blocks = text_to_blocks(pages)
    if not blocks:
        raise LoadError(str(path), "the file has no readable text after cleaning")
    return LoadedDocument(blocks=blocks, title=guess_title(blocks), source_format=source_format)


def read_text(path: Path) -> str:
    """Read a text file as UTF-8 (or Windows-1252), refusing binary content and empty files."""
    data = path.read_bytes()
    if not data.strip():
        raise LoadError(str(path), "the file is empty")
    if b"\x00" in data[:65536]:
        raise LoadError(str(path), "the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoadError(str(path), "the file is not readable text (unknown encoding or binary data)") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise LoadError(str(path), "the file looks binary (many control characters), not text")
    if not text.strip():
        raise LoadError(str(path), "the file is empty (only whitespace)")
    return text


def guess_title(blocks: list[Block]) -> str | None:
    """The first block when it reads like a title (short, no final full stop)."""
    if not blocks:
        return None
    first = blocks[0].text
    if len(first.split()) <= 15 and not first.endswith((".", ":", ";", ",")) and "@" not in first:
        return first
    return None


def text_to_blocks(pages: list[tuple[int | None, str]], hard_wrapped: bool = False) -> list[Block]:
    """Clean and structure text given as (page number or None, text) pairs, in reading order.

    hard_wrapped is for PDF text, where every visual line ends in a newline and blank lines are rare: paragraphs
    are then also broken at numbered paragraphs, short sentence-final lines and heading-like lines, and running
    headers/footers (lines on most pages, page numbers) are dropped.
    """
    page_lines = [(page, _split_lines(text)) for page, text in pages]
    repeated = clean.repeated_lines(line for _, lines in page_lines for line in lines)
    if hard_wrapped:
        repeated |= _page_furniture([lines for _, lines in page_lines])
    raws: list[RawBlock] = []
    seen_repeats: set[str] = set()
    for page, lines in page_lines:
        if hard_wrapped:
            lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
        width = max((len(line.strip()) for line in lines), default=0) if hard_wrapped else 0
        _scan_page(lines, page, repeated, seen_repeats, raws, width)
    return finish_blocks(raws)


def _page_furniture(pages: list[list[str]]) -> set[str]:
    """Short lines printed at the top or bottom of most pages (running headers and footers) of a 3+ page PDF."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = [line for line in lines if line.strip()]
        counts.update({clean.repeat_key(line) for line in edges[:3] + edges[-3:]})  # headers/footers sit at the edges
    return {key for key, n in counts.items() if n >= max(3, len(pages) // 2) and 0 < len(key.split()) <= 15}


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text.split("\n")


def _scan_page(
    lines: list[str], page: int | None, repeated: set[str], seen: set[str], out: list[RawBlock], width: int = 0
) -> None:
    """Group the lines of one page into raw blocks; a page break counts as a blank line.

    width > 0 means hard-wrapped text (PDF) whose longest line has that many characters.
    """
    gap = True
    table: list[RawBlock] = []  # consecutive tab-separated rows (blank lines between rows allowed)
    skip_toc = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            gap = True
            skip_toc = False  # a contents list ends at the first blank line
            continue
        if clean.is_contents_heading(stripped) and _next_is_toc(lines, index):
            skip_toc = True
            continue
        if clean.is_toc_line(stripped) or (skip_toc and _looks_like_toc_entry(stripped)):
            continue
        skip_toc = False
        key = clean.repeat_key(stripped)
        if key in repeated:
            if key in seen:  # keep the first occurrence: a footnote is content, its copies are page furniture
                gap = True
                continue
            seen.add(key)
        if _RULE.match(stripped) and "\t" not in line:
            gap = True
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if not all(_TABLE_SEPARATOR.match(c) for c in cells):
                table.append(RawBlock("table_row", line, page, gap, rows=[cells]))
            gap = False
            continue
        if table:
            out.append(_table_block(table))
            table = []
        _scan_line(line, stripped, page, gap, out, width)
        gap = False
    if table:
        out.append(_table_block(table))


def _next_is_toc(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 : index + 6]:
        if line.strip():
            return clean.is_toc_line(line.strip())
    return False


def _looks_like_toc_entry(line: str) -> bool:
    # Inside a contents list, entries without page numbers still read like "-Safeguarding" or "3. Key indicators:"
    return len(line) < 90 and not line.rstrip().endswith(".")


def _table_block(rows: list[RawBlock]) -> RawBlock:
    first = rows[0]
    return RawBlock("table", "", first.page, first.gap_before, rows=[r.rows[0] for r in rows])


def _scan_line(line: str, stripped: str, page: int | None, gap: bool, out: list[RawBlock], width: int) -> None:
    heading = _MD_HEADING.match(line) if not width else None
    if heading:
        text = heading.group(2)
        out.append(
            RawBlock("heading", text, page, True, level=len(heading.group(1)), bold="**" in text, explicit_heading=True)
        )
        return
    bullet = _BULLET.match(line)
    previous = out[-1] if out else None
    if bullet and not (width and _PDF_PARAGRAPH_NUMBER.match(stripped)):
        indent = len(bullet.group(1).expandtabs(4))
        marker = bullet.group(2)
        rest = line[bullet.end() :].rstrip()
        text = f"{marker} {rest}" if marker[0].isdigit() else rest
        out.append(RawBlock("list_item", text, page, gap, indent=indent, bold=clean.is_bold_only(rest)))
        out[-1].last_line = stripped
        return
    # A line directly under a paragraph or list item (no blank line) continues it: wrapped text, PDF lines.
    if previous is not None and not gap and previous.kind in ("paragraph", "list_item") and not previous.rows:
        if not (width and _starts_new_paragraph(previous, stripped, width)):
            if width and previous.text.endswith("-") and stripped[:1].islower():  # "develop-" + "ment"
                previous.text = previous.text[:-1] + stripped
            else:
                joiner = "\n" if previous.text.endswith("  ") else " "
                previous.text = previous.text.rstrip() + joiner + stripped
            previous.bold = previous.bold and clean.is_bold_only(stripped)
            previous.last_line = stripped
            return
        gap = True
    out.append(RawBlock("paragraph", stripped, page, gap, bold=clean.is_bold_only(stripped)))
    out[-1].last_line = stripped


def _starts_new_paragraph(previous: RawBlock, line: str, width: int) -> bool:
    """In hard-wrapped PDF text, does this line begin a new block rather than continue the previous one?"""
    if _PDF_PARAGRAPH_NUMBER.match(line):
        return True
    last = previous.last_line
    if last.endswith((".", "!", "?", ":")) and len(last) < 0.8 * width:
        return True
    single_line = previous.text.strip() == last.strip()
    heading_like = len(last.split()) <= 10 and last[:1].isupper() and not last.endswith((".", ",", ";", ":"))
    return single_line and heading_like and len(last) < 0.7 * width
