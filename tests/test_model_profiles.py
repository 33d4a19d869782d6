"""Model profiles: embedders by name, each with its thresholds; a model without a profile fails in one line."""

from __future__ import annotations

import json
from dataclasses import fields, replace

import pytest
import yaml
from doubles import HASH_PROFILE, HashEmbedder

from send_assistant import model_profiles as mp
from send_assistant.answering.stages.compose import ComposeConfig
from send_assistant.answering.stages.safeguarding_classifier import EmbeddingRiskClassifier
from send_assistant.answering.stages.safeguarding_classifier import load_profiles as load_safeguarding_profiles
from send_assistant.cli.main import main
from send_assistant.errors import ModelProfileError
from send_assistant.settings import DEFAULT_EMBEDDER, Settings

MINILM = "all-MiniLM-L6-v2"
DOCUMENT = (
    "# SENDIASS\n\nThe SEND information, advice and support service gives free, impartial advice to families "
    "about special educational needs.\n"
)
QUESTION = "What advice does the SEND information, advice and support service give families?"


# --- the shipped profile --------------------------------------------------------------------------------------
def test_the_default_embedder_is_the_shipped_minilm_and_it_has_a_complete_profile() -> None:
    assert Settings.from_env({}).embedder == DEFAULT_EMBEDDER == MINILM == mp.MiniLMEmbedder.name
    profile = mp.check_embedder(MINILM)
    assert set(mp.COMPOSE_THRESHOLDS) <= set(profile.compose) <= {f.name for f in fields(ComposeConfig)}
    assert all(0 < v < 1 for v in profile.compose.values())
    assert 0 < profile.question_match < profile.question_answers < 1
    assert 0 < profile.citation_support < 1 and 0 < profile.gap_topic_distance < 1
    # The learned safeguarding layer is calibrated for it, and the profile points at that calibration.
    assert profile.safeguarding_profile() == load_safeguarding_profiles()[MINILM]


def test_the_minilm_profile_gives_the_composer_the_thresholds_it_was_tuned_with() -> None:
    cfg = mp.profile_for(MINILM).compose_config()
    assert (cfg.min_confidence, cfg.safeguarding_confidence, cfg.min_similarity, cfg.strong_similarity) == (
        0.25,
        0.45,
        0.35,
        0.55,
    )
    assert (cfg.duplicate_similarity, cfg.qa_match) == (0.92, 0.72)


def test_settings_read_the_embedder_name_from_the_environment() -> None:
    assert Settings.from_env({"SEND_ASSISTANT_EMBEDDER": " hash-test "}).embedder == "hash-test"
    assert Settings.from_env({"SEND_ASSISTANT_EMBEDDER": ""}).embedder == DEFAULT_EMBEDDER


# --- failing loudly ---------------------------------------------------------------------------------------------
def test_an_unknown_embedder_and_a_registered_one_without_a_profile_are_one_clear_error() -> None:
    with pytest.raises(ModelProfileError, match="unknown embedder 'nope'.*known: .*all-MiniLM-L6-v2"):
        mp.load_embedder("nope")
    mp.register_embedder("unprofiled", HashEmbedder)
    try:
        with pytest.raises(ModelProfileError, match="no model profile for embedder 'unprofiled'") as raised:
            mp.load_embedder("unprofiled")
        assert "\n" not in str(raised.value) and "model_profiles.yaml" in str(raised.value)
    finally:
        mp.unregister_embedder("unprofiled")


COMMANDS = [
    ["ingest"],
    ["ask", "What is an EHC plan?"],
    ["serve"],
    ["areas"],
    ["sources"],
    ["report", "stale"],
    ["eval"],
    ["refresh"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_every_command_fails_at_start_in_one_line_for_a_model_without_a_profile(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", "no-such-model")
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("send-assistant: unknown embedder 'no-such-model'")
    assert "Traceback" not in err
    assert not (tmp_path / "data").exists()  # it stopped before touching anything


def _write(tmp_path, entry: dict) -> object:
    path = tmp_path / "model_profiles.yaml"
    path.write_text(yaml.safe_dump({"some-model": entry}), encoding="utf-8")
    return path


def _entry(**changes) -> dict:
    entry = {
        "compose": dict(HASH_PROFILE.compose),
        "question_match": 0.6,
        "question_answers": 0.8,
        "citation_support": 0.7,
        "gap_topic_distance": 0.5,
        "safeguarding_classifier": None,
    }
    entry.update(changes)
    return entry


def test_a_profile_missing_a_threshold_names_it(tmp_path) -> None:
    compose = {k: v for k, v in HASH_PROFILE.compose.items() if k != "qa_match"}
    with pytest.raises(ModelProfileError, match=r"'some-model'.*compose lacks \['qa_match'\]"):
        mp.load_profiles(_write(tmp_path, _entry(compose=compose)))
    entry = _entry()
    del entry["citation_support"]
    with pytest.raises(ModelProfileError, match="citation_support must be a number"):
        mp.load_profiles(_write(tmp_path, entry))
    entry = _entry()
    del entry["safeguarding_classifier"]
    with pytest.raises(ModelProfileError, match="safeguarding_classifier must name its calibration file or be null"):
        mp.load_profiles(_write(tmp_path, entry))


def test_a_compose_field_the_composer_does_not_have_is_an_error_not_ignored(tmp_path) -> None:
    path = _write(tmp_path, _entry(compose={**HASH_PROFILE.compose, "min_similarty": 0.3}))
    with pytest.raises(ModelProfileError, match="min_similarty"):
        mp.load_profiles(path)["some-model"].compose_config()


def test_a_named_safeguarding_calibration_without_an_entry_for_the_model_fails(tmp_path) -> None:
    (tmp_path / "calibration.yaml").write_text(yaml.safe_dump({"other-model": {"threshold": 0.5}}), encoding="utf-8")
    profile = mp.load_profiles(_write(tmp_path, _entry(safeguarding_classifier="calibration.yaml")))["some-model"]
    with pytest.raises(ModelProfileError, match="no safeguarding classifier calibration for it in"):
        profile.safeguarding_profile()


def test_the_pipeline_gives_a_profiled_model_its_safeguarding_classifier(tmp_path, monkeypatch) -> None:
    from answering_fakes import FakeGlossary, FakeRetriever

    from send_assistant.answering.pipeline import build_stages
    from send_assistant.answering.stages import safeguarding_classifier as sc
    from send_assistant.answering.stages.safeguarding import SafeguardingCheck

    class NamedLikeMiniLM(HashEmbedder):
        name = MINILM

    monkeypatch.setattr(sc, "_TRAINED", {})
    fakes = {"retriever": FakeRetriever([]), "glossary": FakeGlossary(), "known_areas": list}
    stages = build_stages(embedder=NamedLikeMiniLM(), **fakes)
    check = next(s for s in stages if isinstance(s, SafeguardingCheck))
    assert isinstance(check.classifier, EmbeddingRiskClassifier)
    assert check.classifier.profile == load_safeguarding_profiles()[MINILM]


# --- a second profile, end to end -------------------------------------------------------------------------------
class StrictHashEmbedder(HashEmbedder):
    """The same vectors as the hash double, under another name with its own profile."""

    name = "hash-strict"


# Thresholds no test uses elsewhere, so each one seen in the pipeline can only have come from this profile.
STRICT_PROFILE = replace(
    HASH_PROFILE,
    name=StrictHashEmbedder.name,
    compose={**HASH_PROFILE.compose, "min_confidence": 0.97, "min_similarity": 0.31, "qa_match": 0.77},
    question_match=0.66,
    question_answers=0.88,
    citation_support=0.71,
    gap_topic_distance=0.33,
)


@pytest.fixture
def strict_model():
    mp.register_embedder(StrictHashEmbedder.name, StrictHashEmbedder, STRICT_PROFILE)
    yield STRICT_PROFILE
    mp.unregister_embedder(StrictHashEmbedder.name)


def _ingest_and_ask(tmp_path, monkeypatch, capsys, model: str) -> tuple[Settings, dict]:
    knowledge = tmp_path / model / "knowledge"
    knowledge.mkdir(parents=True)
    (knowledge / "sendiass.md").write_text(DOCUMENT, encoding="utf-8")
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / model / "data"))
    monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", model)
    assert main(["ingest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["embedded"] >= 1
    assert main(["ask", QUESTION, "--json"]) == 0
    return Settings.from_env(), json.loads(capsys.readouterr().out)


def test_a_second_profile_runs_end_to_end_with_its_own_thresholds(strict_model, tmp_path, monkeypatch, capsys):
    from send_assistant.answering.service import Assistant
    from send_assistant.answering.stages.check_citations import CheckCitations
    from send_assistant.answering.stages.retrieve import Retrieve
    from send_assistant.answering.stages.safeguarding import SafeguardingCheck

    # The hash double's own profile answers the question from the one document...
    _, answered = _ingest_and_ask(tmp_path, monkeypatch, capsys, HashEmbedder.name)
    assert answered["status"] == "answered" and answered["citations"]
    # ...the same vectors under the strict profile refuse it: its retrieval confidence floor is 0.97.
    settings, refused = _ingest_and_ask(tmp_path, monkeypatch, capsys, StrictHashEmbedder.name)
    assert refused["status"] == "not_found" and refused["citations"] == []
    assert refused["retrieved"] and refused["retrieved"][0]["doc_id"] == answered["retrieved"][0]["doc_id"]

    # The service built from the settings alone (as `ask` and `serve` do) uses the strict profile everywhere.
    assistant = Assistant.from_settings(settings)
    assert isinstance(assistant.embedder.inner, StrictHashEmbedder)
    assert assistant.composer.cfg == strict_model.compose_config()
    assert (assistant.composer.cfg.min_similarity, assistant.composer.cfg.qa_match) == (0.31, 0.77)
    retrieve = next(s for s in assistant.stages if isinstance(s, Retrieve))
    assert (retrieve.match_similarity, retrieve.answer_similarity) == (0.66, 0.88)
    assert next(s for s in assistant.stages if isinstance(s, CheckCitations)).min_similarity == 0.71
    assert next(s for s in assistant.stages if isinstance(s, SafeguardingCheck)).classifier is None  # declared
    from send_assistant.feedback.gap_topics import distance_threshold

    assert distance_threshold(assistant.embedder.name) == 0.33


def test_an_index_embedded_by_another_model_is_refused_in_one_line(strict_model, tmp_path, monkeypatch, capsys):
    _, answered = _ingest_and_ask(tmp_path, monkeypatch, capsys, HashEmbedder.name)
    assert answered["status"] == "answered"
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", StrictHashEmbedder.name)  # same data dir, another model
    assert main(["ask", QUESTION, "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "embedded with hash-test:256 but the embedding model is hash-strict:256" in err
    assert main(["ingest", "--json"]) == 0  # ingest embeds it again with the configured model...
    assert json.loads(capsys.readouterr().out)["embedded"] >= 1
    assert main(["ask", QUESTION, "--json"]) == 0  # ...and the strict profile's thresholds then apply
    assert json.loads(capsys.readouterr().out)["status"] == "not_found"
