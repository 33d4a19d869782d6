"""Unmet need: unanswered and thumbs-down questions grouped into topics."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from doubles import HASH_PROFILE, HashEmbedder

from send_assistant.errors import ModelProfileError
from send_assistant.feedback.gap_topics import (
    NOT_STORED,
    GapQuestion,
    cluster_topics,
    distance_threshold,
    gap_questions,
)
from send_assistant.feedback.store import FeedbackStore
from send_assistant.model_profiles import profile_for

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "feedback" / "sample_gaps.jsonl"


def _q(question: str, area: str = "Luton", month: str = "2026-07", reason: str = "not_found") -> GapQuestion:
    return GapQuestion(area, question, reason, f"{month}-01T10:00:00+00:00")


def _store(tmp_path: Path, when: str) -> FeedbackStore:
    return FeedbackStore(tmp_path / "feedback.sqlite3", now=lambda: datetime.fromisoformat(when).replace(tzinfo=UTC))


def test_gap_questions_reads_unanswered_didnt_find_and_thumbs_down_once_per_answer(tmp_path):
    store = _store(tmp_path, "2026-07-01T09:00:00")
    store.add_unanswered(answer_id="a1", status="not_found", area="Luton", audience="parent", question="sensory room?")
    store.add_feedback(answer_id="a1", rating="down", area="Luton", question="sensory room?")  # same answer
    store.add_feedback(answer_id="a2", rating="down", area="Luton", question="short breaks for teenagers")
    store.add_feedback(answer_id="a3", rating="up", area="Luton", question="what is an EHCP")
    store.add_feedback(didnt_find=True, area="", question="call me on 07700 900123 about transport")
    questions = gap_questions(store.path)
    assert [(q.question, q.reason) for q in questions] == [
        ("sensory room?", "not_found"),
        ("short breaks for teenagers", "thumbs down"),
        ("call me on [phone] about transport", "didn't find"),  # the store redacted it; we read it as stored
    ]
    assert [q.area for q in questions] == ["Luton", "Luton", ""]
    assert gap_questions(tmp_path / "missing.sqlite3") == []


def test_clustering_groups_similar_questions_and_counts_by_area_and_month():
    questions = [
        _q("summer holiday clubs for disabled children", month="2026-07"),
        _q("holiday clubs in the summer for autistic children", area="Bedford Borough", month="2026-08"),
        _q("summer holiday clubs near me", month="2026-08", reason="thumbs down"),
        _q("school transport to special school", month="2026-06"),
        _q("special school transport application", month="2026-07"),
        _q("", area="Luton", month="2026-08"),  # stored without its text
    ]
    topics = cluster_topics(questions, HashEmbedder(), threshold=0.8)
    assert [(t.label, t.count) for t in topics] == [
        ("summer, holiday, clubs", 3),
        ("school, transport, special", 2),
        (NOT_STORED, 1),
    ]
    clubs = topics[0]
    assert clubs.areas == {"Luton": 2, "Bedford Borough": 1} and clubs.months == {"2026-07": 1, "2026-08": 2}
    assert clubs.area_months[("Bedford Borough", "2026-08")] == 1 and clubs.reasons["thumbs down"] == 1
    assert len(clubs.examples) == 3 and clubs.examples[0].startswith("summer holiday clubs")
    assert topics[2].examples == []


def test_a_single_question_is_a_topic_of_its_own():
    topics = cluster_topics([_q("respite care at weekends")], HashEmbedder(), threshold=0.5)
    assert [(t.label, t.count) for t in topics] == [("respite, care, weekends", 1)]
    assert cluster_topics([], HashEmbedder(), threshold=0.5) == []


def test_thresholds_come_from_the_model_profile():
    assert distance_threshold("all-MiniLM-L6-v2") == profile_for("all-MiniLM-L6-v2").gap_topic_distance == 0.6
    assert distance_threshold(HashEmbedder.name) == HASH_PROFILE.gap_topic_distance
    with pytest.raises(ModelProfileError, match="no model profile for embedder 'unknown-model'"):
        distance_threshold("unknown-model")  # never another model's distance


@pytest.mark.model
def test_minilm_groups_the_sample_feedback_set_by_need(minilm):
    questions = [GapQuestion(**json.loads(line)) for line in SAMPLE.read_text().splitlines()]
    topics = cluster_topics(questions, minilm)
    groups = sorted(sorted(t.examples) for t in topics)
    by_example = {e: t for t in topics for e in t.examples}
    assert len(topics) == 6 and sum(t.count for t in topics) == len(questions)
    assert by_example["sensory room near me"] is by_example["Is there a sensory room I can use with my son?"]
    autism = by_example["How long is the wait for an autism assessment?"]
    assert autism.count == 4 and "autism" in autism.label
    assert by_example["speech therapy waiting list"] is not autism  # waiting lists for different services
    assert groups
