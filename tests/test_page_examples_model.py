"""Every example question on the page (texts.WEB_EXAMPLES), for every area choice, with the real MiniLM over the
real knowledge base (issue #7, "Done when").

Each example must be answered, cited, from the chosen area or England only, and its first sentence must answer it:
the thing asked for is in that sentence (`ANSWERS`), and a council report's finding ("... is an area for
development", "leaders have not ensured ...") never leads an example that asks what happens, how to do something
or who helps. An example replaced on the page needs its own entry in `ANSWERS`, so a replacement is tested too.
"""

from __future__ import annotations

import re

import pytest

from send_assistant.answering import texts
from send_assistant.answering.answer import ANSWERED
from send_assistant.answering.area_profiles import AreaProfiles
from send_assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.model

AREAS = ("", *sorted(p.name for p in AreaProfiles.from_knowledge(PROJECT_ROOT / "knowledge").profiles))
EXAMPLES = tuple(q for questions in texts.WEB_EXAMPLES.values() for q in questions)

# example -> what its first answer sentence must say (the answer itself, not a sentence that resembles the question)
ANSWERS = {
    "How do I ask for an EHC needs assessment for my child?": r"\b(write|ask|request)\b.*\b(council|SEND team)",
    "What support should my child's school give without an EHC plan?": r"SEN support|best endeavours|graduated",
    "Who can give me free, impartial advice about SEND?": r"SENDIASS|SEND Partnership Service|Advice and Support",
    "What is the graduated approach to SEN support in schools?": r"assess, plan, do,? (and )?review",
    "What happens at an annual review of an EHC plan?": r"\breview\b.*\b(progress|outcomes)\b",
    "How long should an EHC needs assessment take?": r"\b20 weeks\b",
    "Where can I signpost a family worried about their child's development?": (
        r"\b(GP|health visitor|SENDIASS|SENCO|Local Offer)\b"
    ),
    "What do health services contribute to EHC plans?": r"\bhealth\b.*\b(advice|section [CG]|provision)\b",
    "How can a GP tell the council about a child who may have SEND?": r"\btell the council\b|\bcouncil's SEND team\b",
}
# A heading a council's report puts its findings under: what is judged, not what to do or who helps.
FINDING_HEADING = re.compile(
    r"\b(strengths?|weakness(es)?|areas? for (development|improvement)|(main|key) findings|key challenges|"
    r"barriers|concerns)\b",
    re.IGNORECASE,
)


def first_sentence(answer) -> str:
    """The answer's first sentence, up to its first citation marker, without the lead line."""
    body = answer.answer.split("\n\n", 1)[-1]
    return re.split(r"\s\[\d+\]", body, maxsplit=1)[0]


def test_every_example_has_an_expected_answer():
    assert set(EXAMPLES) == set(ANSWERS), "a page example was added or replaced: say what must answer it"
    assert len(AREAS) == 6 and AREAS[0] == ""


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a or "England")
@pytest.mark.parametrize("question", EXAMPLES)
def test_each_example_is_answered_first_and_cited_for_every_area(real_assistant, question, area):
    answer = real_assistant.ask(question, area=area)
    assert answer.status == ANSWERED, (question, area, answer.answer)
    assert answer.citations, (question, area)
    assert all(c.area in ("", area) for c in answer.citations), [c.area for c in answer.citations]
    first = first_sentence(answer)
    assert re.search(ANSWERS[question], first, re.IGNORECASE), (question, area, first)
    lead = answer.citations[0]
    if lead.area:  # a local passage leads: never one of its report's findings
        assert not FINDING_HEADING.search(lead.location), (question, area, lead.location, first)
