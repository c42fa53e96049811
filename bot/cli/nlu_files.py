"""Reads and edits `data/nlu/<lang>/<topic>.yml` textually, so that a file keeps its formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.cli.common import CliError, Project

# `[text](entity)` or `[text]{"entity": ...}` would be read by Rasa as an entity annotation.
ENTITY_ANNOTATION = re.compile(r"\[[^\]]*\]\s*[({]")
BLOCK_SCALAR = re.compile(r"^(?P<indent>\s*)examples:\s*\|[-+]?\s*(#.*)?$")
DEFAULT_HEADER = 'version: "3.1"\nnlu:\n'


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str
    path: Path


def read_examples(project: Project, language: str) -> list[Example]:
    """Every example of a language with the file it is in (duplicates kept)."""
    found: list[Example] = []
    for path in sorted(project.nlu_dir(language).glob("*.yml")):
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise CliError(f"{project.relative(path)}: not valid YAML ({error})") from error
        for block in content.get("nlu") or [] if isinstance(content, dict) else []:
            if not isinstance(block, dict) or not block.get("intent"):
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.append(Example(line[2:].strip(), str(block["intent"]), language, path))
    return found


def intent_file(project: Project, language: str, intent: str) -> Path | None:
    """The file of the language that already holds the intent's examples."""
    for path in sorted(project.nlu_dir(language).glob("*.yml")):
        if _intent_line(path.read_text(encoding="utf-8").splitlines(), intent) is not None:
            return path
    return None


def topic_file(project: Project, language: str, intent: str, languages: list[str]) -> Path:
    """Where an example goes: the file holding the intent, else the same topic as in another language."""
    found = intent_file(project, language, intent)
    if found is not None:
        return found
    for other in languages:
        elsewhere = intent_file(project, other, intent)
        if elsewhere is not None:
            return project.nlu_dir(language) / elsewhere.name
    return project.nlu_dir(language) / "misc.yml"


def _intent_line(lines: list[str], intent: str) -> int | None:
    pattern = re.compile(rf"^\s*-\s+intent:\s*(['\"]?){re.escape(intent)}\1\s*(#.*)?$")
    for index, line in enumerate(lines):
        if pattern.match(line):
            return index
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def check_example_text(text: str, max_length: int) -> str:
    """The text as it will be stored, or a CliError saying why it cannot be an example."""
    cleaned = " ".join(text.split()) if "\n" not in text.strip() else None
    if cleaned is None:
        raise CliError("an example must be a single line")
    if not cleaned:
        raise CliError("the example is empty")
    if len(cleaned) > max_length:
        raise CliError(f"the example is longer than max_message_length ({max_length} characters)")
    if ENTITY_ANNOTATION.search(cleaned):
        raise CliError(
            "the example contains '[...](...)' or '[...]{...}', which Rasa would read as an entity "
            "annotation; entities here come from rules, rephrase without it"
        )
    return cleaned


def append_example(path: Path, intent: str, language: str, text: str) -> None:
    """Adds one example line at the end of the intent's `examples: |` block (or a new block)."""
    original = path.read_text(encoding="utf-8") if path.exists() else None
    content = _with_example(original, intent, language, text, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    try:
        ok = _has_example(path, intent, language, text)
    except yaml.YAMLError:
        ok = False
    if not ok:
        if original is None:
            path.unlink()
        else:
            path.write_text(original, encoding="utf-8")
        raise CliError(f"{path}: could not add the example without breaking the file; the file is unchanged")


def _has_example(path: Path, intent: str, language: str, text: str) -> bool:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for block in content.get("nlu") or []:
        if block.get("intent") == intent and (block.get("metadata") or {}).get("language") == language:
            lines = [line.strip() for line in str(block.get("examples") or "").splitlines()]
            if f"- {text}" in lines:
                return True
    return False


def _with_example(original: str | None, intent: str, language: str, text: str, path: Path) -> str:
    if original is None:
        return DEFAULT_HEADER + _new_block(0, intent, language, text)
    lines = original.splitlines(keepends=True)
    start = _intent_line([line.rstrip("\r\n") for line in lines], intent)
    if start is None:
        if original and not original.endswith("\n"):
            original += "\n"
        indents = [_indent(line) for line in lines if re.match(r"^\s*-\s+intent:", line)]
        return original + _new_block(indents[0] if indents else 0, intent, language, text)
    block_indent = _indent(lines[start])
    end = len(lines)
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and _indent(lines[index]) <= block_indent and not stripped.startswith("#"):
            end = index
            break
    key = next(
        (i for i in range(start, end) if BLOCK_SCALAR.match(lines[i].rstrip("\r\n"))),
        None,
    )
    if key is None:
        raise CliError(f"{path}: intent '{intent}' has no `examples: |` block to add to")
    key_indent = _indent(lines[key])
    last, prefix = key, " " * (key_indent + 2)
    for index in range(key + 1, end):
        line = lines[index]
        if not line.strip():
            continue
        if _indent(line) <= key_indent:
            break
        last = index
        match = re.match(r"^(\s*)- ", line)
        if match:
            prefix = match.group(1)
    newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
    if not lines[last].endswith("\n"):
        lines[last] += newline
    lines.insert(last + 1, f"{prefix}- {text}{newline}")
    return "".join(lines)


def _new_block(indent: int, intent: str, language: str, text: str) -> str:
    pad = " " * indent
    return (
        f"{pad}- intent: {intent}\n"
        f"{pad}  metadata:\n"
        f"{pad}    language: {language}\n"
        f"{pad}  examples: |\n"
        f"{pad}    - {text}\n"
    )
