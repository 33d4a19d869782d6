"""`refresh`: every site and feed in the manifest, conditional requests, only what changed, removals after a
complete pass; against stub servers on 127.0.0.1."""

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from http_stub import serve

from send_assistant.errors import ManifestError
from send_assistant.ingest.index import Index
from send_assistant.ingest.refresh import load_sources, refresh
from send_assistant.ingest.site import page_doc_id
from send_assistant.settings import Settings

FULL = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "oruk" / "hsds3_service_full.json").read_text()
)


def _page(title: str, body: str, links: str = "") -> tuple:
    main = f"<main><h1>{title}</h1><p>{body}</p>{links}</main>"
    html = f"<html><head><title>{title}</title></head><body>{main}</body></html>"
    etag = '"' + hashlib.sha1(html.encode()).hexdigest()[:12] + '"'
    return 200, "text/html; charset=utf-8", html.encode(), {"ETag": etag}


def _site() -> dict:
    return {
        "/robots.txt": (200, "text/plain", b""),
        "/": _page("Local Offer", "SEND support in Luton.", "<a href='/a'>Short breaks</a> <a href='/c'>Transport</a>"),
        "/a": _page("Short breaks", "Short breaks give carers a rest.", "<a href='/b'>Clubs</a>"),
        "/b": _page("Holiday clubs", "Holiday clubs run in August."),
        "/c": _page("School transport", "Apply for school transport by May."),
    }


def _services(*names: str) -> list[dict]:
    out = []
    for n, name in enumerate(names):
        record = copy.deepcopy(FULL)
        record.update(id=f"svc-{n}", name=name)
        out.append(record)
    return out


def _feed_page(services: list[dict]) -> tuple:
    return 200, "application/json", json.dumps({"total_pages": 1, "contents": services}).encode()


def _manifest(tmp_path: Path, sites: list, feeds: list) -> Settings:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "sources.yaml").write_text(yaml.safe_dump({"documents": [], "sites": sites, "feeds": feeds}))
    return Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)


def _clock(*stamps: str):
    times = iter(datetime.fromisoformat(s).replace(tzinfo=UTC) for s in stamps)
    current = [next(times)]

    def now() -> datetime:
        return current[0]

    return now, lambda: current.__setitem__(0, next(times))


def test_refresh_sees_one_changed_page_and_one_removed_and_embeds_only_the_change(tmp_path, fake_embedder):
    routes = _site()
    with serve(routes) as (base, requested):
        settings = _manifest(tmp_path, [{"url": base + "/", "area": "Luton"}], [])
        first = refresh(settings, fake_embedder, delay=0)
        calls = len(fake_embedder.calls)
        routes["/a"] = _page("Short breaks", "Short breaks give carers a rest. New: weekend sessions.")
        del routes["/b"]  # no longer linked from /a, and gone
        requested.clear()
        second = refresh(settings, fake_embedder, delay=0)
    assert (first.summary.added, first.summary.failed) == (4, 0)
    s = second.summary
    assert (s.added, s.updated, s.unchanged, s.removed, s.failed) == (0, 1, 2, 1, 0)
    assert sorted(requested.not_modified) == ["/", "/c"]  # conditional requests: unchanged pages cost a 304
    assert s.embedded >= 1 and sum(fake_embedder.calls[calls:]) == s.embedded  # only the changed page's passages
    ids = {d["id"] for d in Index.open(settings, None).documents()}
    assert page_doc_id(base + "/b") not in ids and page_doc_id(base + "/a") in ids
    log = [json.loads(line) for line in (settings.data_dir / "refresh.log").read_text().splitlines()]
    assert len(log) == 2 and log[1]["removed"] == 1 and log[1]["sources"][0]["kind"] == "site"


def test_an_unchanged_page_is_still_reindexed_from_a_refetch_when_it_must_be(tmp_path, fake_embedder):
    routes = _site()
    with serve(routes) as (base, _):
        settings = _manifest(tmp_path, [{"url": base + "/"}], [])
        refresh(settings, fake_embedder, delay=0)
        Index.open(settings, fake_embedder).remove_documents([page_doc_id(base + "/c")])  # e.g. lost
        again = refresh(settings, fake_embedder, delay=0)
    assert again.summary.added == 1 and again.summary.failed == 0


def test_feeds_are_read_incrementally_then_whole(tmp_path, fake_embedder):
    routes = {"/api/services?page=1": _feed_page(_services("Community Counselling", "Portage", "Speech therapy"))}
    now, tick = _clock("2026-01-01T00:00:00", "2026-01-02T00:00:00", "2026-01-03T00:00:00")
    with serve(routes) as (base, requested):
        settings = _manifest(tmp_path, [], [{"url": base + "/api", "area": "Luton"}])
        first = refresh(settings, fake_embedder, now=now)
        tick()
        changed = _services("Community Counselling", "Portage")[1:]
        changed[0]["description"] = "Home visiting for pre-school children, now on Fridays too."
        routes["/api/services?page=1&modified_after=2026-01-01T00%3A00%3A00Z"] = _feed_page(changed)
        second = refresh(settings, fake_embedder, now=now)
        tick()
        routes["/api/services?page=1"] = _feed_page(_services("Community Counselling", "Portage"))
        third = refresh(settings, fake_embedder, now=now, full=True)
    assert first.summary.added == 3 and first.sources[0].mode == "full"
    assert second.sources[0].mode.startswith("changes since 2026-01-01")
    assert (second.summary.updated, second.summary.unchanged, second.summary.removed) == (1, 2, 0)
    assert third.summary.removed == 1 and third.sources[0].mode == "full"
    assert any("modified_after" in r for r in requested)


def test_one_failing_source_does_not_stop_the_others(tmp_path, fake_embedder):
    with serve(_site()) as (base, _), serve({}) as (feed_base, _):
        settings = _manifest(tmp_path, [{"url": base + "/"}], [{"url": feed_base + "/api"}])
        result = refresh(settings, fake_embedder, delay=0)
    assert result.summary.added == 4 and result.summary.failed == 1
    assert result.summary.errors[0]["path"] == feed_base + "/api" and "404" in result.summary.errors[0]["reason"]


def test_sources_sections_are_checked(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"documents": [], "sites": [{"url": "https://lo.example/", "max_pages": 20}]}))
    sites, feeds = load_sources(path)
    assert sites[0].max_pages == 20 and sites[0].document_hosts == [] and feeds == []
    path.write_text(yaml.safe_dump({"documents": [], "feeds": [{"url": "https://d.example/api", "pages": 3}]}))
    with pytest.raises(ManifestError, match="feeds entry 1: unknown field"):
        load_sources(path)
    path.write_text(yaml.safe_dump({"documents": [], "sites": [{"area": "Luton"}]}))
    with pytest.raises(ManifestError, match="needs a 'url'"):
        load_sources(path)


def test_refresh_command_json_summary(tmp_path, monkeypatch, capsys):
    from doubles import HashEmbedder

    from send_assistant.cli.main import main

    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", HashEmbedder.name)  # registered by conftest.py
    monkeypatch.setattr("send_assistant.ingest.site.DEFAULT_DELAY", 0)
    with serve(_site()) as (base, _):
        settings = _manifest(tmp_path, [{"url": base + "/"}], [])
        monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
        assert main(["refresh", "--json"]) == 0
    out = capsys.readouterr()
    summary = json.loads(out.out)
    assert set(summary) == {
        "added",
        "updated",
        "unchanged",
        "removed",
        "failed",
        "chunks",
        "embedded",
        "seconds",
        "errors",
    }
    assert summary["added"] == 4 and f"site {base}/: 4 added" in out.err


def test_a_site_page_and_a_feed_that_disagree_show_in_report_stale(tmp_path, fake_embedder, monkeypatch, capsys):
    from send_assistant.cli.main import main

    page = (
        "<html><body><main><h1>Community Counselling</h1><p>Counselling for young people.</p><dl>"
        "<dt>Telephone</dt><dd>01632 960 555</dd><dt>Email</dt><dd>email@example.com</dd></dl></main></body></html>"
    )
    site = {"/": _page("Local Offer", "Services.", "<a href='/counselling'>Counselling</a>")}
    site["/counselling"] = (200, "text/html", page.encode())
    feed = {"/api/services?page=1": _feed_page(_services("Community Counselling"))}
    with serve(site) as (base, _), serve(feed) as (feed_base, _):
        settings = _manifest(tmp_path, [{"url": base + "/"}], [{"url": feed_base + "/api"}])
        refresh(settings, fake_embedder, delay=0)
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    assert main(["report", "stale"]) == 0
    out = capsys.readouterr().out
    assert "Conflicting details across sources: 1" in out
    assert f"| Community Counselling | phone | 01632 960 555 | {base}/counselling |" in out
    assert "| Community Counselling | phone | +44 1234 234567 (extension 100) | http://example.com/counselling |" in out
