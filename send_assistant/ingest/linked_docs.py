"""PDF and Word documents linked from crawled Local Offer pages.

Councils publish most policies (transport, the short breaks statement, SEN support guidance) as PDFs or .docx
files, often on a second host. The crawler follows links to them on the site itself and on hosts listed for the
site (`document_hosts` in knowledge/sources.yaml). Each becomes a document (doc_type "local offer document")
whose passages carry the linking page's title as their top heading, so "Eligibility" in a transport PDF reads as
"School transport > Eligibility" to the search. Its reviewed date is the server's Last-Modified header, else the
file's own modified date (PDF metadata, Word core properties).
"""

from __future__ import annotations

import email.utils
import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from send_assistant.errors import LoadError
from send_assistant.ingest.manifest import SourceItem
from send_assistant.ingest.model import Block, DocumentMeta, LoadedDocument

DOC_TYPE = "local offer document"
SUFFIXES = {".pdf": "pdf", ".docx": "docx"}
CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
ACCEPT = "application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.9,*/*;q=0.1"
MAX_DOC_BYTES = 20 * 1024 * 1024  # a policy PDF is rarely over a few MB; a 200 MB scan is not worth indexing
MAX_DOCUMENTS = 500  # per crawl: a site linking thousands of files needs its own manifest, not a crawl


def document_kind(url: str, content_type: str = "") -> str | None:
    """ "pdf" or "docx" from the URL's suffix or the response's content type, else None."""
    kind = CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    return kind or SUFFIXES.get(Path(urlsplit(url).path).suffix.lower())


def http_date(value: str) -> str | None:
    """A Last-Modified header ("Tue, 04 Mar 2025 10:00:00 GMT") as YYYY-MM-DD, or None."""
    try:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return parsed.date().isoformat() if parsed else None


def document_item(
    doc_id: str,
    url: str,
    body: bytes,
    kind: str,
    context: str,
    origin: str,
    area: str,
    last_modified: str = "",
) -> SourceItem:
    """A SourceItem for a fetched document; loading writes it to a temporary file for the file loaders."""
    meta = DocumentMeta(
        doc_id=doc_id, title="", area=area, doc_type=DOC_TYPE, url=url, reviewed=http_date(last_modified)
    )
    digest = hashlib.sha256(body).hexdigest()
    name = unquote(Path(urlsplit(url).path).stem).replace("-", " ").replace("_", " ").strip()
    return SourceItem(meta, url, digest, lambda: load_document(body, kind, url, context), origin, name or doc_id)


def load_document(body: bytes, kind: str, url: str, context: str = "") -> LoadedDocument:
    """Load PDF or .docx bytes; the linking page's title becomes the top heading of every passage."""
    from send_assistant.ingest.loaders import load_path

    with tempfile.TemporaryDirectory(prefix="send-doc-") as folder:
        path = Path(folder) / f"document.{kind}"
        path.write_bytes(body)
        try:
            loaded = load_path(path)
        except LoadError as exc:
            raise LoadError(url, exc.reason) from exc
        reviewed = loaded.reviewed or _file_modified(path, kind)
    blocks = loaded.blocks
    if context and context != loaded.title:
        # Level 0 sits above every heading the document has, so it stays in each passage's heading path.
        blocks = [Block("heading", context, level=0), *blocks]
    return replace(loaded, blocks=blocks, url=url, reviewed=reviewed)


def _file_modified(path: Path, kind: str) -> str | None:
    """The document's own modified date from its metadata, when it records one."""
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            info = PdfReader(str(path)).metadata
            when = info.modification_date or info.creation_date if info else None
        else:
            import docx

            props = docx.Document(str(path)).core_properties
            when = props.modified or props.created
    except Exception:  # noqa: BLE001 - broken metadata only costs the date, never the text
        return None
    return when.date().isoformat() if when else None
