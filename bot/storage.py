"""The shop's records the assistant writes: return requests, bulk quotes, hand-offs.

They live in the shop database (`bot.database`): $SHOP_DATABASE_URL, shared by every Rasa instance
and action server, else the SQLite file $SHOP_DB (var/shop.sqlite).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from bot.database import (
    SHOP_DB_ENV,
    SHOP_TABLES,
    Database,
    as_url,
    bulk_quotes,
    handoffs,
    return_requests,
    shop_database_url,
    sqlite_file,
)
from bot.settings import PROJECT_ROOT

DATABASE_ENV = SHOP_DB_ENV


def database_path() -> Path:
    """The SQLite file of the shop database when $SHOP_DATABASE_URL is not set."""
    url = shop_database_url()
    return sqlite_file(url) or PROJECT_ROOT / "var" / "shop.sqlite"


def shop_database(target: Path | str | URL | None = None) -> Database:
    """The shop database's sessions, records and photos: `target` (a URL or an SQLite file) or the
    configured one."""
    return Database(as_url(target, shop_database_url()), SHOP_TABLES)


class ShopRecords:
    def __init__(self, path: Path | str | URL | None = None) -> None:
        self.database = shop_database(path)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None on a database server)."""
        return sqlite_file(self.database.url)

    def add_return(self, sender_id: str, order_id: str, reason: str, language: str | None) -> None:
        with self.database.begin() as connection:
            connection.execute(
                return_requests.insert().values(
                    sender_id=sender_id,
                    order_id=order_id,
                    reason=reason,
                    language=language,
                    created_at=time.time(),
                )
            )

    def add_bulk_quote(self, sender_id: str, fields: dict[str, Any], language: str | None) -> None:
        with self.database.begin() as connection:
            connection.execute(
                bulk_quotes.insert().values(
                    sender_id=sender_id,
                    product=str(fields["product"]),
                    quantity=str(fields["quantity"]),
                    country=str(fields["country"]),
                    contact=str(fields["contact"]),
                    language=language,
                    created_at=time.time(),
                )
            )

    def add_handoff(self, sender_id: str, reason: str, summary: dict[str, Any]) -> None:
        with self.database.begin() as connection:
            connection.execute(
                handoffs.insert().values(
                    sender_id=sender_id,
                    reason=reason,
                    summary=json.dumps(summary, ensure_ascii=False),
                    created_at=time.time(),
                )
            )

    def handoffs(self, sender_id: str) -> list[dict[str, Any]]:
        query = (
            sa.select(
                handoffs.c.id,
                handoffs.c.sender_id,
                handoffs.c.reason,
                handoffs.c.summary,
                handoffs.c.created_at,
            )
            .where(handoffs.c.sender_id == sender_id)
            .order_by(handoffs.c.id)
        )
        with self.database.begin() as connection:
            rows = connection.execute(query).mappings().all()
        return [{**row, "summary": json.loads(row["summary"])} for row in rows]

    def returns(self, sender_id: str) -> list[dict[str, Any]]:
        query = (
            sa.select(return_requests.c.order_id, return_requests.c.reason, return_requests.c.language)
            .where(return_requests.c.sender_id == sender_id)
            .order_by(return_requests.c.id)
        )
        with self.database.begin() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def bulk_quotes(self, sender_id: str) -> list[dict[str, Any]]:
        columns = ("product", "quantity", "country", "contact", "language")
        query = (
            sa.select(*(bulk_quotes.c[name] for name in columns))
            .where(bulk_quotes.c.sender_id == sender_id)
            .order_by(bulk_quotes.c.id)
        )
        with self.database.begin() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]
