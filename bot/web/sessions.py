"""Chat sessions issued by the server, signed buyer profiles, and agent take-overs (shop database)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from bot.database import chat_sessions, sqlite_file
from bot.secret_files import env_or_generated
from bot.settings import PROJECT_ROOT
from bot.storage import shop_database

SESSION_PREFIX = "web-"
# What `issue` hands out: the prefix and 24 random bytes in URL-safe base64.
SESSION_PATTERN = re.compile(r"web-[A-Za-z0-9_-]{32}")
_FIELDS = ("session_id", "created_at", "last_activity", "handoff_requested", "taken_over_by")
_COLUMNS = tuple(chat_sessions.c[name] for name in _FIELDS)


class SessionStore:
    """Sessions exist only when the server issued them: a client cannot choose its id.

    Kept in the shop database (`bot.database`), so a session one Rasa instance issued is accepted
    by every other instance sharing $SHOP_DATABASE_URL.
    """

    def __init__(self, path: Path | str | URL | None = None) -> None:
        self.database = shop_database(path)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None on a database server)."""
        return sqlite_file(self.database.url)

    def issue(self) -> str:
        session_id = SESSION_PREFIX + secrets.token_urlsafe(24)
        now = time.time()
        with self.database.begin() as connection:
            connection.execute(
                chat_sessions.insert().values(
                    session_id=session_id, created_at=now, last_activity=now, handoff_requested=0
                )
            )
        return session_id

    def exists(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or not SESSION_PATTERN.fullmatch(session_id):
            return False
        query = sa.select(chat_sessions.c.session_id).where(chat_sessions.c.session_id == session_id)
        with self.database.begin() as connection:
            return connection.execute(query).first() is not None

    def _update(self, session_id: str, **values: Any) -> None:
        statement = chat_sessions.update().where(chat_sessions.c.session_id == session_id).values(**values)
        with self.database.begin() as connection:
            connection.execute(statement)

    def touch(self, session_id: str) -> None:
        self._update(session_id, last_activity=time.time())

    def request_handoff(self, session_id: str) -> None:
        self._update(session_id, handoff_requested=1)

    def take_over(self, session_id: str, agent: str) -> None:
        self._update(session_id, taken_over_by=agent, handoff_requested=0)

    def hand_back(self, session_id: str) -> None:
        self._update(session_id, taken_over_by=None)

    def get(self, session_id: str) -> dict[str, Any] | None:
        query = sa.select(*_COLUMNS).where(chat_sessions.c.session_id == session_id)
        with self.database.begin() as connection:
            row = connection.execute(query).mappings().first()
        return dict(row) if row else None

    def recent(self, limit: int = 100) -> list[dict[str, Any]]:
        query = (
            sa.select(*_COLUMNS)
            .order_by(chat_sessions.c.handoff_requested.desc(), chat_sessions.c.last_activity.desc())
            .limit(limit)
        )
        with self.database.begin() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]


def profile_secret() -> bytes:
    """The key the shop signs buyer profiles with ($SHOP_PROFILE_SECRET or var/profile_secret)."""
    return env_or_generated("SHOP_PROFILE_SECRET", PROJECT_ROOT / "var" / "profile_secret").encode()


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
