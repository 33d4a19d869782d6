"""The project's question file is valid and every gold string really is in the sources (guards typos)."""

import json
from collections import Counter

import pytest

from send_assistant.evaluation.metrics import normalise
from send_assistant.evaluation.questions import DEFAULT_QUESTIONS, allowed_areas, load_questions
from send_assistant.evaluation.sources import knowledge_documents, raw_text
from send_assistant.settings import PROJECT_ROOT

# Areas the knowledge base deliberately does not cover, used for honest-refusal questions.
UNCOVERED_AREAS = {"Leeds", "Cornwall", "Manchester"}
DEV_QUESTIONS = PROJECT_ROOT.parent / "shared" / "evals" / "dev_questions.jsonl"


@pytest.fixture(scope="module")
def questions():
    return load_questions(DEFAULT_QUESTIONS)


@pytest.fixture(scope="module")
def texts_by_area():
    texts: dict[str, list[str]] = {}
    for doc in knowledge_documents(PROJECT_ROOT / "knowledge"):
        texts.setdefault(doc.area, []).append(normalise(raw_text(doc)))
    return texts


def test_every_line_parses_with_required_fields():
    lines = [line for line in DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 85
    for line in lines:
        item = json.loads(line)
        assert {"id", "question", "area", "audience", "kind", "gold", "facts"} <= set(item), item.get("id")


def test_ids_unique_and_kinds_and_audiences_covered(questions):
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    kinds = Counter(q.kind for q in questions)
    assert kinds["refuse"] >= 10 and kinds["safeguard"] >= 10 and kinds["answer"] >= 60
    assert {q.audience for q in questions} == {"parent", "professional", "gp"}


def test_areas_are_known_national_or_deliberately_uncovered(questions, texts_by_area):
    known = {a for a in texts_by_area if a}
    for q in questions:
        assert q.area == "" or q.area in known or q.area in UNCOVERED_AREAS, (q.id, q.area)
    assert known <= {q.area for q in questions if q.kind == "answer"}, "every document needs answer questions"


def test_dev_questions_are_included_verbatim(questions):
    if not DEV_QUESTIONS.is_file():
        pytest.skip("shared dev question set not on this machine")
    ours = DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines()
    dev = [line for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ours[: len(dev)] == dev


def test_gold_strings_occur_in_the_allowed_sources(questions, texts_by_area):
    known = [a for a in texts_by_area if a]
    missing = []
    for q in questions:
        pool = [t for area in allowed_areas(q, known) for t in texts_by_area.get(area, [])]
        missing += [(q.id, g) for g in q.gold if not any(normalise(g) in t for t in pool)]
    assert missing == []


def test_forbidden_strings_are_not_in_the_chosen_areas_own_sources(questions, texts_by_area):
    # A forbid string is another area's detail; if the chosen area's own document says it, the trap is wrong.
    clashes = [
        (q.id, f)
        for q in questions
        if q.area
        for f in q.forbid
        if any(normalise(f) in t for t in texts_by_area.get(q.area, []))
    ]
    assert clashes == []
