"""The Open Referral UK / HSDS 3.0 reader, against a stub `/services` API serving the official example records
(tests/fixtures/oruk, CC BY-SA 4.0, attribution "Open Referral")."""

import copy
import json
from pathlib import Path

import pytest
from http_stub import serve

from ingest.errors import FetchError
from ingest.index import Index
from ingest.oruk import ingest_oruk, read_feed, service_contact, service_document, services_url

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
    assert docs["service-svc-0"]["reviewed"] == "2023-03-15"
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
