"""The shop's own database: chat sessions, hand-offs, return requests, bulk quotes, photos, buyer profiles.

One place configures it: the SQLAlchemy URL in $SHOP_DATABASE_URL, e.g.
``postgresql://shop:secret@db.internal:5432/shop``, used by every Rasa instance and every action
server, so that what one of them writes the others see. Without it the stores stay in SQLite files
under var/ (``$SHOP_DB``, default var/shop.sqlite; buyer profiles in ``$SHOP_PROFILE_DB``, default
var/profiles.sqlite), so `make run` needs no database server.

Tables are created at first use (never at import); every query is SQLAlchemy Core with bound
parameters.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from bot.settings import PROJECT_ROOT

DATABASE_URL_ENV = "SHOP_DATABASE_URL"
SHOP_DB_ENV = "SHOP_DB"
PROFILE_DB_ENV = "SHOP_PROFILE_DB"
POOL_SIZE_ENV = "SHOP_DATABASE_POOL_SIZE"
MAX_OVERFLOW_ENV = "SHOP_DATABASE_MAX_OVERFLOW"
# Any constant: two instances starting at once on PostgreSQL take turns creating the tables.
_SCHEMA_LOCK_KEY = 0x5A0B_D8
SQLITE_BUSY_TIMEOUT = 10

metadata = sa.MetaData()

return_requests = sa.Table(
    "return_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.Text, nullable=False, index=True),
    sa.Column("order_id", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("language", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False),
)
bulk_quotes = sa.Table(
    "bulk_quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.Text, nullable=False, index=True),
    sa.Column("product", sa.Text, nullable=False),
    sa.Column("quantity", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False),
    sa.Column("contact", sa.Text, nullable=False),
    sa.Column("language", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False),
)
handoffs = sa.Table(
    "handoffs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.Text, nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("resolved_at", sa.Float),
)
chat_sessions = sa.Table(
    "chat_sessions",
    metadata,
    sa.Column("session_id", sa.Text, primary_key=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_activity", sa.Float, nullable=False),
    sa.Column("handoff_requested", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("taken_over_by", sa.Text),
)
attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("attachment_id", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Text, nullable=False),
    # The name the photo had on disk before photos moved into the database (kept for old rows).
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    # The photo itself (BLOB in SQLite, BYTEA in PostgreSQL); NULL only in rows from before.
    sa.Column("data", sa.LargeBinary),
)
buyer_profiles = sa.Table(
    "buyer_profiles",
    metadata,
    sa.Column("buyer_id", sa.Text, primary_key=True),
    sa.Column("order_count", sa.Integer),
    sa.Column("total_spend", sa.Float),
    sa.Column("positive_feedback_count", sa.Integer),
    sa.Column("brand_activities", sa.Integer),
    sa.Column("first_cross_border", sa.Integer),
    sa.Column("from_social", sa.Integer),
)

SHOP_TABLES = (return_requests, bulk_quotes, handoffs, chat_sessions, attachments)
PROFILE_TABLES = (buyer_profiles,)
# Columns added after a table first shipped: (table, column) -> ALTER statement per dialect.
_ADDED_COLUMNS = {
    ("attachments", "data"): {
        "sqlite": "ALTER TABLE attachments ADD COLUMN data BLOB",
        "postgresql": "ALTER TABLE attachments ADD COLUMN data BYTEA",
    },
}


class DatabaseError(RuntimeError):
    """The shop database is misconfigured or cannot be reached."""


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def sqlite_url(path: Path | str) -> URL:
    return URL.create("sqlite", database=str(Path(path).expanduser().resolve()))


def parse_url(text: str) -> URL:
    try:
        return sa.engine.make_url(text.strip())
    except sa.exc.ArgumentError:
        raise DatabaseError(
            f"{DATABASE_URL_ENV} is not a database URL (e.g. postgresql://user:password@host:5432/shop)"
        ) from None


def configured_url(env: Mapping[str, str] | None = None) -> URL | None:
    """$SHOP_DATABASE_URL when set (and not empty), else None."""
    value = (_env(env).get(DATABASE_URL_ENV) or "").strip()
    return parse_url(value) if value else None


def shop_database_url(env: Mapping[str, str] | None = None) -> URL:
    """Sessions, records and photos: $SHOP_DATABASE_URL, else the SQLite file $SHOP_DB (var/shop.sqlite)."""
    configured = configured_url(env)
    if configured is not None:
        return configured
    return sqlite_url(_env(env).get(SHOP_DB_ENV) or PROJECT_ROOT / "var" / "shop.sqlite")


def profile_database_url(env: Mapping[str, str] | None = None) -> URL:
    """Buyer profiles: $SHOP_DATABASE_URL, else the SQLite file $SHOP_PROFILE_DB (var/profiles.sqlite)."""
    configured = configured_url(env)
    if configured is not None:
        return configured
    return sqlite_url(_env(env).get(PROFILE_DB_ENV) or PROJECT_ROOT / "var" / "profiles.sqlite")


def as_url(target: Path | str | URL | None, default: URL) -> URL:
    """A store's database: a URL (or text with ://), an SQLite file path, or the default."""
    if target is None:
        return default
    if isinstance(target, URL):
        return target
    if isinstance(target, str) and "://" in target:
        return parse_url(target)
    return sqlite_url(target)


def describe(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL (None for other databases and in-memory SQLite)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _key(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def create_engine(url: URL, env: Mapping[str, str] | None = None) -> Engine:
    """An engine with the shop's settings: a busy timeout on SQLite, a bounded pool and a connect
    timeout on PostgreSQL (an unreachable server fails within seconds instead of hanging)."""
    backend = url.get_backend_name()
    kwargs: dict = {"future": True}
    if backend == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = int(_env(env).get(POOL_SIZE_ENV) or 5)
        kwargs["max_overflow"] = int(_env(env).get(MAX_OVERFLOW_ENV) or 10)
        if backend == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 10}
    return sa.create_engine(url, **kwargs)


_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_ready: set[tuple[str, str]] = set()


def engine_for(url: URL) -> Engine:
    """One engine (one connection pool) per database and process, made at first use."""
    key = _key(url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = create_engine(url)
        return engine


def create_tables(connection: Connection, tables: Sequence[sa.Table]) -> None:
    """Creates the missing tables and adds columns that came later; safe with several processes."""
    if connection.dialect.name == "postgresql":
        # Held until the end of the transaction: one process at a time creates the tables.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
    metadata.create_all(connection, tables=list(tables), checkfirst=True)
    inspector = sa.inspect(connection)
    for (table, column), statements in _ADDED_COLUMNS.items():
        if table not in {t.name for t in tables}:
            continue
        present = {c["name"] for c in inspector.get_columns(table)}
        if column not in present and connection.dialect.name in statements:
            connection.execute(sa.text(statements[connection.dialect.name]))


def dispose_all() -> None:
    """Closes every pooled connection (tests; a process about to fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _ready.clear()


class Database:
    """A store's view of its database: connections in a transaction, its tables created at first use."""

    def __init__(self, url: URL, tables: Sequence[sa.Table]) -> None:
        self.url = url
        self.tables = tuple(tables)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside a transaction: committed when the block ends, rolled back on error."""
        engine = engine_for(self.url)
        ready = (_key(self.url), ",".join(sorted(t.name for t in self.tables)))
        if ready not in _ready:
            if self.dialect == "sqlite":
                # SQLite has no advisory lock: take the write lock first, so that processes
                # starting together create the tables one after the other.
                with engine.connect() as connection:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    create_tables(connection, self.tables)
                    connection.commit()
            else:
                with engine.begin() as connection:
                    create_tables(connection, self.tables)
            with _lock:
                _ready.add(ready)
        with engine.begin() as connection:
            yield connection


def check_reachable(url: URL) -> None:
    """Raises DatabaseError with one line when the database cannot be opened."""
    try:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        finally:
            engine.dispose()
    except (sa.exc.SQLAlchemyError, OSError, ValueError) as problem:
        reason = str(getattr(problem, "orig", None) or problem).strip().splitlines()
        raise DatabaseError(
            f"the shop database {describe(url)} cannot be opened ({reason[0] if reason else type(problem).__name__})"
        ) from None
