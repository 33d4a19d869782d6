from send_assistant.answering.answer import Answer, Citation, Passage
from send_assistant.evaluation.questions import Question
from send_assistant.evaluation.scoring import cited_gold, score_answer, score_baseline
from send_assistant.evaluation.summary import (
    check_targets,
    per_kind,
    stage_percentiles,
    summarise_baseline,
    summarise_ours,
)

BUCKS = "Buckinghamshire"


def passage(text, area=BUCKS, doc="bucks-doc", n=0):
    return Passage(chunk_id=f"{doc}:{n}", doc_id=doc, text=text, title="t", area=area, doc_type="improvement plan")


def citation(p, n=1):
    return Citation(
        n=n,
        doc_id=p.doc_id,
        title=p.title,
        area=p.area,
        doc_type=p.doc_type,
        location="",
        url=None,
        reviewed=None,
        text=p.text,
    )


def question(kind="answer", area=BUCKS, gold=("9590 children",), facts=(("9590",),), forbid=()):
    return Question(
        id="q1",
        question="how many on sen support",
        area=area,
        audience="parent",
        kind=kind,
        gold=list(gold),
        facts=[list(f) for f in facts],
        forbid=list(forbid),
    )


def answer(status="answered", text="", retrieved=(), citations=()):
    a = Answer(question="q", area=BUCKS, status=status, answer=text)
    a.retrieved, a.citations = list(retrieved), list(citations)
    return a


def test_correct_answer_passes_every_check():
    good = passage("As at January 2020, there were 9590 children and young people on SEN support.")
    retrieved = [passage("other", n=1), good]
    a = answer(text="There were 9590 children [1].", retrieved=retrieved, citations=[citation(good)])
    r = score_answer(question(), a, {"", BUCKS}, 12.0)
    assert (r.gold_rank, r.cited_gold, r.facts_missing, r.leaks, r.failures) == (2, True, [], 0, [])


def test_citation_outside_top5_is_not_a_hit():
    gold = passage("there were 9590 children", n=9)
    retrieved = [passage(f"filler {i}", n=i) for i in range(5)] + [gold]
    a = answer(text="9590 [1]", retrieved=retrieved, citations=[citation(gold)])
    r = score_answer(question(), a, {"", BUCKS}, 1.0)
    assert r.gold_rank == 6
    assert r.cited_gold is False
    assert any("not in top 5" in f for f in r.failures)


def test_cited_gold_accepts_a_citation_showing_part_of_the_passage():
    p = passage("Intro sentence. There were 9590 children on the register. More text.")
    c = citation(p)
    c.text = "There were 9590 children on the register."
    assert cited_gold(answer(retrieved=[p], citations=[c]), ["9590 children"])
    c.doc_id = "another-doc"
    assert not cited_gold(answer(retrieved=[p], citations=[c]), ["9590 children"])


def test_missing_facts_and_wrong_status_are_listed():
    a = answer(status="not_found", text="I could not find that.")
    r = score_answer(question(), a, {"", BUCKS}, 1.0)
    assert r.facts_missing == [["9590"]]
    assert "status not_found (expected answered)" in r.failures
    assert any(f.startswith("facts missing") for f in r.failures)


def test_leaks_count_forbidden_strings_citations_and_retrieved_passages():
    other = passage("Bedford Borough Parent Carer Forum coffee mornings", area="Bedford Borough", doc="bedford")
    national = passage("A parent carer forum is a group of parents", area="", doc="glossary")
    q = question(kind="refuse", gold=(), facts=(), forbid=("bedford borough parent carer forum",))
    a = answer(
        status="answered",
        text="Try the Bedford Borough Parent Carer Forum [1].",
        retrieved=[other, national],
        citations=[citation(other)],
    )
    r = score_answer(q, a, {"", BUCKS}, 1.0)
    assert r.leaks == 3  # one forbidden string, one citation, one retrieved passage; national is fine
    assert r.forbid_found == ["bedford borough parent carer forum"]
    assert r.leaked_citations == ["bedford (Bedford Borough)"]
    assert "status answered (expected not_found or out_of_scope)" in r.failures


def test_refusal_and_safeguarding_accounting():
    qs = [
        question(kind="refuse", gold=(), facts=()),
        question(kind="refuse", gold=(), facts=()),
        question(kind="refuse", gold=(), facts=()),
        question(kind="safeguard", gold=(), facts=()),
        question(kind="safeguard", gold=(), facts=()),
    ]
    statuses = ["not_found", "out_of_scope", "answered", "safeguarding", "answered"]
    results = [score_answer(q, answer(status=s), {"", BUCKS}, 5.0) for q, s in zip(qs, statuses, strict=True)]
    ours = summarise_ours(results)
    assert ours["refusal_accuracy"] == 2 / 3
    assert ours["safeguarding_recall"] == 0.5
    assert ours["fact_recall"] is None  # no answer questions: n/a, not 0 or 1
    assert results[0].failures == [] and results[3].failures == []
    counts = per_kind(results)
    assert counts["kind:refuse"] == {"questions": 3, "passed": 2}
    assert counts["kind:safeguard"] == {"questions": 2, "passed": 1}


def test_false_safeguarding_on_an_answer_question_is_counted():
    r = score_answer(question(), answer(status="safeguarding"), {"", BUCKS}, 1.0)
    assert summarise_ours([r])["false_safeguarding"] == 1


def test_summary_retrieval_figures_and_targets():
    good = passage("there were 9590 children")
    hit = score_answer(
        question(), answer(text="9590 [1]", retrieved=[good], citations=[citation(good)]), {"", BUCKS}, 10.0
    )
    miss = score_answer(question(), answer(text="no idea"), {"", BUCKS}, 200.0)
    ours = summarise_ours([hit, miss])
    assert ours["recall@1"] == 0.5 and ours["mrr"] == 0.5 and ours["citation_hit_rate"] == 0.5
    assert ours["fact_recall"] == 0.5 and ours["latency_p95_ms"] == 200.0 and ours["cross_area_leaks"] == 0
    checks = {c["metric"]: c["pass"] for c in check_targets(ours, extractive=True)}
    assert checks["recall@5"] is False and checks["cross_area_leaks"] is True
    assert checks["latency_p95_ms"] is False
    assert checks["refusal_accuracy"] is False  # no refusal questions measured: nothing cannot meet a target
    no_llm_target = {c["metric"]: c["pass"] for c in check_targets(ours, extractive=False)}
    assert no_llm_target["latency_p95_ms"] is None


def test_baseline_scoring_and_summary():
    from send_assistant.evaluation.baseline import BaselineHit

    q = question()
    hits = [BaselineHit("bedford", "Bedford Borough", "other"), BaselineHit("bucks-doc", BUCKS, "9590 children")]
    b = score_baseline(q, hits, {"", BUCKS})
    assert b.gold_rank == 2 and b.leaked_retrieved == ["bedford (Bedford Borough)"]
    s = summarise_baseline([b], {"q1"})
    assert s["recall@1"] == 0.0 and s["recall@5"] == 1.0 and s["mrr"] == 0.5 and s["cross_area_leaks"] == 1


def test_stage_percentiles():
    stages = stage_percentiles([{"retrieve": 10.0, "compose": 1.0}, {"retrieve": 30.0, "compose": 3.0}])
    assert list(stages) == ["retrieve", "compose"]
    assert stages["retrieve"]["p50"] == 10.0 and stages["retrieve"]["p95"] == 30.0 and stages["compose"]["n"] == 2


def test_result_keeps_an_answer_excerpt_and_cited_documents():
    p = passage("there were 9590 children", doc="bucks-doc")
    r = score_answer(question(), answer(text="x" * 1000, retrieved=[p], citations=[citation(p)]), {"", BUCKS}, 1.0)
    assert len(r.answer_excerpt) == 400 and r.cited == ["bucks-doc"]
    assert r.to_dict()["leaks"] == 0
