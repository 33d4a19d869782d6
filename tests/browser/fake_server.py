"""Serve the real web app around the fake Assistant, for the browser tests: python fake_server.py PORT DATA_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))

import uvicorn  # noqa: E402
from web_fakes import AREAS, FakeAssistant  # noqa: E402

from send_assistant.feedback.store import AnswerRecorder, FeedbackStore  # noqa: E402
from send_assistant.settings import Settings, force_offline  # noqa: E402
from send_assistant.web.app import create_app  # noqa: E402


def main() -> None:
    force_offline()
    port, data_dir = int(sys.argv[1]), Path(sys.argv[2])
    settings = Settings(data_dir=data_dir)
    recorder = AnswerRecorder(FeedbackStore(settings.feedback_path))
    # A long area name too: the picker must show its short display name, never cut.
    assistant = FakeAssistant(on_answer=recorder, areas=[*AREAS, "Bath and North East Somerset"])
    app = create_app(assistant, settings, recorder=recorder)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
