"""send_assistant/yaml_file.py: a YAML file read, or one clear line naming the file and what is wrong."""

from pathlib import Path

import pytest

from send_assistant.errors import ManifestError
from send_assistant.yaml_file import read_yaml


def test_reads_a_mapping_and_an_empty_file_is_none(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("sets:\n  dev: [1, 2]\n", encoding="utf-8")
    assert read_yaml(path, ManifestError, "the targets") == {"sets": {"dev": [1, 2]}}
    path.write_text("", encoding="utf-8")
    assert read_yaml(path, ManifestError, "the targets") is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "a.yaml: cannot read the targets: No such file or directory"),
        ("sets: [\n  a: b\n", "a.yaml: the targets is not valid YAML: "),
        (b"\xff\xfe bad", "a.yaml: cannot read the targets: not UTF-8 text"),
    ],
)
def test_a_bad_file_raises_the_given_error_in_one_line(tmp_path: Path, content, expected) -> None:
    path = tmp_path / "a.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        read_yaml(path, ManifestError, "the targets")
    message = str(raised.value)
    assert expected in message and "\n" not in message
