"""Crawl a Local Offer website: same host only, breadth-first, robots.txt respected, one request at a time.

Each HTML page becomes a document (doc_type "local offer page") whose url is the page's canonical URL.
Pages that were indexed from the site before and are gone are removed only after a complete crawl (nothing
left to visit, no page failed), so a crawl cut short by --max-pages or a flaky server never deletes content.
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from ingest.embedding import Embedder
from ingest.errors import FetchError
from ingest.manifest import Scope, SourceItem, slugify
from ingest.model import DocumentMeta
from ingest.pipeline import IngestSummary, committed_meta, ingest_items
from ingest.progress import Progress
from ingest.settings import Settings

USER_AGENT = "send-assistant (Local Offer indexer; +https://github.com/)"
DEFAULT_DELAY = 0.5  # seconds between requests: council sites are small servers
MAX_CRAWL_DELAY = 10.0  # cap on a robots.txt Crawl-delay, so a typo there cannot stall the run for hours
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20
SKIP_SUFFIXES = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".zip", ".jpg", ".jpeg", ".png",
    ".gif", ".svg", ".webp", ".mp3", ".mp4", ".css", ".js", ".ico", ".xml", ".json", ".rss",
}  # fmt: skip


@dataclass
class Response:
    """A fetched resource."""

    url: str  # after redirects
    content_type: str
    body: bytes


def http_get(url: str, accept: str = "text/html,application/xhtml+xml", timeout: float = TIMEOUT) -> Response:
    """GET with the stdlib; any failure becomes FetchError naming the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked
            body = resp.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise FetchError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB, not read")
            return Response(resp.geturl(), resp.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        error = FetchError(f"{url}: HTTP {exc.code} {exc.reason}")
        error.status = exc.code
        raise error from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{url}: cannot be fetched ({reason})") from exc


@dataclass
class Page:
    """One crawled HTML page."""

    url: str  # canonical URL
    html: str


@dataclass
class Crawl:
    """Result of a crawl: pages, (url, reason) failures, and whether every reachable page was visited."""

    pages: list[Page] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    complete: bool = False


def crawl(start_url: str, max_pages: int = 50, delay: float = DEFAULT_DELAY, fetch=http_get) -> Crawl:
    """Breadth-first crawl of start_url's host, at most max_pages HTML pages."""
    start = _normalise(start_url)
    if start is None:
        raise FetchError(f"{start_url}: not an http(s) URL")
    host = urlsplit(start).netloc
    robots = _robots(start, fetch)
    wait = min(max(delay, robots.crawl_delay(USER_AGENT) or 0), MAX_CRAWL_DELAY)
    queue, queued, canonical_seen = deque([start]), {start}, set()
    result = Crawl()
    fetched = 0
    while queue and len(result.pages) < max_pages:
        url = queue.popleft()
        if not robots.can_fetch(USER_AGENT, url):
            continue
        if fetched:
            time.sleep(wait)
        fetched += 1
        try:
            resp = fetch(url)
        except FetchError as exc:
            result.failures.append((url, str(exc).removeprefix(f"{url}: ")))
            continue
        final = _normalise(resp.url) or url
        if urlsplit(final).netloc != host or "html" not in resp.content_type.lower():
            continue  # redirected off the site, or not a page
        html = resp.body.decode(_charset(resp.content_type), errors="replace")
        links, canonical = _links(html, final)
        page_url = canonical if canonical and urlsplit(canonical).netloc == host else final
        if page_url not in canonical_seen:
            canonical_seen.add(page_url)
            result.pages.append(Page(page_url, html))
        for link in links:
            if link not in queued and urlsplit(link).netloc == host and not _skipped(link):
                queued.add(link)
                queue.append(link)
    result.complete = not queue and not result.failures
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
) -> IngestSummary:
    """Crawl a site and ingest its pages; returns the IngestSummary."""
    result = crawl(start_url, max_pages=max_pages, delay=delay, fetch=fetch)
    if not result.pages and result.failures:
        url, reason = result.failures[0]
        raise FetchError(f"{url}: {reason}")
    origin = f"site:{urlsplit(_normalise(start_url) or start_url).netloc}"
    previous = committed_meta(settings)
    items = [_item(page, origin, area, previous) for page in result.pages]
    scopes = [Scope(origin=origin)] if result.complete else []
    return ingest_items(
        settings, embedder, items, failures=result.failures, scopes=scopes, rebuild=rebuild, progress=progress
    )


def page_doc_id(url: str) -> str:
    """A stable doc_id from a URL (host and path); long ones are shortened with a hash."""
    parts = urlsplit(url)
    slug = slugify(f"{parts.netloc}{parts.path}{'-' + parts.query if parts.query else ''}")
    if len(slug) > 80:
        slug = f"{slug[:70].rstrip('-')}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"
    return slug


def _item(page: Page, origin: str, area: str | None, previous: dict[str, dict]) -> SourceItem:
    from ingest.loaders.html import load_html_string

    doc_id = page_doc_id(page.url)
    before = previous.get(doc_id) or {}
    meta = DocumentMeta(
        doc_id=doc_id,
        title="",
        area=area if area is not None else before.get("area", ""),
        doc_type="local offer page",
        url=page.url,
    )
    digest = hashlib.sha256(page.html.encode()).hexdigest()
    fallback = Path(urlsplit(page.url).path).stem.replace("-", " ") or urlsplit(page.url).netloc
    return SourceItem(meta, page.url, digest, lambda: load_html_string(page.html, page.url), origin, fallback)


def _robots(start: str, fetch) -> urllib.robotparser.RobotFileParser:
    parts = urlsplit(start)
    robots = urllib.robotparser.RobotFileParser(urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", "")))
    try:
        body = fetch(robots.url, accept="text/plain").body.decode("utf-8", errors="replace")
    except FetchError as exc:
        # As the stdlib parser does: robots.txt behind a login means "keep out"; missing means "welcome".
        body = "User-agent: *\nDisallow: /\n" if getattr(exc, "status", None) in (401, 403) else ""
    robots.parse(body.splitlines())
    return robots


def _normalise(url: str) -> str | None:
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _skipped(url: str) -> bool:
    return Path(urlsplit(url).path).suffix.lower() in SKIP_SUFFIXES


def _charset(content_type: str) -> str:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return "utf-8"


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "a" and a.get("href") and "nofollow" not in a.get("rel", "").lower():
            self.hrefs.append(a["href"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = a["href"]


def _links(html: str, base: str) -> tuple[list[str], str | None]:
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - a malformed page still yields the links read so far
        pass
    links = [n for n in (_normalise(urljoin(base, h)) for h in parser.hrefs) if n]
    canonical = _normalise(urljoin(base, parser.canonical)) if parser.canonical else None
    return links, canonical
