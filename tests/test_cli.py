"""The ``mfa-bot`` command line, run as a real subprocess like a person would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def mfa_bot(*args: str, stdin: str = "", env: dict | None = None, cwd: Path = REPO):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        cwd=cwd, timeout=120, env=env,
    )


def test_lookup_prints_the_card_and_exits_zero() -> None:
    run = mfa_bot("lookup", "CLIENT_CERT_INSTAL_ERROR")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("CLIENT_CERT_INSTALL_ERROR")
    assert "1. " in run.stdout and "https://learn.microsoft.com/" in run.stdout
    assert 'Matched: "CLIENT_CERT_INSTAL_ERROR" (score 90)' in run.stdout


def test_lookup_reads_stdin_and_prints_json() -> None:
    paste = ("NPS Extension for Azure MFA:  CID: 0b8f3c1e-2d4a-4e6b-9c7d-5a1f2e3d4c5b : Access "
             "Rejected for user bob@fabrikam.com with Azure MFA response: UserNotFound and "
             "message: The specified user was not found")
    run = mfa_bot("lookup", "--json", stdin=paste)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert [m["code"] for m in result["matches"]] == ["UserNotFound"]
    match = result["matches"][0]
    assert match["message"] == "The specified user was not found"
    assert match["category"] == "error" and match["score"] == 100
    assert result["suggestions"] == []
    assert result["context"]["correlation_id"] == "0b8f3c1e-2d4a-4e6b-9c7d-5a1f2e3d4c5b"


def test_lookup_without_a_match_exits_one_with_suggestions() -> None:
    run = mfa_bot("lookup", "--json", "ESTS_TOKN")
    assert run.returncode == 1
    result = json.loads(run.stdout)
    assert result["matches"] == []
    assert result["suggestions"][0]["code"] == "ESTS_TOKEN_ERROR"


def test_ambiguous_code_has_a_null_message_and_alternatives() -> None:
    result = json.loads(mfa_bot("lookup", "--json", "InvalidParameter").stdout)
    match = result["matches"][0]
    assert match["code"] == "InvalidParameter" and match["message"] is None
    assert len(match["alternatives"]) == 6


def test_jsonl_keeps_order_and_marks_bad_lines_in_place() -> None:
    lines = ['{"text": "ESTS_TOKEN_ERROR"}', "not json", '{"text": "good morning"}',
             '{"text": 5}', '{"text": "HTTP_CONNECT_ERROR and CONTACT_SUPPORT"}']
    run = mfa_bot("lookup", "--jsonl", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == 5
    assert [m["code"] for m in out[0]["matches"]] == ["ESTS_TOKEN_ERROR"]
    assert "line 2" in out[1]["error"] and "line 4" in out[3]["error"]
    assert out[2]["matches"] == []
    assert [m["code"] for m in out[4]["matches"]] == ["HTTP_CONNECT_ERROR", "CONTACT_SUPPORT"]
    assert run.returncode == 2 and "line 2" in run.stderr


def test_empty_input_is_a_usage_error() -> None:
    run = mfa_bot("lookup", stdin="   \n")
    assert run.returncode == 2
    assert "nothing to look up" in run.stderr


def test_bad_arguments_exit_two_with_usage() -> None:
    run = mfa_bot("lookup", "--json", "--jsonl")
    assert run.returncode == 2 and "not allowed with" in run.stderr
    assert mfa_bot("frobnicate").returncode == 2


def test_help_documents_exit_codes() -> None:
    run = mfa_bot("--help")
    assert run.returncode == 0
    assert "exit codes:" in run.stdout and "lookup" in run.stdout


def test_check_knowledge_passes_on_the_shipped_files() -> None:
    run = mfa_bot("check-knowledge")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")


@pytest.mark.parametrize("command", [("check-knowledge",), ("lookup", "X")])
def test_the_knowledge_dir_in_dot_env_is_the_one_checked(tmp_path: Path, command: tuple
                                                        ) -> None:
    # As `run` reads it: a check of other files than the bot's would say "ok" wrongly.
    broken = tmp_path / "knowledge"
    broken.mkdir()
    (broken / "errors.yaml").write_text("entries:\n  - code: X\n    category: nonsense\n")
    (tmp_path / ".env").write_text(f"MFA_BOT_KNOWLEDGE_DIR={broken}\n")
    env = {k: v for k, v in os.environ.items() if k != "MFA_BOT_KNOWLEDGE_DIR"}
    env["PYTHONPATH"] = str(REPO)
    run = mfa_bot(*command, env=env, cwd=tmp_path)
    assert run.returncode == (1 if command[0] == "check-knowledge" else 2), run.stdout
    assert "bad category 'nonsense'" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("command", [("check-knowledge",), ("lookup", "--knowledge")])
def test_broken_knowledge_reports_file_and_line(tmp_path: Path, command: tuple) -> None:
    broken = tmp_path / "errors.yaml"
    broken.write_text("entries:\n  - code: X\n    category: nonsense\n")
    run = mfa_bot(*command, str(tmp_path), *(["X"] if command[0] == "lookup" else []))
    assert run.returncode == (1 if command[0] == "check-knowledge" else 2)
    assert f"{broken}:3: bad category 'nonsense'" in run.stderr
    assert f"{broken}:2: missing field 'actor'" in run.stderr
    assert "Traceback" not in run.stderr


def test_lookup_truncates_a_giant_paste_and_says_so() -> None:
    run = mfa_bot("lookup", stdin="ESTS_TOKEN_ERROR " + "x" * 60_000)
    assert run.returncode == 0
    assert "longer than 40,000 characters" in run.stdout


@pytest.mark.parametrize("args", [("lookup", "ESTS_TOKEN_ERROR"), ("lookup", "--jsonl")])
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(args: tuple) -> None:
    with open("/dev/full", "w") as full:  # every write fails: "No space left on device"
        run = subprocess.run([sys.executable, "-m", "bot", *args], input='{"text": "x"}\n',
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO,
                             timeout=120, check=False)
    assert run.returncode == 2
    assert run.stderr.strip() == "mfa-bot: cannot write the output: No space left on device"


def test_a_code_with_several_messages_says_whose_meaning_it_prints() -> None:
    run = mfa_bot("lookup", "InvalidParameter on nps01")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[1].startswith('  If the message is "') and lines[1].endswith('":')
    assert "the paste did not say which" in run.stdout


@pytest.mark.parametrize("args", [("lookup", "X"), ("check-knowledge",), ("run", "--http")])
def test_a_dot_env_that_is_not_text_is_one_line_and_exit_2(tmp_path: Path, args: tuple) -> None:
    (tmp_path / ".env").write_bytes(b"SLACK_BOT_TOKEN=\xff\xfe-not-utf-8\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MFA_BOT_"))}
    env["PYTHONPATH"] = str(REPO)
    run = mfa_bot(*args, env=env, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == ("mfa-bot: .env cannot be read (not UTF-8 text): it must be a "
                                  "UTF-8 text file of KEY=value lines")
