import json

import pytest

from send_assistant.evaluation.questions import EvaluationError, Question, allowed_areas, areas_named, load_questions

KNOWN = ["Bath and North East Somerset", "Bedford Borough", "Buckinghamshire", "Central Bedfordshire", "Worcestershire"]
GOOD = {
    "id": "x1",
    "question": "Is there a youth forum?",
    "area": "Buckinghamshire",
    "audience": "parent",
    "kind": "answer",
    "gold": ["SEND Youth Forum"],
    "facts": [["youth forum"]],
}


def write(tmp_path, items):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(i if isinstance(i, str) else json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


def test_loads_valid_lines_with_defaults(tmp_path):
    refuse = {"id": "x2", "question": "fix my car", "area": "", "audience": "gp", "kind": "refuse"}
    qs = load_questions(write(tmp_path, [GOOD, "", refuse]))
    assert [q.id for q in qs] == ["x1", "x2"]
    assert qs[1].gold == [] and qs[1].facts == [] and qs[1].forbid == []
    assert qs[0].facts == [["youth forum"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "maybe"}, "kind must be one of"),
        ({"audience": "teacher"}, "audience must be one of"),
        ({"facts": ["youth forum"]}, "facts must be a list of non-empty lists"),
        ({"gold": []}, "an answer question needs gold and facts"),
        ({"question": "  "}, "question is empty"),
    ],
)
def test_invalid_lines_are_named(tmp_path, change, message):
    with pytest.raises(EvaluationError, match=message):
        load_questions(write(tmp_path, [GOOD | change]))


def test_missing_field_bad_json_and_duplicate_ids(tmp_path):
    no_area = {k: v for k, v in GOOD.items() if k != "area"}
    with pytest.raises(EvaluationError, match="missing field 'area'"):
        load_questions(write(tmp_path, [no_area]))
    with pytest.raises(EvaluationError, match="line 2: not JSON"):
        load_questions(write(tmp_path, [GOOD, "{not json"]))
    with pytest.raises(EvaluationError, match="duplicate id 'x1'"):
        load_questions(write(tmp_path, [GOOD, GOOD]))


def test_missing_or_empty_file(tmp_path):
    with pytest.raises(EvaluationError, match="cannot read question file"):
        load_questions(tmp_path / "absent.jsonl")
    with pytest.raises(EvaluationError, match="no questions"):
        load_questions(write(tmp_path, [""]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is there a youth forum in Bucks?", {"Buckinghamshire"}),
        ("central beds short breaks", {"Central Bedfordshire"}),
        ("Central Bedfordshire and Bedford Borough DCO", {"Central Bedfordshire", "Bedford Borough"}),
        ("bedford local offer", {"Bedford Borough"}),
        ("Bedfordshire CCG", set()),
        ("B&NES SEND Partnership Service", {"Bath and North East Somerset"}),
        ("worcs hub number", {"Worcestershire"}),
        ("who is the SEND manager in Leeds", set()),
    ],
)
def test_areas_named_in_free_text(text, expected):
    assert areas_named(text, KNOWN) == expected


def test_allowed_areas_uses_chosen_area_else_named_areas():
    q = Question(id="a", question="in Bucks, who runs it?", area="Worcestershire", audience="parent", kind="answer")
    assert allowed_areas(q, KNOWN) == {"", "Worcestershire"}
    q = Question(id="b", question="in Bucks, who runs it?", area="", audience="parent", kind="answer")
    assert allowed_areas(q, KNOWN) == {"", "Buckinghamshire"}
    q = Question(id="c", question="who runs it in Leeds?", area="Leeds", audience="parent", kind="refuse")
    assert allowed_areas(q, KNOWN) == {"", "Leeds"}
