# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup index run test test-fast lint format eval eval-gate bench browser-deps clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and exactly: the CPU wheel on local disk (any other spec pulls a CUDA build)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/send-assistant ingest

run: index
	$(BIN)/send-assistant serve --host 127.0.0.1 --port 7860

# Browser tests need Debian's chromium and axe-core from npm; both are installed here when missing.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund --silent

# Server tests need PostgreSQL's binaries (Debian's postgresql); each test run starts a throwaway server of its own
# on a free loopback port in a temp dir, so the system service is never started.
.PHONY: server-deps
server-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# `make test` runs pytest on two pytest-xdist workers (a test file runs whole on one worker, so its module fixtures
# start once; the session's MiniLM index and embedded safeguarding phrasings are built once for both:
# tests/conftest.py built_once), each with one torch/BLAS thread so the two workers do not fight over the two
# cores. Measured on the idle 2-core machine (issue 13): 2,298 tests in 331 s this way, against 572 s serial for
# 2,166 (stop 17); with two threads per worker on a loaded machine it was no faster. `make test PYTEST_WORKERS=`
# runs serially.
PYTEST_WORKERS ?= -n 2 --dist loadfile
test: setup browser-deps server-deps
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 SEND_ASSISTANT_REQUIRE_BROWSER=1 SEND_ASSISTANT_REQUIRE_POSTGRES=1 \
		$(BIN)/pytest -q $(PYTEST_WORKERS)

test-fast: setup
	$(BIN)/pytest -q -m "not browser"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: index
	$(BIN)/send-assistant eval

# The evaluation as a gate (issue 13): the development and held-out sets, answered by the real model over a fresh
# index in a temporary data dir, must meet every target in evals/targets.yaml (exit 1 naming each one missed).
# Latency is reported but left out of the check: speed is measured by benchmarks, never asserted by a test. No
# target reads the LangChain baseline, so the gate leaves it out (`make eval` shows it). `make test` runs the same
# check on TEST_GATE_SETS as a test over the test session's own MiniLM index of knowledge/ (tests/evaluation/
# test_eval_gate.py), so the documents are embedded once per run; this target is the gate on its own.
GATE_SETS := --questions evals/questions.jsonl --questions evals/heldout_questions.jsonl
# What `make test` gates: the same two sets (tests/evaluation/test_eval_gate.py). The held-out set joined once it met
# every target (recall@5 0.967 >= 0.95 after dense search was made exact and area names left out of the vectors,
# issue 13). Never tuned on it.
TEST_GATE_SETS := --questions evals/questions.jsonl --questions evals/heldout_questions.jsonl
eval-gate: setup
	@gate=$$(mktemp -d); trap 'rm -rf "$$gate"' EXIT; start=$$(date +%s); \
	SEND_ASSISTANT_DATA_DIR=$$gate $(BIN)/send-assistant ingest --json >/dev/null && \
	SEND_ASSISTANT_DATA_DIR=$$gate $(BIN)/send-assistant eval --check $(GATE_SETS) --skip-metric latency_p95_ms --no-baseline; \
	status=$$?; echo "eval-gate: $$(( $$(date +%s) - start )) s, exit $$status"; exit $$status

bench: index
	$(PY) evals/bench_ingest.py

clean:
	rm -rf .data
