"""Both colour schemes, phone and desktop: axe-core finds nothing (any impact) before an answer, after one and on a
safeguarding answer; each state is saved as a screenshot under test-artifacts/ for a person to look at."""

import pytest

from send_assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page, of any impact, with a few offending nodes each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 200)
              + ' :: ' + (n.failureSummary || '').slice(0, 300))}))"""
    )


def contrast(page, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and the background colour behind it."""
    return page.evaluate(
        """sel => {
          const el = document.querySelector(sel);
          const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
          const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92
              : Math.pow((c + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          let bg = el, colour = null;
          while (bg) { const c = rgb(getComputedStyle(bg).backgroundColor);
            if (c.length < 4 || c[3] > 0) { colour = c; break; } bg = bg.parentElement; }
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(colour || [255, 255, 255]);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_either_scheme(open_page, ask_question, choose_area, artifacts, scheme, width) -> None:
    page = open_page(width, scheme)
    name = f"{scheme}-{'phone' if width < 640 else 'desktop'}-{width}"
    assert page.evaluate("document.body.classList.contains('dark')") == (scheme == "dark")
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / f"{name}-1-start.png"))

    choose_area(page, "Bedford Borough")
    ask_question(page, "How do I get an EHC needs assessment?", 1)
    page.locator("#sa-chat .bot-row").last.locator(".sa-card summary").first.click()
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / f"{name}-2-answer.png"))

    ask_question(page, "I think my child is in danger at home", 2)
    answer = page.locator("#sa-chat .bot-row").last
    assert answer.locator(".sa-urgent").is_visible()
    assert "Help in Bedford Borough" in answer.inner_text()  # the council's own signposts
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / f"{name}-3-safeguarding.png"))
    # The whole conversation for a reviewer: the chat's bounded height lifted for this one picture.
    page.add_style_tag(content="#sa-chat, #sa-chat * { max-height: none !important; }")
    page.screenshot(path=str(artifacts / f"{name}-4-conversation-full.png"), full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_safeguarding_box_and_heading_are_legible(open_page, ask_question, scheme) -> None:
    page = open_page(375, scheme)
    assert contrast(page, "h1") >= 7
    ask_question(page, "I think my child is in danger at home", 1)
    # Every line of the urgent box, not only "999", reads at AA or better, and the box stands out by its border.
    for n in range(1, page.locator("#sa-chat .sa-urgent li").count() + 1):
        assert contrast(page, f"#sa-chat .sa-urgent li:nth-child({n})") >= 4.5
    border = page.evaluate("getComputedStyle(document.querySelector('#sa-chat .sa-urgent')).borderTopWidth")
    assert float(border.rstrip("px")) >= 4
