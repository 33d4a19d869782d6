"""Document loaders: one entry point, `load_path`, dispatching on the file extension."""

from __future__ import annotations

from pathlib import Path

from send_assistant.errors import LoadError
from send_assistant.ingest.model import LoadedDocument

SUPPORTED_EXTENSIONS = (".pdf", ".html", ".htm", ".docx", ".md", ".markdown", ".txt", ".yaml", ".yml")


def load_path(path: Path) -> LoadedDocument:
    """Load one document into cleaned blocks; raises LoadError with a plain reason when it cannot."""
    path = Path(path)
    if not path.exists():
        raise LoadError(str(path), "the file does not exist")
    if path.is_dir():
        raise LoadError(str(path), "this is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise LoadError(str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {supported})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(str(path), f"the file cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise LoadError(str(path), "the file is empty")
    try:
        return _dispatch(path, suffix)
    except PermissionError as exc:
        raise LoadError(str(path), "permission denied when reading the file") from exc


def _dispatch(path: Path, suffix: str) -> LoadedDocument:
    if suffix == ".pdf":
        from send_assistant.ingest.loaders.pdf import load_pdf

        return load_pdf(path)
    if suffix in (".html", ".htm"):
        from send_assistant.ingest.loaders.html import load_html_file

        return load_html_file(path)
    if suffix == ".docx":
        from send_assistant.ingest.loaders.docx import load_docx

        return load_docx(path)
    if suffix in (".yaml", ".yml"):
        from send_assistant.ingest.loaders.glossary import load_glossary

        return load_glossary(path)
    from send_assistant.ingest.loaders.text import load_text_file

    return load_text_file(path, "markdown" if suffix in (".md", ".markdown") else "text")
