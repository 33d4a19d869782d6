"""What to ingest: the knowledge manifest (knowledge/sources.yaml) and the files found under folders.

`load_manifest` reads the manifest into DocumentMeta; `discover` turns the ingest command's paths (or, with
none, the knowledge folder and its manifest) into SourceItems, failures and the scopes the run covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from send_assistant.errors import ManifestError
from send_assistant.ingest.model import AUDIENCES, DocumentMeta, LoadedDocument
from send_assistant.settings import Settings
from send_assistant.yaml_file import read_yaml

MANIFEST_NAME = "sources.yaml"
# Configuration beside the documents, never ingested as a document itself (areas.yaml: the area profiles).
CONFIG_FILES = frozenset({MANIFEST_NAME, "areas.yaml"})
REQUIRED = ("id", "file", "title", "area", "doc_type")
OPTIONAL = ("publisher", "audience", "url", "published", "reviewed", "licence", "short_title", "urls")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def load_manifest(path: Path) -> list[DocumentMeta]:
    """Read and check a manifest; each DocumentMeta.path is the absolute path of its file.

    Raises ManifestError naming the entry and field for anything malformed (the file need not exist yet:
    a listed file that is missing is reported per document by the ingest, not here).
    """
    data = read_yaml(path, ManifestError, "the manifest")
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ManifestError(f"{path}: expected a top-level 'documents:' list")
    metas: list[DocumentMeta] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(data["documents"], start=1):
        meta = _entry(path, n, raw)
        if meta.doc_id in seen:
            raise ManifestError(f"{path}: entry {n}: id '{meta.doc_id}' is already used by entry {seen[meta.doc_id]}")
        seen[meta.doc_id] = n
        metas.append(meta)
    return metas


def _entry(path: Path, n: int, raw: object) -> DocumentMeta:
    where = f"{path}: entry {n}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: expected a mapping of fields, got {type(raw).__name__}")
    if isinstance(raw.get("id"), str):
        where = f"{path}: entry {n} ('{raw['id']}')"
    unknown = sorted(set(map(str, raw)) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ManifestError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}"
        )
    for key in REQUIRED:
        if key not in raw:
            raise ManifestError(f"{where}: missing required field '{key}'")
    doc_id = _text(where, raw, "id", required=True)
    if not _DOC_ID.match(doc_id):
        raise ManifestError(f"{where}: id must be lower-case letters, digits, '.', '_' or '-'")
    file = _text(where, raw, "file", required=True)
    return DocumentMeta(
        doc_id=doc_id,
        title=_text(where, raw, "title", required=True),
        area=_text(where, raw, "area") or "",
        doc_type=_text(where, raw, "doc_type", required=True),
        audience=_audience(where, raw.get("audience")),
        publisher=_text(where, raw, "publisher"),
        url=_text(where, raw, "url"),
        published=_date(where, raw, "published"),
        reviewed=_date(where, raw, "reviewed"),
        licence=_text(where, raw, "licence"),
        path=str((path.parent / file).resolve()),
        short_title=_text(where, raw, "short_title") or None,
        urls=_urls(where, raw.get("urls")),
    )


def _text(where: str, raw: dict, key: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise ManifestError(f"{where}: '{key}' must not be empty")
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ManifestError(f"{where}: '{key}' must be text, got {type(value).__name__}")
    value = str(value).strip()
    if required and not value:
        raise ManifestError(f"{where}: '{key}' must not be empty")
    return value


def _date(where: str, raw: dict, key: str) -> str | None:
    """YAML reads 2018-07-01 as a date object; keep dates as YYYY-MM-DD strings everywhere."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ManifestError(f"{where}: '{key}' must be a date written YYYY-MM-DD, got {value!r}")


def _urls(where: str, value: object) -> list[str]:
    """Optional list of official web addresses (http or https) the document is based on."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ManifestError(f"{where}: 'urls' must be a list of web addresses")
    bad = [v for v in value if not re.match(r"^https?://\S+$", v.strip())]
    if bad:
        raise ManifestError(f"{where}: 'urls' entries must start with http:// or https://, got {bad[0]!r}")
    return [v.strip() for v in value]


def _audience(where: str, value: object) -> list[str]:
    if value is None:
        return list(AUDIENCES)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: 'audience' must be a list such as [parent, professional, gp]")
    bad = [v for v in value if v not in AUDIENCES]
    if bad:
        raise ManifestError(f"{where}: unknown audience {', '.join(bad)}; use {', '.join(AUDIENCES)}")
    return list(value)


# --- what to ingest ----------------------------------------------------------------------------------------


@dataclass
class SourceItem:
    """One document to ingest: its declared metadata, a hash of its source, and how to load it."""

    meta: DocumentMeta
    label: str  # file path or URL, for messages
    source_hash: str
    load: Callable[[], LoadedDocument]
    origin: str = ""  # which kind of run owns it: knowledge:DIR, file:PATH, site:HOST, oruk:URL
    fallback_title: str = ""  # used when neither the declaration nor the loader gives a title


@dataclass
class Scope:
    """Part of the index a run saw completely: committed documents in it that were not seen are removed."""

    origin: str | None = None  # entries with exactly this origin
    root: Path | None = None  # entries whose file lies under this folder

    def covers(self, origin: str, path: str | None) -> bool:
        """Whether a committed document (by origin and file path) belongs to this scope."""
        if self.origin is not None and origin == self.origin:
            return True
        return self.root is not None and path is not None and Path(path).is_relative_to(self.root)


Discovery = tuple[list[SourceItem], list[tuple[str, str]], list[Scope]]


def discover(
    settings: Settings,
    paths: list[Path] | None,
    area: str | None = None,
    doc_type: str | None = None,
    previous: Mapping[str, dict] | None = None,
) -> Discovery:
    """Items to ingest, (label, reason) failures, and scopes for removal.

    No paths: every manifest entry plus any other supported file under settings.knowledge_dir. Files the
    manifest describes always take its metadata. Other files get a doc_id from their name, and `area` /
    `doc_type` when given, else what they had last time (`previous`: committed doc_id -> meta), else national
    guidance.
    """
    finder = _Finder(settings, area, doc_type, previous or {})
    for path in paths or [settings.knowledge_dir]:
        finder.add(path)
    return finder.items, finder.failures, finder.scopes


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def slugify(text: str) -> str:
    """A doc_id from a file name: lower case, runs of other characters become '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


class _Finder:
    def __init__(self, settings: Settings, area: str | None, doc_type: str | None, previous: Mapping[str, dict]):
        self.knowledge_dir = settings.knowledge_dir.resolve()
        self.knowledge_origin = f"knowledge:{self.knowledge_dir}"
        manifest = self.knowledge_dir / MANIFEST_NAME
        self.manifest = load_manifest(manifest) if manifest.exists() else []
        self.described = {Path(m.path): m for m in self.manifest}
        self.area, self.doc_type, self.previous = area, doc_type, previous
        self.items: list[SourceItem] = []
        self.failures: list[tuple[str, str]] = []
        self.scopes: list[Scope] = []
        self.used_ids = {m.doc_id for m in self.manifest}
        self.done: set[Path] = set()

    def add(self, path: Path) -> None:
        resolved = path.expanduser().resolve()
        if not resolved.exists():
            self.failures.append((str(path), "no such file or folder"))
        elif resolved == self.knowledge_dir:
            self._knowledge()
        elif resolved.is_dir():
            self.scopes.append(Scope(root=resolved))
            for file in _walk(resolved):
                self._file(file)
        else:
            self._file(resolved)

    def _knowledge(self) -> None:
        self.scopes.append(Scope(origin=self.knowledge_origin, root=self.knowledge_dir))
        for meta in self.manifest:
            self._file(Path(meta.path))
        for file in _walk(self.knowledge_dir):
            if file.parent != self.knowledge_dir or file.name not in CONFIG_FILES:
                self._file(file)

    def _file(self, path: Path) -> None:
        if path in self.done:
            return
        self.done.add(path)
        from send_assistant.ingest.loaders import load_path

        if path in self.described:
            meta, origin = self.described[path], self.knowledge_origin
        else:
            meta, origin = self._meta_for(path), f"file:{path}"
        try:
            digest = file_hash(path)
        except FileNotFoundError:
            self.failures.append((str(path), "no such file (listed in the manifest)"))
            return
        except OSError as exc:
            self.failures.append((str(path), f"cannot be read: {exc.strerror or exc}"))
            return
        title = path.stem.replace("_", " ").replace("-", " ").strip()
        self.items.append(SourceItem(meta, str(path), digest, lambda: load_path(path), origin, title))

    def _meta_for(self, path: Path) -> DocumentMeta:
        doc_id = self._unique_id(path)
        before = self.previous.get(doc_id) or {}
        return DocumentMeta(
            doc_id=doc_id,
            title="",
            area=self.area if self.area is not None else before.get("area", ""),
            doc_type=self.doc_type or before.get("doc_type") or "guidance",
            path=str(path),
        )

    def _unique_id(self, path: Path) -> str:
        """The file-name slug, unless another file already has it (then a short hash of the path is added)."""
        base = slugify(path.stem)
        owner = (self.previous.get(base) or {}).get("path")
        taken = base in self.used_ids or (owner not in (None, str(path)) and Path(owner).exists())
        doc_id = f"{base}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}" if taken else base
        self.used_ids.add(doc_id)
        return doc_id


def _walk(folder: Path) -> list[Path]:
    """Supported files under a folder, in a stable order, skipping hidden files and folders."""
    from send_assistant.ingest.loaders import SUPPORTED_EXTENSIONS

    exts = {e.lower() if e.startswith(".") else f".{e.lower()}" for e in SUPPORTED_EXTENSIONS}
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.suffix.lower() in exts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
