"""The page on a phone and from the keyboard: question first, one radio group, linked citations, Enter sends,
clearing asks first, copy as plain text, print without controls, a skip link, answers announced."""

import pytest

from send_assistant.answering import texts

pytestmark = pytest.mark.browser


def test_question_box_and_area_picker_are_on_a_phones_first_screen(open_page) -> None:
    page = open_page(375)
    box = page.locator("#sa-question textarea").bounding_box()
    area = page.locator("#sa-area input").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 812, box
    assert area["y"] + area["height"] <= 812 and page.locator("#sa-ask").bounding_box()["y"] < 812
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The intro and disclaimer wait behind "About this service".
    about = page.locator("details.sa-about")
    assert about.get_attribute("open") is None and not page.locator(".sa-inset").is_visible()
    about.locator("summary").click()
    assert "not legal advice" in page.locator(".sa-inset").inner_text()


def test_area_names_are_never_cut(open_page) -> None:
    page = open_page(375)
    page.click("#sa-area input")
    options = page.locator('[role="option"]')
    assert options.count() >= 4 and "Bath and NE Somerset" in options.all_inner_texts()
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll('[role="option"]')).filter(o =>
             o.scrollWidth > o.clientWidth + 1 || getComputedStyle(o).wordBreak === 'break-all')
             .map(o => o.innerText)"""
    )
    assert cut == []


def test_audience_is_one_radio_group_with_arrow_keys(open_page) -> None:
    page = open_page(1280)
    radios = page.locator("#sa-audience input[type=radio]")
    assert len(set(radios.evaluate_all("rs => rs.map(r => r.name)"))) == 1  # one group
    assert page.get_by_role("radiogroup").count() + page.get_by_role("group", name=texts.WEB_AUDIENCE_LABEL).count()
    # One tab stop: Tab from the area picker lands on the chosen radio, the next Tab leaves the group.
    page.focus("#sa-area input")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "parent"
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "q => document.querySelector('#sa-example-0').innerText === q", arg=texts.WEB_EXAMPLES["professional"][0]
    )
    assert page.evaluate("document.activeElement.value") == "professional"
    assert page.locator("#sa-audience input[value=professional]").is_checked()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "gp"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.value") == "professional"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") != "radio"


def test_clicking_a_citation_scrolls_to_its_card(open_page, ask_question, artifacts) -> None:
    page = open_page(375)
    ask_question(page, "How do I get an EHC needs assessment?", 1)
    answer = page.locator("#sa-chat .bot-row").last
    marker = answer.locator("a.sa-ref").first
    assert marker.inner_text().endswith("[1]")  # after its visually hidden name, "Source 1: "
    card_id = marker.get_attribute("href").lstrip("#")
    card = page.locator(f"#{card_id}")
    assert "[1]" in card.inner_text() and "Cited for 1 sentence" in card.inner_text()
    marker.click()
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=card_id)
    box, chat = card.bounding_box(), page.locator("#sa-chat").bounding_box()
    assert chat["y"] - 1 <= box["y"] <= chat["y"] + 40 and 0 <= box["y"] < 812  # at the top of the chat, on screen
    page.screenshot(path=str(artifacts / "light-phone-375-citation-clicked.png"))


def test_focus_moves_to_the_answer_heading_and_is_announced(open_page, ask_question, choose_area) -> None:
    page = open_page(1280)
    choose_area(page, "Bedford Borough")
    ask_question(page, "Who can give me advice?", 1)  # waits for focus on the new heading
    heading = page.evaluate("document.activeElement.outerHTML")
    assert "sa-answer-heading" in heading and "Answer: Bedford Borough" in heading
    live = page.locator("#sa-live")
    assert live.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.getElementById('sa-live').textContent.includes('Answer ready')")
    question = page.locator("#sa-chat .user-row").last.inner_text()
    assert "Asked for: Bedford Borough" in question
    signposts = page.locator("#sa-chat .bot-row").last.locator(".sa-signposts").inner_text()
    assert "Help in Bedford Borough" in signposts and "Bedford Borough Local Offer" in signposts


def test_enter_sends_and_shift_enter_adds_a_line(open_page) -> None:
    page = open_page(1280)
    assert texts.WEB_ENTER_HINT in page.locator(".sa-hint").inner_text()
    box = page.locator("#sa-question textarea")
    box.click()
    page.keyboard.type("What is an EHC")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("needs assessment?")
    assert box.input_value() == "What is an EHC\nneeds assessment?"
    assert page.locator("#sa-chat .bot-row").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_selector("#sa-chat .bot-row .sa-tools", timeout=30000)
    assert "needs assessment?" in page.locator("#sa-chat .user-row").last.inner_text()


def test_start_again_asks_before_clearing(open_page, ask_question) -> None:
    page = open_page(1280)
    ask_question(page, "What is an EHC needs assessment?", 1)
    page.click("#sa-start-again")
    page.wait_for_selector("#sa-confirm-clear", state="visible")
    assert texts.WEB_CONFIRM_CLEAR in page.locator("#sa-confirm-clear").inner_text()
    assert page.locator("#sa-chat .bot-row").count() == 1  # nothing cleared yet
    page.click("#sa-clear-no")
    page.wait_for_selector("#sa-confirm-clear", state="hidden")
    assert page.locator("#sa-chat .bot-row").count() == 1
    assert page.locator('#sa-chat button[aria-label="Clear"]').is_hidden()  # the bin icon would not ask
    page.click("#sa-start-again")
    page.click("#sa-clear-yes")
    page.wait_for_function("() => document.querySelectorAll('#sa-chat .bot-row').length === 0")


def test_copy_answer_gives_plain_text_with_numbered_sources(open_page, ask_question) -> None:
    page = open_page(1280)
    page.evaluate(
        "() => { window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; "
        "return Promise.resolve(); }; }"
    )
    ask_question(page, "How do I get an EHC needs assessment?", 1)
    page.locator("#sa-chat .bot-row").last.locator("button.sa-copy").click()
    page.wait_for_function("() => window.__copied !== null")
    copied = page.evaluate("window.__copied")
    assert copied.startswith("Answer: ") and "20 weeks [1]" in copied and "**" not in copied and "<" not in copied
    assert "[1] SEND Statement of Action response – Bedford Borough" in copied
    assert "https://www.bedford.gov.uk/send" in copied and "[2] SEND glossary, England-wide" in copied
    page.wait_for_function("() => document.getElementById('sa-live').textContent.includes('copied')")


def test_print_shows_the_conversation_and_sources_without_controls(open_page, ask_question) -> None:
    page = open_page(1280, "dark")
    ask_question(page, "How do I get an EHC needs assessment?", 1)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert not page.evaluate("document.body.classList.contains('dark')")  # paper is light, whatever the phone
    assert page.locator("#sa-chat .sa-card").first.is_visible()
    assert page.locator("#sa-chat .sa-passage").first.is_visible()  # quoted passages open for print
    for control in ("#sa-question", "#sa-ask", "#sa-area", "#sa-audience", ".sa-examples", "button.sa-copy"):
        assert not page.locator(control).first.is_visible(), control
    link = "a[href='https://www.bedford.gov.uk/send']"
    after = page.evaluate(f"getComputedStyle(document.querySelector(\"#sa-chat {link}\"), '::after').content")
    assert "https://www.bedford.gov.uk/send" in after  # printed links show where they go
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.body.classList.contains('dark')")  # and back as it was


def test_skip_link_goes_to_the_question_box(open_page) -> None:
    page = open_page(375)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "sa-skip"
    assert page.locator("a.sa-skip").bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('#sa-question') !== null")
