"""The database setting: SQLite files under the data dir by default, one URL for every store otherwise."""

import sqlite3
from pathlib import Path

import pytest

from send_assistant import database
from send_assistant.settings import Settings


def test_default_is_one_sqlite_file_per_store_under_the_data_dir(tmp_path):
    settings = Settings.from_env({"SEND_ASSISTANT_DATA_DIR": str(tmp_path)})
    assert settings.database_url is None
    assert settings.ledger_db == tmp_path.resolve() / "ledger.sqlite3"
    assert settings.feedback_db == tmp_path.resolve() / "feedback.sqlite3"


def test_a_database_url_holds_the_ledger_and_the_feedback(tmp_path):
    url = "postgresql://send:secret@db.internal:5432/send_assistant"
    settings = Settings.from_env({"SEND_ASSISTANT_DATA_DIR": str(tmp_path), "SEND_ASSISTANT_DATABASE_URL": url})
    assert settings.ledger_db == settings.feedback_db == url
    assert database.url_of(url).drivername == "postgresql+psycopg"  # the driver the project installs
    assert database.sqlite_file(url) is None
    assert "secret" not in database.shown(url) and "db.internal" in database.shown(url)


def test_targets_are_paths_or_urls(tmp_path):
    assert database.as_target(str(tmp_path / "f.sqlite3")) == tmp_path / "f.sqlite3"
    assert database.sqlite_file(f"sqlite:///{tmp_path}/one.sqlite3") == tmp_path / "one.sqlite3"
    assert database.sqlite_file(Path("x.sqlite3")) == Path("x.sqlite3")


def test_sqlite_writes_take_the_write_lock_first_and_fetch_reads_plainly(tmp_path):
    engine = database.create(tmp_path / "w.sqlite3")
    with database.writing(engine) as db:
        db.exec_driver_sql("CREATE TABLE t (n INTEGER)")
        db.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert db.connection.dbapi_connection.in_transaction  # BEGIN IMMEDIATE ... COMMIT, not autocommit
    other = database.create(tmp_path / "w.sqlite3")
    assert database.fetch(other, "SELECT n FROM t") == [(1,)]
    with database.writing(engine):  # nothing written yet, but the write lock is already held
        rival = sqlite3.connect(tmp_path / "w.sqlite3", timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            rival.execute("BEGIN IMMEDIATE")
        rival.close()
    try:
        with database.writing(engine) as db:
            db.exec_driver_sql("INSERT INTO t VALUES (2)")
            raise RuntimeError("fails inside")
    except RuntimeError:
        pass
    assert database.fetch(other, "SELECT n FROM t") == [(1,)]
