"""`send-assistant serve`: the chat page and JSON API on one port (uvicorn)."""

from __future__ import annotations

import argparse
import sys

from send_assistant.settings import Settings


def build(settings: Settings, embedder=None):
    """The real web app: feedback store, the Assistant (with the gap-logging hook) and the FastAPI app.

    `embedder` is for tests (a fake); by default the Assistant loads the shipped MiniLM.
    """
    from send_assistant.answering.service import Assistant
    from send_assistant.feedback.store import AnswerRecorder, FeedbackStore
    from send_assistant.web.app import create_app

    tune_threads(settings.answer_workers)
    store = FeedbackStore(settings.feedback_db, settings.store_question_text, settings.feedback_retention_days)
    recorder = AnswerRecorder(store)
    assistant = Assistant.from_settings(settings, embedder=embedder, on_answer=recorder)
    index = getattr(assistant, "index", None)
    documents = index.documents if index is not None and hasattr(index, "documents") else None
    return create_app(assistant, settings, recorder=recorder, documents=documents)


def tune_threads(workers: int) -> None:
    """Split the CPU cores between the answer workers: each model call and each numpy product uses
    cores / workers threads, so concurrent answers do not fight over the same cores.

    Both torch's and the BLAS library's pools are capped: a question's vector (one short text) and the
    safeguarding classifier's products (one row against a few thousand) are too small to gain from a second
    thread, and when the cores are busy a pool's threads wait on each other. Measured on 2 busy cores
    (issue 9/10): one question's MiniLM vector 355 ms with one thread against 2,620 ms with two, one
    1x384 by 384x2322 product 1 ms against 42 ms. The Assistant built after this caps BLAS at one thread in any
    case (service.single_threaded_blas), for the libraries loaded only while it starts."""
    import os

    import torch
    from threadpoolctl import threadpool_limits

    threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    torch.set_num_threads(threads)
    threadpool_limits(limits=threads)  # process-wide: numpy's OpenBLAS (and any OpenMP pool it finds)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Load the index and models once, then serve until interrupted."""
    import uvicorn

    from send_assistant.web.server_options import server_options

    app = build(settings)
    print(f"Serving the SEND assistant at http://{args.host}:{args.port}", file=sys.stderr)
    # h11 with a header size cap and a header read timeout, a connection cap, no access log (see server_options.py).
    uvicorn.run(app, host=args.host, port=args.port, **server_options())
    return 0
