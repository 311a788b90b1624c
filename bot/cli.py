"""The ``mfa-bot`` command line: run the bot, look errors up, check the knowledge base."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Iterator, Sequence

from bot.config import ConfigError, load_environ
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.domain.paste_context import extract_context
from bot.domain.results import MAX_PASTE_CHARS, MatchResult, worth_posting
from bot.knowledge_files import KnowledgeError, load_knowledge
from bot.terminal import render_result

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2
# What a write to a full or failing output raises.
_WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})

EPILOG = """\
exit codes:
  0  success (lookup: at least one confident match)
  1  lookup: no confident match; check-knowledge: the knowledge files are invalid;
     doctor: a check failed
  2  bad arguments, unreadable input, invalid settings or knowledge that cannot be loaded

examples:
  mfa-bot lookup ESTS_TOKEN_ERROR
  mfa-bot lookup --json < event.txt
  mfa-bot lookup --jsonl < exported.jsonl > triage.jsonl
  mfa-bot lookup --channel "nps extension can't get a token since the cert renewal"
  mfa-bot check-knowledge knowledge/
  mfa-bot run --http
  mfa-bot doctor --url https://mfa-bot.example.com
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mfa-bot",
        description="Troubleshoot Azure MFA NPS extension errors, in Slack or the terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="start the Slack bot")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--http", dest="mode", action="store_const", const="http",
                      help="serve POST /slack/events and GET /healthz on $PORT")
    mode.add_argument("--socket", dest="mode", action="store_const", const="socket",
                      help="Socket Mode (default when SLACK_APP_TOKEN is set)")
    run.add_argument("--workers", type=_positive, default=1, metavar="N",
                     help="HTTP mode: N processes share $PORT, one per CPU core (default 1)")
    run.add_argument("--in-pool", action="store_true", help=argparse.SUPPRESS)

    lookup = sub.add_parser(
        "lookup", help="match pasted text and print the troubleshooting card",
        description="Match TEXT (or standard input) against the knowledge base.",
    )
    lookup.add_argument("text", nargs="*", help="the code, message or log text; default: stdin")
    out = lookup.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the result as one JSON object")
    out.add_argument("--jsonl", action="store_true",
                     help='read JSON Lines {"text": ...} on stdin, write one result per line')
    lookup.add_argument("--knowledge", metavar="PATH", help="knowledge directory or file")
    lookup.add_argument("--channel", action="store_true",
                        help="answer as the bot answers an unaddressed paste in a channel: "
                             "print what it would post, nothing when it would stay silent")

    check = sub.add_parser("check-knowledge", help="validate the knowledge files")
    check.add_argument("path", nargs="?", help="the knowledge folder, or one file holding "
                       "both the entries and the procedure (default: knowledge/)")

    doctor = sub.add_parser(
        "doctor", help="check the settings against Slack, the database and the knowledge",
        description="Check what `mfa-bot run` would use: one line per check, with what to "
                    "do for each problem. Exit 0: all passed; 1: a check failed; "
                    "2: the settings are unusable.",
    )
    doctor_mode = doctor.add_mutually_exclusive_group()
    doctor_mode.add_argument("--http", dest="mode", action="store_const", const="http",
                             help="check the settings for HTTP mode")
    doctor_mode.add_argument("--socket", dest="mode", action="store_const", const="socket",
                             help="check the settings for Socket Mode")
    doctor.add_argument("--url", metavar="URL",
                        help="the bot's public address: check it answers /healthz over https")
    doctor.add_argument("--json", action="store_true", help="print the checks as one JSON object")
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 64, got {value!r}")
    return int(value)


def _load(path: str | None) -> KnowledgeBase | None:
    """``path``, else MFA_BOT_KNOWLEDGE_DIR as ``run`` reads it (environment, then .env)."""
    try:
        return load_knowledge(path or load_environ().get("MFA_BOT_KNOWLEDGE_DIR") or None)
    except KnowledgeError as exc:
        print("mfa-bot: the knowledge base is invalid:", file=sys.stderr)
        print("\n".join(exc.problems), file=sys.stderr)
        return None


def _read_stdin() -> str | None:
    try:
        return sys.stdin.read(MAX_PASTE_CHARS * 4 + 1)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"mfa-bot: cannot read standard input: {exc}", file=sys.stderr)
        return None


def _lookup(args: argparse.Namespace) -> int:
    kb = _load(args.knowledge)
    if kb is None:
        return EXIT_USAGE
    matcher = Matcher(kb)
    if args.jsonl:
        return _lookup_jsonl(matcher, args.channel)
    text = " ".join(args.text) if args.text else _read_stdin()
    if text is None:
        return EXIT_USAGE
    if not text.strip():
        print("mfa-bot: nothing to look up: give TEXT or pipe it on stdin", file=sys.stderr)
        return EXIT_USAGE
    result = _answer(matcher, text, args.channel)
    if args.json:
        print(_json_line(text, result, args.channel))
    elif not args.channel or worth_posting(result, asked=False):
        print(render_result(result))
    return EXIT_OK if result.matches or (args.channel and result.most_likely) else EXIT_NO_MATCH


def _answer(matcher: Matcher, text: str, channel: bool) -> MatchResult:
    """As asked directly, or (``channel``) as an unaddressed channel paste: then what the bot
    would not post is dropped, so silence reads as an empty result."""
    if not channel:
        return matcher.match(text, explicit=True)
    result = matcher.match(text)
    return result if worth_posting(result, asked=False) else MatchResult(truncated=result.truncated)


def _json_line(text: str, result: MatchResult, channel: bool = False) -> str:
    """The result, plus what the paste says about CID, user, time, server and tenant: the
    operator's own data, shown here but never logged by the bot. With ``channel``,
    ``posted`` says whether the bot would answer the paste at all."""
    context = extract_context(text[:MAX_PASTE_CHARS])
    extra = {"posted": worth_posting(result, asked=False)} if channel else {}
    return json.dumps({**result.as_dict(), **extra, "context": context.as_dict()},
                      ensure_ascii=False)


class _UnreadableInput(Exception):
    pass


def _stdin_lines() -> Iterator[tuple[int, str]]:
    """Standard input's lines, numbered. Only a failed read becomes _UnreadableInput: a
    failed write of the caller's (its output) is raised from the caller, not from here."""
    try:
        yield from enumerate(sys.stdin, 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise _UnreadableInput(exc) from exc


def _lookup_jsonl(matcher: Matcher, channel: bool) -> int:
    """One result line per input line, in order; a bad line gets an error object in place,
    so the output still lines up with the input."""
    status = EXIT_OK
    try:
        for number, line in _stdin_lines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                message = f'line {number}: expected a JSON object {{"text": "..."}}'
                print(f"mfa-bot: {message}", file=sys.stderr)
                print(json.dumps({"error": message}))
                status = EXIT_USAGE
                continue
            print(_json_line(text, _answer(matcher, text, channel), channel))
    except _UnreadableInput as exc:
        print(f"mfa-bot: cannot read standard input: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return status


def _check(args: argparse.Namespace) -> int:
    kb = _load(args.path)
    if kb is None:
        return EXIT_NO_MATCH
    print(f"ok: {len(kb.entries)} entries, {len(kb.procedure.steps)} log-collection steps "
          f"in {len(kb.files)} files")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from bot.slack.runtime.runner import run  # Slack libraries load only when the bot runs

    return run(args.mode, workers=args.workers, in_pool=args.in_pool)


def _doctor(args: argparse.Namespace) -> int:
    from bot.doctor import doctor  # Slack and database libraries load only when needed

    code, output = doctor(args.mode, args.url, as_json=args.json)
    print(output)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"run": _run, "lookup": _lookup, "check-knowledge": _check,
               "doctor": _doctor}[args.command]
    try:
        code = handler(args)
        sys.stdout.flush()  # here, where a failed write can still be answered
        return code
    except KeyboardInterrupt:
        return 130
    except ConfigError as exc:  # .env, read for MFA_BOT_KNOWLEDGE_DIR
        print(f"mfa-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `mfa-bot lookup ... | head` closed the pipe early
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # `> /dev/full`, a disk that filled up
        if exc.filename is not None or exc.errno not in _WRITE_FAILURES:
            raise  # not the output's (a file of the handler's, a failed fork)
        print(f"mfa-bot: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # nothing left to flush at exit
        return EXIT_USAGE
