"""The Local Offer crawler, against a stub site on 127.0.0.1."""

import pytest
from http_stub import serve

from ingest.errors import FetchError
from ingest.index import Index
from ingest.site import crawl, ingest_site, page_doc_id


def _page(title: str, body: str, links: str = "", canonical: str = "") -> tuple[int, str, bytes]:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    html = (
        f"<html><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<main><h1>{title}</h1><p>{body}</p>{links}</main></body></html>"
    )
    return 200, "text/html; charset=utf-8", html.encode()


def _site(extra: dict | None = None) -> dict:
    routes = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/": _page(
            "Local Offer",
            "Find SEND support in Bedford Borough.",
            "<a href='/short-breaks'>Short breaks</a> <a href='/private/staff'>Staff</a>"
            "<a href='/leaflet.pdf'>Leaflet</a> <a href='https://elsewhere.example/x'>Elsewhere</a>"
            "<a href='/transport#apply'>Transport</a>",
        ),
        "/short-breaks": _page("Short breaks", "Short breaks give parents and carers a rest from caring.",
                               "<a href='/transport'>Transport</a>"),
        "/transport": _page("School transport", "Apply for home to school transport by the end of May.",
                            canonical="/transport"),
        "/private/staff": _page("Staff only", "Internal page."),
    }  # fmt: skip
    routes.update(extra or {})
    return routes


def test_crawl_is_same_host_breadth_first_and_respects_robots():
    with serve(_site()) as (base, requested):
        result = crawl(base + "/", max_pages=10, delay=0)
    assert [p.url for p in result.pages] == [base + "/", base + "/short-breaks", base + "/transport"]
    assert "/private/staff" not in requested and "/leaflet.pdf" not in requested
    assert result.complete and result.failures == []


def test_max_pages_stops_the_crawl_and_marks_it_incomplete():
    with serve(_site()) as (base, _):
        result = crawl(base + "/", max_pages=2, delay=0)
    assert len(result.pages) == 2 and not result.complete


def test_ingest_site_indexes_pages_with_area_type_and_url(settings, fake_embedder):
    with serve(_site()) as (base, _):
        summary = ingest_site(settings, fake_embedder, base + "/", max_pages=10, area="Bedford Borough", delay=0)
        again = ingest_site(settings, fake_embedder, base + "/", max_pages=10, area="Bedford Borough", delay=0)
    assert (summary.added, summary.failed) == (3, 0)
    assert (again.unchanged, again.embedded) == (3, 0)
    docs = {d["id"]: d for d in Index.open(settings, None).documents()}
    transport = docs[page_doc_id(base + "/transport")]
    assert transport["url"] == base + "/transport" and transport["area"] == "Bedford Borough"
    assert transport["doc_type"] == "local offer page" and "transport" in transport["title"].lower()
    texts = " ".join(c.text for c in Index.open(settings, None).live_chunks())
    assert "rest from caring" in texts and "Internal page" not in texts


def test_pages_gone_from_a_complete_crawl_are_removed(settings, fake_embedder):
    routes = _site()
    with serve(routes) as (base, _):
        ingest_site(settings, fake_embedder, base + "/", area="Bedford Borough", delay=0)
        routes["/short-breaks"] = _page("Short breaks", "Short breaks, updated.")  # no link to /transport now
        routes["/"] = _page("Local Offer", "Home.", "<a href='/short-breaks'>Short breaks</a>")
        summary = ingest_site(settings, fake_embedder, base + "/", area="Bedford Borough", delay=0)
    assert summary.removed == 1 and summary.updated == 2
    ids = {d["id"] for d in Index.open(settings, None).documents()}
    assert page_doc_id(base + "/transport") not in ids


def test_a_failing_page_is_reported_and_nothing_is_removed(settings, fake_embedder):
    routes = _site()
    with serve(routes) as (base, _):
        ingest_site(settings, fake_embedder, base + "/", delay=0)
        routes["/transport"] = (500, "text/plain", b"oops")
        summary = ingest_site(settings, fake_embedder, base + "/", delay=0)
    assert summary.failed == 1 and summary.removed == 0
    assert summary.errors[0]["path"].endswith("/transport") and "500" in summary.errors[0]["reason"]


def test_unreachable_site_is_one_clear_error(settings, fake_embedder):
    with serve({}) as (base, _):
        pass  # the server is gone: nothing listens on that port any more
    with pytest.raises(FetchError, match="cannot be fetched|HTTP"):
        ingest_site(settings, fake_embedder, base + "/", delay=0)
    with pytest.raises(FetchError, match="not an http"):
        crawl("ftp://example.org/", delay=0)


def test_robots_behind_a_login_means_keep_out():
    with serve({"/robots.txt": (403, "text/plain", b"no"), "/": _page("Home", "Hello.")}) as (base, requested):
        result = crawl(base + "/", delay=0)
    assert result.pages == [] and requested == ["/robots.txt"]
