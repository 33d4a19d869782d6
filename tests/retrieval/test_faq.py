from answering_fakes import BANES, BUCKS, FakeIndex, passage
from doubles import HashEmbedder

from send_assistant.answering.retrieval.faq import QuestionMatcher, heading_question


def test_heading_question_is_the_last_heading_when_it_asks_something():
    assert heading_question("EHC plans > How long does it take? (Code of Practice 9.40)") == "How long does it take?"
    assert heading_question("Main findings > Strengths") == ""


def test_heading_question_is_found_when_its_source_holds_brackets_of_its_own():
    assert heading_question("EHC plans > How long do I have? (SEN and Disability Regulations 2014, reg 13(1))") == (
        "How long do I have?"
    )
    location = "Tribunal > How long do I have to appeal? (Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008)"
    assert heading_question(location) == "How long do I have to appeal?"
    assert heading_question("Mediation > How quickly? (regs 34-39 (mediation))") == "How quickly?"


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


def test_with_chunks_per_area_only_that_areas_headings_are_read_and_each_question_embedded_once():
    # issue 10: the matcher reads the chunks a search in the area may return, not the whole country's
    national = passage("n1", "Write to the SEND team.", area="", location="Asking > How do I ask for an assessment?")
    other = passage("b1", "Bucks answer.", area=BUCKS, location="Local > How do I ask for an assessment?")
    per_area = {BANES: [national], BUCKS: [other, national], "": [national]}
    asked: list[str] = []
    embedder = HashEmbedder()
    matcher = QuestionMatcher(_index(other, national), embedder, chunks_for=lambda a: asked.append(a) or per_area[a])
    assert matcher.best("how do i ask for an assessment", BANES)[1].chunk_id == "n1"
    assert matcher.best("how do i ask for an assessment", BUCKS)[1].chunk_id in {"b1", "n1"}
    assert asked == [BANES, BUCKS]
    matcher.best("how do i ask for an assessment", BANES)
    assert asked == [BANES, BUCKS]  # cached per area while the index version stands still
    # Three questions plus the one heading question both areas share, embedded once and not once per area.
    assert embedder.calls == [1, 1, 1, 1]
