"""Chat sessions issued by the server, signed buyer profiles, and agent take-overs (SQLite)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT
from bot.storage import database_path

SESSION_PREFIX = "web-"
# What `issue` hands out: the prefix and 24 random bytes in URL-safe base64.
SESSION_PATTERN = re.compile(r"web-[A-Za-z0-9_-]{32}")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS chat_sessions (session_id TEXT PRIMARY KEY, created_at REAL NOT NULL,"
    " last_activity REAL NOT NULL, handoff_requested INTEGER NOT NULL DEFAULT 0,"
    " taken_over_by TEXT)",
)
_INSERT = "INSERT INTO chat_sessions (session_id, created_at, last_activity) VALUES (?, ?, ?)"
_EXISTS = "SELECT 1 FROM chat_sessions WHERE session_id = ?"
_TOUCH = "UPDATE chat_sessions SET last_activity = ? WHERE session_id = ?"
_REQUEST_HANDOFF = "UPDATE chat_sessions SET handoff_requested = 1 WHERE session_id = ?"
_TAKE_OVER = "UPDATE chat_sessions SET taken_over_by = ?, handoff_requested = 0 WHERE session_id = ?"
_HAND_BACK = "UPDATE chat_sessions SET taken_over_by = NULL WHERE session_id = ?"
_GET = (
    "SELECT session_id, created_at, last_activity, handoff_requested, taken_over_by"
    " FROM chat_sessions WHERE session_id = ?"
)
_LIST = (
    "SELECT session_id, created_at, last_activity, handoff_requested, taken_over_by FROM chat_sessions"
    " ORDER BY handoff_requested DESC, last_activity DESC LIMIT ?"
)
_FIELDS = ("session_id", "created_at", "last_activity", "handoff_requested", "taken_over_by")


class SessionStore:
    """Sessions exist only when the server issued them: a client cannot choose its id."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else database_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        for statement in _SCHEMA:
            connection.execute(statement)
        return connection

    def issue(self) -> str:
        session_id = SESSION_PREFIX + secrets.token_urlsafe(24)
        now = time.time()
        with closing(self._connect()) as connection, connection:
            connection.execute(_INSERT, (session_id, now, now))
        return session_id

    def exists(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or not SESSION_PATTERN.fullmatch(session_id):
            return False
        with closing(self._connect()) as connection:
            return connection.execute(_EXISTS, (session_id,)).fetchone() is not None

    def touch(self, session_id: str) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(_TOUCH, (time.time(), session_id))

    def request_handoff(self, session_id: str) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(_REQUEST_HANDOFF, (session_id,))

    def take_over(self, session_id: str, agent: str) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(_TAKE_OVER, (agent, session_id))

    def hand_back(self, session_id: str) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(_HAND_BACK, (session_id,))

    def get(self, session_id: str) -> dict[str, Any] | None:
        with closing(self._connect()) as connection:
            row = connection.execute(_GET, (session_id,)).fetchone()
        return dict(zip(_FIELDS, row, strict=True)) if row else None

    def recent(self, limit: int = 100) -> list[dict[str, Any]]:
        with closing(self._connect()) as connection:
            rows = connection.execute(_LIST, (limit,)).fetchall()
        return [dict(zip(_FIELDS, row, strict=True)) for row in rows]


def _secret(name: str, env: str) -> bytes:
    if os.environ.get(env):
        return os.environ[env].encode()
    path = PROJECT_ROOT / "var" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def profile_secret() -> bytes:
    """The key the shop signs buyer profiles with ($SHOP_PROFILE_SECRET or var/profile_secret)."""
    return _secret("profile_secret", "SHOP_PROFILE_SECRET")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_profile(profile: dict[str, Any], secret: bytes, expires_in: int = 3600) -> str:
    """What the shop's server does: a token carrying the logged-in buyer's profile."""
    payload = _b64(json.dumps({**profile, "exp": int(time.time()) + expires_in}).encode())
    signature = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def verify_profile(token: Any, secret: bytes) -> dict[str, Any] | None:
    """The profile in a token the shop signed, or None when it is forged, broken or expired."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 4096:
        return None
    payload, signature = token.split(".")
    expected = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        data = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("exp"), int) or data["exp"] < time.time():
        return None
    data.pop("exp")
    return data
