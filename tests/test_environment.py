"""docs/environment.md lists every environment variable the product reads or sets: the code is
scanned for them, and the test fails on a variable the table lacks or one nothing uses."""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "environment.md"
NAME = r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})"
# Where the code gives no other sign that a name is a variable (mapping keys), only names
# with an underscore count: {"USD": ...} is a currency, {"SHOP_DB": ...} a variable.
VARIABLE = r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"

# The product's files, and the benchmark's and test suite's (their own section of the table).
PRODUCT = {
    "python": ["bot/**/*.py", "actions/**/*.py"],
    "shell": ["scripts/**/*.sh"],
    "make": ["Makefile"],
    "yaml": ["endpoints.yml", "endpoints.production.yml", "credentials.yml"],
}
BENCH_AND_TESTS = {"python": ["bench/**/*.py", "tests/conftest.py"]}

PYTHON_PATTERNS = [
    # os.environ.get("X"), os.environ["X"], os.environ.setdefault("X"), os.environ.pop("X"), os.getenv("X")
    rf'environ\.(?:get|setdefault|pop)\(\s*"{NAME}"',
    rf'environ\[\s*"{NAME}"\s*\]',
    rf'getenv\(\s*"{NAME}"',
    # the same on a mapping of the environment: env.get("X"), env["X"], environment.pop("X")
    rf'\b\w*env\w*\.(?:get|setdefault|pop)\(\s*"{NAME}"',
    rf'\b\w*env\w*(?:\(\))?\[\s*"{NAME}"\s*\]',
    # module constants naming a variable: SETTINGS_ENV = "SHOP_SETTINGS"
    rf'\b[A-Z][A-Z0-9_]*_ENV\s*=\s*"{NAME}"',
    # secrets from the environment or a generated file (bot.secret_files)
    rf'env_or_generated\(\s*"{NAME}"',
    # variables set for the processes started: dict(os.environ, X="..."), env.update(X=...)
    rf"(?<![\w.]){NAME}=(?!=)",
    # ... and as keys of the mappings given to them: extra_env={"SHOP_DB": ...}
    rf'"{VARIABLE}"\s*:',
]


def without_comment_lines(text: str) -> str:
    """Python source without comment lines (a name mentioned in a comment is not read)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def strip_yaml_comments(text: str) -> str:
    return "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in text.splitlines())


def scan_python(text: str) -> set[str]:
    code = without_comment_lines(text)
    found: set[str] = set()
    for pattern in PYTHON_PATTERNS:
        found.update(re.findall(pattern, code))
    return found


def scan_shell(text: str) -> set[str]:
    """$X and ${X} that the script does not assign itself."""
    code = strip_yaml_comments(text)
    assigned = set(re.findall(rf"(?m)^\s*(?:export\s+|local\s+)?{NAME}=", code))
    return set(re.findall(rf"\$\{{?{NAME}", code)) - assigned


def scan_make(text: str) -> set[str]:
    code = strip_yaml_comments(text)
    return set(re.findall(rf"(?m)^\s*export\s+{NAME}\s*[:?]?=", code)) | set(
        re.findall(rf"\$\{{{NAME}\}}", code)
    )


def scan_yaml(text: str) -> set[str]:
    return set(re.findall(rf"\$\{{{NAME}\}}", strip_yaml_comments(text)))


SCANNERS = {"python": scan_python, "shell": scan_shell, "make": scan_make, "yaml": scan_yaml}


def scan(groups: dict[str, list[str]]) -> dict[str, set[str]]:
    """Variable -> the files that read or set it."""
    found: dict[str, set[str]] = {}
    for kind, patterns in groups.items():
        for pattern in patterns:
            for path in sorted(PROJECT_ROOT.glob(pattern)):
                if "__pycache__" in path.parts or not path.is_file():
                    continue
                for name in SCANNERS[kind](path.read_text(encoding="utf-8")):
                    found.setdefault(name, set()).add(str(path.relative_to(PROJECT_ROOT)))
    return found


def documented(section: str) -> dict[str, str]:
    """Variable -> its 'read by' cell, from the table under the heading `section`."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"(?ms)^## {re.escape(section)}\n(.*?)(?=^## |\Z)", text)
    assert match, f"{DOC.name} has no section '## {section}'"
    rows: dict[str, str] = {}
    for line in match.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 4 or set(cells[0]) <= {"-", " ", ":"}:
            continue
        names = re.findall(rf"`{NAME}`", cells[0])
        for name in names:
            assert name not in rows, f"{name} is listed twice in '## {section}'"
            rows[name] = cells[2]
    return rows


def external(read_by: str) -> bool:
    """Rows marked as read by Rasa, TensorFlow or another library itself, not by the project."""
    return read_by.startswith("external")


SECTIONS = [("Product", PRODUCT), ("Benchmark and tests", BENCH_AND_TESTS)]


def test_the_scan_finds_the_ways_the_code_names_variables() -> None:
    python = """
import os
SETTINGS_ENV = "SHOP_SETTINGS"
a = os.environ.get("A_ONE", "x")
b = os.environ["B_TWO"]
c = os.getenv("C_THREE")
os.environ.setdefault("D_FOUR", "1")
e = env.get("E_FIVE") or env["F_SIX"] or self._env()["L_TWELVE"]
spawn("rasa", command, {"M_THIRTEEN": limit})
token = env_or_generated("G_SEVEN", path)
child = dict(os.environ, H_EIGHT="false")
env.update(
    I_NINE=f"{url}/webhook",
    J_TEN=env.get("K_ELEVEN", str(state / "x")),
)
# os.environ.get("NOT_READ") in a comment
DAY = 86400
SYMBOL_CODES = {"USD": "USD"}
if MAX_SIZE == 3:
    pass
"""
    assert scan_python(python) == {
        "SHOP_SETTINGS",
        "A_ONE",
        "B_TWO",
        "C_THREE",
        "D_FOUR",
        "E_FIVE",
        "F_SIX",
        "G_SEVEN",
        "H_EIGHT",
        "I_NINE",
        "J_TEN",
        "K_ELEVEN",
        "L_TWELVE",
        "M_THIRTEEN",
    }
    assert scan_yaml("# every ${VARIABLE} below\nurl: ${DB_HOST}\nport: ${DB_PORT}  # ${NOT_THIS}\n") == {
        "DB_HOST",
        "DB_PORT",
    }
    assert scan_shell('PYTHON=$(which python)\nroot=${HOME}/x\n"$PYTHON" -m venv "$VENV_DIR"\n') == {
        "HOME",
        "VENV_DIR",
    }
    assert scan_make("export RASA_TELEMETRY_ENABLED := false\nPY := $(VENV)/bin/python\n") == {
        "RASA_TELEMETRY_ENABLED"
    }


def test_the_scan_finds_the_known_variables() -> None:
    found = scan(PRODUCT)
    # One of each way of naming a variable in the product, found by a manual grep.
    for name in (
        "SHOP_SETTINGS",  # SETTINGS_ENV = "..."
        "SHOP_PROFILE_DB",  # PROFILE_DB_ENV = "..."
        "SHOP_AGENT_TOKEN",  # env_or_generated("...")
        "RASA_AUTH_TOKEN",
        "SHOP_MODELS",  # os.environ.get("...")
        "SANIC_REQUEST_MAX_SIZE",
        "TRACKER_DB",  # env.get("...") and ${...}
        "LOG_LEVEL",  # os.environ.setdefault("...")
        "TF_CPP_MIN_LOG_LEVEL",
        "SANIC_HOST",  # env.update(...=)
        "DB_PASSWORD",  # ${...} in endpoints.production.yml
        "RASA_TELEMETRY_ENABLED",  # Makefile export
        "HOME",  # scripts/bootstrap.sh
    ):
        assert name in found, name
    assert "VARIABLE" not in found  # named in a comment of endpoints.production.yml


@pytest.mark.parametrize("section, groups", SECTIONS, ids=[s for s, _ in SECTIONS])
def test_every_variable_the_code_uses_is_documented(section, groups) -> None:
    found = scan(groups)
    table = documented(section)
    if section != "Product":
        # The benchmark and the tests also use the product's variables, documented there.
        table = {**documented("Product"), **table}
    missing = {name: sorted(files) for name, files in found.items() if name not in table}
    assert not missing, f"add these to '## {section}' of docs/environment.md: {missing}"


@pytest.mark.parametrize("section, groups", SECTIONS, ids=[s for s, _ in SECTIONS])
def test_every_documented_variable_is_used(section, groups) -> None:
    found = scan(groups)
    stale = sorted(
        name for name, read_by in documented(section).items() if name not in found and not external(read_by)
    )
    assert not stale, (
        f"docs/environment.md '## {section}' lists variables nothing reads or sets: {stale} "
        "(remove them, or mark them 'external: <library>' when Rasa or a library reads them itself)"
    )


def test_external_variables_are_not_read_by_the_project() -> None:
    found = scan(PRODUCT)
    wrongly = sorted(n for n, read_by in documented("Product").items() if external(read_by) and n in found)
    assert not wrongly, f"marked external but the project uses them: {wrongly}"
