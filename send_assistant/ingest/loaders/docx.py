"""Word (.docx): headings from paragraph styles (Title, Heading 1..6), list items from list styles/numbering."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from send_assistant.errors import LoadError
from send_assistant.ingest import clean
from send_assistant.ingest.loaders.structure import number_of
from send_assistant.ingest.model import Block, LoadedDocument

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def load_docx(path: Path) -> LoadedDocument:
    """Load a .docx file; raises LoadError when it is not a readable Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(str(path), "the Word file is unreadable (corrupt, or not a .docx document)") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx raises many XML errors for damaged files
        raise LoadError(str(path), f"the Word file is unreadable ({type(exc).__name__})") from exc
    title = (document.core_properties.title or "").strip() or None
    blocks: list[Block] = []
    for item in _body_items(document):
        if isinstance(item, list):  # a table: one line per row, cells separated by " | "
            for row in item:
                text = " | ".join(cell for cell in row if cell)
                if text:
                    blocks.append(Block("paragraph", text))
            continue
        style, text = item
        text = clean.strip_inline_markup(text)
        if not text:
            continue
        heading = _HEADING_STYLE.match(style)
        if style.lower() == "title":  # the document's title travels in every chunk's embed_text already
            title = title or text
        elif heading:
            blocks.append(Block("heading", text, level=int(heading.group(1))))
        elif "list" in style.lower():
            blocks.append(Block("list_item", text))
        else:
            blocks.append(Block("paragraph", text, number=number_of(text)))
    if not blocks:
        raise LoadError(str(path), "the Word file has no text")
    return LoadedDocument(blocks=blocks, title=title, source_format="docx")


def _body_items(document):
    """Paragraphs as (style name, text) and tables as lists of rows, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            if style.lower() not in ("title",) and not _HEADING_STYLE.match(style) and _is_numbered(paragraph):
                style = "List Paragraph"
            yield style, paragraph.text
        elif tag == "tbl":
            table = Table(child, document)
            yield [[clean.normalise_space(cell.text) for cell in row.cells] for row in table.rows]


def _is_numbered(paragraph) -> bool:
    ppr = paragraph._p.pPr  # noqa: SLF001 - python-docx has no public accessor for list numbering
    return ppr is not None and ppr.numPr is not None
