"""The Local Offer crawler, against a stub site on 127.0.0.1."""

import json

import pytest
from http_stub import serve

import send_assistant.ingest.oruk
import send_assistant.ingest.site
from send_assistant.errors import FetchError
from send_assistant.ingest.index import Index
from send_assistant.ingest.site import crawl, ingest_site, page_doc_id

PDF = "application/pdf"


def pdf_bytes(*pages: str, title: str | None = None) -> bytes:
    """A small text PDF made with fpdf2."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


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
        "/leaflet.pdf": (200, PDF, pdf_bytes("Short breaks leaflet\nA leaflet about short breaks for carers.")),
    }  # fmt: skip
    routes.update(extra or {})
    return routes


def test_crawl_is_same_host_breadth_first_and_respects_robots():
    with serve(_site()) as (base, requested):
        result = crawl(base + "/", max_pages=10, delay=0)
    pages = [p.url for p in result.pages if p.kind == "page"]
    assert pages == [base + "/", base + "/short-breaks", base + "/transport"]
    assert "/private/staff" not in requested and requested[-1] == "/leaflet.pdf"  # documents after the pages
    assert [(p.kind, p.context) for p in result.pages if p.kind != "page"] == [("pdf", "Local Offer")]
    assert result.complete and result.failures == []


def test_max_pages_stops_the_crawl_and_marks_it_incomplete():
    with serve(_site()) as (base, _):
        result = crawl(base + "/", max_pages=2, delay=0)
    assert len([p for p in result.pages if p.kind == "page"]) == 2 and not result.complete


def test_ingest_site_indexes_pages_with_area_type_and_url(settings, fake_embedder):
    with serve(_site()) as (base, _):
        summary = ingest_site(settings, fake_embedder, base + "/", max_pages=10, area="Bedford Borough", delay=0)
        again = ingest_site(settings, fake_embedder, base + "/", max_pages=10, area="Bedford Borough", delay=0)
    assert (summary.added, summary.failed) == (4, 0)  # three pages and the linked leaflet
    assert (again.unchanged, again.embedded) == (4, 0)
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
    assert summary.removed == 2 and summary.updated == 2  # /transport, and the leaflet nothing links to now
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


def docx_bytes(heading: str, text: str) -> bytes:
    """A small .docx whose core properties say it was modified on 2 March 2025."""
    import datetime as dt
    import io

    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(text)
    document.core_properties.modified = dt.datetime(2025, 3, 2, 9, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_linked_documents_on_the_site_and_an_allowed_host_are_ingested(settings, fake_embedder):
    transport_pdf = pdf_bytes("Eligibility\nChildren who live more than three miles from school get free transport.")
    docs = {
        "/files/transport-policy.pdf": (200, PDF, transport_pdf, {"Last-Modified": "Tue, 04 Mar 2025 10:00:00 GMT"}),
        "/files/sen-support.docx": (200, DOCX, docx_bytes("SEN support", "Schools must use their best endeavours.")),
    }
    with (
        serve(docs) as (docs_base, docs_requested),
        serve({"/x.pdf": (200, PDF, pdf_bytes("Other"))}) as (
            other_base,
            other_requested,
        ),
    ):
        links = (
            f"<a href='{docs_base}/files/transport-policy.pdf'>Transport policy</a>"
            f"<a href='{docs_base}/files/sen-support.docx'>SEN support guidance</a>"
            f"<a href='{other_base}/x.pdf'>Not allowed</a>"
        )
        routes = {"/": _page("School transport", "Read our policies below.", links)}
        with serve(routes) as (base, _):
            allowed = [docs_base.removeprefix("http://")]
            summary = ingest_site(settings, fake_embedder, base + "/", delay=0, document_hosts=allowed, area="Luton")
    assert (summary.added, summary.failed) == (3, 0)
    assert other_requested == [] and "/files/transport-policy.pdf" in docs_requested
    docs = {d["id"]: d for d in Index.open(settings, None).documents()}
    policy = docs[page_doc_id(docs_base + "/files/transport-policy.pdf")]
    assert policy["doc_type"] == "local offer document" and policy["area"] == "Luton"
    assert policy["reviewed"] == "2025-03-04"  # the Last-Modified header
    assert docs[page_doc_id(docs_base + "/files/sen-support.docx")]["reviewed"] == "2025-03-02"  # Word metadata
    chunks = [c for c in Index.open(settings, None).live_chunks() if c.doc_id == policy["id"]]
    assert chunks and all(c.metadata["heading_path"].startswith("School transport") for c in chunks)
    assert "three miles" in " ".join(c.text for c in chunks)


def test_an_oversized_document_is_reported_but_does_not_block_removals(settings, fake_embedder, monkeypatch):

    monkeypatch.setattr(send_assistant.ingest.site, "MAX_DOC_BYTES", 100)
    routes = _site()
    with serve(routes) as (base, _):
        result = crawl(base + "/", delay=0)
    assert result.complete and result.skipped and "larger than" in result.skipped[0][1]


SERVICE_PAGE = (
    "<html><head><title>Riverside Sensory Play Sessions</title></head><body><main>"
    "<h1>Riverside Sensory Play Sessions</h1><p>Weekly sensory play for children with SEND.</p>"
    "<dl><dt>Telephone</dt><dd>01632 960 123</dd><dt>E-mail</dt><dd>sensory.play@riverside.example</dd>"
    "<dt>Age range</dt><dd>0 to 8 years</dd></dl></main></body></html>"
)


def test_a_service_page_becomes_a_service_record_with_its_contact_card(settings, fake_embedder):
    routes = _site({"/services/sensory-play": (200, "text/html", SERVICE_PAGE.encode())})
    routes["/"] = _page("Local Offer", "Services.", "<a href='/services/sensory-play'>Sensory play</a>")
    with serve(routes) as (base, _):
        ingest_site(settings, fake_embedder, base + "/", delay=0)
    index = Index.open(settings, None)
    doc_id = page_doc_id(base + "/services/sensory-play")
    assert {d["id"]: d for d in index.documents()}[doc_id]["doc_type"] == "service"
    chunk = next(c for c in index.live_chunks() if c.doc_id == doc_id)
    contact = json.loads(chunk.metadata["contact"])
    assert contact["phone"] == "01632 960 123" and contact["ages"] == "0 to 8 years"
    assert contact["name"] == "Riverside Sensory Play Sessions"


@pytest.mark.model
def test_asking_how_to_contact_a_stub_directory_service_shows_its_contact_card(
    settings, minilm, share_safeguarding_cache, monkeypatch, capsys
):
    from send_assistant.answering.answer import ANSWERED
    from send_assistant.answering.service import Assistant
    from send_assistant.cli.main import main

    share_safeguarding_cache(settings.data_dir)  # the ingest stores them; embedded once per test session
    routes = _site({"/services/sensory-play": (200, "text/html", SERVICE_PAGE.encode())})
    routes["/"] = _page("Local Offer", "Find SEND support.", "<a href='/services/sensory-play'>Sensory play</a>")
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(settings.data_dir))
    with serve(routes) as (base, _):
        assert main(["ingest", "--site", base + "/", "--area", "Bedford Borough", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 2  # the home page and the service page
    assistant = Assistant.from_settings(settings, embedder=minilm)
    answer = assistant.ask("How do I contact Riverside Sensory Play Sessions?", area="Bedford Borough")
    assert answer.status == ANSWERED
    cited = [c for c in answer.citations if c.doc_id == page_doc_id(base + "/services/sensory-play")]
    assert cited and cited[0].contact["phone"] == "01632 960 123"
    assert "01632 960 123" in answer.answer and "sensory.play@riverside.example" in answer.answer


def test_a_download_link_without_a_suffix_that_serves_a_pdf_is_a_document(settings, fake_embedder):
    statement = pdf_bytes("Short breaks statement\nFamilies can ask for a short breaks assessment.")
    routes = _site({"/downloads/file/12/short-breaks-statement": (200, PDF, statement)})
    routes["/short-breaks"] = _page(
        "Short breaks", "Our statement.", "<a href='/downloads/file/12/short-breaks-statement'>Statement</a>"
    )
    with serve(routes) as (base, _):
        summary = ingest_site(settings, fake_embedder, base + "/", delay=0)
    assert summary.failed == 0
    docs = {d["id"]: d for d in Index.open(settings, None).documents()}
    statement_doc = docs[page_doc_id(base + "/downloads/file/12/short-breaks-statement")]
    assert statement_doc["doc_type"] == "local offer document"
    chunks = [c for c in Index.open(settings, None).live_chunks() if c.doc_id == statement_doc["id"]]
    assert chunks[0].metadata["heading_path"].startswith("Short breaks")  # the linking page's title
