"""Accessibility in a real browser: 375 px, keyboard, language, page structure (axe in both colour schemes:
test_colour_schemes_browser.py)."""

import pytest

from send_assistant.answering import texts

pytestmark = pytest.mark.browser


def test_usable_at_375_px_without_sideways_scrolling(open_page, ask_question) -> None:
    page = open_page(375)
    ask_question(page, "xss with a very long unbroken https://example.org/" + "a" * 120, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ask = page.locator("#sa-ask").bounding_box()
    assert ask["x"] >= 0 and ask["x"] + ask["width"] <= 375 and ask["height"] >= 40  # a thumb-sized target


def test_everything_works_from_the_keyboard(open_page) -> None:
    page = open_page(1280)
    # The area picker: focus, open with the arrow key, choose, confirm.
    page.focus("#sa-area input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#sa-area input').value === 'Worcestershire'")
    # Tab onwards to the question box, type, Tab to Ask, press Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#sa-question') !== null"):
            break
    else:
        raise AssertionError("the question box is not reachable with Tab")
    page.keyboard.type("How do I get an EHC needs assessment?")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sa-ask"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_selector("#sa-chat .bot-row .sa-sources", timeout=30000)
    # The quoted passage opens from the keyboard.
    page.focus("#sa-chat .sa-card summary")
    page.keyboard.press("Enter")
    assert page.locator("#sa-chat .sa-card details").first.get_attribute("open") is not None
    # Feedback buttons are reachable and work with the keyboard.
    page.focus("#sa-up")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#sa-feedback-status').innerText.includes('Thank you')")


def test_page_structure(open_page) -> None:
    page = open_page(1280)
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() >= 1
    assert page.title() == "SEND information assistant"
    assert page.get_by_label(texts.WEB_QUESTION_LABEL).evaluate("e => e.tagName") == "TEXTAREA"
    assert page.get_by_label(texts.WEB_AREA_LABEL).evaluate("e => e.getAttribute('role')") == "combobox"
    assert page.get_by_role("radiogroup").count() + page.get_by_role("group", name=texts.WEB_AUDIENCE_LABEL).count()
    assert page.evaluate("document.querySelector('#sa-audience').getAttribute('aria-labelledby')")
    assert "not legal advice" in page.locator(".sa-inset").text_content()  # inside "About this service"
    assert page.locator('[aria-live="polite"]#sa-live').count() == 1
