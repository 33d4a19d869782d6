"""Answer first (#7.5): "what is X?" is answered by a definition that names X, however the definition is worded.

"The SEND Code of Practice: 0 to 25 years (2015) is statutory guidance ..." has no "is a", so grounding.fits_intent
does not see a definition in it; a glossary entry or a guidance answer to "What is X?" naming every key term is one.
"""

from __future__ import annotations

from dataclasses import replace

from answering_fakes import asked_of, passage

from send_assistant.answering.grounding import fits_intent, term_set
from send_assistant.answering.stages.compose import _defines_the_thing

COP = "The SEND Code of Practice: 0 to 25 years (2015) is statutory guidance from the Department for Education."
GLOSSARY = passage("cop", COP, area="", doc_type="glossary", location="CoP (SEND Code of Practice)")
REPORT = passage("rep", "The Code of Practice says leaders must act.", doc_type="improvement plan")
GUIDE = passage(
    "g", COP, area="", doc_type="national guidance", location="Where to start > What is the SEND Code of Practice?"
)
ASKED = replace(asked_of(["code", "practic"], ["code", "practic"], "what_is"), area="", local_question=False)


def test_a_definition_naming_the_thing_asked_about_has_the_shape_of_an_answer():
    assert not fits_intent(COP, "what_is")  # "is statutory guidance": no "is a"
    own = term_set(COP)
    assert _defines_the_thing(GLOSSARY, ASKED, own)
    assert _defines_the_thing(GUIDE, ASKED, own)


def test_only_a_definition_of_the_whole_thing_and_only_for_what_is():
    own = term_set(COP)
    assert not _defines_the_thing(REPORT, ASKED, term_set(REPORT.text))  # a report defines nothing
    assert not _defines_the_thing(GLOSSARY, replace(ASKED, terms=["code", "senco"]), own)  # not every key term
    assert not _defines_the_thing(GLOSSARY, replace(ASKED, intent="how"), own)
    assert not _defines_the_thing(GLOSSARY, replace(ASKED, terms=[]), own)
