"""The real thing in a real browser: `send-assistant serve` over a small MiniLM index, driven by headless chromium.

No fakes: the index is built with the shipped MiniLM from seed documents (Bedford Borough's statement of action,
the national guidance and the glossary), the server is the `serve` command in its own process, and every check
reads what a person would see. axe-core runs on each state the page reaches.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import urllib.request
from pathlib import Path

import pytest
import yaml
from servers.launch import ServerProcess, free_port, healthz_ok, send_assistant_command

from send_assistant.answering import texts
from send_assistant.settings import PROJECT_ROOT, Settings

pytestmark = [pytest.mark.browser, pytest.mark.model]

AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEEDS = {"bedford-borough-soa-2018", "national-guidance-england"}  # plus glossary.yaml, indexed from its folder
AREA = "Bedford Borough"
ANSWER_TIMEOUT_MS = 120_000  # a real answer on a busy 2-core machine; the first one also warms the models
START_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, minilm, share_safeguarding_cache) -> Settings:
    """A knowledge folder of two seeds and the glossary (with the areas file), ingested with MiniLM."""
    from send_assistant.ingest.pipeline import ingest

    source = PROJECT_ROOT / "knowledge"
    knowledge = tmp_path_factory.mktemp("real-knowledge")
    manifest = yaml.safe_load((source / "sources.yaml").read_text(encoding="utf-8"))
    keep = [d for d in manifest["documents"] if d["id"] in SEEDS]
    assert {d["id"] for d in keep} == SEEDS
    for name in [d["file"] for d in keep] + ["glossary.yaml", "areas.yaml"]:
        shutil.copy(source / name, knowledge / name)
    (knowledge / "sources.yaml").write_text(yaml.safe_dump({"documents": keep}), encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("real-data") / "data", knowledge_dir=knowledge)
    share_safeguarding_cache(settings.data_dir)  # serve's start reads it, as after `send-assistant ingest`
    summary = ingest(settings, minilm)
    assert summary.failed == 0 and summary.added == 3, summary.errors
    return settings


@pytest.fixture(scope="module")
def real_server(real_index):
    """`send-assistant serve` on a free loopback port; yields its base URL once /healthz is ok; stopped by PID."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SEND_ASSISTANT_DATA_DIR": str(real_index.data_dir),
        "SEND_ASSISTANT_KNOWLEDGE_DIR": str(real_index.knowledge_dir),
    }
    argv = [*send_assistant_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = real_index.data_dir.parent / "serve.log"
    with ServerProcess(argv, healthz_ok(url), log=log, env=env, timeout_s=START_TIMEOUT_S, poll_s=0.5):
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            health = json.load(response)
        assert health["documents"] == 3 and health["chunks"] > 50
        yield url


@pytest.fixture
def real_page(browser, real_server):
    """A fresh desktop page on the real chat page, with Bedford Borough chosen the way a mouse user would."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.goto(real_server + "/")
    question = page.get_by_label(texts.WEB_QUESTION_LABEL)
    question.wait_for(timeout=60_000)
    page.get_by_label(texts.WEB_AREA_LABEL).click()
    page.get_by_role("option", name=AREA).click()
    page.wait_for_function("a => document.querySelector('#sa-area input').value === a", arg=AREA)
    yield page
    context.close()


def ask(page, question: str) -> object:
    """Type a question, press Ask, wait until its answer is final (the page moves focus to the answer heading)."""
    rows = page.locator("#sa-chat .bot-row")
    before = rows.count()
    page.get_by_label(texts.WEB_QUESTION_LABEL).fill(question)
    page.get_by_role("button", name=texts.WEB_ASK, exact=True).click()
    page.wait_for_function(
        """n => { const rows = document.querySelectorAll('#sa-chat .bot-row');
                  const last = rows[rows.length - 1];
                  return rows.length > n && last.querySelector('.sa-tools') !== null
                         && last.querySelector('.sa-answer-heading') === document.activeElement; }""",
        arg=before,
        timeout=ANSWER_TIMEOUT_MS,
    )
    return rows.last


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page as it is now (all impacts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 200))}))"""
    )


def check_axe(page, state: str, artifacts: Path) -> None:
    """No axe violations of any impact; a screenshot of the state either way."""
    page.screenshot(path=str(artifacts / f"real-{state}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{state}: {violations}"


def test_cited_answer_with_a_source_card(real_page, artifacts) -> None:
    check_axe(real_page, "start", artifacts)
    answer = ask(real_page, "How long does an EHC needs assessment take?")
    text = answer.inner_text()
    assert "20 weeks" in text
    assert answer.locator(".sa-answer-heading").inner_text() == texts.WEB_ANSWER_HEADING.format(area=AREA)
    cards = answer.locator("section.sa-sources").get_by_role("listitem")
    assert cards.count() >= 1
    # The [1] marker links to its own card, and that card's passage (opened) says what the answer says.
    target = answer.get_by_role("link", name="[1]").first.get_attribute("href")
    assert target.startswith("#sa-src-")
    card = answer.locator(f"li.sa-card{target}")
    assert card.count() == 1 and card.inner_text().startswith("[1]")
    passage = card.locator("blockquote.sa-passage")
    assert not passage.is_visible()
    card.locator("summary").click()
    assert passage.is_visible() and "20 weeks" in passage.inner_text()
    check_axe(real_page, "cited-answer", artifacts)


def test_refusals_name_the_next_step(real_page, artifacts) -> None:
    not_found = ask(real_page, "Is there a trampoline club in Bedford?")
    text = not_found.inner_text()
    assert texts.NOT_FOUND_LEAD.format(where=f" for {AREA}") in text
    assert "SENDIASS" in text  # where to go next
    assert not_found.locator(".sa-signposts").get_by_role("listitem").count() >= 2  # Local Offer, SENDIASS
    assert not_found.locator("section.sa-sources").count() == 0  # nothing cited
    check_axe(real_page, "not-found", artifacts)

    other_task = ask(real_page, "Can you give me a good recipe for lasagne?")
    assert "Please ask a question about SEND" in other_task.inner_text()
    assert other_task.locator("section.sa-sources").count() == 0
    check_axe(real_page, "out-of-scope", artifacts)


def test_safeguarding_signposting_comes_before_anything_else(real_page, artifacts) -> None:
    answer = ask(real_page, "my son said he wants to kill himself")
    # Right after the heading, the first thing in the answer is the urgent box.
    first = answer.locator(".sa-answer-heading ~ *").first
    assert "sa-urgent" in (first.get_attribute("class") or "")
    urgent = answer.locator(".sa-urgent")
    assert urgent.locator("a[href='tel:999']").count() == 1
    assert urgent.locator("a[href='tel:08001111']").count() == 1  # Childline
    text = answer.inner_text()
    body = text[text.index(texts.WEB_ANSWER_HEADING.format(area=AREA)) :]
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    assert lines[0] == texts.SAFEGUARDING_LEAD.strip("*")
    assert "999" in lines[1] and "Childline" in "\n".join(lines[1:4])
    check_axe(real_page, "safeguarding", artifacts)


def test_follow_up_question_in_the_same_conversation(real_page, artifacts) -> None:
    ask(real_page, "What is mediation?")
    follow_up = ask(real_page, "How long does it take?")
    text = follow_up.inner_text()
    # On its own "How long does it take?" is answered with the 20-week assessment; after the first question it
    # is about mediation.
    assert "mediation" in text.lower() and "20 weeks" not in text
    assert real_page.locator("#sa-chat .bot-row").count() == 2
    check_axe(real_page, "follow-up", artifacts)


def _feedback_db_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("feedback.sqlite3*")))


def test_feedback_is_stored_redacted(real_page, real_index, artifacts) -> None:
    email, phone = "sam.parent@example.com", "07700 900123"
    answer = ask(real_page, "What is an EHC needs assessment?")
    status = real_page.locator("#sa-feedback-status")
    answer.get_by_role("button", name="Dislike").click()
    status.get_by_text(texts.WEB_FEEDBACK_THANKS).wait_for(timeout=30_000)
    real_page.get_by_label(texts.WEB_FEEDBACK_COMMENT_LABEL).fill(f"Not clear. Email me at {email} or ring {phone}")
    real_page.get_by_role("button", name=texts.WEB_FEEDBACK_SEND).click()
    status.get_by_text(texts.WEB_FEEDBACK_THANKS_COMMENT).wait_for(timeout=30_000)
    check_axe(real_page, "feedback", artifacts)

    db = sqlite3.connect(real_index.feedback_path)
    try:
        rows = db.execute("SELECT rating, status, area, comment FROM feedback ORDER BY id").fetchall()
    finally:
        db.close()
    assert rows[-1] == ("down", "answered", AREA, "Not clear. Email me at [email] or ring [phone]")
    stored = _feedback_db_bytes(real_index.data_dir)
    assert email.encode() not in stored and phone.encode() not in stored
    assert phone.replace(" ", "").encode() not in stored
