"""The buyer's history as the shop knows it: passed in message metadata or kept in a profile store."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL

from bot.database import PROFILE_TABLES, Database, as_url, buyer_profiles, profile_database_url, sqlite_file

NUMERIC_FIELDS = ("order_count", "total_spend", "positive_feedback_count", "brand_activities")
FLAG_FIELDS = ("first_cross_border", "from_social")


@dataclass(frozen=True)
class BuyerProfile:
    buyer_id: str | None = None
    order_count: int = 0
    total_spend: float = 0.0
    positive_feedback_count: int = 0
    brand_activities: int = 0
    first_cross_border: bool = False
    from_social: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> BuyerProfile | None:
        """A profile from untrusted metadata; values of the wrong type are ignored, not fatal."""
        if not isinstance(data, Mapping):
            return None
        values: dict[str, Any] = {}
        buyer_id = data.get("buyer_id", data.get("id"))
        if isinstance(buyer_id, (str, int)) and not isinstance(buyer_id, bool):
            values["buyer_id"] = str(buyer_id)[:128]
        for name in NUMERIC_FIELDS:
            value = data.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1e12:
                values[name] = float(value) if name == "total_spend" else int(value)
        for name in FLAG_FIELDS:
            if isinstance(data.get(name), bool):
                values[name] = data[name]
        if not values:
            return None
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tier_of(profile: BuyerProfile | None, thresholds: Mapping[str, Any]) -> tuple[str, str] | None:
    """(tier, reason) from the profile and the shop's thresholds; None without a profile."""
    if profile is None:
        return None
    vip = float(thresholds.get("vip_total_spend", 1000))
    core = int(thresholds.get("core_order_count", 5))
    quality = int(thresholds.get("quality_positive_feedback", 3))
    if profile.total_spend >= vip:
        return "vip", f"profile: total spend {profile.total_spend:g} >= {vip:g}"
    if profile.order_count >= core:
        return "core", f"profile: {profile.order_count} orders >= {core}"
    if profile.positive_feedback_count >= quality or profile.brand_activities >= 1:
        return "quality", (
            f"profile: {profile.positive_feedback_count} positive reviews, "
            f"{profile.brand_activities} brand activities"
        )
    return "regular", f"profile: {profile.order_count} orders, spend {profile.total_spend:g}"


class ProfileStore:
    """Buyer profiles: in the database given (a URL or an SQLite file), else in the shop database
    (`bot.database`: $SHOP_DATABASE_URL when set, else the SQLite file $SHOP_PROFILE_DB)."""

    COLUMNS = tuple(f.name for f in fields(BuyerProfile))

    def __init__(self, path: Path | str | URL | None = None) -> None:
        self.database = Database(as_url(path, profile_database_url()), PROFILE_TABLES)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None on a database server)."""
        return sqlite_file(self.database.url)

    def save(self, profile: BuyerProfile) -> None:
        if not profile.buyer_id:
            raise ValueError("a stored profile needs a buyer_id")
        row = profile.as_dict()
        values = {name: row[name] for name in self.COLUMNS}
        for flag in FLAG_FIELDS:
            values[flag] = int(bool(values[flag]))
        changed = {name: value for name, value in values.items() if name != "buyer_id"}
        with self.database.begin() as connection:
            dialect = connection.dialect.name
            if dialect in ("postgresql", "sqlite"):
                insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(buyer_profiles)
                statement = insert.values(**values).on_conflict_do_update(
                    index_elements=[buyer_profiles.c.buyer_id], set_=changed
                )
                connection.execute(statement)
                return
            updated = connection.execute(
                buyer_profiles.update()
                .where(buyer_profiles.c.buyer_id == values["buyer_id"])
                .values(**changed)
            )
            if not updated.rowcount:
                connection.execute(buyer_profiles.insert().values(**values))

    def get(self, buyer_id: str) -> BuyerProfile | None:
        query = sa.select(*(buyer_profiles.c[name] for name in self.COLUMNS)).where(
            buyer_profiles.c.buyer_id == buyer_id
        )
        with self.database.begin() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        data = dict(row)
        for flag in FLAG_FIELDS:
            data[flag] = bool(data[flag])
        return BuyerProfile(**data)
