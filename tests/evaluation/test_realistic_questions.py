"""evals/realistic_questions.jsonl: questions typed the way people type them, with a held-out third.

The file is checked as data: fields, kinds, a split fixed by id (every third question held out), coverage of every
area, audience and typing style, gold strings that really are in the sources, and traps that are really traps.
"""

import json
import re
from collections import Counter

import pytest

from send_assistant.evaluation.metrics import normalise
from send_assistant.evaluation.questions import STYLES, allowed_areas, load_questions
from send_assistant.evaluation.sets import question_sets, sets_from_file
from send_assistant.evaluation.sources import knowledge_documents, raw_text
from send_assistant.settings import PROJECT_ROOT

REALISTIC = PROJECT_ROOT / "evals" / "realistic_questions.jsonl"
UNCOVERED = {"Leeds", "Cornwall"}
NATIONAL_GUIDE = PROJECT_ROOT / "knowledge" / "national-guidance-england.md"


@pytest.fixture(scope="module")
def rows():
    return [json.loads(line) for line in REALISTIC.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def questions():
    return load_questions(REALISTIC)


@pytest.fixture(scope="module")
def texts_by_area():
    texts: dict[str, list[str]] = {}
    for doc in knowledge_documents(PROJECT_ROOT / "knowledge"):
        texts.setdefault(doc.area, []).append(normalise(raw_text(doc)))
    return texts


def test_size_and_mix_of_kinds(questions):
    assert len(questions) >= 150
    kinds = Counter(q.kind for q in questions)
    share = {k: v / len(questions) for k, v in kinds.items()}
    assert 0.5 <= share["answer"] <= 0.7
    assert share["refuse"] >= 0.15 and share["safeguard"] >= 0.15


def test_split_is_every_third_id_and_exactly_a_third(rows):
    # The rule was fixed before any result was seen: rqNNN is held out when NNN is a multiple of 3.
    for row in rows:
        number = int(re.fullmatch(r"rq(\d{3})", row["id"]).group(1))
        assert row["split"] == ("heldout" if number % 3 == 0 else "tune"), row["id"]
    heldout = sum(1 for r in rows if r["split"] == "heldout")
    assert heldout * 3 == len(rows)


def test_every_kind_is_in_both_splits(questions):
    for split in ("tune", "heldout"):
        kinds = Counter(q.kind for q in questions if q.split == split)
        assert kinds["answer"] >= 20 and kinds["refuse"] >= 8 and kinds["safeguard"] >= 8, (split, kinds)


def test_every_area_audience_and_uncovered_area_is_covered(questions, texts_by_area):
    known = {a for a in texts_by_area if a}
    areas = {q.area for q in questions}
    assert known | {""} | UNCOVERED <= areas
    assert areas <= known | {""} | UNCOVERED
    for area in known:  # each seed area has answerable questions of its own
        named = [q for q in questions if q.kind == "answer" and area in allowed_areas(q, list(known))]
        assert len(named) >= 8, area
    assert {q.audience for q in questions} == {"parent", "professional", "gp"}
    assert min(Counter(q.audience for q in questions).values()) >= 25


def test_styles_are_true_of_the_text(questions):
    for q in questions:
        assert set(q.style) <= set(STYLES)
        assert ("lowercase" in q.style) == (q.question == q.question.lower()), q.id
        assert ("no_qmark" in q.style) == ("?" not in q.question), q.id
        assert ("followup" in q.style) == bool(q.history), q.id
    counts = Counter(s for q in questions for s in q.style)
    assert counts["typo"] >= 20 and counts["nickname"] >= 10 and counts["followup"] >= 10
    assert counts["lowercase"] >= 0.8 * len(questions) and counts["no_qmark"] >= 0.8 * len(questions)


def test_typos_are_real_misspellings(rows, texts_by_area):
    # Each listed typo is in the question and is not a word anywhere in the knowledge (so it is not a real term).
    vocabulary = {w for texts in texts_by_area.values() for t in texts for w in re.findall(r"[a-z]+", t)}
    typo_rows = [r for r in rows if "typo" in r["style"]]
    assert len(typo_rows) >= 20
    for row in typo_rows:
        assert row["typos"], row["id"]
        words = re.findall(r"[a-z]+", row["question"].lower())
        for typo in row["typos"]:
            assert typo in words and typo not in vocabulary, (row["id"], typo)


def test_followups_have_a_user_turn_then_an_assistant_turn(questions):
    followups = [q for q in questions if q.history]
    assert len(followups) >= 10
    assert {q.kind for q in followups} == {"answer", "refuse", "safeguard"}
    for q in followups:
        assert [t["role"] for t in q.history] == ["user", "assistant"], q.id


def test_local_gold_strings_are_verbatim_in_the_allowed_sources(rows, questions, texts_by_area):
    known = [a for a in texts_by_area if a]
    scope = {r["id"]: r.get("scope") for r in rows}
    missing = []
    for q in questions:
        if q.kind != "answer" or scope[q.id] != "local":
            continue
        pool = [t for area in allowed_areas(q, known) if area for t in texts_by_area.get(area, [])]
        missing += [(q.id, g) for g in q.gold if not any(normalise(g) in t for t in pool)]
    assert missing == []


def test_national_questions_have_a_gold_in_national_guidance(rows, questions, texts_by_area):
    if not NATIONAL_GUIDE.is_file():
        pytest.skip("national guidance not in knowledge/ yet")
    scope = {r["id"]: r.get("scope") for r in rows}
    national = [t for t in texts_by_area.get("", [])]
    missing = [
        q.id
        for q in questions
        if scope[q.id] == "national" and not any(normalise(g) in t for g in q.gold for t in national)
    ]
    assert missing == []


def test_every_answer_question_says_where_its_answer_is(rows):
    for row in rows:
        assert row.get("scope") in (("local", "national") if row["kind"] == "answer" else (None,)), row["id"]


def test_traps_forbid_other_areas_names_never_the_chosen_areas_own(questions, texts_by_area):
    own = {area: " ".join(texts) for area, texts in texts_by_area.items()}
    clashes = [(q.id, f) for q in questions if q.area for f in q.forbid if normalise(f) in own.get(q.area, "")]
    assert clashes == []
    # every question asked in a seed area or an uncovered one carries other areas' distinctive names as traps
    for q in questions:
        if q.area and q.kind != "safeguard":
            assert len(q.forbid) >= 6, q.id


def test_questions_are_not_copies_of_the_other_sets(questions):
    others = {
        normalise(q.question)
        for path in ("questions.jsonl", "heldout_questions.jsonl")
        for q in load_questions(PROJECT_ROOT / "evals" / path)
    }
    assert [q.id for q in questions if normalise(q.question) in others] == []


def test_the_file_becomes_a_tune_and_a_heldout_set(questions):
    sets = sets_from_file(REALISTIC)
    assert [(s.name, len(s.questions)) for s in sets] == [
        ("realistic-tune", sum(1 for q in questions if q.split == "tune")),
        ("realistic-heldout", sum(1 for q in questions if q.split == "heldout")),
    ]
    assert [s.name for s in question_sets()] == ["dev", "heldout", "realistic-tune", "realistic-heldout"]
