"""The shop's catalogue and orders as tables: products, translations, variants, images, orders, lines.

Same database as the rest of the shop (bot.database: $SHOP_DATABASE_URL, else var/shop.sqlite),
own `sa.MetaData()`, tables created at first use through `bot.database.create_tables` (never at
import). Every query elsewhere in bot.commerce is SQLAlchemy Core with bound parameters.

Money is stored as integers in hundredths of the currency unit (`*_cents` columns: 19.99 is 1999)
and handed out as `decimal.Decimal`, so no float ever touches a price. Times are stored as naive
UTC datetimes. E-mail addresses are stored lower-cased and stripped; order numbers are stored as
the shop writes them (`number`, e.g. "#1001" or "SO-1234567") plus a normalised key (`number_key`,
upper-case letters and digits only: "1001", "SO1234567") that lookups use.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from os import PathLike
from typing import Iterator, TypeAlias, Union

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from bot.database import Database, as_url, create_tables, shop_database_url

metadata = sa.MetaData()

products = sa.Table(
    "products",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("handle", sa.Text, nullable=False),
    # Title and description in the language of the export (the shop's default language).
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("vendor", sa.Text),
    sa.Column("product_type", sa.Text),
    sa.Column("category", sa.Text),
    # Comma-separated, as in the exports; the product_tags table holds them one per row.
    sa.Column("tags", sa.Text),
    sa.Column("published", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("status", sa.Text),
    sa.Column("created_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime),
    # Material, authenticity certificate, warranty... (Shopify metafields, WooCommerce attributes).
    sa.Column("attributes", sa.JSON),
    sa.Column("review_count", sa.Integer),
    sa.Column("review_average", sa.Float),
    # The platform's own id: "shopify:7654321", "woocommerce:42" (webhooks and translations use it).
    sa.Column("external_id", sa.Text),
    # Casefolded title, type, tags, vendor and category: what search_products matches.
    sa.Column("search_text", sa.Text),
    sa.UniqueConstraint("handle", name="uq_products_handle"),
    sa.Index("ix_products_type", "product_type"),
    sa.Index("ix_products_external_id", "external_id"),
)
product_tags = sa.Table(
    "product_tags",
    metadata,
    sa.Column("handle", sa.Text, primary_key=True),
    sa.Column("tag", sa.Text, primary_key=True),
    sa.Index("ix_product_tags_tag", "tag"),
)
product_translations = sa.Table(
    "product_translations",
    metadata,
    sa.Column("handle", sa.Text, primary_key=True),
    sa.Column("language", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("search_text", sa.Text),
)
variants = sa.Table(
    "variants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sku", sa.Text, nullable=False),
    sa.Column("product_handle", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("option1_name", sa.Text),
    sa.Column("option1_value", sa.Text),
    sa.Column("option2_name", sa.Text),
    sa.Column("option2_value", sa.Text),
    sa.Column("option3_name", sa.Text),
    sa.Column("option3_value", sa.Text),
    sa.Column("price_cents", sa.Integer),
    sa.Column("compare_at_price_cents", sa.Integer),
    # NULL: stock not tracked (always available).
    sa.Column("inventory_qty", sa.Integer),
    sa.Column("image", sa.Text),
    sa.Column("barcode", sa.Text),
    sa.Column("grams", sa.Integer),
    # Shopify's inventory item (inventory_levels/update webhooks name the variant by it).
    sa.Column("inventory_item_id", sa.Text),
    sa.UniqueConstraint("sku", name="uq_variants_sku"),
    sa.Index("ix_variants_handle", "product_handle"),
    sa.Index("ix_variants_inventory_item", "inventory_item_id"),
)
images = sa.Table(
    "images",
    metadata,
    sa.Column("handle", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("src", sa.Text, nullable=False),
    sa.Column("alt", sa.Text),
)
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.Text, nullable=False),
    sa.Column("number_key", sa.Text, nullable=False),
    sa.Column("external_id", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("buyer_id", sa.Text),
    sa.Column("currency", sa.Text),
    sa.Column("subtotal_cents", sa.Integer),
    sa.Column("shipping_cents", sa.Integer),
    sa.Column("taxes_cents", sa.Integer),
    sa.Column("total_cents", sa.Integer),
    sa.Column("discount_code", sa.Text),
    sa.Column("created_at", sa.DateTime),
    sa.Column("paid_at", sa.DateTime),
    # pending, authorized, partially_paid, paid, partially_refunded, refunded, voided.
    sa.Column("financial_status", sa.Text),
    # unfulfilled, partial, fulfilled, restocked.
    sa.Column("fulfillment_status", sa.Text),
    sa.Column("fulfilled_at", sa.DateTime),
    sa.Column("carrier", sa.Text),
    sa.Column("tracking_number", sa.Text),
    sa.Column("tracking_url", sa.Text),
    sa.Column("shipment_status", sa.Text),
    sa.Column("shipped_at", sa.DateTime),
    sa.Column("delivered_at", sa.DateTime),
    sa.Column("shipping_country", sa.Text),
    sa.Column("cancelled_at", sa.DateTime),
    sa.Column("refunded_cents", sa.Integer),
    # None, "partially_refunded" or "refunded".
    sa.Column("refund_status", sa.Text),
    sa.Column("tags", sa.Text),
    # The platform's updated_at of the last webhook applied (older deliveries are ignored).
    sa.Column("source_updated_at", sa.DateTime),
    sa.UniqueConstraint("number_key", name="uq_orders_number_key"),
    sa.Index("ix_orders_email", "email"),
    sa.Index("ix_orders_buyer", "buyer_id"),
)
order_lines = sa.Table(
    "order_lines",
    metadata,
    sa.Column("number_key", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("sku", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("fulfilled_quantity", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("price_cents", sa.Integer),
    sa.Column("fulfillment_status", sa.Text),
    sa.Index("ix_order_lines_sku", "sku"),
)
webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("delivery_id", sa.Text, primary_key=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("result", sa.Text, nullable=False),
    sa.Column("received_at", sa.DateTime, nullable=False),
)

COMMERCE_TABLES = (
    products,
    product_tags,
    product_translations,
    variants,
    images,
    orders,
    order_lines,
    webhook_deliveries,
)

Target: TypeAlias = Union[Connection, URL, str, "PathLike[str]", None]


def commerce_database(target: URL | str | PathLike[str] | None = None) -> Database:
    """The catalogue's database: a URL, an SQLite file, or the shop's (bot.database.shop_database_url)."""
    return Database(as_url(target, shop_database_url()), COMMERCE_TABLES)


def ensure_tables(connection: Connection) -> None:
    """Creates the catalogue's missing tables on `connection` (cheap when they exist)."""
    create_tables(connection, COMMERCE_TABLES)


@contextmanager
def session(target: Target = None) -> Iterator[Connection]:
    """A connection in a transaction with the tables present.

    A Connection passed in is used as it is (inside the caller's transaction, which the caller
    commits); anything else opens the database and commits when the block ends.
    """
    if isinstance(target, Connection):
        ensure_tables(target)
        yield target
        return
    with commerce_database(target).begin() as connection:
        yield connection


# ---- normal forms shared by the importers, the queries and the webhooks ----

_NOT_KEY = re.compile(r"[^0-9A-Z]+")
_CENT = Decimal("0.01")


def order_key(number: str) -> str:
    """The normalised order number: "#1001", "1001" and " 1001 " -> "1001"; "so-1234567" -> "SO1234567"."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", number or "").upper())


def normal_email(email: str | None) -> str:
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def to_cents(value: str | int | float | Decimal | None) -> int | None:
    """Text or number -> integer hundredths; None for empty; ValueError when not a number."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"'{value}' is not a number")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(_CENT)


def search_text(*parts: str | None) -> str:
    """Casefolded, accent-insensitive text for LIKE matching (SQLite's lower() is ASCII only)."""
    text = " ".join(p for p in parts if p)
    return fold(text)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
