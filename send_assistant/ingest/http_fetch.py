"""HTTP for the crawler and the service-directory reader: GET with validators, robots.txt, link extraction.

Only the standard library; every failure is a FetchError naming the URL and the reason.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from send_assistant.errors import FetchError

USER_AGENT = "send-assistant (Local Offer indexer; +https://github.com/)"
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20
HTML = "text/html,application/xhtml+xml"


@dataclass
class Response:
    """A fetched resource (status 304: not modified since the validators sent, body empty)."""

    url: str  # after redirects
    content_type: str
    body: bytes
    status: int = 200
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """The server said 304: what we have is current."""
        return self.status == 304


def http_get(
    url: str,
    accept: str = HTML,
    timeout: float = TIMEOUT,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Response:
    """GET with the stdlib; any failure becomes FetchError naming the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked
            body = resp.read(max_bytes + 1)
            if len(body) > max_bytes:
                error = FetchError(f"{url}: larger than {max_bytes // (1024 * 1024)} MB, not read")
                error.too_large = True
                raise error
            h = resp.headers
            etag, modified = h.get("ETag", ""), h.get("Last-Modified", "")
            return Response(resp.geturl(), h.get("Content-Type", ""), body, resp.status, etag, modified)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, "", b"", 304, exc.headers.get("ETag", ""), exc.headers.get("Last-Modified", ""))
        error = FetchError(f"{url}: HTTP {exc.code} {exc.reason}")
        error.status = exc.code
        raise error from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{url}: cannot be fetched ({reason})") from exc


class Robots:
    """robots.txt per host, read once each."""

    def __init__(self, fetch) -> None:
        self.fetch = fetch
        self.hosts: dict[str, urllib.robotparser.RobotFileParser] = {}

    def _for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        if parts.netloc not in self.hosts:
            self.hosts[parts.netloc] = _robots(urlunsplit((parts.scheme, parts.netloc, "/", "", "")), self.fetch)
        return self.hosts[parts.netloc]

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch the URL."""
        return self._for(url).can_fetch(USER_AGENT, url)

    def delay(self, url: str) -> float:
        """The host's Crawl-delay (0 when none)."""
        return float(self._for(url).crawl_delay(USER_AGENT) or 0)


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


def normalise_url(url: str) -> str | None:
    """http(s) URL without fragment, host lower-cased, empty path as "/"; None for anything else."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def charset(content_type: str) -> str:
    """The charset a Content-Type names (utf-8 when none)."""
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
        self.title = ""
        self.h1 = ""
        self._in: str | None = None  # "title" or "h1" while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "a" and a.get("href") and "nofollow" not in a.get("rel", "").lower():
            self.hrefs.append(a["href"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = a["href"]
        elif tag in ("title", "h1") and not getattr(self, tag):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def page_links(html: str, base: str) -> tuple[list[str], str | None, str]:
    """Links (normalised), the canonical URL and the page's title (its h1, else <title> without the site name)."""
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - a malformed page still yields the links read so far
        pass
    links = [n for n in (normalise_url(urljoin(base, h)) for h in parser.hrefs) if n]
    canonical = normalise_url(urljoin(base, parser.canonical)) if parser.canonical else None
    title = " ".join(parser.h1.split()) or re.split(r"\s+[|–—-]\s+", " ".join(parser.title.split()))[0]
    return links, canonical, title
