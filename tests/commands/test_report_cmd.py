import csv
import io

import pytest
from doubles import HashEmbedder

from send_assistant.cli.main import main
from send_assistant.feedback.store import FeedbackStore
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("report") / "data", knowledge_dir=PROJECT_ROOT / "knowledge")
    ingest(settings, HashEmbedder())
    return settings


@pytest.fixture
def env(monkeypatch, indexed) -> Settings:
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(indexed.data_dir))
    monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(indexed.knowledge_dir))
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", HashEmbedder.name)  # registered by conftest.py
    return indexed


def test_stale_lists_seed_documents_by_age(env, capsys) -> None:
    assert main(["report", "stale", "--older-than", "12m"]) == 0
    out = capsys.readouterr().out
    assert "| id | title | area | reviewed | age (days) | url |" in out
    # The seeds were reviewed 2018-2020: all are stale, oldest (Bath, June 2018) first; undated glossary last.
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| id")]
    assert rows[0].startswith("| bath-ne-somerset-position-statement-2018 |")
    assert rows[-1].startswith("| send-glossary |") and "not recorded" in rows[-1]


def test_stale_with_a_long_window_keeps_only_undated(env, capsys) -> None:
    assert main(["report", "stale", "--older-than", "30y"]) == 0
    out = capsys.readouterr().out
    assert "send-glossary" in out and "bedford-borough" not in out


def test_stale_bad_age_exits_2(env, capsys) -> None:
    assert main(["report", "stale", "--older-than", "soon"]) == 2
    assert "90d, 6w, 12m or 2y" in capsys.readouterr().err


def test_gaps_md_and_csv(env, capsys) -> None:
    store = FeedbackStore(env.feedback_path)
    store.add_unanswered(answer_id="a", status="not_found", area="Worcestershire", audience="gp", question="sensory?")
    store.add_feedback(didnt_find=True, area="Worcestershire", question="sensory?", comment="no")
    store.add_feedback(didnt_find=True, area="", question="email me at a@b.org")
    assert main(["report", "gaps"]) == 0
    md = capsys.readouterr().out
    assert "- Worcestershire: 2" in md and "a@b.org" not in md and "[email]" in md
    assert main(["report", "gaps", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["area", "question (redacted)", "count"]
    assert ["Worcestershire", "sensory?", "2"] == rows[2][:3]
