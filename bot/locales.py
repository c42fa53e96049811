"""Per-language resources that trainers edit: `locales/<lang>/*.yml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_FILE = "lexicon.yml"
REPLIES_FILE = "replies.yml"
CUES_FILE = "persona_cues.yml"


class LocaleError(ValueError):
    """A locale file is missing or malformed."""


@lru_cache(maxsize=64)
def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise LocaleError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise LocaleError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(content, dict):
        raise LocaleError(f"{path}: expected a mapping at the top level")
    return content


def read_locale_file(locales: Path, language: str, name: str) -> dict[str, Any]:
    """One locale file, checked to belong to `language`."""
    path = Path(locales) / language / name
    content = _read(path)
    declared = content.get("language")
    if declared != language:
        raise LocaleError(f"{path}: 'language' is {declared!r}, expected {language!r}")
    return content


def lexicon(locales: Path, language: str) -> dict[str, Any]:
    return read_locale_file(locales, language, LEXICON_FILE)


def replies(locales: Path, language: str) -> dict[str, Any]:
    return read_locale_file(locales, language, REPLIES_FILE)


def persona_cues(locales: Path, language: str) -> dict[str, list[str]]:
    cues = read_locale_file(locales, language, CUES_FILE).get("cues") or {}
    return {signal: [str(p).lower() for p in (phrases or [])] for signal, phrases in cues.items()}


def clear_cache() -> None:
    """Forget files read so far (after a trainer edited them)."""
    _read.cache_clear()


UI_FILE = "ui.yml"


def ui_strings(locales: Path, language: str) -> dict[str, str]:
    return dict(read_locale_file(locales, language, UI_FILE).get("strings") or {})
