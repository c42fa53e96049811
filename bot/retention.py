"""Deletes conversations whose last activity is older than the retention period (`retention_days`).

Usage: python -m bot.retention [--days N]   (also run by `make run` at start-up)
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

from bot.settings import PROJECT_ROOT, load_settings
from bot.storage import database_path

DAY = 86400
_OLD_SENDERS = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?"
_DELETE_EVENTS = "DELETE FROM events WHERE sender_id = ?"
_SHOP_TABLES = (
    ("DELETE FROM chat_sessions WHERE last_activity < ?", "chat_sessions"),
    ("DELETE FROM handoffs WHERE created_at < ?", "handoffs"),
)
_OLD_ATTACHMENTS = "SELECT file_name FROM attachments WHERE created_at < ?"
_DELETE_ATTACHMENTS = "DELETE FROM attachments WHERE created_at < ?"


def tracker_db_path() -> Path:
    return Path(os.environ.get("TRACKER_DB", PROJECT_ROOT / "var" / "conversations.sqlite"))


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return connection.execute(query, (name,)).fetchone() is not None


def purge(
    days: int,
    tracker_db: Path | None = None,
    shop_db: Path | None = None,
    uploads: Path | None = None,
    now: float | None = None,
) -> dict[str, int]:
    """Deletes what is older than `days`; returns how many conversations and records went."""
    if days <= 0:
        raise ValueError("retention days must be positive")
    cutoff = (now or time.time()) - days * DAY
    removed = {"conversations": 0, "chat_sessions": 0, "handoffs": 0, "attachments": 0}
    tracker_db = tracker_db or tracker_db_path()
    if tracker_db.exists():
        with closing(sqlite3.connect(tracker_db, timeout=30)) as connection, connection:
            if _has_table(connection, "events"):
                senders = [row[0] for row in connection.execute(_OLD_SENDERS, (cutoff,))]
                for sender in senders:
                    connection.execute(_DELETE_EVENTS, (sender,))
                removed["conversations"] = len(senders)
    shop_db = shop_db or database_path()
    if shop_db.exists():
        uploads = uploads or Path(os.environ.get("SHOP_UPLOADS", PROJECT_ROOT / "var" / "uploads"))
        with closing(sqlite3.connect(shop_db, timeout=30)) as connection, connection:
            for statement, table in _SHOP_TABLES:
                if _has_table(connection, table):
                    removed[table] = connection.execute(statement, (cutoff,)).rowcount
            if _has_table(connection, "attachments"):
                for (file_name,) in connection.execute(_OLD_ATTACHMENTS, (cutoff,)).fetchall():
                    (uploads / file_name).unlink(missing_ok=True)
                removed["attachments"] = connection.execute(_DELETE_ATTACHMENTS, (cutoff,)).rowcount
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=None, help="override retention_days of shop.yml")
    args = parser.parse_args(argv)
    days = args.days if args.days is not None else load_settings().retention_days
    try:
        removed = purge(days)
    except (ValueError, sqlite3.Error) as problem:
        print(f"error: retention could not run: {problem}", file=sys.stderr)
        return 1
    print(
        f"Retention ({days} days): removed {removed['conversations']} conversations, "
        f"{removed['chat_sessions']} widget sessions, {removed['handoffs']} hand-offs, "
        f"{removed['attachments']} photos."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
