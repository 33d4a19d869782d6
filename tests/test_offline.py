"""Offline proven: `ingest`, `ask` and `serve` work with outside network access cut for the process.

The children get none of the offline switches (HF_HUB_OFFLINE and friends) from us: the product must set them
itself (ingest.settings.force_offline). The network is cut twice over:
- always, a socket guard: a sitecustomize.py on PYTHONPATH makes connect/getaddrinfo raise for any address that
  is not loopback and records every such attempt to a file; the tests assert the command worked AND that nothing
  was attempted;
- where the machine allows it (root, or user namespaces), the commands also run under `unshare -n`: a fresh
  network namespace with no interface but loopback, which is brought up first (`serve` listens on it), so even
  native code that bypasses Python's sockets has no way out.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from servers.launch import free_port, send_assistant_command

from send_assistant.settings import OFFLINE_ENV, PROJECT_ROOT

pytestmark = pytest.mark.model

TESTS_DIR = Path(__file__).resolve().parent

QUESTION = "How long does an EHC needs assessment take?"
SWITCHED_OFF = {k: OFFLINE_ENV[k] for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED",
                                             "ANONYMIZED_TELEMETRY")}  # fmt: skip
CHILD_TIMEOUT_S = 420  # model loads on a busy 2-core machine

DOCUMENT = """# Asking for an EHC needs assessment

## How long does an EHC needs assessment take?

The whole process, from the request to the final EHC plan, must take no more than 20 weeks. The council decides
whether to assess within 6 weeks of the request.

## Who can ask for an EHC needs assessment?

A parent, a young person aged 16 to 25, or the school or college can ask the council for an assessment.
"""

MANIFEST = """documents:
  - id: offline-guidance
    file: guidance.md
    title: Offline test guidance
    area: ""
    doc_type: guidance
    audience: [parent]
    url: null
    published: 2024-01-01
    reviewed: 2024-01-01
"""

GUARD = '''
"""Test network guard: only loopback; every other attempt is refused and recorded (tests/test_offline.py)."""
import atexit, ipaddress, json, os, socket, sys

_LOG = os.environ["SA_NET_GUARD_LOG"]
with open(_LOG + ".loaded", "a") as _f:
    _f.write(f"{os.getpid()}\\n")


@atexit.register
def _switches():  # the offline switches as the process itself set them: at exit, and when a server binds
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY")
    with open(_LOG + ".switches", "a") as out:
        out.write(json.dumps({"argv": sys.argv, "env": {k: os.environ.get(k) for k in names}}) + "\\n")


def _loopback(host):
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in (None, "", "localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(kind, host):
    with open(_LOG, "a") as log:
        log.write(f"{kind} {host!r}\\n")
    raise OSError(101, f"network blocked by the test guard: {kind} {host!r}")


def _socket_call(original, kind):  # connect, connect_ex, sendto: the address is the last argument
    def call(self, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            if not _loopback(address[0]):
                _refuse(kind, address[0])
        return original(self, *args)
    return call


def _lookup(original, kind):  # getaddrinfo, gethostbyname(_ex): the host is the first argument
    def call(host, *args, **kwargs):
        if not _loopback(host):
            _refuse(kind, host)
        return original(host, *args, **kwargs)
    return call


def _bind(original):  # a server stopped by a signal may never run atexit: record the switches as it binds
    def call(self, address):
        _switches()
        return original(self, address)
    return call


for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _socket_call(getattr(socket.socket, _name), _name.replace("_ex", "")))
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _lookup(getattr(socket, _name), _name.replace("_ex", "")))
socket.socket.bind = _bind(socket.socket.bind)
'''


SERVE_DRIVER = """
import json, os, sys, urllib.request

sys.path.insert(0, sys.argv[1])  # tests/, for servers/launch.py
from servers.launch import ServerProcess, healthz_ok

command, port = sys.argv[2:-1], sys.argv[-1]
url = f"http://127.0.0.1:{port}"
serve = [*command, "serve", "--host", "127.0.0.1", "--port", port]
timeout = float(os.environ["SA_SERVE_TIMEOUT"])
with ServerProcess(serve, healthz_ok(url), log=None, timeout_s=timeout, poll_s=0.5, stop_timeout_s=30):
    body = json.dumps({"question": sys.stdin.read(), "area": "", "audience": "parent"}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        answer = json.load(response)
    with urllib.request.urlopen(url + "/", timeout=60) as response:
        page = response.status
    print(json.dumps({"answer": answer, "page": page}))
"""


def _namespace() -> tuple[str, ...]:
    """`unshare -n` with loopback brought up, where this machine allows it; () where it does not."""
    if not shutil.which("unshare") or not shutil.which("ip"):
        return ()
    prefix = ("unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh")
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        works = False
    return prefix if works else ()


class Offline:
    """A temp knowledge dir and data dir, the guard, its records, and how to run a guarded child."""

    def __init__(self, root: Path, namespace: tuple[str, ...] = ()) -> None:
        self.knowledge, self.data, self.guard_dir = root / "knowledge", root / "data", root / "guard"
        for folder in (self.knowledge, self.data, self.guard_dir):
            folder.mkdir()
        (self.knowledge / "guidance.md").write_text(DOCUMENT, encoding="utf-8")
        (self.knowledge / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
        (self.guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
        self.log = self.guard_dir / "attempts.log"
        self.namespace = namespace

    def env(self) -> dict[str, str]:
        """os.environ without any offline switch, pointed at the temp dirs, with the guard on PYTHONPATH."""
        env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV and not k.endswith("_OFFLINE")}
        env.update(SEND_ASSISTANT_DATA_DIR=str(self.data), SEND_ASSISTANT_KNOWLEDGE_DIR=str(self.knowledge))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self.guard_dir), env.get("PYTHONPATH")) if p)
        env["SA_NET_GUARD_LOG"] = str(self.log)
        env["SA_SERVE_TIMEOUT"] = str(CHILD_TIMEOUT_S - 60)
        return env

    def attempts(self) -> list[str]:
        """Every outside connection or name lookup a guarded child tried."""
        return self.log.read_text().splitlines() if self.log.exists() else []

    def loaded(self) -> int:
        """How many guarded Python processes have started."""
        path = Path(str(self.log) + ".loaded")
        return len(path.read_text().splitlines()) if path.exists() else 0

    def switches(self, command: str) -> list[dict]:
        """The offline switches a guarded `send-assistant COMMAND` had set (recorded at exit and at each bind)."""
        path = Path(str(self.log) + ".switches")
        rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        return [row["env"] for row in rows if command in row["argv"][1:2]]

    def run(self, *argv: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run argv guarded (and in a private network namespace where there is one), in its own process group."""
        proc = subprocess.Popen(
            [*self.namespace, *argv],
            cwd=PROJECT_ROOT,
            env=self.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(stdin, timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it started (a server)
            out, err = proc.communicate()
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def offline(tmp_path_factory, share_safeguarding_cache):
    """A tiny index built by `send-assistant ingest --json` offline; yields (Offline, the ingest's result).

    The safeguarding training phrasings' vectors are put in the data dir first (embedded once per test session):
    the children still load the model and embed the document and every question offline."""
    env = Offline(tmp_path_factory.mktemp("offline"), _namespace())
    share_safeguarding_cache(env.data)
    result = env.run(*send_assistant_command(), "ingest", "--json")
    yield env, result


def _assert_answered(answer: dict) -> None:
    assert answer["status"] == "answered", answer
    assert "20 weeks" in answer["answer"] and answer["citations"], answer
    assert answer["citations"][0]["doc_id"] == "offline-guidance"


def test_the_guard_refuses_and_records_outside_connections(tmp_path) -> None:
    env = Offline(tmp_path)
    probe = "import urllib.request; urllib.request.urlopen('http://example.org/', timeout=5)"
    result = env.run(sys.executable, "-c", probe)
    assert result.returncode != 0 and "network blocked by the test guard" in result.stderr
    assert env.attempts() == ["getaddrinfo 'example.org'"]
    assert env.loaded() == 1
    assert "HF_HUB_OFFLINE" not in env.env() and "TRANSFORMERS_OFFLINE" not in env.env()


def test_ingest_builds_the_index_offline(offline) -> None:
    env, result = offline
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and summary["failed"] == 0 and summary["chunks"] >= 1
    assert env.loaded() >= 1 and env.attempts() == []


def test_ask_answers_offline(offline) -> None:
    env, _ = offline
    before = env.loaded()
    result = env.run(*send_assistant_command(), "ask", QUESTION, "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    _assert_answered(json.loads(result.stdout))
    assert env.loaded() > before  # the guard was in the child
    assert env.attempts() == []
    switches = env.switches("ask")
    assert switches and all(row == SWITCHED_OFF for row in switches)  # the product set them itself


def test_serve_answers_over_loopback_offline(offline) -> None:
    env, _ = offline
    before = env.loaded()
    # A driver (guarded too) starts `serve`, waits for /healthz, POSTs /api/ask and GETs the page over loopback,
    # then stops the server by PID: inside a private namespace nothing outside could reach it.
    driver = [sys.executable, "-c", SERVE_DRIVER, str(TESTS_DIR), *send_assistant_command(), str(free_port())]
    result = env.run(*driver, stdin=QUESTION)
    assert result.returncode == 0, result.stderr[-3000:]
    served = json.loads(result.stdout)
    _assert_answered(served["answer"])
    assert served["page"] == 200  # the chat page too (Gradio with no analytics or version check)
    assert env.loaded() >= before + 2  # the driver and the server
    assert env.attempts() == []
    switches = env.switches("serve")
    assert switches and all(row == SWITCHED_OFF for row in switches)


def test_the_network_namespace_is_used_where_the_machine_allows_it(offline) -> None:
    env, _ = offline
    if not env.namespace:
        pytest.skip("unshare -n (a private network namespace) is not allowed here: the socket guard alone cut it")
    probe = "import socket; print([n for _, n in socket.if_nameindex()])"
    result = env.run(sys.executable, "-c", probe)
    assert result.returncode == 0 and result.stdout.strip() == "['lo']", result.stdout + result.stderr
