"""The buyer's history as the shop knows it: passed in message metadata or kept in a profile store."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

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


_INSERT = (
    "INSERT OR REPLACE INTO buyer_profiles (buyer_id, order_count, total_spend, positive_feedback_count, "
    "brand_activities, first_cross_border, from_social) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_SELECT = (
    "SELECT buyer_id, order_count, total_spend, positive_feedback_count, brand_activities, "
    "first_cross_border, from_social FROM buyer_profiles WHERE buyer_id = ?"
)


class ProfileStore:
    """Buyer profiles in SQLite (the default store; one file, no server)."""

    COLUMNS = tuple(f.name for f in fields(BuyerProfile))

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS buyer_profiles ("
            "buyer_id TEXT PRIMARY KEY, order_count INTEGER, total_spend REAL, "
            "positive_feedback_count INTEGER, brand_activities INTEGER, "
            "first_cross_border INTEGER, from_social INTEGER)"
        )
        return connection

    def save(self, profile: BuyerProfile) -> None:
        if not profile.buyer_id:
            raise ValueError("a stored profile needs a buyer_id")
        row = profile.as_dict()
        with closing(self._connect()) as connection, connection:
            connection.execute(_INSERT, [row[c] for c in self.COLUMNS])

    def get(self, buyer_id: str) -> BuyerProfile | None:
        with closing(self._connect()) as connection:
            cursor = connection.execute(_SELECT, (buyer_id,))
            row = cursor.fetchone()
        if row is None:
            return None
        data = dict(zip(self.COLUMNS, row, strict=True))
        for flag in FLAG_FIELDS:
            data[flag] = bool(data[flag])
        return BuyerProfile(**data)
