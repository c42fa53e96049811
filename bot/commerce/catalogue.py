"""What the assistant asks of the shop: products with variants and stock, search, alternatives, orders.

Plain functions taking a Connection (compose them inside one transaction), and `Catalogue`, the
same queries on a database given by URL (default: bot.database.shop_database_url()), one short
transaction per call. Everything is SQLAlchemy Core with bound parameters; prices come back as
Decimal, times as naive UTC datetimes.

`order_for_buyer` is the only way a conversation should reach an order: it returns the order
only when the buyer's e-mail (case-insensitive) or buyer id matches the order's, compared in
constant time, and answers None alike for a wrong e-mail and an order that does not exist.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.commerce.schema import (
    Target,
    fold,
    from_cents,
    images,
    normal_email,
    order_key,
    order_lines,
    orders,
    product_translations,
    products,
    session,
    variants,
)

# Order states, as `OrderInfo.state` names them.
ORDER_STATES = (
    "unpaid",
    "paid_unfulfilled",
    "partially_fulfilled",
    "shipped",
    "delivered",
    "refunded",
    "cancelled",
)


@dataclass(frozen=True)
class VariantInfo:
    sku: str
    options: dict[str, str]
    price: Decimal | None
    compare_at_price: Decimal | None
    # None: stock not tracked (always available).
    inventory_qty: int | None
    image: str | None
    inventory_item_id: str | None = None

    @property
    def in_stock(self) -> bool:
        return self.inventory_qty is None or self.inventory_qty > 0

    @property
    def on_sale(self) -> bool:
        return bool(self.compare_at_price and self.price and self.compare_at_price > self.price)


@dataclass(frozen=True)
class ProductInfo:
    handle: str
    title: str
    description: str | None
    # The language of title and description (the export's own when there is no translation).
    language: str | None
    vendor: str | None
    product_type: str | None
    category: str | None
    tags: list[str]
    attributes: dict[str, Any]
    review_count: int | None
    review_average: float | None
    created_at: datetime | None
    variants: list[VariantInfo] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    @property
    def in_stock(self) -> bool:
        return any(v.in_stock for v in self.variants)

    @property
    def min_price(self) -> Decimal | None:
        prices = [v.price for v in self.variants if v.price is not None]
        return min(prices) if prices else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class OrderLineInfo:
    sku: str | None
    name: str | None
    quantity: int
    fulfilled_quantity: int
    price: Decimal | None


@dataclass(frozen=True)
class OrderInfo:
    number: str
    email: str | None
    buyer_id: str | None
    currency: str | None
    total: Decimal | None
    created_at: datetime | None
    paid_at: datetime | None
    financial_status: str | None
    fulfillment_status: str | None
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    shipment_status: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    shipping_country: str | None
    cancelled_at: datetime | None
    refunded_amount: Decimal | None
    refund_status: str | None
    lines: list[OrderLineInfo] = field(default_factory=list)

    @property
    def state(self) -> str:
        """One of ORDER_STATES."""
        if self.cancelled_at is not None:
            return "cancelled"
        if self.refund_status == "refunded":
            return "refunded"
        if self.financial_status in {None, "pending", "authorized", "partially_paid", "expired", "voided"}:
            return "unpaid"
        if self.fulfillment_status == "partial":
            return "partially_fulfilled"
        if self.delivered_at is not None:
            return "delivered"
        if self.fulfillment_status == "fulfilled" or self.shipped_at is not None:
            return "shipped"
        return "paid_unfulfilled"

    def days_since_delivery(self, today: datetime) -> int | None:
        return None if self.delivered_at is None else (today - self.delivered_at).days

    def as_dict(self) -> dict[str, Any]:
        return dict(asdict(self), state=self.state)


# ---------------------------------------------------------------- products


def _options(row: Any) -> dict[str, str]:
    found = {}
    for i in (1, 2, 3):
        name, value = row[f"option{i}_name"], row[f"option{i}_value"]
        if name and value and not (name == "Title" and value == "Default Title"):
            found[name] = value
    return found


def _variant(row: Any) -> VariantInfo:
    return VariantInfo(
        sku=row["sku"],
        options=_options(row),
        price=from_cents(row["price_cents"]),
        compare_at_price=from_cents(row["compare_at_price_cents"]),
        inventory_qty=row["inventory_qty"],
        image=row["image"],
        inventory_item_id=row["inventory_item_id"],
    )


def _load_products(connection: Connection, rows: list[Any], language: str | None) -> list[ProductInfo]:
    handles = [r["handle"] for r in rows]
    if not handles:
        return []
    by_variant: dict[str, list[VariantInfo]] = {h: [] for h in handles}
    for row in connection.execute(
        sa.select(variants)
        .where(variants.c.product_handle.in_(handles))
        .order_by(variants.c.product_handle, variants.c.position, variants.c.id)
    ).mappings():
        by_variant[row["product_handle"]].append(_variant(row))
    by_image: dict[str, list[str]] = {h: [] for h in handles}
    for handle, src in connection.execute(
        sa.select(images.c.handle, images.c.src)
        .where(images.c.handle.in_(handles))
        .order_by(images.c.position)
    ):
        by_image[handle].append(src)
    translated: dict[str, tuple[str | None, str | None]] = {}
    if language:
        for handle, title, description in connection.execute(
            sa.select(
                product_translations.c.handle,
                product_translations.c.title,
                product_translations.c.description,
            )
            .where(product_translations.c.handle.in_(handles))
            .where(product_translations.c.language == language)
        ):
            translated[handle] = (title, description)
    found = []
    for row in rows:
        title, description = translated.get(row["handle"], (None, None))
        found.append(
            ProductInfo(
                handle=row["handle"],
                title=title or row["title"],
                description=description or (None if title else row["description"]),
                language=language if title else None,
                vendor=row["vendor"],
                product_type=row["product_type"],
                category=row["category"],
                tags=[t.strip() for t in (row["tags"] or "").split(",") if t.strip()],
                attributes=dict(row["attributes"] or {}),
                review_count=row["review_count"],
                review_average=row["review_average"],
                created_at=row["created_at"],
                variants=by_variant[row["handle"]],
                images=by_image[row["handle"]],
            )
        )
    return found


def _listed() -> sa.sql.ColumnElement:
    return sa.and_(
        products.c.published.is_(True), sa.or_(products.c.status.is_(None), products.c.status == "active")
    )


def get_product(connection: Connection, handle: str, language: str | None = None) -> ProductInfo | None:
    """The product with its variants and images, its title in `language` when translated."""
    rows = list(connection.execute(sa.select(products).where(products.c.handle == handle)).mappings())
    found = _load_products(connection, rows, language)
    return found[0] if found else None


def stock_by_option(connection: Connection, handle: str) -> dict[str, dict[str, int | None]]:
    """{"Size": {"S": 3, "M": 0}, "Color": {...}}: stock summed over the variants with that value
    (None when a variant with it has untracked stock, i.e. always available)."""
    stock: dict[str, dict[str, int | None]] = {}
    rows = connection.execute(sa.select(variants).where(variants.c.product_handle == handle)).mappings()
    for row in rows:
        for name, value in _options(row).items():
            values = stock.setdefault(name, {})
            qty = row["inventory_qty"]
            if value in values and values[value] is None:
                continue
            values[value] = None if qty is None else (values.get(value) or 0) + qty
    return stock


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def search_tokens(query: str) -> list[str]:
    """Casefolded words of a query; runs of Chinese/Japanese/Korean characters as overlapping pairs."""
    tokens: list[str] = []
    for word in re.findall(r"\w+", fold(query)):
        for part in re.split(f"({_CJK.pattern})", word):
            if not part:
                continue
            if _CJK.fullmatch(part):
                tokens.extend([part] if len(part) < 2 else [part[i : i + 2] for i in range(len(part) - 1)])
            elif len(part) >= 2:
                tokens.append(part)
    return list(dict.fromkeys(tokens))


def search_products(
    connection: Connection, query: str, language: str | None = None, limit: int = 10
) -> list[ProductInfo]:
    """Listed products whose title (in `language` or the export's), tags, type, vendor or category
    contain the query's words; the most words matched first."""
    tokens = search_tokens(query)[:12]
    if not tokens:
        return []
    translation = product_translations.alias("t")
    joined = products.outerjoin(
        translation,
        sa.and_(translation.c.handle == products.c.handle, translation.c.language == (language or "")),
    )
    text = (
        sa.func.coalesce(translation.c.search_text, "") + " " + sa.func.coalesce(products.c.search_text, "")
    )
    matches = [text.contains(token, autoescape=True) for token in tokens]
    # A word in the (translated) title counts twice.
    in_title = [sa.func.coalesce(translation.c.search_text, "").contains(t, autoescape=True) for t in tokens]
    score = sum((sa.case((m, 1), else_=0) for m in matches + in_title), sa.literal(0))
    statement = (
        sa.select(products, score.label("score"))
        .select_from(joined)
        .where(_listed())
        .where(sa.or_(*matches))
        .order_by(sa.desc("score"), products.c.title)
        .limit(limit)
    )
    rows = list(connection.execute(statement).mappings())
    return _load_products(connection, rows, language)


def cheapest_alternatives(
    connection: Connection, handle: str, language: str | None = None, limit: int = 3
) -> list[ProductInfo]:
    """Other listed products of the same type with a variant in stock, cheapest (in-stock price) first."""
    product_type = connection.execute(
        sa.select(products.c.product_type).where(products.c.handle == handle)
    ).scalar_one_or_none()
    if not product_type:
        return []
    in_stock = sa.or_(variants.c.inventory_qty.is_(None), variants.c.inventory_qty > 0)
    cheapest = (
        sa.select(variants.c.product_handle, sa.func.min(variants.c.price_cents).label("price"))
        .where(in_stock)
        .group_by(variants.c.product_handle)
        .subquery()
    )
    statement = (
        sa.select(products)
        .join(cheapest, cheapest.c.product_handle == products.c.handle)
        .where(products.c.product_type == product_type)
        .where(products.c.handle != handle)
        .where(_listed())
        .order_by(cheapest.c.price, products.c.title)
        .limit(limit)
    )
    rows = list(connection.execute(statement).mappings())
    return _load_products(connection, rows, language)


def products_by_tag(connection: Connection, tag: str, language: str | None = None) -> list[ProductInfo]:
    from bot.commerce.schema import product_tags

    statement = (
        sa.select(products)
        .join(product_tags, product_tags.c.handle == products.c.handle)
        .where(product_tags.c.tag == fold(tag.strip()))
        .where(_listed())
        .order_by(products.c.title)
    )
    return _load_products(connection, list(connection.execute(statement).mappings()), language)


# ---------------------------------------------------------------- orders


def _order(row: Any, lines: Iterable[Any]) -> OrderInfo:
    return OrderInfo(
        number=row["number"],
        email=row["email"],
        buyer_id=row["buyer_id"],
        currency=row["currency"],
        total=from_cents(row["total_cents"]),
        created_at=row["created_at"],
        paid_at=row["paid_at"],
        financial_status=row["financial_status"],
        fulfillment_status=row["fulfillment_status"],
        carrier=row["carrier"],
        tracking_number=row["tracking_number"],
        tracking_url=row["tracking_url"],
        shipment_status=row["shipment_status"],
        shipped_at=row["shipped_at"],
        delivered_at=row["delivered_at"],
        shipping_country=row["shipping_country"],
        cancelled_at=row["cancelled_at"],
        refunded_amount=from_cents(row["refunded_cents"]),
        refund_status=row["refund_status"],
        lines=[
            OrderLineInfo(
                sku=line["sku"],
                name=line["name"],
                quantity=line["quantity"],
                fulfilled_quantity=line["fulfilled_quantity"],
                price=from_cents(line["price_cents"]),
            )
            for line in lines
        ],
    )


def order_by_number(connection: Connection, number: str) -> OrderInfo | None:
    """The order with its lines; "#1001", "1001" and "so-1234567" find "#1001" and "SO-1234567".

    For staff tools and tests: a conversation uses order_for_buyer."""
    key = order_key(number or "")
    if not key:
        return None
    row = connection.execute(sa.select(orders).where(orders.c.number_key == key)).mappings().first()
    if row is None:
        return None
    lines = connection.execute(
        sa.select(order_lines).where(order_lines.c.number_key == key).order_by(order_lines.c.position)
    ).mappings()
    return _order(row, lines)


def _same(given: str, stored: str | None) -> bool:
    # Always one comparison of the same kind, found or not, so timing says nothing either.
    expected = (stored or "").encode()
    matches = hmac.compare_digest(given.encode(), expected or b"\x00no-value")
    return matches and bool(given) and bool(expected)


def order_for_buyer(
    connection: Connection, number: str, email: str | None = None, buyer_id: str | None = None
) -> OrderInfo | None:
    """The order when the e-mail (case-insensitive) or the buyer id matches it; else None, never
    telling whether the order exists."""
    order = order_by_number(connection, number)
    email_ok = _same(normal_email(email), order.email if order else None) if email is not None else False
    buyer_ok = (
        _same((buyer_id or "").strip(), order.buyer_id if order else None) if buyer_id is not None else False
    )
    return order if order is not None and (email_ok or buyer_ok) else None


# ---------------------------------------------------------------- on a URL


class Catalogue:
    """The queries above on a database (URL, SQLite path, or the shop's), one transaction per call."""

    def __init__(self, target: Target = None) -> None:
        self.target = target

    def product(self, handle: str, language: str | None = None) -> ProductInfo | None:
        with session(self.target) as connection:
            return get_product(connection, handle, language)

    def stock_by_option(self, handle: str) -> dict[str, dict[str, int | None]]:
        with session(self.target) as connection:
            return stock_by_option(connection, handle)

    def search(self, query: str, language: str | None = None, limit: int = 10) -> list[ProductInfo]:
        with session(self.target) as connection:
            return search_products(connection, query, language, limit)

    def alternatives(self, handle: str, language: str | None = None, limit: int = 3) -> list[ProductInfo]:
        with session(self.target) as connection:
            return cheapest_alternatives(connection, handle, language, limit)

    def order_by_number(self, number: str) -> OrderInfo | None:
        with session(self.target) as connection:
            return order_by_number(connection, number)

    def order_for_buyer(
        self, number: str, email: str | None = None, buyer_id: str | None = None
    ) -> OrderInfo | None:
        with session(self.target) as connection:
            return order_for_buyer(connection, number, email, buyer_id)
