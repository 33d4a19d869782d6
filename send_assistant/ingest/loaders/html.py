"""HTML pages: main content only (no navigation, header, footer, cookie banner), with page metadata.

Keeps the title, headings, canonical URL and a last-reviewed / last-modified date when the page states one.
Used for .html files and by the site crawler (`load_html_string`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from send_assistant.errors import LoadError
from send_assistant.ingest import clean
from send_assistant.ingest.loaders.structure import number_of
from send_assistant.ingest.loaders.text import read_text
from send_assistant.ingest.model import Block, LoadedDocument

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav", "aside", "select")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"}
_BOILERPLATE = re.compile(
    r"cookie|consent|gdpr|breadcrumb|skip-?(link|to)|site-?(header|footer|nav)|^header$|^footer$|footer|"
    r"navbar|^nav$|nav-|menu|social|share|newsletter|feedback|back-?to-top|sidebar|related",
    re.IGNORECASE,
)
_MAIN_XPATH = "//main | //*[@role='main'] | //article | //*[@id='content'] | //*[@id='main-content']"
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LEAF_BLOCKS = {"p", "dd", "dt", "figcaption", "pre", "address", "caption", "summary", "label"}
_CONTAINERS = {"div", "section", "article", "main", "body", "blockquote", "details", "dl", "header", "span", "center"}
_DATE_META = (
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "article:modified_time",
    "og:updated_time",
    "revised",
    "last-reviewed",
    "dcterms.date",
)
_REVIEWED_TEXT = re.compile(
    r"(?:last|page)\s+(?:reviewed|updated|modified|checked)(?:\s+on)?|(?:reviewed|updated)\s+on|review date",
    re.IGNORECASE,
)


def load_html_file(path: Path) -> LoadedDocument:
    """Load a saved HTML page from disk."""
    return load_html_string(read_text(path), url=None, source=str(path))


def load_html_string(html: str, url: str | None = None, source: str | None = None) -> LoadedDocument:
    """Parse an HTML page into blocks of main content; raises LoadError when nothing readable is left."""
    where = source or url or "<html>"
    if not html.strip():
        raise LoadError(where, "the page is empty")
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise LoadError(where, f"the page is not parseable HTML ({exc})") from exc
    canonical = _canonical(root, url)
    reviewed = _reviewed(root)
    page_title = _page_title(root)
    _remove_boilerplate(root)
    main = _main_element(root)
    blocks: list[Block] = []
    _walk(main, blocks)
    blocks = [b for b in blocks if not _is_reviewed_line(b.text)]
    title = page_title
    first_h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if first_h1 is not None:
        title = first_h1.text
        blocks.remove(first_h1)  # the title is part of every chunk's embed_text already
    if not any(b.kind != "heading" for b in blocks):
        raise LoadError(where, "the page has no readable main content")
    return LoadedDocument(blocks=blocks, title=title, url=canonical, reviewed=reviewed, source_format="html")


def _canonical(root, url: str | None) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url or "", link.get("href").strip())
    return url


def _page_title(root) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:title" and meta.get("content"):
            return clean.normalise_space(meta.get("content"))
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        # "Short breaks - Buckinghamshire Family Information Service": drop the site name after a separator
        return re.split(r"\s+[|–—-]\s+", clean.normalise_space(title.text_content()))[0]
    return None


def _reviewed(root) -> str | None:
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("http-equiv") or "").lower()
        if name in _DATE_META and meta.get("content"):
            found = clean.parse_date(meta.get("content"))
            if found:
                return found
    body = root.find("body")
    text = clean.normalise_space(body.text_content()) if body is not None else ""
    for match in _REVIEWED_TEXT.finditer(text):
        found = clean.parse_date(text[match.end() : match.end() + 40])
        if found:
            return found
    for time_el in root.iter("time"):
        context = (time_el.getparent().text_content() if time_el.getparent() is not None else "")[:200]
        if _REVIEWED_TEXT.search(context):
            found = clean.parse_date(time_el.get("datetime") or time_el.text_content())
            if found:
                return found
    return None


def _is_reviewed_line(text: str) -> bool:
    return len(text.split()) <= 10 and bool(_REVIEWED_TEXT.match(text)) and clean.parse_date(text) is not None


def _remove_boilerplate(root) -> None:
    protected = set()
    for main in root.xpath(_MAIN_XPATH):
        protected.update(main.iterancestors())
        protected.add(main)
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el in protected or el.tag in ("html", "body"):
            continue
        marker = f"{el.get('id') or ''} {el.get('class') or ''}"
        if (
            el.tag in _DROP_TAGS
            or (el.tag in ("header", "footer") and not _inside_main(el))
            or (el.get("role") or "").lower() in _DROP_ROLES
            or el.get("hidden") is not None
            or (el.get("aria-hidden") or "").lower() == "true"
            or (el.get("aria-modal") or "").lower() == "true"
            or any(_BOILERPLATE.search(token) for token in marker.split())
        ):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            _drop_keep_tail(el, parent)


def _inside_main(el) -> bool:
    return any(a.tag in ("main", "article") or a.get("role") == "main" for a in el.iterancestors())


def _drop_keep_tail(el, parent) -> None:
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _main_element(root):
    for xpath in _MAIN_XPATH.split(" | "):
        found = root.xpath(xpath)
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _walk(el, blocks: list[Block]) -> None:
    """Emit blocks in reading order; loose inline text inside containers becomes paragraphs."""
    buffer: list[str] = []

    def flush() -> None:
        text = clean.normalise_space(" ".join(buffer))
        buffer.clear()
        if text:
            blocks.append(Block("paragraph", text, number=number_of(text)))

    if el.text:
        buffer.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            if child.tail:
                buffer.append(child.tail)
            continue
        tag = child.tag.lower()
        if tag in _HEADINGS or tag in _LEAF_BLOCKS or tag in ("ul", "ol", "table", "li", "tr") or tag in _CONTAINERS:
            flush()
            _block(child, tag, blocks)
        elif tag == "br":
            buffer.append("\n")
        else:
            buffer.append(child.text_content())
        if child.tail:
            buffer.append(child.tail)
    flush()


def _block(el, tag: str, blocks: list[Block]) -> None:
    if tag in _HEADINGS:
        text = clean.normalise_space(el.text_content())
        if text:
            blocks.append(Block("heading", text, level=_HEADINGS[tag]))
    elif tag in _LEAF_BLOCKS:
        text = clean.normalise_space(el.text_content())
        if text:
            blocks.append(Block("paragraph", text, number=number_of(text)))
    elif tag in ("ul", "ol"):
        for item in el:
            if isinstance(item.tag, str) and item.tag.lower() == "li":
                _list_item(item, blocks)
    elif tag == "li":
        _list_item(el, blocks)
    elif tag in ("table", "tr"):
        for row in el.iter("tr"):
            cells = [clean.normalise_space(c.text_content()) for c in row if c.tag in ("td", "th")]
            text = " | ".join(c for c in cells if c)
            if text:
                blocks.append(Block("paragraph", text))
    else:
        _walk(el, blocks)


def _list_item(li, blocks: list[Block]) -> None:
    """An item's own text (nested lists excluded) is one list item; nested items follow as their own."""
    nested = [c for c in li if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
    own = [li.text or ""]
    for child in li:
        if child in nested:
            own.append(child.tail or "")
            continue
        own.append(child.text_content() if isinstance(child.tag, str) else "")
        own.append(child.tail or "")
    text = clean.normalise_space(" ".join(own))
    if text:
        blocks.append(Block("list_item", text))
    for sub in nested:
        _block(sub, sub.tag.lower(), blocks)
