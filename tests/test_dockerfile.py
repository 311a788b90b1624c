"""The container recipe, read as text (no image is built here)."""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import json
import re
import shlex
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def args_of(keyword: str) -> list[str]:
    return [rest for kw, rest in instructions() if kw == keyword]


def ignored() -> list[str]:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_base_is_a_slim_python_image():
    [base] = args_of("FROM")
    assert re.fullmatch(r"python:3\.\d+-slim(-\w+)?", base)


def test_the_bot_runs_as_a_non_root_user():
    kinds = [kw for kw, _ in instructions()]
    users = args_of("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    # Nothing after the last USER switches back or runs as root.
    last_user = len(kinds) - 1 - kinds[::-1].index("USER")
    assert "RUN" not in kinds[last_user:]


def test_cmd_runs_the_bot_in_http_mode_in_exec_form():
    [cmd] = args_of("CMD")
    # Exec form: the bot is PID 1 and gets the SIGTERM that stops the container.
    assert json.loads(cmd) == ["mfa-bot", "run", "--http"]


def test_the_healthcheck_asks_healthz_on_the_exposed_port():
    [healthcheck] = args_of("HEALTHCHECK")
    options, _, command = healthcheck.partition("CMD ")
    assert "/healthz" in command
    assert re.search(r"--timeout=\d+s", options)
    env = " ".join(args_of("ENV"))
    port = re.search(r"\bPORT=(\d+)", env)
    assert port and args_of("EXPOSE") == [port[1]]


def test_dockerignore_keeps_secrets_and_local_state_out():
    assert {".git", ".venv", ".env"} <= set(ignored())


def test_everything_copied_exists_and_is_not_ignored():
    for copy in args_of("COPY"):
        *sources, _ = shlex.split(copy)
        for source in sources:
            assert (REPO / source).exists(), source
            assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored()), source


def test_pip_install_in_the_image_brings_every_library_the_bot_imports():
    declared = {
        re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in tomllib.loads((REPO / "pyproject.toml").read_text())
        ["project"]["dependencies"]
    }
    imported: set[str] = set()
    for path in (REPO / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"bot"}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        assert names & declared, f"bot imports {module}, which pyproject.toml does not declare"
