import json
import sqlite3
from datetime import UTC, datetime, timedelta

from assistant.answer import Answer, Citation
from assistant.feedback import AnswerRecorder, FeedbackStore


def _rows(path, table="feedback"):
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        db.close()


def _answer(status="answered", question="my son is called Tom, how do I get an EHCP?", area="Bedford Borough"):
    cite = Citation(1, "bedford-soa", "Statement", area, "statement of action", "p. 3", None, "2018-07-01", "text")
    return Answer(question=question, area=area, status=status, citations=[cite, cite])


def test_feedback_is_redacted_and_carries_answer_details(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    recorder = AnswerRecorder(store)
    answer = _answer()
    recorder(answer)
    row_id = recorder.feedback(answer_id=answer.id, rating="down", comment="call me on 07700 900123")
    (row,) = _rows(store.path)
    assert row["id"] == row_id
    assert row["rating"] == "down" and row["status"] == "answered" and row["area"] == "Bedford Borough"
    assert json.loads(row["sources"]) == ["bedford-soa"]
    assert "Tom" not in row["question"] and "[name]" in row["question"]
    assert row["comment"] == "call me on [phone]"
    assert row["created_at"].startswith(str(datetime.now(UTC).year))


def test_question_text_can_be_turned_off(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3", store_question_text=False)
    recorder = AnswerRecorder(store)
    answer = _answer(status="not_found")
    recorder(answer)
    recorder.feedback(question="what about DOB 01/02/2015?", rating="up")
    assert all(r["question"] is None for r in _rows(store.path))
    (gap,) = _rows(store.path, "unanswered")
    assert gap["question"] is None and gap["status"] == "not_found"


def test_unanswered_logged_once_and_only_for_gaps(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    recorder = AnswerRecorder(store)
    missing = _answer(status="not_found", question="is there a sensory room in Kempston?")
    recorder(missing)
    recorder(missing)  # the app remembers it too: no double log
    recorder(_answer(status="answered"))
    recorder(_answer(status="out_of_scope", question="what's the weather?", area=""))
    statuses = [r["status"] for r in _rows(store.path, "unanswered")]
    assert statuses == ["not_found", "out_of_scope"]


def test_comment_added_later(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    row_id = store.add_feedback(rating="up")
    assert store.add_comment(row_id, "email a@b.com")
    assert _rows(store.path)[0]["comment"] == "email [email]"
    assert not store.add_comment(row_id + 10, "nothing")


def test_retention_deletes_old_rows(tmp_path):
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = FeedbackStore(tmp_path / "f.sqlite3", retention_days=30, now=lambda: clock[0])
    store.add_feedback(rating="up")
    store.add_unanswered(answer_id="a", status="not_found", area="", audience="parent", question="q")
    clock[0] += timedelta(days=31)
    store.add_feedback(rating="down")
    assert [r["rating"] for r in _rows(store.path)] == ["down"]
    assert _rows(store.path, "unanswered") == []
    # Opening the store also purges.
    clock[0] += timedelta(days=31)
    FeedbackStore(tmp_path / "f.sqlite3", retention_days=30, now=lambda: clock[0])
    assert _rows(store.path) == []


def test_gaps_grouped_by_area_with_counts(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    for _ in range(2):
        store.add_unanswered(answer_id=None, status="not_found", area="Worcestershire", audience="gp", question="x?")
    store.add_feedback(didnt_find=True, area="Worcestershire", question="x?")
    store.add_feedback(didnt_find=True, area="", question="call 07700 900123")
    store.add_feedback(rating="up", area="Worcestershire", question="fine")
    gaps = store.gaps()
    assert [(g.area, g.question, g.count) for g in gaps] == [("", "call [phone]", 1), ("Worcestershire", "x?", 3)]
    assert gaps[1].reasons == "didn't find, not_found"


def test_bad_rating_rejected(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    try:
        store.add_feedback(rating="meh")
    except ValueError:
        pass
    else:
        raise AssertionError("accepted a bad rating")
