from answering_fakes import BANES, BUCKS, FakeIndex, passage

from assistant.retrieval.faq import QuestionMatcher, heading_question
from ingest.embedding import HashEmbedder


def test_heading_question_is_the_last_heading_when_it_asks_something():
    assert heading_question("EHC plans > How long does it take? (Code of Practice 9.40)") == "How long does it take?"
    assert heading_question("Main findings > Strengths") == ""


def _index(*passages):
    index = FakeIndex([BANES, BUCKS])
    index.live = list(passages)
    return index


def test_the_closest_question_in_the_users_area_or_national_is_found():
    national = passage("n1", "Write to the SEND team.", area="", location="Asking > How do I ask for an assessment?")
    other = passage("b1", "Bucks answer.", area=BUCKS, location="Local > How do I ask for an assessment?")
    plain = passage("p1", "No question heading here.", area="", location="Findings")
    matcher = QuestionMatcher(_index(other, plain, national), HashEmbedder())
    sim, found = matcher.best("how do i ask for an assessment", BANES)
    assert found.chunk_id == "n1" and sim > 0.9  # never the other council's passage
    sim_bucks, found_bucks = matcher.best("how do i ask for an assessment", BUCKS)
    assert found_bucks.chunk_id in {"b1", "n1"} and sim_bucks > 0.9


def test_no_question_headings_means_no_match():
    matcher = QuestionMatcher(_index(passage("p1", "text", location="Findings")), HashEmbedder())
    assert matcher.best("anything", "") is None
