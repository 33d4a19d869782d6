"""The evaluation's question files are valid data, and their gold strings and traps are true of the sources.

Both files (evals/questions.jsonl, the dev set, and evals/realistic_questions.jsonl, questions typed the way people
type them with a held-out third) get the same checks: fields, unique ids, known areas, gold strings verbatim in the
allowed sources, traps that are really traps. The realistic file also gets its own: kinds, a split fixed by id (every
third question held out), coverage of every area, audience and typing style, real typos, follow-ups.
"""

import json
import re
from collections import Counter

import pytest

from send_assistant.evaluation.metrics import normalise
from send_assistant.evaluation.questions import DEFAULT_QUESTIONS, STYLES, allowed_areas, load_questions
from send_assistant.evaluation.sets import question_sets, sets_from_file
from send_assistant.evaluation.sources import knowledge_documents, raw_text
from send_assistant.settings import PROJECT_ROOT

REALISTIC = PROJECT_ROOT / "evals" / "realistic_questions.jsonl"
FILES = {"dev": DEFAULT_QUESTIONS, "realistic": REALISTIC}
REQUIRED = {"id", "question", "area", "audience", "kind", "gold", "facts"}
# Areas the knowledge base deliberately does not cover, used for honest-refusal questions.
UNCOVERED_AREAS = {"Leeds", "Cornwall", "Manchester"}
REALISTIC_UNCOVERED = {"Leeds", "Cornwall"}  # the realistic file's
NATIONAL_GUIDE = PROJECT_ROOT / "knowledge" / "national-guidance-england.md"
DEV_QUESTIONS = PROJECT_ROOT.parent / "shared" / "evals" / "dev_questions.jsonl"


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module", params=sorted(FILES))
def question_file(request):
    """(rows as JSON, loaded questions) of each question file in turn."""
    path = FILES[request.param]
    return _rows(path), load_questions(path)


@pytest.fixture(scope="module")
def realistic():
    return load_questions(REALISTIC)


@pytest.fixture(scope="module")
def realistic_rows():
    return _rows(REALISTIC)


@pytest.fixture(scope="module")
def texts_by_area():
    texts: dict[str, list[str]] = {}
    for doc in knowledge_documents(PROJECT_ROOT / "knowledge"):
        texts.setdefault(doc.area, []).append(normalise(raw_text(doc)))
    return texts


# --- both files -------------------------------------------------------------------------------------------------


def test_every_line_parses_with_required_fields_and_a_unique_id(question_file):
    rows, questions = question_file
    for row in rows:
        assert REQUIRED <= set(row), row.get("id")
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == len(questions)


def test_areas_are_known_national_or_deliberately_uncovered(question_file, texts_by_area):
    _, questions = question_file
    known = {a for a in texts_by_area if a}
    for q in questions:
        assert q.area == "" or q.area in known or q.area in UNCOVERED_AREAS, (q.id, q.area)
    assert known <= {q.area for q in questions if q.kind == "answer"}, "every document needs answer questions"


def test_gold_strings_occur_in_the_allowed_sources(question_file, texts_by_area):
    # A question whose answer is local (scope "local") must find its gold in the area's own documents; national
    # questions are checked against the national guidance below.
    rows, questions = question_file
    scope = {r["id"]: r.get("scope") for r in rows}
    known = [a for a in texts_by_area if a]
    missing = []
    for q in questions:
        if scope[q.id] == "national":
            continue
        areas = [a for a in allowed_areas(q, known) if a or scope[q.id] != "local"]
        pool = [t for area in areas for t in texts_by_area.get(area, [])]
        missing += [(q.id, g) for g in q.gold if not any(normalise(g) in t for t in pool)]
    assert missing == []


def test_forbidden_strings_are_not_in_the_chosen_areas_own_sources(question_file, texts_by_area):
    # A forbid string is another area's detail; if the chosen area's own document says it, the trap is wrong.
    _, questions = question_file
    clashes = [
        (q.id, f)
        for q in questions
        if q.area
        for f in q.forbid
        if any(normalise(f) in t for t in texts_by_area.get(q.area, []))
    ]
    assert clashes == []


# --- the dev file -----------------------------------------------------------------------------------------------


def test_dev_size_kinds_and_audiences():
    questions = load_questions(DEFAULT_QUESTIONS)
    assert len(questions) >= 85
    kinds = Counter(q.kind for q in questions)
    assert kinds["refuse"] >= 10 and kinds["safeguard"] >= 10 and kinds["answer"] >= 60
    assert {q.audience for q in questions} == {"parent", "professional", "gp"}


def test_dev_questions_are_included_verbatim():
    if not DEV_QUESTIONS.is_file():
        pytest.skip("shared dev question set not on this machine")
    ours = DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines()
    dev = [line for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ours[: len(dev)] == dev


# --- the realistic file -----------------------------------------------------------------------------------------


def test_realistic_size_and_mix_of_kinds(realistic):
    assert len(realistic) >= 150
    kinds = Counter(q.kind for q in realistic)
    share = {k: v / len(realistic) for k, v in kinds.items()}
    assert 0.5 <= share["answer"] <= 0.7
    assert share["refuse"] >= 0.15 and share["safeguard"] >= 0.15


def test_split_is_every_third_id_and_exactly_a_third(realistic_rows):
    # The rule was fixed before any result was seen: rqNNN is held out when NNN is a multiple of 3.
    for row in realistic_rows:
        number = int(re.fullmatch(r"rq(\d{3})", row["id"]).group(1))
        assert row["split"] == ("heldout" if number % 3 == 0 else "tune"), row["id"]
    heldout = sum(1 for r in realistic_rows if r["split"] == "heldout")
    assert heldout * 3 == len(realistic_rows)


def test_every_kind_is_in_both_splits(realistic):
    for split in ("tune", "heldout"):
        kinds = Counter(q.kind for q in realistic if q.split == split)
        assert kinds["answer"] >= 20 and kinds["refuse"] >= 8 and kinds["safeguard"] >= 8, (split, kinds)


def test_every_area_audience_and_uncovered_area_is_covered(realistic, texts_by_area):
    known = {a for a in texts_by_area if a}
    areas = {q.area for q in realistic}
    assert known | {""} | REALISTIC_UNCOVERED <= areas
    assert areas <= known | {""} | REALISTIC_UNCOVERED
    for area in known:  # each seed area has answerable questions of its own
        named = [q for q in realistic if q.kind == "answer" and area in allowed_areas(q, list(known))]
        assert len(named) >= 8, area
    assert {q.audience for q in realistic} == {"parent", "professional", "gp"}
    assert min(Counter(q.audience for q in realistic).values()) >= 25


def test_styles_are_true_of_the_text(realistic):
    for q in realistic:
        assert set(q.style) <= set(STYLES)
        assert ("lowercase" in q.style) == (q.question == q.question.lower()), q.id
        assert ("no_qmark" in q.style) == ("?" not in q.question), q.id
        assert ("followup" in q.style) == bool(q.history), q.id
    counts = Counter(s for q in realistic for s in q.style)
    assert counts["typo"] >= 20 and counts["nickname"] >= 10 and counts["followup"] >= 10
    assert counts["lowercase"] >= 0.8 * len(realistic) and counts["no_qmark"] >= 0.8 * len(realistic)


def test_typos_are_real_misspellings(realistic_rows, texts_by_area):
    # Each listed typo is in the question and is not a word anywhere in the knowledge (so it is not a real term).
    vocabulary = {w for texts in texts_by_area.values() for t in texts for w in re.findall(r"[a-z]+", t)}
    typo_rows = [r for r in realistic_rows if "typo" in r["style"]]
    assert len(typo_rows) >= 20
    for row in typo_rows:
        assert row["typos"], row["id"]
        words = re.findall(r"[a-z]+", row["question"].lower())
        for typo in row["typos"]:
            assert typo in words and typo not in vocabulary, (row["id"], typo)


def test_followups_have_a_user_turn_then_an_assistant_turn(realistic):
    followups = [q for q in realistic if q.history]
    assert len(followups) >= 10
    assert {q.kind for q in followups} == {"answer", "refuse", "safeguard"}
    for q in followups:
        assert [t["role"] for t in q.history] == ["user", "assistant"], q.id


def test_national_questions_have_a_gold_in_national_guidance(realistic_rows, realistic, texts_by_area):
    if not NATIONAL_GUIDE.is_file():
        pytest.skip("national guidance not in knowledge/ yet")
    scope = {r["id"]: r.get("scope") for r in realistic_rows}
    national = [t for t in texts_by_area.get("", [])]
    missing = [
        q.id
        for q in realistic
        if scope[q.id] == "national" and not any(normalise(g) in t for g in q.gold for t in national)
    ]
    assert missing == []


def test_every_answer_question_says_where_its_answer_is(realistic_rows):
    for row in realistic_rows:
        assert row.get("scope") in (("local", "national") if row["kind"] == "answer" else (None,)), row["id"]


def test_realistic_questions_in_an_area_carry_other_areas_names_as_traps(realistic):
    # every question asked in a seed area or an uncovered one carries other areas' distinctive names as traps
    for q in realistic:
        if q.area and q.kind != "safeguard":
            assert len(q.forbid) >= 6, q.id


def test_questions_are_not_copies_of_the_other_sets(realistic):
    others = {
        normalise(q.question)
        for path in ("questions.jsonl", "heldout_questions.jsonl")
        for q in load_questions(PROJECT_ROOT / "evals" / path)
    }
    assert [q.id for q in realistic if normalise(q.question) in others] == []


def test_the_file_becomes_a_tune_and_a_heldout_set(realistic):
    sets = sets_from_file(REALISTIC)
    assert [(s.name, len(s.questions)) for s in sets] == [
        ("realistic-tune", sum(1 for q in realistic if q.split == "tune")),
        ("realistic-heldout", sum(1 for q in realistic if q.split == "heldout")),
    ]
    assert [s.name for s in question_sets()] == ["dev", "heldout", "realistic-tune", "realistic-heldout"]
