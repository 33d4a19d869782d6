import json
import os
import sqlite3
import stat
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from send_assistant import database
from send_assistant.answering.answer import Answer, Citation
from send_assistant.feedback import db as feedback_db
from send_assistant.feedback.store import AnswerRecorder, FeedbackStore, FeedbackUnavailable


def _rows(target, table="feedback"):
    """Every row of a table, as stored (a SQLite file or a database URL)."""
    engine = database.create(target, pooled=False)
    try:
        with engine.connect() as db:
            return [dict(r) for r in db.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings()]
    finally:
        engine.dispose()


def _answer(status="answered", question="my son is called Tom, how do I get an EHCP?", area="Bedford Borough"):
    cite = Citation(1, "bedford-soa", "Statement", area, "statement of action", "p. 3", None, "2018-07-01", "text")
    return Answer(question=question, area=area, status=status, citations=[cite, cite])


def test_feedback_is_redacted_and_carries_answer_details(database_target):
    store = FeedbackStore(database_target)
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


def test_question_text_can_be_turned_off(database_target):
    store = FeedbackStore(database_target, store_question_text=False)
    recorder = AnswerRecorder(store)
    answer = _answer(status="not_found")
    recorder(answer)
    recorder.feedback(question="what about DOB 01/02/2015?", rating="up")
    assert all(r["question"] is None for r in _rows(store.path))
    (gap,) = _rows(store.path, "unanswered")
    assert gap["question"] is None and gap["status"] == "not_found"


def test_unanswered_logged_once_and_only_for_gaps(database_target):
    store = FeedbackStore(database_target)
    recorder = AnswerRecorder(store)
    missing = _answer(status="not_found", question="is there a sensory room in Kempston?")
    recorder(missing)
    recorder(missing)  # the app remembers it too: no double log
    recorder(_answer(status="answered"))
    recorder(_answer(status="out_of_scope", question="what's the weather?", area=""))
    statuses = [r["status"] for r in _rows(store.path, "unanswered")]
    assert statuses == ["not_found", "out_of_scope"]


def test_comment_added_later(database_target):
    store = FeedbackStore(database_target)
    row_id = store.add_feedback(rating="up")
    assert store.add_comment(row_id, "email a@b.com")
    assert _rows(store.path)[0]["comment"] == "email [email]"
    assert not store.add_comment(row_id + 10, "nothing")


def test_retention_deletes_old_rows(database_target):
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = FeedbackStore(database_target, retention_days=30, now=lambda: clock[0])
    store.add_feedback(rating="up")
    store.add_unanswered(answer_id="a", status="not_found", area="", audience="parent", question="q")
    clock[0] += timedelta(days=31)
    store.add_feedback(rating="down")
    assert [r["rating"] for r in _rows(store.path)] == ["down"]
    assert _rows(store.path, "unanswered") == []
    # Opening the store also purges.
    clock[0] += timedelta(days=31)
    FeedbackStore(database_target, retention_days=30, now=lambda: clock[0])
    assert _rows(store.path) == []


def test_gaps_grouped_by_area_with_counts(database_target):
    store = FeedbackStore(database_target)
    for _ in range(2):
        store.add_unanswered(answer_id=None, status="not_found", area="Worcestershire", audience="gp", question="x?")
    store.add_feedback(didnt_find=True, area="Worcestershire", question="x?")
    store.add_feedback(didnt_find=True, area="", question="call 07700 900123")
    store.add_feedback(rating="up", area="Worcestershire", question="fine")
    gaps = store.gaps()
    assert [(g.area, g.question, g.count) for g in gaps] == [("", "call [phone]", 1), ("Worcestershire", "x?", 3)]
    assert gaps[1].reasons == "didn't find, not_found"


def test_bad_rating_rejected(database_target):
    store = FeedbackStore(database_target)
    try:
        store.add_feedback(rating="meh")
    except ValueError:
        pass
    else:
        raise AssertionError("accepted a bad rating")


# --- issue 9: a private file, and a store that never stops the service --------------------------------------


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _store_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "send_assistant.feedback.store"]


def test_database_and_its_journal_are_private(tmp_path):
    path = tmp_path / "f.sqlite3"
    store = FeedbackStore(path)
    assert _mode(path) == 0o600
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO feedback (created_at, rating) VALUES ('2026-01-01', 'up')")
    journal = tmp_path / "f.sqlite3-journal"
    assert journal.exists() and _mode(journal) == 0o600
    holder.rollback()
    holder.close()
    store.add_feedback(rating="up")
    assert all(_mode(p) == 0o600 for p in tmp_path.iterdir())


def test_an_old_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "f.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    FeedbackStore(path)
    assert _mode(path) == 0o600


def test_corrupted_database_is_moved_aside_and_recreated(tmp_path, caplog):
    path = tmp_path / "feedback.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = FeedbackStore(path)
    (aside,) = tmp_path.glob("feedback.sqlite3.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert store.available and store.add_feedback(rating="up") == 1
    (line,) = _store_logs(caplog)
    assert "moved it to feedback.sqlite3.corrupt-" in line and "Traceback" not in caplog.text


def test_corruption_found_while_running_is_repaired_once(tmp_path, caplog):
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    store.add_feedback(rating="up")
    path.write_bytes(b"garbage" * 1000)
    assert store.add_feedback(rating="down") == 1  # a fresh database took the row
    assert len(list(tmp_path.glob("feedback.sqlite3.corrupt-*"))) == 1
    assert _rows(path)[0]["rating"] == "down"


def test_unwritable_data_dir_means_unavailable_not_a_crash(tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    store = FeedbackStore(blocker / "data" / "feedback.sqlite3")  # even root cannot create this
    assert not store.available and store.problem
    recorder = AnswerRecorder(store)
    for _ in range(3):
        with pytest.raises(FeedbackUnavailable):
            recorder.feedback(question="q", rating="up")
    recorder(_answer(status="not_found"))  # the gap log fails quietly: the family still gets its answer
    assert len(_store_logs(caplog)) == 1  # one line, not one per request
    with pytest.raises(FeedbackUnavailable):
        store.gaps()


@pytest.fixture
def read_only_dir(tmp_path):
    """(writable folder, the same folder seen read-only). Root ignores permission bits, so for root (as in CI) the
    read-only view is a read-only bind mount; for anyone else, permission bits."""
    folder = tmp_path / "data"
    folder.mkdir()
    if os.geteuid() != 0:
        yield folder, folder, lambda: (folder.chmod(0o500), (folder / "f.sqlite3").chmod(0o400))
        folder.chmod(0o700)
        return
    view = tmp_path / "read-only"
    view.mkdir()
    subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
    try:
        yield folder, view, lambda: subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_read_only_data_dir_is_unavailable_but_still_read(read_only_dir):
    folder, view, make_read_only = read_only_dir
    store = FeedbackStore(folder / "f.sqlite3")
    store.add_unanswered(answer_id=None, status="not_found", area="", audience="gp", question="x?")
    make_read_only()
    again = FeedbackStore(view / "f.sqlite3")
    assert not again.available
    with pytest.raises(FeedbackUnavailable):
        again.add_feedback(rating="up")
    assert [g.question for g in again.gaps()] == ["x?"]


def _disk_full(monkeypatch, pages: int) -> None:
    """Connections that cannot grow the file: SQLite itself raises "database or disk is full"."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        db = real(*args, **kwargs)
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(feedback_db.sqlite3, "connect", connect)


def test_disk_full_raises_unavailable_then_recovers(tmp_path, monkeypatch, caplog):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    pages = sqlite3.connect(store.path).execute("PRAGMA page_count").fetchone()[0]
    _disk_full(monkeypatch, pages)
    with pytest.raises(FeedbackUnavailable, match="disk is full"):
        for _ in range(200):
            store.add_feedback(rating="up", comment="x" * 1900)
    assert store.problem == "the disk is full"
    monkeypatch.undo()
    assert store.add_feedback(rating="down") > 0
    assert any("saved again" in line for line in _store_logs(caplog))


def test_report_gaps_handles_a_corrupted_database(tmp_path, monkeypatch, capsys, caplog):
    from send_assistant.cli.main import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "feedback.sqlite3").write_bytes(b"\x00garbage" * 500)
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(data))
    assert main(["report", "gaps"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    assert list(data.glob("feedback.sqlite3.corrupt-*"))
    assert len(_store_logs(caplog)) == 1


def test_unanswered_questions_go_through_the_same_redaction(database_target):
    store = FeedbackStore(database_target)
    recorder = AnswerRecorder(store)
    question = (
        "I'm Sarah Jones, we live at 12 Acacia Avenue MK42 9AP; is there a sensory room for Oliver, born 2015-04-03?"
    )
    answer = _answer(status="not_found", question=question)
    recorder(answer)
    (row,) = _rows(store.path, "unanswered")
    remembered = recorder.lookup(answer.id).question  # what feedback on this answer would store
    for secret in ("Sarah", "Jones", "Acacia", "MK42", "Oliver", "2015", "04-03"):
        assert secret not in row["question"] and secret not in remembered, secret
    assert "sensory room" in row["question"]


# --- issue 10: one feedback log for every replica (SEND_ASSISTANT_DATABASE_URL) ---------------------------------


def test_feedback_through_two_replicas_is_read_once(database_target):
    first, second = FeedbackStore(database_target), FeedbackStore(database_target)
    first.add_feedback(didnt_find=True, area="Bedford Borough", question="is there a sensory room?")
    second.add_feedback(didnt_find=True, area="Bedford Borough", question="is there a sensory room?")
    second.add_unanswered(answer_id="x", status="not_found", area="Bedford Borough", audience="parent", question="q")
    for store in (first, second):
        counts = {(g.area, g.question): g.count for g in store.gaps()}
        assert counts == {("Bedford Borough", "is there a sensory room?"): 2, ("Bedford Borough", "q"): 1}
    ids = [r["id"] for r in _rows(database_target)]
    assert len(ids) == len(set(ids)) == 2


def test_gap_questions_and_responses_read_the_same_database(database_target):
    from send_assistant.feedback.gap_topics import gap_questions
    from send_assistant.feedback.you_said import ResponseStore

    store = FeedbackStore(database_target)
    store.add_feedback(rating="down", area="", question="my son Tom needs transport", answer_id="a1")
    store.add_unanswered(answer_id="a2", status="not_found", area="Luton", audience="parent", question="x?")
    questions = sorted((q.area, q.reason, q.question) for q in gap_questions(database_target))
    assert [(area, reason) for area, reason, _ in questions] == [("", "thumbs down"), ("Luton", "not_found")]
    assert "Tom" not in questions[0][2] and "transport" in questions[0][2]
    responses = ResponseStore(database_target)
    first = responses.add(area="Luton", topic_key="k", topic_label="Transport", questions=2, response="Call Jo Bloggs")
    second = responses.add(area="", topic_key="k", topic_label="Transport", questions=3, response="Done")
    assert second > first
    assert [(r.area, r.response) for r in responses.all()] == [("", "Done"), ("Luton", "Call [name]")]


def test_an_unreachable_database_server_is_unavailable_in_one_line(caplog):
    store = FeedbackStore("postgresql://someone:secret@127.0.0.1:1/feedback")
    assert not store.available and store.problem == "the database server cannot be reached"
    with pytest.raises(FeedbackUnavailable, match="cannot be reached"):
        store.add_feedback(rating="up")
    lines = _store_logs(caplog)
    assert len(lines) == 1 and "secret" not in caplog.text and "Traceback" not in caplog.text


@pytest.mark.servers
def test_feedback_survives_the_server_dropping_its_connections(postgres_url):
    import psycopg

    store = FeedbackStore(postgres_url)
    store.add_feedback(rating="up")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    assert store.add_feedback(rating="down") > 0 and store.available
    assert [r["rating"] for r in _rows(postgres_url)] == ["up", "down"]
