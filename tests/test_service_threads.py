"""The answering service runs BLAS on one thread (issue 7): a spinning BLAS pool took the cores from MiniLM's torch
threads on 2 cores (p95 over 330 questions 169-189 ms with two BLAS threads, 100-128 ms with one)."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from send_assistant.answering import service


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]


def test_single_threaded_blas_caps_every_loaded_blas_pool_at_one() -> None:
    import sklearn.linear_model  # noqa: F401 - loads scipy's own OpenBLAS beside numpy's, as an answer does

    np.ones((2, 2)) @ np.ones((2, 2))
    before = threadpool_info()
    try:
        threadpool_limits(limits=2, user_api="blas")
        assert _blas_threads() and set(_blas_threads()) == {2}
        service.single_threaded_blas()
        assert set(_blas_threads()) == {1}
    finally:
        threadpool_limits(limits=before)


@pytest.mark.model
def test_the_service_built_from_settings_answers_with_one_blas_thread(seed_settings, minilm) -> None:
    before = threadpool_info()
    try:
        threadpool_limits(limits=2, user_api="blas")
        assistant = service.Assistant.from_settings(seed_settings, embedder=minilm)
        assert set(_blas_threads()) == {1}  # every BLAS library loaded by then, scipy's too
        assert assistant.ask("what is an ehcp").status == "answered"
    finally:
        threadpool_limits(limits=before)
