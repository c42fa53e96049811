"""Deletes conversations whose last activity is older than the retention period (`retention_days`).

Usage: python -m bot.retention [--days N] [--endpoints endpoints.production.yml]
(also run by `make run` at start-up)

Conversations: the SQL tracker store of the endpoints file (endpoints.yml: the SQLite file
$TRACKER_DB; endpoints.production.yml: PostgreSQL from DB_HOST, DB_PORT, ...), read the way Rasa
reads it. Widget sessions, hand-offs and photos: the shop database ($SHOP_DATABASE_URL, else
$SHOP_DB), see bot/database.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Mapping

import sqlalchemy as sa
from sqlalchemy.engine import URL

from bot.database import (
    DatabaseError,
    as_url,
    attachments,
    chat_sessions,
    create_engine,
    describe,
    handoffs,
    shop_database_url,
    sqlite_file,
)
from bot.endpoints import DEFAULT_ENDPOINTS, tracker_store_url
from bot.errors import StartupError
from bot.settings import PROJECT_ROOT, load_settings
from bot.storage import shop_database

DAY = 86400
# Senders deleted per statement (keeps IN lists and transactions small).
BATCH = 500
# Rasa's SQL tracker store (rasa.core.tracker_store.SQLTrackerStore.SQLEvent): only the columns used.
events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


def tracker_db_path() -> Path:
    """The SQLite tracker store of endpoints.yml ($TRACKER_DB, else var/conversations.sqlite)."""
    return Path(os.environ.get("TRACKER_DB") or PROJECT_ROOT / "var" / "conversations.sqlite")


def tracker_url(endpoints: Path | None = None, env: Mapping[str, str] | None = None) -> URL | None:
    """The tracker store's database as Rasa will open it from the endpoints file; None when
    conversations are not kept in an SQL tracker store."""
    env = dict(os.environ if env is None else env)
    env.setdefault("TRACKER_DB", str(tracker_db_path()))
    return tracker_store_url(Path(endpoints) if endpoints else DEFAULT_ENDPOINTS, env)


def _missing_sqlite_file(url: URL) -> bool:
    """An SQLite database that does not exist yet: nothing to delete, and nothing is created."""
    path = sqlite_file(url)
    return path is not None and not path.exists()


def purge_conversations(url: URL, cutoff: float) -> dict[str, int]:
    """Deletes every conversation whose newest event is older than `cutoff` (seconds since the epoch)."""
    removed = {"conversations": 0, "events": 0}
    if _missing_sqlite_file(url):
        return removed
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return removed
            old = (
                sa.select(events.c.sender_id)
                .group_by(events.c.sender_id)
                .having(sa.func.max(events.c.timestamp) < cutoff)
            )
            senders = list(connection.execute(old).scalars())
        recent = events.alias("recent")
        for start in range(0, len(senders), BATCH):
            batch = senders[start : start + BATCH]
            # A conversation that got a new message since the select above is kept.
            statement = (
                sa.delete(events)
                .where(events.c.sender_id.in_(batch))
                .where(
                    ~sa.exists()
                    .where(recent.c.sender_id == events.c.sender_id)
                    .where(recent.c.timestamp >= cutoff)
                )
            )
            with engine.begin() as connection:
                removed["events"] += connection.execute(statement).rowcount
            removed["conversations"] += len(batch)
    finally:
        engine.dispose()
    return removed


def purge_shop(url: URL, cutoff: float, uploads: Path | None = None) -> dict[str, int]:
    """Deletes widget sessions, hand-offs and photos older than `cutoff` from the shop database."""
    removed = {"chat_sessions": 0, "handoffs": 0, "attachments": 0}
    if _missing_sqlite_file(url):
        return removed
    from bot.web.attachments import legacy_uploads_dir

    uploads = legacy_uploads_dir(uploads)
    with shop_database(url).begin() as connection:
        removed["chat_sessions"] = connection.execute(
            sa.delete(chat_sessions).where(chat_sessions.c.last_activity < cutoff)
        ).rowcount
        removed["handoffs"] = connection.execute(
            sa.delete(handoffs).where(handoffs.c.created_at < cutoff)
        ).rowcount
        # Photos stored as files before they moved into the database.
        old_files = sa.select(attachments.c.file_name).where(
            attachments.c.created_at < cutoff, attachments.c.data.is_(None)
        )
        for file_name in connection.execute(old_files).scalars():
            (uploads / Path(file_name).name).unlink(missing_ok=True)
        removed["attachments"] = connection.execute(
            sa.delete(attachments).where(attachments.c.created_at < cutoff)
        ).rowcount
    return removed


def purge(
    days: int,
    tracker_db: Path | str | URL | None = None,
    shop_db: Path | str | URL | None = None,
    uploads: Path | None = None,
    now: float | None = None,
    endpoints: Path | None = None,
) -> dict[str, int]:
    """Deletes what is older than `days`; returns how many conversations and records went.

    `tracker_db` and `shop_db` are SQLite files or database URLs; by default the tracker store of
    the endpoints file (`endpoints`, else endpoints.yml) and the configured shop database.
    """
    if days <= 0:
        raise ValueError("retention days must be positive")
    cutoff = (now or time.time()) - days * DAY
    removed = {"conversations": 0, "events": 0, "chat_sessions": 0, "handoffs": 0, "attachments": 0}
    trackers = (
        tracker_url(endpoints) if tracker_db is None else as_url(tracker_db, sa.engine.make_url("sqlite://"))
    )
    if trackers is not None:
        removed.update(purge_conversations(trackers, cutoff))
    removed.update(purge_shop(as_url(shop_db, shop_database_url()), cutoff, uploads))
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=None, help="override retention_days of shop.yml")
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=None,
        help="the Rasa endpoints file whose tracker store holds the conversations (default: endpoints.yml)",
    )
    args = parser.parse_args(argv)
    try:
        days = args.days if args.days is not None else load_settings().retention_days
        where = tracker_url(args.endpoints)
        removed = purge(days, endpoints=args.endpoints)
    except (ValueError, OSError, DatabaseError, StartupError, sa.exc.SQLAlchemyError) as problem:
        reason = str(getattr(problem, "orig", None) or problem).strip().splitlines()
        print(
            f"error: retention could not run: {reason[0] if reason else type(problem).__name__}",
            file=sys.stderr,
        )
        return 1
    print(
        f"Retention ({days} days): removed {removed['conversations']} conversations"
        f" ({removed['events']} events) from {describe(where) if where else 'no SQL tracker store'}, "
        f"{removed['chat_sessions']} widget sessions, {removed['handoffs']} hand-offs, "
        f"{removed['attachments']} photos from {describe(shop_database_url())}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
