"""Crawl a Local Offer website: same host only, breadth-first, robots.txt respected, one request at a time.

Each HTML page becomes a document (doc_type "local offer page") whose url is the page's canonical URL; a page laid
out as a directory record (labelled phone, email, opening times... fields, see send_assistant/ingest/directory.py)
becomes a "service" document carrying its contact card. PDFs and Word files linked from crawled pages, on the site
or on a host in `document_hosts`, are ingested too (send_assistant/ingest/linked_docs.py). Pages that were indexed
from the site before and are gone are removed only after a complete crawl (nothing left to visit, no page failed),
so a crawl cut short by --max-pages or a flaky server never deletes content. With `conditional=True` (the refresh
command) every request carries the ETag / Last-Modified seen last time, and a 304 answer costs no reading at all."""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from send_assistant.errors import FetchError
from send_assistant.ingest.directory import is_service_record, page_contact, shared_fieldsets
from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.fetch_cache import FetchCache
from send_assistant.ingest.http_fetch import Response, Robots, charset, http_get, normalise_url, page_links
from send_assistant.ingest.linked_docs import (
    ACCEPT,
    MAX_DOC_BYTES,
    MAX_DOCUMENTS,
    document_item,
    document_kind,
    load_document,
)
from send_assistant.ingest.manifest import Scope, SourceItem, slugify
from send_assistant.ingest.model import DocumentMeta
from send_assistant.ingest.pipeline import IngestSummary, committed_meta, ingest_items
from send_assistant.ingest.progress import Progress
from send_assistant.settings import Settings

DEFAULT_DELAY = 0.5  # seconds between requests: council sites are small servers
MAX_CRAWL_DELAY = 10.0  # cap on a robots.txt Crawl-delay, so a typo there cannot stall the run for hours
SKIP_SUFFIXES = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".zip", ".jpg", ".jpeg", ".png",
    ".gif", ".svg", ".webp", ".mp3", ".mp4", ".css", ".js", ".ico", ".xml", ".json", ".rss",
}  # fmt: skip


@dataclass
class Page:
    """One crawled HTML page or linked document."""

    url: str  # canonical URL
    html: str = ""
    title: str = ""
    kind: str = "page"  # "page", or a linked document's "pdf" / "docx"
    body: bytes = b""  # a linked document's bytes
    context: str = ""  # a linked document: the title of the page that links to it
    fetched_url: str = ""  # the URL requested (the fetch cache's key)
    etag: str = ""
    last_modified: str = ""
    links: list[str] = field(default_factory=list)
    cached: dict | None = None  # the stored record, when the server answered 304 Not Modified


@dataclass
class Crawl:
    """Result of a crawl: pages, (url, reason) failures, and whether every reachable page was visited.

    `skipped` are documents left out on purpose (over the size cap): reported, but they never make a crawl
    incomplete, or one oversized file would stop removals for good.
    """

    pages: list[Page] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    complete: bool = False


def crawl(
    start_url: str,
    max_pages: int = 50,
    delay: float = DEFAULT_DELAY,
    fetch=http_get,
    document_hosts: Sequence[str] = (),
    documents: bool = True,
    cache: FetchCache | None = None,
) -> Crawl:
    """Breadth-first crawl of start_url's host (at most max_pages HTML pages), then the documents they link."""
    start = normalise_url(start_url)
    if start is None:
        raise FetchError(f"{start_url}: not an http(s) URL")
    host = urlsplit(start).netloc
    allowed_hosts = {host, *(h.strip().lower() for h in document_hosts if h.strip())}
    robots = Robots(fetch)
    fetcher = _Fetcher(fetch, min(max(delay, robots.delay(start)), MAX_CRAWL_DELAY), cache)
    queue, queued, canonical_seen = deque([start]), {start}, set()
    docs: dict[str, str] = {}  # document URL -> title of the first page linking it
    linked_from: dict[str, str] = {}  # queued URL -> title of the page linking it (a download link may be a PDF)
    result = Crawl()
    while queue and len(result.pages) < max_pages:
        url = queue.popleft()
        if not robots.allowed(url):
            continue
        try:
            page = fetcher.page(url, host, linked_from.get(url, "") if documents else None)
        except FetchError as exc:
            result.failures.append((url, str(exc).removeprefix(f"{url}: ")))
            continue
        if page is None:
            continue  # redirected off the site, or not a page
        if page.url not in canonical_seen:
            canonical_seen.add(page.url)
            result.pages.append(page)
        for link in page.links:
            if documents and document_kind(link):
                if urlsplit(link).netloc in allowed_hosts:
                    docs.setdefault(link, page.title)
            elif link not in queued and urlsplit(link).netloc == host and not _skipped(link):
                queued.add(link)
                queue.append(link)
                linked_from[link] = page.title
    result.complete = not queue and not result.failures
    for url, context in list(docs.items())[:MAX_DOCUMENTS]:
        if not robots.allowed(url):
            continue
        try:
            doc = fetcher.document(url, context)
        except FetchError as exc:
            reason = str(exc).removeprefix(f"{url}: ")
            if getattr(exc, "too_large", False):
                result.skipped.append((url, reason))
            else:
                result.failures.append((url, reason))
                result.complete = False
            continue
        if doc is not None:
            result.pages.append(doc)
    return result


def ingest_site(
    settings: Settings,
    embedder: Embedder,
    start_url: str,
    max_pages: int = 50,
    area: str | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    delay: float = DEFAULT_DELAY,
    fetch=http_get,
    document_hosts: Sequence[str] = (),
    conditional: bool = False,
) -> IngestSummary:
    """Crawl a site and ingest its pages and linked documents; returns the IngestSummary."""
    cache = FetchCache.for_data_dir(settings.data_dir)
    try:
        use = cache if conditional and not rebuild else None
        result = crawl(
            start_url, max_pages=max_pages, delay=delay, fetch=fetch, document_hosts=document_hosts, cache=use
        )
        if not result.pages and result.failures:
            url, reason = result.failures[0]
            raise FetchError(f"{url}: {reason}")
        origin = f"site:{urlsplit(normalise_url(start_url) or start_url).netloc}"
        previous = committed_meta(settings)
        contacts = {id(p): page_contact(p.html, p.url) for p in result.pages if p.kind == "page" and p.html}
        shared = shared_fieldsets(list(contacts.values()))
        items = [_item(p, origin, area, previous, fetch, contacts.get(id(p), {}), shared) for p in result.pages]
        scopes = [Scope(origin=origin)] if result.complete else []
        failures = result.failures + result.skipped
        summary = ingest_items(
            settings, embedder, items, failures=failures, scopes=scopes, rebuild=rebuild, progress=progress
        )
        _remember(cache, result.pages, items, summary)
    finally:
        cache.close()
    return summary


def page_doc_id(url: str) -> str:
    """A stable doc_id from a URL (host and path); long ones are shortened with a hash."""
    parts = urlsplit(url)
    slug = slugify(f"{parts.netloc}{parts.path}{'-' + parts.query if parts.query else ''}")
    if len(slug) > 80:
        slug = f"{slug[:70].rstrip('-')}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"
    return slug


def _item(page: Page, origin: str, area: str | None, previous: dict[str, dict], fetch, contact, shared) -> SourceItem:
    from send_assistant.ingest.loaders.html import load_html_string

    doc_id = page_doc_id(page.url)
    area_value = area if area is not None else (previous.get(doc_id) or {}).get("area", "")
    fallback = Path(urlsplit(page.url).path).stem.replace("-", " ") or urlsplit(page.url).netloc
    if page.cached is not None:
        known = {f.name for f in fields(DocumentMeta)}
        meta = DocumentMeta(**{k: v for k, v in page.cached["meta"].items() if k in known})
        meta = replace(meta, area=area_value)
        return SourceItem(meta, page.url, page.cached["source_hash"], lambda: _refetch(page, fetch), origin, fallback)
    if page.kind != "page":
        return document_item(
            doc_id, page.url, page.body, page.kind, page.context, origin, area_value, page.last_modified
        )
    service = is_service_record(contact, shared)
    meta = DocumentMeta(
        doc_id=doc_id,
        title="",
        area=area_value,
        doc_type="service" if service else "local offer page",
        url=page.url,
        contact=contact if service else None,
    )
    digest = hashlib.sha256(page.html.encode()).hexdigest()
    return SourceItem(meta, page.url, digest, lambda: load_html_string(page.html, page.url), origin, fallback)


def _refetch(page: Page, fetch):
    """Load a page the server said was unchanged (the pipeline only asks when it must re-chunk it)."""
    from send_assistant.ingest.loaders.html import load_html_string

    if page.kind == "page":
        resp = fetch(page.fetched_url)
        return load_html_string(resp.body.decode(charset(resp.content_type), errors="replace"), page.url)
    resp = fetch(page.fetched_url, accept=ACCEPT, max_bytes=MAX_DOC_BYTES)
    return load_document(resp.body, page.kind, page.url, page.context)


def _remember(cache: FetchCache, pages: list[Page], items: list[SourceItem], summary: IngestSummary) -> None:
    """Store validators and what each page became, for the next conditional refresh (failed ones are not)."""
    failed = {e["path"] for e in summary.errors}
    records = {}
    for page, item in zip(pages, items, strict=True):
        if item.label in failed or not page.fetched_url:
            continue
        record = dict(page.cached or {})
        record.update(url=page.url, kind=page.kind, title=page.title, context=page.context, links=page.links)
        record.update(meta=asdict(item.meta), source_hash=item.source_hash)
        if page.cached is None:
            record.update(etag=page.etag, last_modified=page.last_modified)
        records[page.fetched_url] = record
    cache.put_many(records)


class _Fetcher:
    """One request at a time, `wait` seconds apart, with conditional headers when a cache is given."""

    def __init__(self, fetch, wait: float, cache: FetchCache | None) -> None:
        self.fetch, self.wait, self.cache = fetch, wait, cache
        self.count = 0

    def _get(self, url: str, **kwargs) -> Response:
        if self.count:
            time.sleep(self.wait)
        self.count += 1
        headers = self.cache.headers(url) if self.cache else {}
        if not headers:
            return self.fetch(url, **kwargs)
        resp = self.fetch(url, headers=headers, **kwargs)
        # A 304 we cannot use (no stored record any more) must not lose the page: ask again, unconditionally.
        return self.fetch(url, **kwargs) if resp.not_modified and self.cache.get(url) is None else resp

    def _cached(self, url: str, resp: Response) -> Page | None:
        record = self.cache.get(url) if self.cache and resp.not_modified else None
        if record is None:
            return None
        return Page(
            record["url"], title=record.get("title", ""), kind=record.get("kind", "page"),
            context=record.get("context", ""), fetched_url=url, links=record.get("links", []), cached=record,
        )  # fmt: skip

    def page(self, url: str, host: str, context: str | None = None) -> Page | None:
        """An HTML page; or, when `context` is given and the link turns out to serve a PDF or Word file (a
        /downloads/file/123 link), that document. None for anything else."""
        resp = self._get(url)
        if resp.not_modified:
            return self._cached(url, resp)
        final = normalise_url(resp.url) or url
        if urlsplit(final).netloc != host:
            return None
        kind = document_kind("", resp.content_type)
        if kind and context is not None:
            return Page(final, kind=kind, body=resp.body, context=context, fetched_url=url, etag=resp.etag,
                        last_modified=resp.last_modified)  # fmt: skip
        if "html" not in resp.content_type.lower():
            return None
        html = resp.body.decode(charset(resp.content_type), errors="replace")
        links, canonical, title = page_links(html, final)
        page_url = canonical if canonical and urlsplit(canonical).netloc == host else final
        return Page(page_url, html, title, fetched_url=url, etag=resp.etag, last_modified=resp.last_modified,
                    links=links)  # fmt: skip

    def document(self, url: str, context: str) -> Page | None:
        resp = self._get(url, accept=ACCEPT, max_bytes=MAX_DOC_BYTES)
        if resp.not_modified:
            return self._cached(url, resp)
        kind = document_kind(resp.url, resp.content_type)
        if kind is None or "html" in resp.content_type.lower():
            return None  # e.g. a login page in place of the file
        final = normalise_url(resp.url) or url
        return Page(final, kind=kind, body=resp.body, context=context, fetched_url=url, etag=resp.etag,
                    last_modified=resp.last_modified)  # fmt: skip


def _skipped(url: str) -> bool:
    return Path(urlsplit(url).path).suffix.lower() in SKIP_SUFFIXES
