"""send-assistant: ingest SEND documents and answer questions about them, with cited sources.

Each sub-command's handler lives in send_assistant/cli/<name>.py as `run(args, settings) -> int`.
Errors are caught here only: a known failure prints one clear line on stderr and exits 1
(a traceback only with --debug); bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from send_assistant.errors import SendAssistantError
from send_assistant.ingest.model import AUDIENCES
from send_assistant.model_profiles import check_embedder
from send_assistant.settings import Settings, force_offline


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (the README's "Command line" section shows it in use)."""
    parser = argparse.ArgumentParser(prog="send-assistant", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add or update documents in the index")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; none: knowledge/ and its manifest")
    p.add_argument("--area", default=None, help='local area of these documents ("" for national)')
    p.add_argument("--doc-type", default=None, help="document type, e.g. 'local offer page', 'guidance'")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again from scratch")
    p.add_argument("--json", action="store_true", help="print one JSON summary object")
    p.add_argument("--site", metavar="URL", help="crawl a Local Offer website")
    p.add_argument("--max-pages", type=int, default=50, help="with --site: the most pages to fetch")
    p.add_argument(
        "--document-host", action="append", default=[], metavar="HOST",
        help="with --site: another host whose linked PDF/DOCX files may be read (repeatable)",
    )  # fmt: skip
    p.add_argument("--oruk", metavar="URL", help="read an Open Referral UK / HSDS 3.0 service directory API")
    p.add_argument("--per-page", type=int, default=None, help="with --oruk: services to ask for a page")
    p.add_argument("--modified-after", default=None, help="with --oruk: only services changed since (ISO date)")

    p = sub.add_parser("ask", help="answer one question, or a batch")
    p.add_argument("question", nargs="?", help="the question")
    p.add_argument("--area", default="", help='local area (exact name from `areas`), or "" for not sure')
    p.add_argument("--audience", default="parent", choices=AUDIENCES)
    p.add_argument("--batch", metavar="FILE.jsonl", help='lines {"id","question","area","audience"}')
    p.add_argument("--json", action="store_true", help="print the Answer JSON")

    p = sub.add_parser("serve", help="serve the web app (chat page and JSON API)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)

    sub.add_parser("areas", help="list the local areas the index knows")

    p = sub.add_parser("sources", help="list indexed documents")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", help="content-owner reports")
    rsub = p.add_subparsers(dest="report", required=True, metavar="REPORT")
    r = rsub.add_parser("stale", help="documents not reviewed recently")
    r.add_argument("--older-than", default="12m", help="age such as 12m, 18m, 2y, 90d")
    r = rsub.add_parser("gaps", help="questions people asked that the sources could not answer")
    r.add_argument("--format", default="md", choices=("md", "csv", "topics-csv"))
    r.add_argument("--chart", metavar="FILE.svg", help="also draw the monthly trend of the top topics as SVG")

    p = sub.add_parser("refresh", help="re-read the sites and feeds in knowledge/sources.yaml; embed what changed")
    p.add_argument("--json", action="store_true", help="print one JSON summary object")
    p.add_argument("--full", action="store_true", help="no conditional requests; read every feed whole")

    p = sub.add_parser("eval", help="run the evaluation, with the baseline in the same run")
    p.add_argument(
        "--questions",
        action="append",
        metavar="FILE",
        help="question file, repeatable; each is reported as its own set (default: evals/questions.jsonl, "
        "evals/heldout_questions.jsonl, evals/realistic_questions.jsonl split into tune and heldout)",
    )
    p.add_argument("--targets", metavar="FILE", help="targets per set (default evals/targets.yaml)")
    p.add_argument("--check", action="store_true", help="exit 1, one line per missed target, when any is missed")
    p.add_argument(
        "--skip-metric",
        action="append",
        metavar="NAME",
        help="leave this figure's targets out of --check (still reported, marked skipped); repeatable",
    )
    p.add_argument("--no-baseline", action="store_true", help="leave out the LangChain baseline (no target reads it)")
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `send-assistant` command."""
    force_offline()
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    try:
        check_embedder(settings.embedder)  # a model without a profile fails here, for every command
        module = importlib.import_module(f"send_assistant.cli.{args.command}_cmd")
        return int(module.run(args, settings) or 0)
    except SendAssistantError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"send-assistant: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("send-assistant: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
