"""Plain data passed along the ingestion path: loaded blocks, document metadata, chunks."""

from __future__ import annotations

from dataclasses import dataclass, field

# Area value for documents that apply everywhere in England (Code of Practice, national guidance).
NATIONAL = ""
# Who a document is written for and who asks: the one list, used by the manifest, the answers, the API, the CLI
# and the evaluation sets.
AUDIENCES = ("parent", "professional", "gp")


@dataclass
class Block:
    """One structural piece of a loaded document, in reading order.

    kind is "heading", "paragraph" or "list_item". level is the heading level (1 = top) for headings.
    number is a numbered-paragraph label such as "2.23" when the text starts with one.
    """

    kind: str
    text: str
    level: int = 0
    page: int | None = None
    number: str | None = None


@dataclass
class LoadedDocument:
    """What a loader returns: cleaned blocks plus whatever metadata the file itself carries."""

    blocks: list[Block]
    title: str | None = None
    url: str | None = None
    reviewed: str | None = None  # YYYY-MM-DD when the page states a last-reviewed/modified date
    source_format: str = "text"  # pdf, html, docx, markdown, text, oruk


@dataclass
class DocumentMeta:
    """A document's identity and provenance, from the manifest, the CLI flags or the loader."""

    doc_id: str
    title: str
    area: str = NATIONAL
    doc_type: str = "guidance"
    audience: list[str] = field(default_factory=lambda: list(AUDIENCES))
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    reviewed: str | None = None
    licence: str | None = None
    path: str | None = None
    # Service-directory records carry contact details (name, phone, email, website, opening_times).
    contact: dict[str, str] | None = None
    # Optional manifest metadata (issue 7): a short title for citation cards, and the official sources' addresses.
    short_title: str | None = None
    urls: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """A retrievable passage.

    chunk_id is stable (document id + content hash), so unchanged passages are never re-embedded.
    text is what is shown and cited; embed_text adds the title and heading path for the embedder.
    """

    chunk_id: str
    doc_id: str
    ordinal: int
    text: str
    embed_text: str
    heading_path: list[str]
    content_hash: str
    page: int | None = None
    paragraph: str | None = None

    @property
    def location(self) -> str:
        """Human-readable place in the document: section path, page, paragraph."""
        parts = [" > ".join(self.heading_path)] if self.heading_path else []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.paragraph:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(p for p in parts if p)
