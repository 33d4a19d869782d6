"""Read an Open Referral UK / HSDS 3.0 service directory (`/services`, paginated) into one document per service.

Each service becomes a document of doc_type "service": its description, who it is for, how to get it, costs,
opening times, categories (taxonomy terms) and contact details as text, and a `contact` dict (name, phone,
email, website, opening_times, address, ages, eligibility, cost, and the taxonomy terms as `categories`) in its
metadata so answers can show a contact card and reports can compare sources. The reviewed date is the record's
`assured_date` (when its owner last checked it), else its `last_modified`. Services that have left the feed are
removed only after every page was read; a read with `modified_after` (only what changed since) removes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from send_assistant.errors import FetchError
from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.manifest import Scope, SourceItem, slugify
from send_assistant.ingest.model import Block, DocumentMeta, LoadedDocument
from send_assistant.ingest.pipeline import IngestSummary, committed_meta, ingest_items
from send_assistant.ingest.progress import Progress
from send_assistant.ingest.site import http_get
from send_assistant.settings import Settings

MAX_PAGES = 10_000  # a feed that never says it has ended must not loop forever
DETAIL_KEYS = ("phones", "schedules", "service_at_locations", "contacts")


@dataclass
class Feed:
    """Services read from a feed, (label, reason) failures, and whether every page was read."""

    services: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    complete: bool = False


def services_url(url: str) -> str:
    """The `/services` endpoint for an API base URL (or the URL itself when it already is one)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if not path.endswith("/services"):
        path = f"{path}/services"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def read_feed(url: str, fetch=http_get, per_page: int | None = None, modified_after: str | None = None) -> Feed:
    """Every service of the feed, following `page` until `last_page` / `total_pages` says it has ended.

    per_page: ask for this many services a page; modified_after: only services changed since (ISO date-time).
    """
    endpoint = services_url(url)
    feed = Feed()
    extra = {"per_page": str(per_page) if per_page else "", "modified_after": modified_after or ""}
    for page in range(1, MAX_PAGES + 1):
        page_url = _with_page(endpoint, page, {k: v for k, v in extra.items() if v})
        try:
            data = _get_json(page_url, fetch)
        except FetchError as exc:
            if page == 1:
                raise
            feed.failures.append((page_url, str(exc).removeprefix(f"{page_url}: ")))
            return feed
        contents = data.get("contents") if isinstance(data, dict) else None
        if not isinstance(contents, list):
            raise FetchError(f"{page_url}: not an Open Referral services page ({_shape(data)})")
        feed.services.extend(_details(endpoint, s, fetch) for s in contents if isinstance(s, dict))
        if not contents or _is_last(data, page):
            feed.complete = True
            return feed
    return feed


def ingest_oruk(
    settings: Settings,
    embedder: Embedder,
    url: str,
    area: str | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    fetch=http_get,
    per_page: int | None = None,
    modified_after: str | None = None,
) -> IngestSummary:
    """Read a service directory feed (all of it, or what changed since `modified_after`) and ingest it."""
    feed = read_feed(url, fetch, per_page=per_page, modified_after=modified_after)
    origin = f"oruk:{services_url(url)}"
    previous = committed_meta(settings)
    items, failures = [], list(feed.failures)
    for n, service in enumerate(feed.services, start=1):
        if not service.get("id") or not str(service.get("name") or "").strip():
            failures.append((f"{services_url(url)} record {n}", "the service has no id or no name"))
            continue
        items.append(service_item(service, origin, area, previous))
    scopes = [Scope(origin=origin)] if feed.complete and not modified_after else []
    return ingest_items(settings, embedder, items, failures=failures, scopes=scopes, rebuild=rebuild, progress=progress)


def service_item(service: dict, origin: str, area: str | None, previous: dict[str, dict]) -> SourceItem:
    """A SourceItem for one HSDS service record."""
    doc_id = f"service-{slugify(str(service['id']))}"
    before = previous.get(doc_id) or {}
    org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    contact = service_contact(service)
    updated = str(service.get("assured_date") or service.get("last_modified") or "")[:10] or None
    meta = DocumentMeta(
        doc_id=doc_id,
        title=_text(service.get("name")),
        area=area if area is not None else before.get("area", ""),
        doc_type="service",
        publisher=_text(org.get("name")) or None,
        url=_text(service.get("url")) or None,
        reviewed=updated,
        contact=contact or None,
    )
    digest = hashlib.sha256(json.dumps(service, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    label = f"{origin.removeprefix('oruk:')}/{service['id']}"
    return SourceItem(meta, label, digest, lambda: service_document(service, contact), origin)


def service_document(service: dict, contact: dict[str, str]) -> LoadedDocument:
    """The service as headed sections of plain text."""
    name = _text(service.get("name"))
    blocks = [Block("heading", name, level=1)]

    def section(heading: str, *texts: str, kind: str = "paragraph") -> None:
        texts = tuple(t for t in texts if t)
        if texts:
            blocks.append(Block("heading", heading, level=2))
            blocks.extend(Block(kind, t) for t in texts)

    org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    alt = _text(service.get("alternate_name"))
    blocks.extend(
        Block("paragraph", t) for t in (_text(service.get("description")), f"Also known as {alt}." if alt else "") if t
    )
    section("Alert", _text(service.get("alert")))
    section("Who it is for", _text(service.get("eligibility_description")), _ages(service))
    section("How to get it", _text(service.get("application_process")))
    section("Costs", _text(service.get("fees_description")), *_cost_options(service))
    section("Opening times", contact.get("opening_times", ""))
    section("Languages", _text(service.get("interpretation_services")))
    section("Run by", _text(org.get("name")))
    section("Categories", "; ".join(taxonomy_terms(service)))
    lines = [f"{label}: {contact[key]}" for key, label in _CONTACT_LABELS if contact.get(key)]
    section("Contact", *lines, kind="list_item")
    return LoadedDocument(blocks=blocks, title=name, url=_text(service.get("url")) or None, source_format="oruk")


_CONTACT_LABELS = (("phone", "Phone"), ("email", "Email"), ("website", "Website"), ("address", "Address"))


def service_contact(service: dict) -> dict[str, str]:
    """name, phone, email, website, opening_times, address: whatever the record gives (empty ones left out)."""
    locations = _dicts(service.get("service_at_locations"))
    places = [loc.get("location") for loc in locations if isinstance(loc.get("location"), dict)]
    people = _dicts(service.get("contacts")) + [c for loc in locations for c in _dicts(loc.get("contacts"))]
    org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    phones = _dicts(service.get("phones")) + [p for c in people for p in _dicts(c.get("phones"))]
    phones += [p for loc in locations + places for p in _dicts(loc.get("phones"))]
    schedules = _dicts(service.get("schedules")) + [s for loc in locations for s in _dicts(loc.get("schedules"))]
    contact = {
        "name": _text(service.get("name")),
        "phone": next((_phone(p) for p in phones if _phone(p)), ""),
        "email": _text(service.get("email")) or next((_text(c.get("email")) for c in people if c.get("email")), ""),
        "website": _text(service.get("url")) or _text(org.get("website")),
        "opening_times": "; ".join(dict.fromkeys(t for t in map(_schedule, schedules) if t)),
        "address": next((a for a in (_address(p) for p in places) if a), ""),
        "ages": _ages(service).removesuffix("."),
        "eligibility": _text(service.get("eligibility_description")),
        "cost": _text(service.get("fees_description")) or "; ".join(_cost_options(service)),
        "categories": "; ".join(taxonomy_terms(service)),
    }
    return {k: v for k, v in contact.items() if v}


def taxonomy_terms(service: dict) -> list[str]:
    """Names of the record's taxonomy terms: HSDS 3 `attributes[].taxonomy_term`, ORUK 2 `service_taxonomys`."""
    terms = [a.get("taxonomy_term") for a in _dicts(service.get("attributes"))]
    terms += [t.get("taxonomy") for t in _dicts(service.get("service_taxonomys"))]
    terms += _dicts(service.get("taxonomy_terms"))
    names = (_text(t.get("name")) for t in terms if isinstance(t, dict))
    return list(dict.fromkeys(n for n in names if n))


def _details(endpoint: str, service: dict, fetch) -> dict:
    """List pages may carry a summary only; fetch `/services/{id}` for phones, schedules and locations."""
    if any(k in service for k in DETAIL_KEYS) or not service.get("id"):
        return service
    try:
        full = _get_json(f"{endpoint}/{service['id']}", fetch)
    except FetchError:
        return service  # the summary is still worth indexing
    return full if isinstance(full, dict) and full.get("id") == service["id"] else service


def _get_json(url: str, fetch) -> object:
    resp = fetch(url, accept="application/json")
    try:
        return json.loads(resp.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{url}: the response is not JSON ({exc})") from exc


def _with_page(endpoint: str, page: int, extra: dict[str, str] | None = None) -> str:
    parts = urlsplit(endpoint)
    extra = extra or {}
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page" and k not in extra]
    query += [("page", str(page)), *extra.items()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _shape(data: object) -> str:
    """What a page that fails validation looks like, for the one error line."""
    if not isinstance(data, dict):
        return f"expected a JSON object with a 'contents' list, got a JSON {type(data).__name__}"
    keys = ", ".join(sorted(map(str, data))[:6]) or "none"
    return f"no 'contents' list; its keys are: {keys}"


def _cost_options(service: dict) -> list[str]:
    out = []
    for option in _dicts(service.get("cost_options")):
        amount, currency = option.get("amount"), _text(option.get("currency")).upper()
        price = f"{amount:g} {currency}".strip() if isinstance(amount, int | float) else ""
        line = " ".join(p for p in (price, _text(option.get("amount_description"))) if p)
        label = _text(option.get("option"))
        out.append(f"{label}: {line}" if label and line else label or line)
    return [o for o in out if o]


def _is_last(data: dict, page: int) -> bool:
    if data.get("last_page") is True:
        return True
    total = data.get("total_pages")
    return isinstance(total, int) and page >= total


def _dicts(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _phone(phone: dict) -> str:
    # Some feeds (the HSDS examples among them) wrap numbers in stray quotes.
    number = _text(phone.get("number")).strip("\"' ")
    ext = _text(phone.get("extension"))
    return f"{number} (extension {ext})" if number and ext else number


def _schedule(schedule: dict) -> str:
    if _text(schedule.get("description")):
        return _text(schedule.get("description"))
    opens, closes = _text(schedule.get("opens_at"))[:5], _text(schedule.get("closes_at"))[:5]
    days = _text(schedule.get("byday"))
    hours = f"{opens} to {closes}" if opens and closes else ""
    return " ".join(p for p in (days, hours) if p)


def _address(location: dict) -> str:
    for addr in _dicts(location.get("addresses")):
        keys = ("address_1", "address_2", "city", "region", "postal_code")
        parts = list(dict.fromkeys(_text(addr.get(k)) for k in keys if _text(addr.get(k))))
        if parts:
            return ", ".join(parts)
    return ""


def _ages(service: dict) -> str:
    low, high = service.get("minimum_age"), service.get("maximum_age")
    if isinstance(low, int | float) and isinstance(high, int | float):
        return f"Ages {low:g} to {high:g}."
    if isinstance(low, int | float):
        return f"From age {low:g}."
    if isinstance(high, int | float):
        return f"Up to age {high:g}."
    return ""
