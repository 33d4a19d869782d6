from __future__ import annotations

from answering_fakes import ACRONYMS, SERVICE, passage

from send_assistant.answering import texts
from send_assistant.answering.answer_text import contact_lines, expand_acronyms, has_contact, join_answer, lead_line


def test_acronyms_are_expanded_once_and_not_inside_names():
    body = "The SEND Partnership Service helps with an EHCP. Every EHCP is reviewed. SEND support is free."
    out = expand_acronyms(body, ACRONYMS)
    assert out.count("EHCP (Education, Health and Care plan)") == 1
    assert "SEND Partnership Service" in out
    assert "SEND (special educational needs and disabilities) support" in out


def test_an_acronym_already_spelled_out_is_left_alone():
    body = "An Education, Health and Care plan (EHCP) sets out support."
    assert expand_acronyms(body, ACRONYMS) == body


def test_lead_line_says_whose_documents_answer():
    assert lead_line(["Bucks", "Bucks"], "Bucks") == (texts.LEAD_LOCAL.format(area="Bucks"), "local")
    assert lead_line(["Bucks", ""], "Bucks") == (texts.LEAD_MIXED.format(area="Bucks"), "mixed")
    # An area chosen, but only national guidance answers: say so rather than refuse.
    assert lead_line([""], "Bucks") == (texts.LEAD_NATIONAL_FALLBACK.format(area="Bucks"), "national")
    assert lead_line([""], "") == (texts.LEAD_NATIONAL, "national")
    lead, scope = lead_line([""], "Leeds", covered=False)
    assert lead.startswith(texts.UNCOVERED_AREA_NOTE.format(area="Leeds")) and scope == "national"


def test_contact_card_comes_from_the_record_and_escapes_html():
    record = passage("r", "x", doc_type="service", contact={"name": "<b>Team</b>", "phone": "01234 567890"})
    lines = contact_lines(record, 2)
    assert lines[0] == texts.CONTACT_HEADING.format(name="**Team**") + " [2]:"
    assert lines[1] == "- Phone: 01234 567890"
    assert has_contact(SERVICE) and not has_contact(passage("p", "text"))


def test_join_answer_puts_the_prefix_first():
    assert join_answer("PREFIX", "Lead:", ["Body [1]"]) == "PREFIX\n\nLead:\n\nBody [1]"
    assert join_answer("", "Lead:", ["Body [1]"]) == "Lead:\n\nBody [1]"


def test_an_area_without_documents_is_told_which_areas_have_them():
    lead, _ = lead_line([""], "Leeds", covered=False, known=["Bucks", "Worcs"])
    assert texts.KNOWN_AREAS_NOTE.format(known="Bucks and Worcs") in lead
