"""PDF: text per page with pypdf, page numbers kept, then the same cleaning as plain text."""

from __future__ import annotations

import logging
from pathlib import Path

from send_assistant.errors import LoadError
from send_assistant.ingest.loaders.text import guess_title, text_to_blocks
from send_assistant.ingest.model import LoadedDocument


def load_pdf(path: Path) -> LoadedDocument:
    """Load a PDF; refuses corrupt, password-protected and image-only (no text) files with a clear reason."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files produce warnings we report ourselves
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _decrypts_without_password(reader):
            raise LoadError(str(path), "the PDF is encrypted (password protected); save an unprotected copy")
        pages = [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
        info_title = _metadata_title(reader)
    except LoadError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise LoadError(str(path), "the PDF is encrypted (password protected); save an unprotected copy") from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise LoadError(str(path), f"the PDF is corrupt or not really a PDF ({type(exc).__name__})") from exc
    if not any(text.strip() for _, text in pages):
        raise LoadError(str(path), "the PDF has no extractable text (it may be scanned images; run OCR first)")
    blocks = text_to_blocks(pages, hard_wrapped=True)
    if not blocks:
        raise LoadError(str(path), "the PDF has no extractable text after cleaning")
    return LoadedDocument(blocks=blocks, title=info_title or guess_title(blocks), source_format="pdf")


def _decrypts_without_password(reader) -> bool:
    # Many "encrypted" PDFs only restrict printing/copying and open with an empty user password.
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - any failure means we cannot open it without a password
        return False


def _metadata_title(reader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # noqa: BLE001 - broken metadata should not stop the text from loading
        return None
    if isinstance(title, str) and title.strip() and not title.lower().startswith(("microsoft word", "untitled")):
        return title.strip()
    return None
