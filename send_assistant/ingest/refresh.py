"""Re-read every Local Offer site and service-directory feed named in knowledge/sources.yaml.

sources.yaml may list, beside `documents:`, a `sites:` section (url, area, max_pages, document_hosts) and a
`feeds:` section (url, area, per_page); the header comment of the shipped manifest shows both. A refresh:

- crawls each site with conditional requests (the ETag / Last-Modified stored per URL by the last run): an
  unchanged page costs one 304 and no reading, a changed one is re-chunked and only its new passages embedded,
  and pages gone from a complete crawl are removed;
- reads each feed incrementally (`modified_after` the start of the last good read) so only changed services
  are fetched and embedded; an incremental read removes nothing, so every FULL_READ_DAYS (or with `full=True`)
  the whole feed is read and services that left it are removed.

One source failing never stops the others; its failure is one line in the summary's errors. The combined
summary has the ingest command's shape; each run is appended as one JSON line to refresh.log in the data dir.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from send_assistant.errors import FetchError, ManifestError
from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.fetch_cache import FetchCache
from send_assistant.ingest.http_fetch import http_get
from send_assistant.ingest.ledger import Ledger
from send_assistant.ingest.manifest import MANIFEST_NAME
from send_assistant.ingest.oruk import ingest_oruk, services_url
from send_assistant.ingest.pipeline import IngestSummary
from send_assistant.ingest.progress import Progress
from send_assistant.ingest.site import DEFAULT_DELAY, ingest_site
from send_assistant.settings import Settings
from send_assistant.yaml_file import read_yaml

log = logging.getLogger(__name__)

FULL_READ_DAYS = 7  # an incremental feed read cannot see closed services; read the whole feed this often
LOG_NAME = "refresh.log"
_SITE_KEYS = {"url", "area", "max_pages", "document_hosts"}
_FEED_KEYS = {"url", "area", "per_page"}


@dataclass
class SiteSource:
    """A Local Offer website to crawl."""

    url: str
    area: str | None = None
    max_pages: int = 200
    document_hosts: list[str] = field(default_factory=list)


@dataclass
class FeedSource:
    """An Open Referral UK service-directory API."""

    url: str
    area: str | None = None
    per_page: int | None = None


@dataclass
class SourceResult:
    """What the refresh did for one source (summary None when it could not be read at all)."""

    kind: str  # "site" or "feed"
    url: str
    summary: IngestSummary | None
    error: str = ""
    mode: str = ""  # feeds: "full" or "changes since <time>"


@dataclass
class RefreshResult:
    """The combined summary and each source's part in it."""

    summary: IngestSummary
    sources: list[SourceResult]


def load_sources(path: Path) -> tuple[list[SiteSource], list[FeedSource]]:
    """The `sites:` and `feeds:` sections of a manifest (both optional); ManifestError names a bad entry."""
    data = read_yaml(path, ManifestError, "the manifest") or {}
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected a mapping with 'documents:' (and optional 'sites:', 'feeds:')")
    sites = [SiteSource(**_entry(path, "sites", n, raw, _SITE_KEYS)) for n, raw in _section(path, data, "sites")]
    feeds = [FeedSource(**_entry(path, "feeds", n, raw, _FEED_KEYS)) for n, raw in _section(path, data, "feeds")]
    return sites, feeds


def _section(path: Path, data: dict, name: str) -> list[tuple[int, object]]:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise ManifestError(f"{path}: '{name}:' must be a list of entries with a url")
    return list(enumerate(value, start=1))


def _entry(path: Path, section: str, n: int, raw: object, keys: set[str]) -> dict:
    where = f"{path}: {section} entry {n}"
    if isinstance(raw, str):
        raw = {"url": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str) or not raw["url"].startswith("http"):
        raise ManifestError(f"{where}: needs a 'url' starting with http:// or https://")
    unknown = sorted(set(map(str, raw)) - keys)
    if unknown:
        raise ManifestError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(keys))}")
    out = dict(raw)
    for key in ("max_pages", "per_page"):
        if key in out and (not isinstance(out[key], int) or isinstance(out[key], bool) or out[key] < 1):
            raise ManifestError(f"{where}: '{key}' must be a whole number above 0")
    hosts = out.get("document_hosts", [])
    if isinstance(hosts, str):
        hosts = [hosts]
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise ManifestError(f"{where}: 'document_hosts' must be a list of host names")
    if section == "sites":
        out["document_hosts"] = hosts
    if out.get("area") is not None:
        out["area"] = str(out["area"]).strip()
    return out


def refresh(
    settings: Settings,
    embedder: Embedder,
    full: bool = False,
    progress: Progress | None = None,
    delay: float = DEFAULT_DELAY,
    fetch=http_get,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RefreshResult:
    """Refresh every site and feed the manifest lists; returns the combined summary and each source's."""
    sites, feeds = load_sources(settings.knowledge_dir / MANIFEST_NAME)
    results: list[SourceResult] = []
    for site in sites:
        try:
            summary = ingest_site(
                settings, embedder, site.url, max_pages=site.max_pages, area=site.area, progress=progress,
                delay=delay, fetch=fetch, document_hosts=site.document_hosts, conditional=not full,
            )  # fmt: skip
            results.append(SourceResult("site", site.url, summary))
        except FetchError as exc:
            results.append(SourceResult("site", site.url, None, str(exc)))
    cache = FetchCache.for_data_dir(settings.data_dir)
    try:
        for feed in feeds:
            results.append(_refresh_feed(settings, embedder, feed, cache, full, progress, fetch, now))
    finally:
        cache.close()
    result = RefreshResult(_combine(results, settings), results)
    _log(settings, result, now())
    return result


def _refresh_feed(settings, embedder, feed: FeedSource, cache: FetchCache, full, progress, fetch, now) -> SourceResult:
    key = f"feed:{services_url(feed.url)}"
    state = cache.get(key) or {}
    started = now()
    last_full = _parse(state.get("last_full"))
    incremental = not full and last_full is not None and started - last_full < timedelta(days=FULL_READ_DAYS)
    since = state.get("last_read") if incremental else None
    mode = f"changes since {since}" if since else "full"
    try:
        summary = ingest_oruk(
            settings, embedder, feed.url, area=feed.area, progress=progress, fetch=fetch,
            per_page=feed.per_page, modified_after=since,
        )  # fmt: skip
    except FetchError as exc:
        return SourceResult("feed", feed.url, None, str(exc), mode)
    if since:
        # Services the feed did not list as changed are still indexed and current.
        summary.unchanged += max(0, _count_origin(settings, f"oruk:{services_url(feed.url)}") - summary.ingested)
    if not summary.failed:
        stamp = started.isoformat(timespec="seconds").replace("+00:00", "Z")
        cache.put_many({key: {"last_read": stamp, "last_full": state.get("last_full") if since else stamp}})
    return SourceResult("feed", feed.url, summary, mode=mode)


def _count_origin(settings: Settings, origin: str) -> int:
    ledger = Ledger(settings.ledger_db)
    try:
        return sum(1 for e in ledger.entries() if e.origin == origin)
    finally:
        ledger.close()


def _parse(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _combine(results: list[SourceResult], settings: Settings) -> IngestSummary:
    total = IngestSummary()
    for r in results:
        if r.summary is None:
            total.failed += 1
            total.errors.append({"path": r.url, "reason": r.error.removeprefix(f"{r.url}: ")})
            continue
        for key in ("added", "updated", "unchanged", "removed", "failed", "embedded"):
            setattr(total, key, getattr(total, key) + getattr(r.summary, key))
        total.seconds = round(total.seconds + r.summary.seconds, 3)
        total.errors.extend(r.summary.errors)
        total.chunks = r.summary.chunks  # the index's size after the last source
    if total.chunks == 0 and (settings.database_url or settings.ledger_path.exists()):
        ledger = Ledger(settings.ledger_db)
        try:
            total.chunks = sum(len(e.chunk_ids) for e in ledger.entries())
        finally:
            ledger.close()
    return total


def _log(settings: Settings, result: RefreshResult, when: datetime) -> None:
    """One JSON line per run in refresh.log: the summary and each source's counts."""
    line = {
        "time": when.isoformat(timespec="seconds"),
        **result.summary.to_dict(),
        "sources": [
            {
                "kind": r.kind,
                "url": r.url,
                "mode": r.mode,
                "error": r.error,
                **(r.summary.to_dict() if r.summary else {}),
            }
            for r in result.sources
        ],
    }
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / LOG_NAME).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    s = result.summary
    log.info(
        "refresh: %d sources, %d added, %d updated, %d unchanged, %d removed, %d failed, %d embedded",
        len(result.sources), s.added, s.updated, s.unchanged, s.removed, s.failed, s.embedded,
    )  # fmt: skip


def _counts(summary: IngestSummary | None) -> dict:
    return summary.to_dict() if summary else {}
