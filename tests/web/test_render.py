import html
import re
from datetime import date

from web_fakes import FakeAssistant

from send_assistant.answering import texts
from send_assistant.answering.answer import Answer, Citation
from send_assistant.answering.area_profiles import AreaProfile, Signpost
from send_assistant.web import render
from send_assistant.web.cards import clean_location, is_stale


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
    assert all(h.startswith(("https://", "mailto:", "tel:", "#sa-src-")) for h in _hrefs(markup))
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
    # Only the heading naming the area comes before the urgent box.
    assert markup.startswith('<h3 class="sa-answer-heading"')
    assert markup.index("sa-answer-heading") < markup.index('<div class="sa-urgent">') < markup.index("999")
    assert markup.index("999") < markup.index("The rest of the answer")
    assert '<a href="tel:999">999</a>' in markup and '<a href="tel:08001111">0800 1111</a>' in markup
    assert markup.index("The rest") < markup.index("sa-sources")


def test_answered_message_has_no_urgent_box() -> None:
    markup = render.answer_message(Answer(question="q", answer="Plain answer [1].", citations=[_citation()]))
    assert "sa-urgent" not in markup
    assert markup.index("</h3>") < markup.index("Plain answer")


def test_cards_are_one_html_block() -> None:
    # A blank line would end the Markdown HTML block and expose the rest as text.
    markup = render.sources_html([_citation(text="para one\n\npara two"), _citation(n=2)])
    assert "\n" not in markup and "para one<br><br>para two" in markup


def test_safe_url() -> None:
    assert render.safe_url("https://a.org/x?y=1") == "https://a.org/x?y=1"
    assert render.safe_url("www.a.org") == "https://www.a.org"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "/relative", 'https://a.org/"x', None):
        assert render.safe_url(bad) is None


# --- issue 8: linked citations, short titles, clean locations, dates, the council's own signposts, copy text ---

BEDFORD = AreaProfile(
    name="Bedford Borough",
    local_offer=Signpost("Bedford Borough Local Offer", ""),
    sendiass=Signpost("Bedford SENDIASS", "https://example.org/sendiass"),
)


def test_each_marker_links_to_its_card_under_the_same_answer() -> None:
    answer = Answer(question="q", answer="One [1]. Two [2]. Again [1]. Not a source [9].", id="abc123")
    answer.citations = [_citation(), _citation(n=2)]
    markup = render.answer_message(answer)
    assert '<a class="sa-ref" href="#sa-src-abc123-1"' in markup and 'id="sa-src-abc123-1"' in markup
    assert 'href="#sa-src-abc123-2"' in markup and 'id="sa-src-abc123-2"' in markup
    assert "sa-src-abc123-9" not in markup and "\\[9\\]" in markup  # no card, no link
    assert "Cited for 2 sentences in this answer" in markup and "Cited for 1 sentence in this answer" in markup
    # The accessible name is text inside the link: Gradio's chat sanitiser removes aria-label attributes.
    label = texts.WEB_SOURCE_LINK_LABEL.format(n=1)
    assert f'<span class="sa-visually-hidden">{label}: </span>[1]</a>' in markup


def test_card_uses_the_short_title_and_keeps_the_full_title_inside() -> None:
    card = render.source_card(_citation(title="A very long report name (to a committee)", short_title="Short"))
    assert re.search(r">Short</a></p>", card)
    assert "From: A very long report name (to a committee)" in card


def test_locations_lose_codes_objectives_and_staff_names() -> None:
    raw = "2F. Children and young people with EHCP (objectives 8,9) - lead Chris Wilford"
    assert clean_location(raw) == "Children and young people with EHCP"
    assert clean_location("2E. Health and care outcomes (objectives 4,5,9)– Ali Woodiwiss") == (
        "Health and care outcomes"
    )
    assert clean_location("2D. Outcomes (universal and SEN support, objectives 2,3) – lead officer A Person") == (
        "Outcomes (universal and SEN support)"
    )
    assert clean_location("Section 2 > Help, paragraph 2.17") == "Section 2 > Help, paragraph 2.17"
    card = render.source_card(_citation(location=raw))
    assert "Wilford" not in card and "objectives" not in card and "Children and young people with EHCP" in card


def test_old_sources_say_they_may_be_out_of_date() -> None:
    assert is_stale("2018-07-01", today=date(2026, 1, 1))
    assert not is_stale("2025-06-01", today=date(2026, 1, 1)) and not is_stale(None)
    assert texts.WEB_CARD_STALE in render.source_card(_citation(reviewed="2018-07-01"))
    assert texts.WEB_CARD_STALE not in render.source_card(_citation(reviewed=date.today().isoformat()))
    assert "England-wide" in render.source_card(_citation(area=""))


def test_answer_names_its_area_and_scope() -> None:
    local = Answer(question="q", area="Bedford Borough", answer="x [1].", citations=[_citation()])
    markup = render.answer_message(local, BEDFORD)
    assert "Answer: Bedford Borough" in markup and "Local information: Bedford Borough" in markup
    national = Answer(question="q", answer="y [1].", citations=[_citation(area="")])
    assert "Answer: England-wide" in render.answer_message(national)
    mixed = Answer(question="q", area="Bedford Borough", answer="z [1] [2].")
    mixed.citations = [_citation(), _citation(n=2, area="")]
    assert "Local (Bedford Borough) and England-wide information" in render.answer_message(mixed)
    told = Answer(question="q", area="Bedford Borough", answer="w [1].", citations=[_citation()])
    told.scope, told.corrected_question = "national", "What is an EHCP?"  # fields the composer may add
    markup = render.answer_message(told)
    assert texts.WEB_SCOPE["national"] in markup and "Showing results for: What is an EHCP?" in markup


def test_not_found_and_safeguarding_answers_show_the_councils_signposts() -> None:
    for status, text in (("not_found", "I could not find that."), ("safeguarding", texts.safeguarding_block())):
        answer = Answer(question="q", area="Bedford Borough", status=status, answer=text)
        markup = render.answer_message(answer, BEDFORD)
        assert "Help in Bedford Borough" in markup
        assert "Bedford Borough Local Offer" in markup  # a name only: the profile has no address
        assert '<a href="https://example.org/sendiass" rel="noopener noreferrer">Bedford SENDIASS</a>' in markup
        assert _hrefs(markup).count("https://example.org/sendiass") == 1
    unsure = render.answer_message(Answer(question="q", status="not_found", answer="Not found."))
    assert html.escape(texts.WEB_HELP_NO_AREA) in unsure
    plain = render.answer_message(Answer(question="q", area="Bedford Borough", answer="EHC plans [1]."), BEDFORD)
    assert "Help in" not in plain  # an ordinary answer does not repeat the signposts


def test_plain_text_for_copying_has_numbered_sources_and_links() -> None:
    answer = Answer(question="q", area="Bedford Borough", answer="**Within 20 weeks** [1].\n\n- A list [2]")
    answer.citations = [_citation(short_title="Short"), _citation(n=2, url=None, area="")]
    text = render.plain_text(answer, BEDFORD)
    assert text.startswith("Answer: Bedford Borough") and "Within 20 weeks [1]." in text and "**" not in text
    assert "[1] Short, Bedford Borough, Section 2 > Help, Reviewed 5 March 2024: https://example.org/page" in text
    assert "[2] Title, England-wide" in text and "<" not in text
    markup = render.answer_message(answer, BEDFORD)
    assert '<button type="button" class="sa-copy">' in markup and '<pre class="sa-plain">' in markup
    assert "\n" not in markup.split('<pre class="sa-plain">')[1]  # one HTML block: newlines as references


def test_question_bubble_shows_the_area() -> None:
    assert "Asked for: Bedford Borough" in render.question_message("How long?", "Bedford Borough")
    assert "Asked for: England-wide" in render.question_message("How long?", "")
    assert "<script" not in render.question_message("<script>", "<b>x</b>")


def test_signposts_are_not_repeated_when_the_answer_already_names_them() -> None:
    profile = AreaProfile(name="Bedford Borough", local_offer=Signpost("BB Local Offer"), sendiass=Signpost("BB IASS"))
    text = "I could not find that. Where to ask in Bedford Borough: BB Local Offer, BB IASS."
    answer = Answer(question="q", area="Bedford Borough", status="not_found", answer=text)
    assert "sa-signposts" not in render.answer_message(answer, profile)
