"""The page works under its own Content-Security-Policy (issue 9): no violation while loading, asking and rating."""

import pytest

pytestmark = pytest.mark.browser

LISTEN = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
}"""


def test_page_runs_under_its_csp(open_page, web_server, ask_question) -> None:
    page = open_page(1280)
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.reload()
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    page.evaluate(LISTEN)
    ask_question(page, "What is an EHC needs assessment?", 1)
    assert "20 weeks" in page.locator("#sa-chat .bot-row").last.inner_text()
    page.locator("#sa-chat .bot-row").last.locator('button[aria-label="Like"]').click()
    page.wait_for_function("() => document.querySelector('#sa-feedback-status').innerText.includes('Thank you')")
    violations = page.evaluate("() => window.__cspViolations")
    assert violations == [] and not [line for line in console if "Content Security Policy" in line]
