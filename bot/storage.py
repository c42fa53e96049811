"""The shop's records the assistant writes: return requests, bulk quotes, hand-offs (SQLite by default)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT

DATABASE_ENV = "SHOP_DB"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS return_requests ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT NOT NULL, order_id TEXT NOT NULL,"
    " reason TEXT NOT NULL, language TEXT, created_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bulk_quotes ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT NOT NULL, product TEXT NOT NULL,"
    " quantity TEXT NOT NULL, country TEXT NOT NULL, contact TEXT NOT NULL, language TEXT,"
    " created_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS handoffs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT NOT NULL, reason TEXT NOT NULL,"
    " summary TEXT NOT NULL, created_at REAL NOT NULL, resolved_at REAL)",
)
_INSERT_RETURN = (
    "INSERT INTO return_requests (sender_id, order_id, reason, language, created_at) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_QUOTE = (
    "INSERT INTO bulk_quotes (sender_id, product, quantity, country, contact, language, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_HANDOFF = "INSERT INTO handoffs (sender_id, reason, summary, created_at) VALUES (?, ?, ?, ?)"
_SELECT_HANDOFFS = (
    "SELECT id, sender_id, reason, summary, created_at FROM handoffs WHERE sender_id = ? ORDER BY id"
)
_SELECT_RETURNS = "SELECT order_id, reason, language FROM return_requests WHERE sender_id = ? ORDER BY id"
_SELECT_QUOTES = (
    "SELECT product, quantity, country, contact, language FROM bulk_quotes WHERE sender_id = ? ORDER BY id"
)


def database_path() -> Path:
    return Path(os.environ.get(DATABASE_ENV, PROJECT_ROOT / "var" / "shop.sqlite"))


class ShopRecords:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else database_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        for statement in _SCHEMA:
            connection.execute(statement)
        return connection

    def add_return(self, sender_id: str, order_id: str, reason: str, language: str | None) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(_INSERT_RETURN, (sender_id, order_id, reason, language, time.time()))

    def add_bulk_quote(self, sender_id: str, fields: dict[str, Any], language: str | None) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(
                _INSERT_QUOTE,
                (
                    sender_id,
                    str(fields["product"]),
                    str(fields["quantity"]),
                    str(fields["country"]),
                    str(fields["contact"]),
                    language,
                    time.time(),
                ),
            )

    def add_handoff(self, sender_id: str, reason: str, summary: dict[str, Any]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.execute(
                _INSERT_HANDOFF, (sender_id, reason, json.dumps(summary, ensure_ascii=False), time.time())
            )

    def handoffs(self, sender_id: str) -> list[dict[str, Any]]:
        with closing(self._connect()) as connection:
            rows = connection.execute(_SELECT_HANDOFFS, (sender_id,)).fetchall()
        return [
            {"id": r[0], "sender_id": r[1], "reason": r[2], "summary": json.loads(r[3]), "created_at": r[4]}
            for r in rows
        ]

    def returns(self, sender_id: str) -> list[dict[str, Any]]:
        with closing(self._connect()) as connection:
            rows = connection.execute(_SELECT_RETURNS, (sender_id,)).fetchall()
        return [{"order_id": r[0], "reason": r[1], "language": r[2]} for r in rows]

    def bulk_quotes(self, sender_id: str) -> list[dict[str, Any]]:
        with closing(self._connect()) as connection:
            rows = connection.execute(_SELECT_QUOTES, (sender_id,)).fetchall()
        return [
            dict(zip(("product", "quantity", "country", "contact", "language"), r, strict=True)) for r in rows
        ]
