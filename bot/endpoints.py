"""Rasa's endpoints file (endpoints.yml, endpoints.production.yml) read the way Rasa reads it:
its ${VARIABLES} filled in from the environment, and the tracker store's database URL built as
Rasa builds it. Used by the start-up checks (bot.services) and by retention (bot.retention).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import URL, make_url

from bot.database import sqlite_url
from bot.errors import StartupError
from bot.settings import PROJECT_ROOT

DEFAULT_ENDPOINTS = PROJECT_ROOT / "endpoints.yml"
_ENV_VAR = re.compile(r"\$\{([^}]+)\}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _expand(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return _ENV_VAR.sub(lambda match: env[match.group(1)], value)
    if isinstance(value, dict):
        return {key: _expand(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, env) for item in value]
    return value


def read_endpoints(path: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """The endpoints file with its ${VARIABLES} filled in from `env`, as Rasa will read it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as problem:
        raise StartupError(f"the endpoints file {path} cannot be read ({problem})") from None
    names = {name for text in _strings(raw) for name in _ENV_VAR.findall(text)}
    missing = sorted(name for name in names if name not in env)
    if missing:
        raise StartupError(
            f"{path.name} needs the environment variable(s) {', '.join(missing)}: set them"
            " (see docs/production.md)"
        )
    return _expand(raw, env) if isinstance(raw, dict) else {}


def tracker_store_url(endpoints: Path, env: Mapping[str, str]) -> URL | None:
    """The database of the endpoints file's SQL tracker store, built the way Rasa builds it
    (SQLTrackerStore.get_db_url); None when conversations are not in an SQL tracker store.

    Only the tracker_store section is read, so only its ${VARIABLES} need to be set.
    """
    try:
        raw = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as problem:
        raise StartupError(f"the endpoints file {endpoints} cannot be read ({problem})") from None
    section = raw.get("tracker_store") if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        return None
    names = {name for text in _strings(section) for name in _ENV_VAR.findall(text)}
    missing = sorted(name for name in names if name not in env)
    if missing:
        raise StartupError(
            f"the tracker store of {endpoints.name} needs the environment variable(s)"
            f" {', '.join(missing)}: set them (see docs/production.md)"
        )
    store = _expand(section, env)
    if str(store.get("type", "")).lower() != "sql":
        return None
    dialect = str(store.get("dialect") or "sqlite")
    db = str(store.get("db") or "rasa.db")
    if dialect.lower() == "sqlite":
        # Rasa opens it relative to its working directory, the project (bot.services starts it there).
        return sqlite_url(PROJECT_ROOT / db)
    host = str(store.get("url") or "") or None
    if host and "://" in host:
        return make_url(host)
    port = store.get("port")
    if host:
        parsed = urlsplit(f"scheme://{host}")
        host, port = parsed.hostname or host, parsed.port or port
    query = {str(key): str(value) for key, value in (store.get("query") or {}).items()}
    return URL.create(
        dialect,
        username=str(store.get("username") or "") or None,
        password=str(store.get("password") or "") or None,
        host=host,
        port=int(port) if port not in (None, "") else None,
        database=db,
        query=query,
    )
