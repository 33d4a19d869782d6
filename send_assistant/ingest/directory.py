"""Directory records on Local Offer service pages: labelled fields read into a contact card.

The common Local Offer platforms lay a service's details out as labelled fields: <dt>/<dd> pairs (Open Objects /
Idox "Family Information Service" pages), two-column tables (Placecube / service-directory pages), or a
"Contact" section of "Phone: ..." lines or label headings. `page_contact` reads them into the same keys the Open
Referral reader fills (name, phone, email, website, opening_times, address, ages, eligibility, cost), so an
answer can show the page's contact card. A page is a service record only when it carries at least two labelled
fields, one of them a way to get in touch (`is_service_record`).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from send_assistant.ingest import clean
from send_assistant.ingest.loaders.html import (  # the loader's one idea of "main content"
    _main_element,
    _remove_boilerplate,
)

# Label (lower case, punctuation stripped) -> contact key. Order matters: the first pattern that matches wins.
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("email", r"^(e-?mail|email address|contact email)\b"),
        ("website", r"^(web ?site|web address|web|url|online|website address)\b"),
        ("phone", r"^(tel|telephone|phone|phone number|contact number|mobile|helpline|call)\b"),
        ("opening_times", r"^(opening (times|hours)|hours|times|when|session times|availability|open)\b"),
        ("address", r"^(address|venue|location|where|postcode)\b"),
        ("ages", r"^(age range|ages?|age group|suitable ages)\b"),
        ("eligibility", r"^(eligibility|who (is it|it is|can use|can access) |who for|referral criteria|who can)"),
        ("cost", r"^(cost|costs|fees?|price|charges?|prices)\b"),
    )
)
CONTACT_KEYS = ("name", "phone", "email", "website", "opening_times", "address", "ages", "eligibility", "cost")
REACH_KEYS = ("phone", "email", "website", "address")  # ways to get in touch: a record needs one of them
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /&-]{1,30}?)\s*[:\u2013\u2014-]\s+(.+)$")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PARSER = lxml.html.HTMLParser(encoding="utf-8")  # the text is already decoded: never guess latin-1
_MAX_VALUE = 300  # a label's value is a short field, not a paragraph of prose
SHARED_PAGES = 3  # a contact block on this many differently named pages of one crawl is the site's, not theirs


def label_key(label: str) -> str | None:
    """The contact key a field label stands for ("Telephone" -> "phone"), or None."""
    text = re.sub(r"[^a-z0-9 &-]+", " ", label.lower()).strip()
    text = re.sub(r"\s+", " ", text)
    for key, pattern in _LABELS:
        if pattern.search(text):
            return key
    return None


def page_contact(html: str, url: str | None = None) -> dict[str, str]:
    """The labelled fields of a page as a contact dict (empty keys left out); {} when it has none."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return {}
    # The HTML loader's own idea of the main content, so the card never shows what the indexed text lacks
    # (a site-wide "contact the Local Offer team" sidebar or footer is not this service's contact).
    _remove_boilerplate(root)
    main = _main_element(root)
    fields: dict[str, str] = {}
    for label, value in _pairs(main, url):
        key = label_key(label)
        if not key or not value or len(value) > _MAX_VALUE:
            continue
        if key not in fields:
            fields[key] = value
        elif key == "address" and label.lower().startswith("postcode") and value not in fields[key]:
            fields[key] = f"{fields[key]}, {value}"  # Open Objects lists the postcode as a field of its own
    if fields:
        fields["name"] = _name(root, main)
    return {k: fields[k] for k in CONTACT_KEYS if fields.get(k)}


def is_service_record(contact: dict[str, str], shared: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """At least two labelled fields, one a way to get in touch, and a name; not a field set `shared` by many
    pages (see `shared_fieldsets`)."""
    found = [k for k in CONTACT_KEYS if k != "name" and contact.get(k)]
    reachable = len(found) >= 2 and any(k in found for k in REACH_KEYS)
    return bool(contact.get("name")) and reachable and _fingerprint(contact) not in shared


def shared_fieldsets(contacts: list[dict[str, str]], pages: int = SHARED_PAGES) -> frozenset[tuple[str, ...]]:
    """Ways of getting in touch that `pages` or more differently named pages all give: site furniture (a
    "contact the Local Offer team" box on every page), not one service's record."""
    names: dict[tuple[str, ...], set[str]] = {}
    for contact in contacts:
        names.setdefault(_fingerprint(contact), set()).add(contact.get("name", ""))
    return frozenset(f for f, n in names.items() if len(n) >= pages and any(f))


def _fingerprint(contact: dict[str, str]) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", "", contact.get(k, "").lower()) for k in REACH_KEYS)


def _pairs(main, url: str | None) -> list[tuple[str, str]]:
    """(label, value) from dt/dd, two-column table rows, label headings and "Label: value" lines."""
    pairs: list[tuple[str, str]] = []
    for dl in main.iter("dl"):
        label = None
        for child in dl.iterchildren():
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "div":  # HTML allows <div> wrappers around each dt/dd group
                pairs += _pairs_in_group(child, url)
            elif tag == "dt":
                label = _text(child)
            elif tag == "dd" and label:
                pairs.append((label, _value(child, label, url)))
    for row in main.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
        if len(cells) == 2:
            pairs.append((_text(cells[0]), _value(cells[1], _text(cells[0]), url)))
    for heading in main.xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//strong | .//b"):
        label = _text(heading).rstrip(":")
        following = heading.getnext()
        if label_key(label) and len(label) <= 30 and following is not None and not heading.tail:
            pairs.append((label, _value(following, label, url)))
    for el in main.xpath(".//p | .//li | .//div[not(*)] | .//span[not(*)]"):
        match = _LINE.match(_text(el))
        if match and label_key(match.group(1)):
            pairs.append((match.group(1), _value(el, match.group(1), url, match.group(2))))
    return pairs


def _pairs_in_group(group, url: str | None) -> list[tuple[str, str]]:
    dts, dds = group.findall("dt"), group.findall("dd")
    if dts and dds:
        return [(_text(dts[0]), _value(dds[0], _text(dts[0]), url))]
    return []


def _value(el, label: str, url: str | None, text: str | None = None) -> str:
    """A field's value; emails and websites come from their links when the text is only "Email us"."""
    key = label_key(label)
    links = [a.get("href", "") for a in el.iter("a")]
    if key == "email":
        mails = [h.removeprefix("mailto:").split("?")[0] for h in links if h.startswith("mailto:")]
        found = _EMAIL.search(text or _text(el))
        return found.group(0) if found else (mails[0] if mails else "")
    if key == "website":
        webs = [urljoin(url or "", h) for h in links if h and not h.startswith(("mailto:", "tel:", "#"))]
        value = text or _text(el)
        return webs[0] if webs and not value.lower().startswith(("http", "www.")) else value
    if key == "phone":
        tels = [h.removeprefix("tel:") for h in links if h.startswith("tel:")]
        value = text or _text(el)
        return value if re.search(r"\d{3}", value) else (tels[0] if tels else "")
    if key == "address":
        lines = [clean.normalise_space(t) for t in el.itertext()] if text is None else [text]
        return ", ".join(t.strip(" ,") for t in lines if t.strip(" ,"))
    return text if text is not None else _text(el)


def _name(root, main) -> str:
    h1 = next(iter(main.iter("h1")), None)
    h1 = h1 if h1 is not None else next(iter(root.iter("h1")), None)
    if h1 is not None and _text(h1):
        return _text(h1)
    title = root.find(".//title")
    return re.split(r"\s+[|–—-]\s+", _text(title))[0] if title is not None else ""


def _text(el) -> str:
    return clean.normalise_space(el.text_content()) if el is not None else ""
