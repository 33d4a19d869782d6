"""The chat page in a real browser: ask, read sources, give feedback, follow up, start again, stay safe."""

import json
import sqlite3

import pytest

pytestmark = pytest.mark.browser


def _feedback_rows(data_dir):
    db = sqlite3.connect(data_dir / "feedback.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]
    finally:
        db.close()


def test_ask_read_sources_and_give_feedback(open_page, web_server, ask_question, choose_area, artifacts) -> None:
    page = open_page(1280)
    choose_area(page, "Bedford Borough")
    page.click("#sa-audience label:has-text('School or SENCO')")
    ask_question(page, "My son is called Tom, DOB 01/02/2016. How do I get an EHC needs assessment?", 1)

    answer = page.locator("#sa-chat .bot-row").last
    assert "20 weeks" in answer.inner_text()
    card = answer.locator("li.sa-card").first
    assert "SEND Statement of Action response – Bedford Borough" in card.inner_text()
    assert "Reviewed 1 July 2018" in card.inner_text()
    assert card.locator("a").first.get_attribute("href") == "https://www.bedford.gov.uk/send"

    passage = card.locator("blockquote.sa-passage")
    assert not passage.is_visible()
    card.locator("summary").click()
    assert passage.is_visible() and "within 20 weeks" in passage.inner_text()
    page.screenshot(path=str(artifacts / "answered-desktop-1280.png"), full_page=True)

    answer.locator('button[aria-label="Dislike"]').click()
    page.wait_for_function("() => document.querySelector('#sa-feedback-status').innerText.includes('Thank you')")
    page.fill("#sa-comment textarea", "Wrong area. Ring me on 07700 900123 or tom.parent@example.com")
    page.click("#sa-send-comment")
    page.wait_for_function("() => document.querySelector('#sa-feedback-status').innerText.includes('comment')")

    (row,) = _feedback_rows(web_server[1])
    assert row["rating"] == "down" and row["status"] == "answered" and row["area"] == "Bedford Borough"
    assert row["audience"] == "professional"
    assert json.loads(row["sources"]) == ["bedford-soa", "send-glossary"]
    assert row["comment"] == "Wrong area. Ring me on [phone] or [email]"
    assert "Tom" not in row["question"] and "01/02/2016" not in row["question"]
    assert "[name]" in row["question"] and "[date]" in row["question"]


def test_follow_up_didnt_find_and_start_again(open_page, web_server, ask_question) -> None:
    page = open_page(1280)
    ask_question(page, "What is an EHC needs assessment?", 1)
    ask_question(page, "How long does it take?", 2)
    last = page.locator("#sa-chat .bot-row").last.inner_text()
    assert "Following on from: What is an EHC needs assessment?" in last

    page.click("#sa-didnt-find")
    page.wait_for_function("() => document.querySelector('#sa-feedback-status').innerText.includes('gaps')")
    assert _feedback_rows(web_server[1])[-1]["didnt_find"] == 1

    page.click("#sa-start-again")
    page.click("#sa-clear-yes")  # clearing asks first
    page.wait_for_function("() => document.querySelectorAll('#sa-chat .bot-row').length === 0")
    assert not page.locator("#sa-feedback").is_visible()
    ask_question(page, "And after that?", 1)
    assert "Following on from" not in page.locator("#sa-chat .bot-row").last.inner_text()


def test_example_questions_follow_the_audience(open_page, ask_question) -> None:
    page = open_page(1280)
    page.click("#sa-audience label:has-text('GP, health or frontline worker')")
    page.wait_for_function("() => document.querySelector('#sa-example-0').innerText.includes('signpost')")
    page.click("#sa-example-0")
    page.wait_for_selector("#sa-chat .bot-row .sa-card-service", timeout=30000)
    service = page.locator("#sa-chat .sa-card-service").last
    assert service.locator("a[href='tel:01234276267']").inner_text() == "01234 276267"
    assert service.locator("a[href='mailto:sendiass@bedford.gov.uk']").count() == 1
    assert "Monday to Friday, 9am to 4pm" in service.inner_text()


def test_safeguarding_signposting_comes_first(open_page, ask_question) -> None:
    page = open_page(1280)
    ask_question(page, "I think my child is in danger at home", 1)
    answer = page.locator("#sa-chat .bot-row").last
    urgent = answer.locator(".sa-urgent")
    assert urgent.is_visible()
    assert "call 999" in urgent.inner_text() and urgent.locator("a[href='tel:999']").count() == 1
    text = answer.inner_text()
    assert text.index("999") < text.index("ask the SEND team") < text.index("Sources")


def test_hostile_content_is_shown_as_text_and_never_runs(open_page, ask_question) -> None:
    page = open_page(1280)
    hostile_question = (
        'xss <script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> [go](javascript:window.__xss=1)'
    )
    ask_question(page, hostile_question, 1)
    page.locator("#sa-chat .sa-card summary").last.click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert page.locator("#sa-chat img").count() == 0 and page.locator("#sa-chat script").count() == 0
    chat_text = page.locator("#sa-chat").inner_text()
    assert "<script>window.__xss=1</script>" in chat_text  # the question and the source, shown as text
    assert '<img src=x onerror="window.__xss=1">' in chat_text
    assert "[click](javascript:window.__xss=1)" in chat_text
    assert "javascript:window.__xss=1" in page.locator("#sa-chat .sa-card").last.inner_text()


def test_page_makes_no_requests_off_the_server(open_page, web_server, ask_question) -> None:
    page = open_page(1280)
    ask_question(page, "What is an EHC needs assessment?", 1)
    outside = [url for url in page.requests if not url.startswith(web_server[0]) and not url.startswith("data:")]
    assert outside == []
