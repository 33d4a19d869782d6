"""The Open Referral UK / HSDS 3.0 reader, against a stub `/services` API serving the official example records
(tests/fixtures/oruk, CC BY-SA 4.0, attribution "Open Referral")."""

import copy
import json
from pathlib import Path

import pytest
from http_stub import serve

from send_assistant.errors import FetchError
from send_assistant.ingest.index import Index
from send_assistant.ingest.oruk import (
    ingest_oruk,
    read_feed,
    service_contact,
    service_document,
    services_url,
    taxonomy_terms,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "oruk"
LISTED = json.loads((FIXTURES / "hsds3_service_list.json").read_text())
FULL = json.loads((FIXTURES / "hsds3_service_full.json").read_text())
NAMES = ("Community Counselling", "Autism Family Support", "Short Breaks Club")


def _summary(n: int) -> dict:
    service = copy.deepcopy(LISTED["contents"][0])
    service.update(id=f"svc-{n}", name=NAMES[n], description=f"{NAMES[n]}: {service['description']}")
    return service


def _routes(count: int = 3, last_page_flag: bool = False) -> dict:
    """`count` services, one per page, as summaries; full records at /api/services/{id}."""
    routes = {}
    for n in range(count):
        page = {k: v for k, v in LISTED.items() if k != "contents"}
        page.update(page_number=n + 1, total_pages=None if last_page_flag else count, contents=[_summary(n)])
        page["last_page"] = n == count - 1
        routes[f"/api/services?page={n + 1}"] = (200, "application/json", json.dumps(page).encode())
        full = copy.deepcopy(FULL)
        full.update(id=f"svc-{n}", name=NAMES[n])
        routes[f"/api/services/svc-{n}"] = (200, "application/json", json.dumps(full).encode())
    return routes


def test_fixture_keeps_its_attribution():
    readme = (FIXTURES / "README.md").read_text()
    assert "Open Referral" in readme and "CC BY-SA" in readme


def test_services_url():
    assert services_url("https://dir.example/api/") == "https://dir.example/api/services"
    assert services_url("https://dir.example/api/services") == "https://dir.example/api/services"


@pytest.mark.parametrize("last_page_flag", [False, True])
def test_read_feed_follows_pages_and_fetches_details(last_page_flag):
    with serve(_routes(last_page_flag=last_page_flag)) as (base, requested):
        feed = read_feed(base + "/api")
    assert [s["name"] for s in feed.services] == list(NAMES) and feed.complete
    assert all("phones" in s for s in feed.services)  # full records replaced the summaries
    assert "/api/services?page=4" not in requested


def test_contact_card_from_the_example_record():
    contact = service_contact(FULL)
    assert contact["name"] == "Community Counselling"
    assert contact["phone"] == "+44 1234 234567 (extension 100)"  # stray quotes in the example removed
    assert contact["email"] == "email@example.com" and contact["website"] == "http://example.com/counselling"
    assert "10 am to 6pm weekdays" in contact["opening_times"]
    assert contact["address"].startswith("1-30 Main Street") and "ABC 1234" in contact["address"]


def test_service_document_has_description_eligibility_and_contact():
    doc = service_document(FULL, service_contact(FULL))
    text = "\n".join(b.text for b in doc.blocks)
    assert doc.title == "Community Counselling" and doc.source_format == "oruk"
    assert "trained professionals" in text and "aged 12 and over" in text and "+44 1234 234567" in text
    assert [b.text for b in doc.blocks if b.kind == "heading"][:2] == ["Community Counselling", "Alert"]


def test_ingest_oruk_one_document_per_service(settings, fake_embedder):
    routes = _routes()
    with serve(routes) as (base, _):
        summary = ingest_oruk(settings, fake_embedder, base + "/api", area="Bedford Borough")
        again = ingest_oruk(settings, fake_embedder, base + "/api", area="Bedford Borough")
        del routes["/api/services?page=3"]  # the feed now has two pages: the third service has closed
        page2 = json.loads(routes["/api/services?page=2"][2])
        page2.update(total_pages=2, last_page=True)
        routes["/api/services?page=2"] = (200, "application/json", json.dumps(page2).encode())
        shrunk = ingest_oruk(settings, fake_embedder, base + "/api", area="Bedford Borough")
    assert (summary.added, summary.failed) == (3, 0) and (again.unchanged, again.embedded) == (3, 0)
    assert shrunk.removed == 1 and shrunk.unchanged == 2
    index = Index.open(settings, None)
    docs = {d["id"]: d for d in index.documents()}
    assert set(docs) == {"service-svc-0", "service-svc-1"}
    assert docs["service-svc-0"]["doc_type"] == "service" and docs["service-svc-0"]["area"] == "Bedford Borough"
    assert docs["service-svc-0"]["reviewed"] == "2005-01-01"  # assured_date: when its owner last checked it
    chunk = next(c for c in index.live_chunks() if c.doc_id == "service-svc-0")
    assert json.loads(chunk.metadata["contact"])["phone"].startswith("+44 1234 234567")


def test_a_broken_later_page_keeps_what_was_read_and_removes_nothing(settings, fake_embedder):
    routes = _routes()
    with serve(routes) as (base, _):
        ingest_oruk(settings, fake_embedder, base + "/api")
        routes["/api/services?page=2"] = (503, "text/plain", b"busy")
        summary = ingest_oruk(settings, fake_embedder, base + "/api")
    assert summary.failed == 1 and "503" in summary.errors[0]["reason"] and summary.removed == 0
    assert Index.open(settings, None).document_count() == 3


def test_not_a_feed_is_one_clear_error(settings, fake_embedder):
    with serve({"/api/services?page=1": (200, "application/json", b'{"items": []}')}) as (base, _):
        with pytest.raises(FetchError, match="no 'contents' list"):
            ingest_oruk(settings, fake_embedder, base + "/api")
    with serve({}) as (base, _):
        with pytest.raises(FetchError, match="404"):
            ingest_oruk(settings, fake_embedder, base + "/api")


def _paged_routes(services: list[dict], per_page: int, query: str = "") -> dict:
    """Full records, `per_page` a page, at /api/services?page=N&per_page=P[&query]."""
    routes = {}
    pages = [services[i : i + per_page] for i in range(0, len(services), per_page)] or [[]]
    for n, contents in enumerate(pages, start=1):
        body = {"total_pages": len(pages), "page_number": n, "contents": contents}
        path = f"/api/services?page={n}&per_page={per_page}{query}"
        routes[path] = (200, "application/json", json.dumps(body).encode())
    return routes


def _full(n: int, name: str, **changes) -> dict:
    record = copy.deepcopy(FULL)
    record.update(id=f"svc-{n}", name=name, **changes)
    return record


def test_per_page_and_modified_after_read_only_what_changed(settings, fake_embedder):
    services = [_full(n, name) for n, name in enumerate(NAMES)] + [_full(3, "Portage Home Visiting")]
    routes = _paged_routes(services, per_page=2)
    with serve(routes) as (base, requested):
        first = ingest_oruk(settings, fake_embedder, base + "/api", per_page=2)
        changed = [_full(1, "Autism Family Support", description="Now also on Saturdays.")]
        routes.update(_paged_routes(changed, per_page=2, query="&modified_after=2026-01-01T00%3A00%3A00Z"))
        later = ingest_oruk(settings, fake_embedder, base + "/api", per_page=2, modified_after="2026-01-01T00:00:00Z")
    assert first.added == 4 and requested[:2] == ["/api/services?page=1&per_page=2", "/api/services?page=2&per_page=2"]
    assert (later.updated, later.added, later.removed) == (1, 0, 0)  # an incremental read never removes
    assert Index.open(settings, None).document_count() == 4
    texts = " ".join(c.text for c in Index.open(settings, None).live_chunks() if c.doc_id == "service-svc-1")
    assert "Saturdays" in texts


def test_taxonomy_ages_eligibility_and_cost_are_text_and_metadata():
    record = _full(0, "Community Counselling", service_taxonomys=[{"taxonomy": {"name": "Mental health"}}])
    record["attributes"][0]["taxonomy_term"]["name"] = "Counselling"
    assert taxonomy_terms(record) == ["Counselling", "Mental health"]
    contact = service_contact(record)
    assert contact["categories"] == "Counselling; Mental health"
    assert contact["ages"] == "Ages 12 to 100" and "aged 12 and over" in contact["eligibility"]
    assert contact["cost"]
    text = "\n".join(b.text for b in service_document(record, contact).blocks)
    assert "Categories" in text and "Counselling; Mental health" in text
    assert "Under 18s and Over 60s: 35 GBP per 1 hour session" in text


def test_a_feed_that_fails_validation_is_one_line_naming_what_it_found(settings, fake_embedder):
    with serve({"/api/services?page=1": (200, "application/json", b'{"items": [], "count": 0}')}) as (base, _):
        with pytest.raises(FetchError) as caught:
            ingest_oruk(settings, fake_embedder, base + "/api")
    message = str(caught.value)
    assert "\n" not in message and "not an Open Referral services page" in message and "count, items" in message
    with serve({"/api/services?page=1": (200, "application/json", b"[1, 2]")}) as (base, _):
        with pytest.raises(FetchError, match="got a JSON list"):
            read_feed(base + "/api")
