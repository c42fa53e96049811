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


# Keys that shop.yml no longer reads, with where the setting lives now: an old file that
# still sets one is rejected rather than silently doing nothing.
MOVED_KEYS = {
    "fallback_threshold": (
        "the fallback threshold is part of the trained model: set it in config.yml as the "
        "'threshold' of the FallbackClassifier (then retrain), and remove it from this file"
    ),
}


def _error(path: Path, message: str) -> SettingsError:
    return SettingsError(f"{path}: {message}")


def _require(condition: bool, message: str, path: Path) -> None:
    if not condition:
        raise _error(path, message)


def _number(value: Any, message: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _error(path, message)
    return float(value)


def _integer(value: Any, message: str, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(path, message)
    return value


def _mapping(value: Any, name: str, path: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(path, f"{name} must be a mapping")
    return dict(value)


def parse_settings(raw: Any, path: Path, locales: Path) -> Settings:
    if not isinstance(raw, dict):
        raise _error(path, "expected a mapping at the top level")
    for key, where in MOVED_KEYS.items():
        _require(key not in raw, f"'{key}' is no longer read from shop.yml: {where}", path)
    languages = raw.get("languages")
    if not (
        isinstance(languages, list)
        and languages
        and all(isinstance(code, str) and code for code in languages)
    ):
        raise _error(path, "'languages' must be a non-empty list of language codes")
    codes: tuple[str, ...] = tuple(languages)
    _require(len(set(codes)) == len(codes), "'languages' lists a code twice", path)
    default = raw.get("default_language", codes[0])
    if not isinstance(default, str) or default not in codes:
        raise _error(path, f"default_language '{default}' is not in 'languages'")
    detection = _mapping(raw.get("language_detection"), "language_detection", path)
    min_conf = _number(
        detection.get("min_confidence", 0.55), "language_detection.min_confidence must be a number", path
    )
    _require(0.0 <= min_conf <= 1.0, "language_detection.min_confidence must be in [0, 1]", path)
    seed = _integer(detection.get("seed", 0), "language_detection.seed must be a whole number", path)
    max_len = _integer(
        raw.get("max_message_length", 1000), "max_message_length must be a whole number of characters", path
    )
    _require(max_len > 0, "max_message_length must be positive", path)
    retention = _integer(
        raw.get("retention_days", 90), "retention_days must be a positive number of days", path
    )
    _require(retention > 0, "retention_days must be a positive number of days", path)
    origins = raw.get("shop_origins") or []
    if not (
        isinstance(origins, list)
        and all(isinstance(o, str) and o.startswith(("http://", "https://")) for o in origins)
    ):
        raise _error(
            path,
            "shop_origins must be a list of origins such as https://shop.example.com ('*' is not allowed)",
        )
    return Settings(
        languages=codes,
        default_language=default,
        min_language_confidence=min_conf,
        language_seed=seed,
        max_message_length=max_len,
        shop_facts=_mapping(raw.get("shop"), "shop", path),
        price_policy=_mapping(raw.get("price_policy"), "price_policy", path),
        tiers=_mapping(raw.get("tiers"), "tiers", path),
        shop_origins=tuple(origins),
        retention_days=retention,
        locales_dir=locales,
        source=path,
    )


@lru_cache(maxsize=8)
def _load(path: Path, locales: Path) -> Settings:
    if not path.is_file():
        raise SettingsError(f"{path}: settings file not found (set {SETTINGS_ENV} to its path)")
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise SettingsError(f"{path}: not valid YAML ({error})") from error
    return parse_settings(raw, path, locales)


def load_settings(path: str | Path | None = None) -> Settings:
    """The settings at `path` (default: $SHOP_SETTINGS or the project's shop.yml)."""
    return _load(Path(path) if path else settings_path(), locales_dir())
