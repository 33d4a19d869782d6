import re

from web_fakes import FakeAssistant

from assistant import texts
from assistant.answer import Answer, Citation
from assistant.web import render


def _citation(**over) -> Citation:
    base = dict(
        n=1,
        doc_id="d",
        title="Title",
        area="Bedford Borough",
        doc_type="guidance",
        location="Section 2 > Help",
        url="https://example.org/page",
        reviewed="2024-03-05",
        text="Quoted passage.",
    )
    base.update(over)
    return Citation(**base)


def _hrefs(markup: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', markup)


def test_source_card_shows_everything_people_need_to_check() -> None:
    card = render.source_card(_citation())
    assert '<a href="https://example.org/page"' in card
    assert "Bedford Borough" in card and "Section 2 &gt; Help" in card
    assert "Reviewed 5 March 2024" in card
    assert "<details><summary>" in card and "Quoted passage." in card
    assert "[1]" in card


def test_national_source_without_url_or_date() -> None:
    card = render.source_card(_citation(area="", url=None, reviewed=None))
    assert "<a " not in card
    assert "England-wide" in card and "Review date not recorded" in card


def test_contact_card_links_are_built_from_validated_values() -> None:
    contact = {
        "name": "Bedford SENDIASS",
        "phone": "01234 276267",
        "email": "help@example.org",
        "website": "www.example.org/help",
        "opening_times": "Mon-Fri 9-4",
    }
    card = render.source_card(_citation(contact=contact))
    assert _hrefs(card) == [
        "https://example.org/page",
        "tel:01234276267",
        "mailto:help@example.org",
        "https://www.example.org/help",
    ]
    assert "Bedford SENDIASS" in card and "Opening times" in card and "Mon-Fri 9-4" in card


def test_hostile_source_is_text_and_no_unsafe_link() -> None:
    answer = FakeAssistant().ask("xss please")
    markup = render.answer_message(answer)
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup
    assert all(h.startswith(("https://", "mailto:", "tel:")) for h in _hrefs(markup))
    assert "javascript:" not in " ".join(_hrefs(markup))
    # The Markdown link is neutralised: its brackets are escaped so no renderer can make it a link.
    assert "\\[click\\](javascript:window.__xss=1)" in markup


def test_safe_markdown_links_survive_and_unsafe_ones_do_not() -> None:
    md = render.answer_markdown("See [the council](https://example.org) or [x](data:text/html,hi) [1].")
    assert '<a href="https://example.org" rel="noopener noreferrer">the council</a>' in md
    assert "\\[x\\](data:text/html,hi)" in md
    assert "\\[1\\]" in md


def test_question_shown_exactly_as_typed() -> None:
    shown = render.question_message("<b>hi</b> [a](javascript:x) # *not* a heading")
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert "\\[a\\]\\(javascript:x\\)" in shown and "\\#" in shown and "\\*not\\*" in shown


def test_safeguarding_signposting_comes_first_in_a_box() -> None:
    answer = Answer(question="q", status="safeguarding")
    answer.answer = texts.safeguarding_block() + "\n\nThe rest of the answer [1]."
    answer.citations = [_citation()]
    markup = render.answer_message(answer)
    assert markup.startswith('<div class="sa-urgent">')
    assert markup.index("999") < markup.index("The rest of the answer")
    assert '<a href="tel:999">999</a>' in markup and '<a href="tel:08001111">0800 1111</a>' in markup
    assert markup.index("The rest") < markup.index("sa-sources")


def test_answered_message_has_no_urgent_box() -> None:
    markup = render.answer_message(Answer(question="q", answer="Plain answer [1].", citations=[_citation()]))
    assert "sa-urgent" not in markup and markup.startswith("Plain answer")


def test_cards_are_one_html_block() -> None:
    # A blank line would end the Markdown HTML block and expose the rest as text.
    markup = render.sources_html([_citation(text="para one\n\npara two"), _citation(n=2)])
    assert "\n" not in markup and "para one<br><br>para two" in markup


def test_safe_url() -> None:
    assert render.safe_url("https://a.org/x?y=1") == "https://a.org/x?y=1"
    assert render.safe_url("www.a.org") == "https://www.a.org"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "/relative", 'https://a.org/"x', None):
        assert render.safe_url(bad) is None
