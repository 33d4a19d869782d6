from pathlib import Path

import pytest

from send_assistant.errors import ManifestError
from send_assistant.ingest.manifest import discover, load_manifest, slugify
from send_assistant.settings import PROJECT_ROOT, Settings

GOOD = """
documents:
  - id: bedford-soa
    file: bedford.txt
    title: SEND Statement of Action
    area: Bedford Borough
    doc_type: statement of action
    published: 2018-07-01
    reviewed: "2019-01-31"
  - id: code-of-practice
    file: sub/cop.pdf
    title: SEND Code of Practice
    area: ""
    doc_type: code of practice
    audience: [parent]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_entries_with_dates_as_strings(tmp_path):
    bedford, cop = load_manifest(_write(tmp_path, GOOD))
    assert bedford.doc_id == "bedford-soa" and bedford.area == "Bedford Borough"
    assert bedford.published == "2018-07-01" and bedford.reviewed == "2019-01-31"
    assert bedford.path == str(tmp_path / "bedford.txt")
    assert bedford.audience == ["parent", "professional", "gp"]
    assert cop.area == "" and cop.audience == ["parent"] and cop.url is None


def test_project_manifest_is_valid_and_lists_the_glossary():
    metas = {m.doc_id: m for m in load_manifest(PROJECT_ROOT / "knowledge" / "sources.yaml")}
    glossary = metas["send-glossary"]
    assert glossary.area == "" and glossary.doc_type == "glossary"
    assert glossary.title == "SEND glossary: words and abbreviations explained"
    assert glossary.licence == "Written for this project; MIT" and glossary.url is None
    assert Path(glossary.path).name == "glossary.yaml"
    assert {m.area for m in metas.values()} >= {"Bedford Borough", "Buckinghamshire", "Worcestershire"}


ENTRY = "documents:\n  - id: a\n    file: a.txt\n    title: A\n    area: ''\n    doc_type: x\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("documents: nope", "top-level 'documents:' list"),
        ("documents: [", "not valid YAML"),
        (ENTRY.replace("    doc_type: x\n", ""), "entry 1 ('a'): missing required field 'doc_type'"),
        (ENTRY.replace("title: A", "title: ''"), "'title' must not be empty"),
        (ENTRY + "    reviewd: 2020-01-01\n", "unknown field(s) reviewd"),
        (ENTRY + "    reviewed: July 2018\n", "'reviewed' must be a date written YYYY-MM-DD"),
        (ENTRY + "    audience: [parents]\n", "unknown audience parents"),
        (ENTRY.replace("id: a", "id: Bad Id"), "id must be lower-case"),
        (ENTRY + ENTRY.removeprefix("documents:\n"), "id 'a' is already used by entry 1"),
        (ENTRY + "    urls: [notaurl]\n", "'urls' entries must start with http:// or https://"),
        (ENTRY + "    urls: {a: 1}\n", "'urls' must be a list of web addresses"),
    ],
)
def test_malformed_manifest_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(ManifestError) as info:
        load_manifest(_write(tmp_path, text))
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_optional_short_title_and_urls_are_kept(tmp_path):
    text = ENTRY + "    short_title: Short A\n    urls:\n      - https://example.org/a\n      - http://example.org/b\n"
    (meta,) = load_manifest(_write(tmp_path, text))
    assert meta.short_title == "Short A"
    assert meta.urls == ["https://example.org/a", "http://example.org/b"]
    (plain,) = load_manifest(_write(tmp_path, ENTRY))
    assert plain.short_title is None and plain.urls == []


def test_project_manifest_lists_national_guidance():
    metas = {m.doc_id: m for m in load_manifest(PROJECT_ROOT / "knowledge" / "sources.yaml")}
    guide = metas["national-guidance-england"]
    assert guide.area == "" and guide.doc_type == "national guidance"
    assert guide.audience == ["parent", "professional", "gp"]
    assert guide.reviewed == "2026-11-30" and guide.short_title == "SEND in England: Q&A"
    assert guide.url == "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"
    assert any("legislation.gov.uk/uksi/2014/1530" in u for u in guide.urls) and len(guide.urls) >= 4
    assert Path(guide.path).name == "national-guidance-england.md" and Path(guide.path).exists()


def test_slugify():
    assert slugify("SEND Code of Practice (2015).PDF") == "send-code-of-practice-2015-pdf"
    assert slugify("___") == "document"


def test_discover_knowledge_dir_uses_manifest_and_finds_unlisted_files(tmp_path):
    knowledge = tmp_path / "knowledge"
    (knowledge / "sub").mkdir(parents=True)
    _write(knowledge, GOOD)
    (knowledge / "bedford.txt").write_text("Bedford text")
    (knowledge / "Extra Notes.md").write_text("# Notes")
    (knowledge / ".hidden.txt").write_text("skip me")
    (knowledge / "image.png").write_bytes(b"\x89PNG")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    items, failures, scopes = discover(settings, None)
    assert [i.meta.doc_id for i in items] == ["bedford-soa", "extra-notes"]
    assert items[1].meta.area == "" and items[1].meta.doc_type == "guidance"
    assert failures == [(str(knowledge / "sub" / "cop.pdf"), "no such file (listed in the manifest)")]
    assert scopes[0].covers(items[0].origin, None)


def test_discover_paths_flags_previous_area_and_id_clashes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "intro.txt").write_text("A")
    (b / "intro.txt").write_text("B")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge")
    items, failures, _ = discover(settings, [a, b, tmp_path / "missing.pdf"], area="Worcestershire", doc_type="policy")
    ids = [i.meta.doc_id for i in items]
    assert ids[0] == "intro" and ids[1].startswith("intro-") and len(set(ids)) == 2
    assert {i.meta.area for i in items} == {"Worcestershire"} and {i.meta.doc_type for i in items} == {"policy"}
    assert failures == [(str(tmp_path / "missing.pdf"), "no such file or folder")]
    previous = {"intro": {"area": "Worcestershire", "doc_type": "policy", "path": str(a / "intro.txt")}}
    (again,), _, _ = discover(settings, [a / "intro.txt"], previous=previous)
    assert again.meta.doc_id == "intro" and again.meta.area == "Worcestershire" and again.meta.doc_type == "policy"
