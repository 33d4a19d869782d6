"""`send-assistant ingest` at the command line: summary, --json, failure lines, exit status."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from doubles import HashEmbedder

import send_assistant.ingest.oruk
import send_assistant.ingest.site
from send_assistant.cli.main import main
from send_assistant.settings import PROJECT_ROOT

SUMMARY_KEYS = {"added", "updated", "unchanged", "removed", "failed", "chunks", "embedded", "seconds", "errors"}


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A data dir and a one-document knowledge folder, with the fake embedder behind the command."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "sendiass.md").write_text(
        "# SENDIASS\n\nThe SEND information, advice and support service gives free, impartial advice to families.\n"
    )
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    monkeypatch.setenv("TRANSFORMERS_VERBOSITY", "error")
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", HashEmbedder.name)  # registered by conftest.py
    return tmp_path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ingest", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_summary_is_the_only_stdout(env, capsys):
    code, out, _ = _run(capsys, "--json")
    summary = json.loads(out)
    assert code == 0 and set(summary) == SUMMARY_KEYS
    assert summary["added"] == 1 and summary["embedded"] == summary["chunks"] >= 1
    code, out, _ = _run(capsys, "--json")
    assert json.loads(out)["embedded"] == 0 and json.loads(out)["unchanged"] == 1


def test_human_summary(env, capsys):
    code, out, err = _run(capsys)
    assert code == 0 and "1 added" in out and "embedded this run" in out and err == ""


def test_bad_files_get_one_line_each_and_the_rest_is_ingested(env, capsys):
    (env / "empty.txt").write_text("")
    (env / "ok.txt").write_text("Short breaks give parents a rest.")
    code, out, err = _run(capsys, str(env / "empty.txt"), str(env / "ok.txt"), str(env / "gone.pdf"), "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["added"], summary["failed"]) == (1, 2)
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert any(str(env / "empty.txt") in line and "empty" in line for line in lines)
    assert any(str(env / "gone.pdf") in line and "no such file" in line for line in lines)


def test_exit_status_1_only_when_nothing_could_be_ingested(env, capsys):
    (env / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = _run(capsys, str(env / "binary.txt"))
    assert code == 1 and "binary.txt" in err and "0 added" in out


def test_area_and_doc_type_flags(env, capsys):
    (env / "Transport Policy.txt").write_text("Home to school transport is free beyond walking distance.")
    code, _, _ = _run(capsys, str(env / "Transport Policy.txt"), "--area", "Worcestershire", "--doc-type", "policy")
    assert code == 0
    assert main(["sources", "--json"]) == 0
    docs = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert (docs["transport-policy"]["area"], docs["transport-policy"]["doc_type"]) == ("Worcestershire", "policy")


def test_broken_manifest_is_one_clear_line(env, capsys):
    (Path(os.environ["SEND_ASSISTANT_KNOWLEDGE_DIR"]) / "sources.yaml").write_text("documents: [")
    code, out, err = _run(capsys, "--json")
    assert code == 1 and out == "" and "sources.yaml" in err and "Traceback" not in err


def test_paths_and_site_together_are_refused(env, capsys):
    code, _, err = _run(capsys, "somewhere", "--site", "http://127.0.0.1:9/")
    assert code == 2 and "not several" in err


@pytest.mark.model
def test_real_minilm_second_run_embeds_nothing(tmp_path, share_safeguarding_cache):
    """The real command, the real shipped model, a one-document corpus: run twice. (The safeguarding phrasings'
    vectors, embedded once per test session, are in the data dir first: the passages are what this counts.)"""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "note.md").write_text("# EHC needs assessment\n\nParents can ask the council for an assessment.\n")
    env = {
        **os.environ,
        "SEND_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "SEND_ASSISTANT_KNOWLEDGE_DIR": str(knowledge),
    }
    share_safeguarding_cache(tmp_path / "data")
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-m", "send_assistant.cli.main", "ingest", "--json"],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout))
    assert runs[0]["added"] == 1 and runs[0]["embedded"] == runs[0]["chunks"] >= 1
    assert runs[1]["unchanged"] == 1 and runs[1]["embedded"] == 0


def _fake_fetch(pages: dict[str, bytes]):
    from send_assistant.errors import FetchError
    from send_assistant.ingest.site import Response

    def fetch(url, accept="", timeout=0):
        if url not in pages:
            raise FetchError(f"{url}: HTTP 404 Not Found")
        ctype = "application/json" if url.endswith(("json", "=1")) else "text/html"
        return Response(url, ctype, pages[url])

    return fetch


def test_oruk_and_site_flags_print_the_same_summary(env, capsys, monkeypatch):
    import functools

    feed = {"total_pages": 1, "contents": [{"id": "s1", "name": "Sensory play group", "description": "Play sessions."}]}
    fetch = _fake_fetch(
        {
            "http://dir.test/api/services?page=1": json.dumps(feed).encode(),
            "http://site.test/": b"<html><head><title>Local Offer</title></head><body><main><h1>Local Offer</h1>"
            b"<p>Find SEND support near you.</p></main></body></html>",
        }
    )
    monkeypatch.setattr(
        send_assistant.ingest.oruk,
        "ingest_oruk",
        functools.partial(send_assistant.ingest.oruk.ingest_oruk, fetch=fetch),
    )
    monkeypatch.setattr(
        send_assistant.ingest.site,
        "ingest_site",
        functools.partial(send_assistant.ingest.site.ingest_site, fetch=fetch, delay=0),
    )
    code, out, err = _run(capsys, "--oruk", "http://dir.test/api", "--area", "Bedford Borough", "--json")
    assert code == 0 and set(json.loads(out)) == SUMMARY_KEYS and json.loads(out)["added"] == 1, err
    code, out, err = _run(capsys, "--site", "http://site.test/", "--max-pages", "5", "--json")
    assert code == 0 and json.loads(out)["added"] == 1, err
    assert main(["sources", "--json"]) == 0
    types = {d["doc_type"] for d in json.loads(capsys.readouterr().out)}
    assert {"service", "local offer page"} <= types


def test_unreachable_feed_is_one_line_exit_1(env, capsys, monkeypatch):
    import functools

    monkeypatch.setattr(
        send_assistant.ingest.oruk,
        "ingest_oruk",
        functools.partial(send_assistant.ingest.oruk.ingest_oruk, fetch=_fake_fetch({})),
    )
    code, out, err = _run(capsys, "--oruk", "http://dir.test/api", "--json")
    assert code == 1 and out == "" and "404" in err and len(err.strip().splitlines()) == 1
