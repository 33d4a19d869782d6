"""A follow-up that asks nothing of its own ("and in bucks?") wants the kind of answer of the question it continues
(issue #7): after "how many children have EHC plans", a count, not the sentence most like the words."""

from answering_fakes import compose_in_order, passage

BUCKS = "Buckinghamshire"
COUNT = passage(
    "plans-count", "The council now maintains 4879 EHC plans for children, as of September 2020.", area=BUCKS
)
WORDS = passage(
    "plans-guidance",
    "Children in Bucks with EHC plans and their families helped write the new guidance for children.",
    area=BUCKS,
)


def _compose(asked: str):
    # "children EHC plans and altogether?": what the rewrite stage makes of the follow-up
    query = "children EHC plans and altogether?"
    return compose_in_order("and altogether?", [WORDS, COUNT], area=BUCKS, search_query=query, asked=asked)


def test_a_follow_up_asking_nothing_of_its_own_wants_the_count_its_question_asked_for():
    ctx = _compose("how many children have EHC plans")
    assert [c.doc_id for c in ctx.answer.citations] == [COUNT.doc_id]
    assert "4879" in ctx.answer.answer


def test_without_the_earlier_question_the_most_similar_sentence_leads():
    ctx = _compose("")
    assert ctx.answer.citations[0].doc_id == WORDS.doc_id
