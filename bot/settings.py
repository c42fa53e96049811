"""The shop's settings (`shop.yml`), read once per path and validated."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_ENV = "SHOP_SETTINGS"
LOCALES_ENV = "SHOP_LOCALES"


class SettingsError(ValueError):
    """The shop's settings are missing or invalid."""


@dataclass(frozen=True)
class Settings:
    languages: tuple[str, ...]
    default_language: str
    min_language_confidence: float
    language_seed: int
    fallback_threshold: float
    max_message_length: int
    shop_facts: dict[str, Any] = field(default_factory=dict)
    price_policy: dict[str, Any] = field(default_factory=dict)
    tiers: dict[str, Any] = field(default_factory=dict)
    shop_origins: tuple[str, ...] = ()
    retention_days: int = 90
    locales_dir: Path = PROJECT_ROOT / "locales"
    source: Path | None = None


def settings_path() -> Path:
    return Path(os.environ.get(SETTINGS_ENV, PROJECT_ROOT / "shop.yml"))


def locales_dir() -> Path:
    return Path(os.environ.get(LOCALES_ENV, PROJECT_ROOT / "locales"))


def _require(condition: bool, message: str, path: Path) -> None:
    if not condition:
        raise SettingsError(f"{path}: {message}")


def parse_settings(raw: dict[str, Any], path: Path, locales: Path) -> Settings:
    _require(isinstance(raw, dict), "expected a mapping at the top level", path)
    languages = raw.get("languages")
    _require(
        isinstance(languages, list)
        and languages
        and all(isinstance(code, str) and code for code in languages),
        "'languages' must be a non-empty list of language codes",
        path,
    )
    _require(len(set(languages)) == len(languages), "'languages' lists a code twice", path)
    default = raw.get("default_language", languages[0])
    _require(default in languages, f"default_language '{default}' is not in 'languages'", path)
    detection = raw.get("language_detection") or {}
    min_conf = float(detection.get("min_confidence", 0.55))
    _require(0.0 <= min_conf <= 1.0, "language_detection.min_confidence must be in [0, 1]", path)
    threshold = float(raw.get("fallback_threshold", 0.45))
    _require(0.0 <= threshold <= 1.0, "fallback_threshold must be in [0, 1]", path)
    max_len = int(raw.get("max_message_length", 1000))
    _require(max_len > 0, "max_message_length must be positive", path)
    retention = raw.get("retention_days", 90)
    _require(
        isinstance(retention, int) and retention > 0, "retention_days must be a positive number of days", path
    )
    origins = raw.get("shop_origins") or []
    _require(
        isinstance(origins, list)
        and all(isinstance(o, str) and o.startswith(("http://", "https://")) for o in origins),
        "shop_origins must be a list of origins such as https://shop.example.com ('*' is not allowed)",
        path,
    )
    policy = raw.get("price_policy") or {}
    _require(isinstance(policy, dict), "price_policy must be a mapping", path)
    return Settings(
        languages=tuple(languages),
        default_language=default,
        min_language_confidence=min_conf,
        language_seed=int(detection.get("seed", 0)),
        fallback_threshold=threshold,
        max_message_length=max_len,
        shop_facts=dict(raw.get("shop") or {}),
        price_policy=dict(policy),
        tiers=dict(raw.get("tiers") or {}),
        shop_origins=tuple(origins),
        retention_days=retention,
        locales_dir=locales,
        source=path,
    )


@lru_cache(maxsize=8)
def _load(path: Path, locales: Path) -> Settings:
    if not path.is_file():
        raise SettingsError(f"{path}: settings file not found (set {SETTINGS_ENV} to its path)")
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return parse_settings(raw, path, locales)


def load_settings(path: Path | None = None) -> Settings:
    """The settings at `path` (default: $SHOP_SETTINGS or the project's shop.yml)."""
    return _load(Path(path) if path else settings_path(), locales_dir())
