"""Importers for the shop's exports: products (Shopify, WooCommerce), orders and fulfilments, translations, reviews.

Every importer takes a path (or an open text file) and a database (a Connection, a URL, an
SQLite path, or None for bot.database.shop_database_url()), and returns an ImportReport: rows
read, records inserted and updated, and every bad row with its line number and the reason.

* One transaction: when any row is bad nothing is written (`report.written` is False), unless
  `skip_bad_rows=True`, which imports the good rows and still reports the bad ones.
* Idempotent: re-importing a file updates what is there (products by handle, variants by SKU,
  orders by normalised number, translations by handle and language) and never duplicates.
* Money is stored in integer hundredths (see bot.commerce.schema); prices must be plain numbers
  with a dot ("19.99"), as the exports write them.
* `progress(done, total)` is called while records are written.

Formats
-------
Shopify products (Products > Export): Handle, Title, Body (HTML), Vendor, Product Category, Type,
Tags, Published, Option1 Name/Value .. Option3 Name/Value, Variant SKU, Variant Grams, Variant
Inventory Tracker, Variant Inventory Qty, Variant Inventory Policy, Variant Fulfillment Service,
Variant Price, Variant Compare At Price, Variant Requires Shipping, Variant Taxable, Variant
Barcode, Image Src, Image Position, Image Alt Text, Gift Card, SEO Title, SEO Description, ...,
Variant Image, Variant Weight Unit, Cost per item, Status. Several rows per handle: the first
carries the product fields, later rows only variant and/or image fields. Metafield columns
("Material (product.metafields.custom.material)") become product attributes; the metafield
`listed_on` is the product's created date, `reviews.rating` / `reviews.rating_count` its review
figures. The newer export's names ("URL handle", "SKU", "Price", "Compare-at price", "Inventory
quantity", ...) are accepted too. A variant without a SKU gets "<handle>--<option values>".

WooCommerce products (Products > Export): ID, Type (simple, variable, variation, ...), SKU,
Name, Published, Short description, Description, Regular price, Sale price, Stock, In stock?,
Categories, Tags, Images, Parent, Attribute 1 name, Attribute 1 value(s), ... A variation names
its parent as "id:NN" or by the parent's SKU. WooCommerce exports no slug: the handle is made from
the name (and kept on re-import through the stored WooCommerce id). The product type is the last
level of the first category; attributes that are not variation options become product attributes.

Shopify orders (Orders > Export): one row per line item; the order-level fields (Email,
Financial Status, Paid at, Fulfillment Status, Fulfilled at, Currency, Subtotal, Shipping,
Taxes, Total, Discount Code, Created at, Shipping Country, Cancelled at, Refunded Amount, Id,
Tags, ...) only on the first row of an order; Lineitem quantity, Lineitem name, Lineitem price,
Lineitem sku and Lineitem fulfillment status on every row. The buyer id comes from a "Customer
ID" column when there is one, else from a `buyer_id: ...` line of Note Attributes. An order with
a bad row is skipped whole under skip_bad_rows (half an order would be wrong).

Fulfilments: Shopify's order export has no carrier or tracking columns, so tracking comes from
a separate CSV of this project's own format, one row per shipment:
    Order, Carrier, Tracking Number, Tracking URL, Shipped At, Delivered At, Shipment Status
(Order as the shop writes it, "#1001"; dates like the exports, "2025-06-01 14:03:00 +0200" or
ISO 8601; Shipment Status optional: in_transit, out_for_delivery, delivered, failure, ...). When
an order has several rows, the latest shipment gives the order its tracking.

Translations: one CSV per language with columns handle, title, description; or Shopify's
translation export (Type, Identification, Field, Locale, Market, Status, Default content,
Translated content), of which PRODUCT rows with Field title or body_html are used (the product is
found by its `handle` row, its Shopify id, or a handle in Identification); market-specific rows
are skipped. Locales are reduced to the language ("pt-BR" -> "pt").

Reviews: handle, review_count, review_average (0 to 5).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.commerce.csvfiles import (
    BadRow,
    ImportFormatError,
    ImportReport,
    Progress,
    Row,
    RowError,
    Source,
    chunks,
    parse_bool,
    parse_cents,
    parse_int,
    parse_time,
    read_rows,
    require_columns,
    slugify,
    source_name,
    split_list,
)
from bot.commerce.schema import (
    Target,
    fold,
    images,
    normal_email,
    order_key,
    order_lines,
    orders,
    product_tags,
    product_translations,
    products,
    search_text,
    session,
    variants,
)

__all__ = [
    "ImportFormatError",
    "ImportReport",
    "BadRow",
    "detect_product_format",
    "import_products",
    "import_shopify_products",
    "import_woocommerce_products",
    "import_orders",
    "import_fulfilments",
    "import_translations",
    "import_reviews",
]

_IN_CHUNK = 500


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _existing(connection: Connection, column: sa.Column, keys: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(sorted(set(keys)), _IN_CHUNK):
        found.update(connection.execute(sa.select(column).where(column.in_(part))).scalars())
    return found


# ============================================================ products


@dataclass
class VariantRecord:
    sku: str
    line: int
    position: int
    options: list[tuple[str | None, str | None]]
    price_cents: int | None
    compare_at_cents: int | None
    inventory_qty: int | None
    image: str | None = None
    barcode: str | None = None
    grams: int | None = None
    inventory_item_id: str | None = None


@dataclass
class ProductRecord:
    handle: str
    line: int
    # None: the file only adds variants or images to a product already in the shop.
    fields: dict[str, Any] | None
    tags: list[str] | None = None
    option_names: list[str | None] = field(default_factory=lambda: [None, None, None])
    variants: list[VariantRecord] = field(default_factory=list)
    images: list[tuple[int, str, str | None]] = field(default_factory=list)


def _product_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    values["search_text"] = search_text(
        fields.get("title"),
        fields.get("product_type"),
        fields.get("tags"),
        fields.get("vendor"),
        fields.get("category"),
    )
    return values


def write_products(
    connection: Connection, records: list[ProductRecord], report: ImportReport, progress: Progress | None
) -> None:
    """Upserts products (by handle), their tags, variants (by SKU) and images (replaced per handle)."""
    handles = _existing(connection, products.c.handle, (r.handle for r in records))
    skus = _existing(connection, variants.c.sku, (v.sku for r in records for v in r.variants))
    now = _now()
    for done, record in enumerate(records, 1):
        if record.fields is not None:
            values = _product_values(record.fields)
            values["updated_at"] = now
            if record.handle in handles:
                if values.get("created_at") is None:
                    values.pop("created_at", None)
                for name in ("review_count", "review_average"):
                    if values.get(name) is None:
                        values.pop(name, None)
                connection.execute(
                    products.update().where(products.c.handle == record.handle).values(**values)
                )
                report.updated += 1
            else:
                values.setdefault("created_at", None)
                values["created_at"] = values["created_at"] or now
                connection.execute(products.insert().values(handle=record.handle, **values))
                handles.add(record.handle)
                report.inserted += 1
            if record.tags is not None:
                connection.execute(product_tags.delete().where(product_tags.c.handle == record.handle))
                tags = sorted({fold(t) for t in record.tags})
                if tags:
                    connection.execute(
                        product_tags.insert(), [{"handle": record.handle, "tag": t} for t in tags]
                    )
        for variant in record.variants:
            values = {
                "product_handle": record.handle,
                "position": variant.position,
                "price_cents": variant.price_cents,
                "compare_at_price_cents": variant.compare_at_cents,
                "inventory_qty": variant.inventory_qty,
                "image": variant.image,
                "barcode": variant.barcode,
                "grams": variant.grams,
            }
            if variant.inventory_item_id is not None:
                values["inventory_item_id"] = variant.inventory_item_id
            for i, (option_name, option_value) in enumerate(variant.options, 1):
                values[f"option{i}_name"] = option_name
                values[f"option{i}_value"] = option_value
            if variant.sku in skus:
                connection.execute(variants.update().where(variants.c.sku == variant.sku).values(**values))
                report.count("variants updated")
            else:
                connection.execute(variants.insert().values(sku=variant.sku, **values))
                skus.add(variant.sku)
                report.count("variants inserted")
        if record.images:
            connection.execute(images.delete().where(images.c.handle == record.handle))
            connection.execute(
                images.insert(),
                [{"handle": record.handle, "position": p, "src": s, "alt": a} for p, s, a in record.images],
            )
            report.count("images", len(record.images))
        if progress:
            progress(done, len(records))


def _finish_products(
    connection: Connection,
    records: list[ProductRecord],
    report: ImportReport,
    skip_bad_rows: bool,
    progress: Progress | None,
) -> ImportReport:
    if report.bad_rows and not skip_bad_rows:
        return report
    write_products(connection, records, report, progress)
    report.written = True
    return report


# ---- Shopify products

SHOPIFY_PRODUCT_ALIASES = {
    # The newer Shopify export's column names -> the classic ones.
    "url handle": "handle",
    "description": "body (html)",
    "product category": "product category",
    "sku": "variant sku",
    "price": "variant price",
    "compare-at price": "variant compare at price",
    "inventory quantity": "variant inventory qty",
    "inventory tracker": "variant inventory tracker",
    "weight value (grams)": "variant grams",
    "barcode": "variant barcode",
    "product image url": "image src",
    "image alt text": "image alt text",
    "variant image url": "variant image",
    "published on online store": "published",
}
_METAFIELD = re.compile(r"\(product\.metafields\.([\w-]+)\.([\w-]+)\)\s*$")


def _metafield_columns(header: list[str]) -> dict[str, tuple[str, str]]:
    found = {}
    for name in header:
        match = _METAFIELD.search(name)
        if match:
            found[name] = (match.group(1), match.group(2))
    return found


def _rating(text: str) -> str:
    """reviews.rating is JSON ({"value": "4.5", "scale_max": "5.0"}) in Shopify, or a plain number."""
    value = text.strip()
    if value.startswith("{"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            raise RowError(f"rating '{value}' is not a number") from None
        return str(parsed.get("value", "")) if isinstance(parsed, dict) else ""
    return value


def _review_average(text: str, column: str) -> float | None:
    cents = parse_cents(text, column)
    if cents is None:
        return None
    if cents > 500:
        raise RowError(f"{column} '{text.strip()}' is above 5")
    return cents / 100


def _shopify_product_fields(
    row: Row, metafields: dict[str, tuple[str, str]]
) -> tuple[dict[str, Any], list[str]]:
    title = row.get("title")
    tags = split_list(row.get("tags"))
    status = row.get("status").casefold() or None
    if status and status not in {"active", "draft", "archived", "unlisted"}:
        raise RowError(f"Status '{row.get('status')}' is not active, draft or archived")
    attributes: dict[str, Any] = {}
    created_at = None
    review_count = None
    review_average = None
    for column, (namespace, key) in metafields.items():
        value = row.get(column)
        if not value:
            continue
        if key == "listed_on":
            created_at = parse_time(value, column)
        elif namespace == "reviews" and key == "rating_count":
            review_count = parse_int(value, column)
        elif namespace == "reviews" and key == "rating":
            review_average = _review_average(_rating(value), column)
        else:
            attributes[key] = value
    fields: dict[str, Any] = {
        "title": title,
        "description": row.raw("body (html)").strip() or None,
        "vendor": row.get("vendor") or None,
        "category": row.get("product category") or None,
        "product_type": row.get("type") or None,
        "tags": ", ".join(tags) or None,
        "published": parse_bool(row.get("published"), "Published"),
        "status": status,
        "attributes": attributes or None,
        "created_at": created_at,
        "review_count": review_count,
        "review_average": review_average,
    }
    return fields, tags


def _is_variant_row(row: Row) -> bool:
    return any(row.get(c) for c in ("option1 value", "variant sku", "variant price", "variant inventory qty"))


def _synthetic_sku(handle: str, values: list[str | None]) -> str:
    suffix = "-".join(slugify(v) for v in values if v) or "default"
    return f"{handle}--{suffix}"


def parse_shopify_products(
    source: Source, connection: Connection, report: ImportReport
) -> list[ProductRecord]:
    header, rows = read_rows(source, SHOPIFY_PRODUCT_ALIASES)
    require_columns(header, ("Handle", "Title"), "Shopify product export")
    name = source_name(source)
    metafields = _metafield_columns(header)
    report.rows_read += len(rows)
    in_shop = _existing(connection, products.c.handle, (r.get("handle") for r in rows if r.get("handle")))
    records: dict[str, ProductRecord] = {}
    sku_lines: dict[str, int] = {}

    def bad(row: Row, reason: str) -> None:
        report.bad_rows.append(BadRow(row.line, reason, name))

    for row in rows:
        handle = row.get("handle")
        if not handle:
            bad(row, "missing Handle")
            continue
        record = records.get(handle)
        try:
            if record is None:
                if row.get("title"):
                    fields, tags = _shopify_product_fields(row, metafields)
                    record = ProductRecord(handle, row.line, fields, tags)
                    record.option_names = [row.get(f"option{i} name") or None for i in (1, 2, 3)]
                elif handle in in_shop:
                    record = ProductRecord(handle, row.line, None)
                else:
                    raise RowError(
                        f"no product row for handle '{handle}' (the first row of a product needs a Title)"
                    )
            variant = None
            if _is_variant_row(row):
                options = []
                for i in (1, 2, 3):
                    option_name = row.get(f"option{i} name") or record.option_names[i - 1]
                    option_value = row.get(f"option{i} value") or None
                    options.append((option_name if option_value else None, option_value))
                price = parse_cents(row.get("variant price"), "Variant Price")
                if price is None:
                    raise RowError("missing Variant Price")
                qty = parse_int(row.get("variant inventory qty"), "Variant Inventory Qty", what="stock")
                if qty is None and row.get("variant inventory tracker"):
                    qty = 0
                sku = row.get("variant sku") or _synthetic_sku(handle, [v for _, v in options])
                if sku in sku_lines:
                    raise RowError(f"SKU '{sku}' appears twice (first on line {sku_lines[sku]})")
                variant = VariantRecord(
                    sku=sku,
                    line=row.line,
                    position=len(record.variants) + 1,
                    options=options,
                    price_cents=price,
                    compare_at_cents=parse_cents(
                        row.get("variant compare at price"), "Variant Compare At Price"
                    ),
                    inventory_qty=qty,
                    image=row.get("variant image") or None,
                    barcode=row.get("variant barcode") or None,
                    grams=parse_int(row.get("variant grams"), "Variant Grams"),
                )
            image = None
            if row.get("image src"):
                position = parse_int(row.get("image position"), "Image Position", minimum=1)
                taken = {p for p, _, _ in record.images}
                position = position or (max(taken) + 1 if taken else 1)
                if position in taken:
                    raise RowError(f"Image Position {position} appears twice for '{handle}'")
                image = (position, row.get("image src"), row.get("image alt text") or None)
        except RowError as error:
            bad(row, str(error))
            continue
        records.setdefault(handle, record)
        if variant is not None:
            sku_lines[variant.sku] = row.line
            record.variants.append(variant)
        if image is not None:
            record.images.append(image)
    return list(records.values())


def import_shopify_products(
    source: Source, target: Target = None, *, skip_bad_rows: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Imports a Shopify product CSV export (see the module docstring for the columns)."""
    report = ImportReport("products")
    with session(target) as connection:
        records = parse_shopify_products(source, connection, report)
        return _finish_products(connection, records, report, skip_bad_rows, progress)


# ---- WooCommerce products

_WOO_TYPES = {"simple", "variable", "variation", "grouped", "external"}


def _woo_attributes(row: Row) -> list[tuple[str, str]]:
    found = []
    for i in range(1, 10):
        name = row.get(f"attribute {i} name")
        if not row.has(f"attribute {i} name"):
            break
        value = row.get(f"attribute {i} value(s)")
        if name and value:
            found.append((name, value))
    return found


def _woo_price(row: Row) -> tuple[int | None, int | None]:
    regular = parse_cents(row.get("regular price"), "Regular price")
    sale = parse_cents(row.get("sale price"), "Sale price")
    if sale is not None and regular is not None and sale < regular:
        return sale, regular
    return (sale if regular is None else regular), None


def _woo_stock(row: Row) -> int | None:
    qty = parse_int(row.get("stock"), "Stock", what="stock")
    if qty is None and row.has("in stock?") and row.get("in stock?") in {"0", "false", "no"}:
        return 0
    return qty


def parse_woocommerce_products(
    source: Source, connection: Connection, report: ImportReport
) -> list[ProductRecord]:
    header, rows = read_rows(source)
    require_columns(header, ("Type", "SKU", "Name"), "WooCommerce product export")
    name = source_name(source)
    report.rows_read += len(rows)

    def bad(row: Row, reason: str) -> None:
        report.bad_rows.append(BadRow(row.line, reason, name))

    known_handles: dict[str, str] = {
        external: handle
        for external, handle in connection.execute(
            sa.select(products.c.external_id, products.c.handle).where(
                products.c.external_id.like("woocommerce:%")
            )
        )
    }
    records: dict[str, ProductRecord] = {}
    by_ref: dict[str, ProductRecord] = {}
    variation_rows: list[Row] = []
    sku_lines: dict[str, int] = {}
    file_handles: set[str] = set()

    for row in rows:
        try:
            types = {t.casefold() for t in split_list(row.get("type"))}
            kinds = types & _WOO_TYPES
            if not kinds:
                raise RowError(f"Type '{row.get('type')}' is not simple, variable or variation")
            woo_id = parse_int(row.get("id"), "ID", minimum=1)
            if "variation" in kinds:
                variation_rows.append(row)
                continue
            title = row.get("name")
            if not title:
                raise RowError("missing Name")
            external = f"woocommerce:{woo_id}" if woo_id else None
            handle = known_handles.get(external or "") or slugify(title)
            if handle in file_handles:
                handle = f"{handle}-{woo_id or row.line}"
            categories = split_list(row.get("categories"))
            first = categories[0] if categories else ""
            tags = split_list(row.get("tags"))
            attributes = _woo_attributes(row)
            published = row.get("published")
            fields: dict[str, Any] = {
                "title": title,
                "description": (row.raw("short description") or row.raw("description")).strip() or None,
                "vendor": row.get("brands") or None,
                "category": first or None,
                "product_type": first.split(">")[-1].strip() if first else None,
                "tags": ", ".join(tags) or None,
                "published": published not in {"0", "-1"},
                "status": {"1": "active", "0": "draft", "-1": "draft"}.get(published, "active"),
                "attributes": None,
                "created_at": None,
                "external_id": external,
                "review_count": None,
                "review_average": None,
            }
            record = ProductRecord(handle, row.line, fields, tags)
            record.images = [(i, src, None) for i, src in enumerate(split_list(row.get("images")), 1)]
            if "simple" in kinds or "external" in kinds:
                if attributes:
                    fields["attributes"] = {k.casefold(): v for k, v in attributes}
                price, compare = _woo_price(row)
                if price is None:
                    raise RowError("missing Regular price")
                sku = row.get("sku") or (f"woo-{woo_id}" if woo_id else _synthetic_sku(handle, []))
                if sku in sku_lines:
                    raise RowError(f"SKU '{sku}' appears twice (first on line {sku_lines[sku]})")
                sku_lines[sku] = row.line
                record.variants.append(
                    VariantRecord(sku, row.line, 1, [(None, None)] * 3, price, compare, _woo_stock(row))
                )
            else:
                # A variable product: its attributes with several values are the options.
                option_attributes = [a for a in attributes if "," in a[1]] or attributes
                fixed = [a for a in attributes if a not in option_attributes]
                option_names: list[str | None] = [a[0] for a in option_attributes[:3]]
                record.option_names = option_names + [None] * (3 - len(option_names))
                if fixed:
                    fields["attributes"] = {k.casefold(): v for k, v in fixed}
                if row.get("sku"):
                    by_ref[f"sku:{row.get('sku')}"] = record
        except RowError as error:
            bad(row, str(error))
            continue
        records[handle] = record
        file_handles.add(handle)
        if woo_id:
            by_ref[f"id:{woo_id}"] = record

    for row in variation_rows:
        try:
            parent_ref = row.get("parent")
            if not parent_ref:
                raise RowError("variation without a Parent")
            key = parent_ref if parent_ref.startswith("id:") else f"sku:{parent_ref}"
            parent = by_ref.get(key)
            if parent is None:
                shop_handle = (
                    known_handles.get(f"woocommerce:{parent_ref[3:]}") if key.startswith("id:") else None
                )
                if shop_handle is None:
                    raise RowError(f"unknown parent '{parent_ref}'")
                parent = records.get(shop_handle) or ProductRecord(shop_handle, row.line, None)
            values = dict(_woo_attributes(row))
            names = [n for n in parent.option_names if n] or list(values)[:3]
            options: list[tuple[str | None, str | None]] = [
                (n, values[n]) if values.get(n) else (None, None) for n in names[:3]
            ]
            options += [(None, None)] * (3 - len(options))
            price, compare = _woo_price(row)
            if price is None:
                raise RowError("missing Regular price")
            woo_id = parse_int(row.get("id"), "ID", minimum=1)
            sku = row.get("sku") or (
                f"woo-{woo_id}" if woo_id else _synthetic_sku(parent.handle, [v for _, v in options])
            )
            if sku in sku_lines:
                raise RowError(f"SKU '{sku}' appears twice (first on line {sku_lines[sku]})")
            pictures = split_list(row.get("images"))
            image = pictures[0] if pictures else None
            variant = VariantRecord(
                sku, row.line, len(parent.variants) + 1, options, price, compare, _woo_stock(row), image
            )
        except RowError as error:
            bad(row, str(error))
            continue
        sku_lines[sku] = row.line
        parent.variants.append(variant)
        records.setdefault(parent.handle, parent)
    return list(records.values())


def import_woocommerce_products(
    source: Source, target: Target = None, *, skip_bad_rows: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Imports a WooCommerce product CSV export (see the module docstring for the columns)."""
    report = ImportReport("products")
    with session(target) as connection:
        records = parse_woocommerce_products(source, connection, report)
        return _finish_products(connection, records, report, skip_bad_rows, progress)


def detect_product_format(source: Source) -> str:
    """'shopify' or 'woocommerce', from the header line."""
    header, _ = read_rows(source)
    if "handle" in header or "url handle" in header:
        return "shopify"
    if {"type", "sku", "name"} <= set(header):
        return "woocommerce"
    raise ImportFormatError(
        "not a Shopify or WooCommerce product export (no Handle, nor Type/SKU/Name columns)"
    )


def import_products(
    source: Source,
    target: Target = None,
    *,
    format: str | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """A product export in either format (`format` None: told from the header)."""
    if format is None:
        if not isinstance(source, (str,)) and hasattr(source, "read"):
            raise ImportFormatError("give the format of a product export read from an open file")
        format = detect_product_format(source)
    if format == "shopify":
        return import_shopify_products(source, target, skip_bad_rows=skip_bad_rows, progress=progress)
    if format == "woocommerce":
        return import_woocommerce_products(source, target, skip_bad_rows=skip_bad_rows, progress=progress)
    raise ImportFormatError(f"unknown product format '{format}' (shopify or woocommerce)")


# ============================================================ orders

FINANCIAL_STATUSES = {
    "pending",
    "authorized",
    "partially_paid",
    "paid",
    "partially_refunded",
    "refunded",
    "voided",
    "expired",
}
FULFILLMENT_STATUSES = {"fulfilled", "unfulfilled", "partial", "restocked", "pending", "scheduled", "on_hold"}
LINE_FULFILLMENT_STATUSES = {"fulfilled", "pending", "partial", "unfulfilled", "restocked"}
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")


@dataclass
class OrderRecord:
    key: str
    line: int
    values: dict[str, Any]
    lines: list[dict[str, Any]] = field(default_factory=list)


def _buyer_id(row: Row) -> str | None:
    for column in ("customer id", "customer: id"):
        if row.get(column):
            return row.get(column)
    for note in re.split(r"[\n;]", row.raw("note attributes")):
        name, _, value = note.partition(":")
        if name.strip().casefold() == "buyer_id" and value.strip():
            return value.strip()
    return None


def _order_values(row: Row) -> dict[str, Any]:
    email = normal_email(row.get("email")) or None
    if email and ("@" not in email or " " in email):
        raise RowError(f"Email '{row.get('email')}' is not an e-mail address")
    financial = row.get("financial status").casefold() or None
    if financial and financial not in FINANCIAL_STATUSES:
        raise RowError(f"Financial Status '{row.get('financial status')}' is not a Shopify financial status")
    fulfillment = row.get("fulfillment status").casefold() or "unfulfilled"
    if fulfillment not in FULFILLMENT_STATUSES:
        raise RowError(
            f"Fulfillment Status '{row.get('fulfillment status')}' is not a Shopify fulfilment status"
        )
    country = row.get("shipping country")
    if country and not _COUNTRY.match(country):
        raise RowError(f"Shipping Country '{country}' is not a two-letter ISO code")
    currency = row.get("currency")
    if currency and not _CURRENCY.match(currency):
        raise RowError(f"Currency '{currency}' is not a three-letter ISO code")
    refunded = parse_cents(row.get("refunded amount"), "Refunded Amount")
    refund_status = financial if financial in {"refunded", "partially_refunded"} else None
    if refund_status is None and refunded:
        refund_status = "partially_refunded"
    return {
        "number": row.get("name"),
        "external_id": f"shopify:{row.get('id')}" if row.get("id") else None,
        "email": email,
        "buyer_id": _buyer_id(row),
        "currency": currency.upper() or None,
        "subtotal_cents": parse_cents(row.get("subtotal"), "Subtotal"),
        "shipping_cents": parse_cents(row.get("shipping"), "Shipping"),
        "taxes_cents": parse_cents(row.get("taxes"), "Taxes"),
        "total_cents": parse_cents(row.get("total"), "Total"),
        "discount_code": row.get("discount code") or None,
        "created_at": parse_time(row.get("created at"), "Created at"),
        "paid_at": parse_time(row.get("paid at"), "Paid at"),
        "financial_status": financial,
        "fulfillment_status": fulfillment,
        "fulfilled_at": parse_time(row.get("fulfilled at"), "Fulfilled at"),
        "shipping_country": country.upper() or None,
        "cancelled_at": parse_time(row.get("cancelled at"), "Cancelled at"),
        "refunded_cents": refunded,
        "refund_status": refund_status,
        "tags": row.get("tags") or None,
    }


def _line_values(row: Row, known_skus: set[str]) -> dict[str, Any]:
    quantity = parse_int(row.get("lineitem quantity"), "Lineitem quantity", minimum=1)
    if quantity is None:
        raise RowError("missing Lineitem quantity")
    sku = row.get("lineitem sku") or None
    if sku and sku not in known_skus:
        raise RowError(f"unknown sku '{sku}'")
    status = row.get("lineitem fulfillment status").casefold() or "pending"
    if status not in LINE_FULFILLMENT_STATUSES:
        raise RowError(f"Lineitem fulfillment status '{status}' is not fulfilled, partial or pending")
    return {
        "sku": sku,
        "name": row.get("lineitem name") or None,
        "quantity": quantity,
        "fulfilled_quantity": quantity if status == "fulfilled" else 0,
        "price_cents": parse_cents(row.get("lineitem price"), "Lineitem price"),
        "fulfillment_status": status,
    }


def parse_shopify_orders(source: Source, connection: Connection, report: ImportReport) -> list[OrderRecord]:
    header, rows = read_rows(source)
    require_columns(header, ("Name", "Lineitem quantity"), "Shopify order export")
    name = source_name(source)
    report.rows_read += len(rows)
    skus = _existing(
        connection, variants.c.sku, (r.get("lineitem sku") for r in rows if r.get("lineitem sku"))
    )
    records: dict[str, OrderRecord] = {}
    broken: set[str] = set()
    for row in rows:
        number = row.get("name")
        key = order_key(number)
        try:
            if not key:
                raise RowError(
                    "missing Name (the order number)"
                    if not number
                    else f"Name '{number}' has no digits or letters"
                )
            record = records.get(key)
            if record is None and key not in broken:
                record = OrderRecord(key, row.line, _order_values(row))
            line = _line_values(row, skus)
        except RowError as error:
            report.bad_rows.append(BadRow(row.line, str(error), name))
            if key:
                broken.add(key)
            continue
        if record is None:
            continue
        records.setdefault(key, record)
        record.lines.append(line)
    return [r for k, r in records.items() if k not in broken]


@dataclass
class FulfilmentRecord:
    key: str
    line: int
    values: dict[str, Any]


def parse_fulfilments(
    source: Source, connection: Connection, report: ImportReport, importing: set[str]
) -> list[FulfilmentRecord]:
    header, rows = read_rows(source)
    require_columns(header, ("Order", "Tracking Number"), "fulfilments file")
    name = source_name(source)
    report.rows_read += len(rows)
    in_shop = _existing(connection, orders.c.number_key, (order_key(r.get("order")) for r in rows))
    latest: dict[str, FulfilmentRecord] = {}
    for row in rows:
        try:
            number = row.get("order")
            key = order_key(number)
            if not key:
                raise RowError("missing Order")
            if key not in importing and key not in in_shop:
                raise RowError(f"unknown order '{number}'")
            shipped = parse_time(row.get("shipped at"), "Shipped At")
            delivered = parse_time(row.get("delivered at"), "Delivered At")
            if delivered and shipped and delivered < shipped:
                raise RowError("Delivered At is before Shipped At")
            url = row.get("tracking url")
            if url and not url.startswith(("https://", "http://")):
                raise RowError(f"Tracking URL '{url}' is not a web address")
            status = row.get("shipment status").casefold() or ("delivered" if delivered else "in_transit")
            values = {
                "carrier": row.get("carrier") or None,
                "tracking_number": row.get("tracking number") or None,
                "tracking_url": url or None,
                "shipped_at": shipped,
                "delivered_at": delivered,
                "shipment_status": status,
            }
        except RowError as error:
            report.bad_rows.append(BadRow(row.line, str(error), name))
            continue
        previous = latest.get(key)
        if previous is None or (shipped or datetime.min) >= (previous.values["shipped_at"] or datetime.min):
            latest[key] = FulfilmentRecord(key, row.line, values)
    return list(latest.values())


def _write_orders(
    connection: Connection,
    records: list[OrderRecord],
    report: ImportReport,
    progress: Progress | None,
    total: int,
) -> None:
    existing = _existing(connection, orders.c.number_key, (r.key for r in records))
    for done, record in enumerate(records, 1):
        if record.key in existing:
            connection.execute(
                orders.update().where(orders.c.number_key == record.key).values(**record.values)
            )
            connection.execute(order_lines.delete().where(order_lines.c.number_key == record.key))
            report.updated += 1
        else:
            connection.execute(orders.insert().values(number_key=record.key, **record.values))
            report.inserted += 1
        connection.execute(
            order_lines.insert(),
            [dict(line, number_key=record.key, position=i) for i, line in enumerate(record.lines, 1)],
        )
        report.count("lines", len(record.lines))
        if progress:
            progress(done, total)


def _write_fulfilments(
    connection: Connection,
    records: list[FulfilmentRecord],
    report: ImportReport,
    progress: Progress | None,
    offset: int,
    total: int,
) -> None:
    for done, record in enumerate(records, offset + 1):
        connection.execute(orders.update().where(orders.c.number_key == record.key).values(**record.values))
        report.count("fulfilments")
        if progress:
            progress(done, total)


def import_orders(
    source: Source,
    target: Target = None,
    *,
    fulfilments: Source | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Imports a Shopify order export, and the tracking of a fulfilments file (module docstring)."""
    report = ImportReport("orders")
    with session(target) as connection:
        records = parse_shopify_orders(source, connection, report)
        shipments: list[FulfilmentRecord] = []
        if fulfilments is not None:
            shipments = parse_fulfilments(fulfilments, connection, report, {r.key for r in records})
        if report.bad_rows and not skip_bad_rows:
            return report
        total = len(records) + len(shipments)
        _write_orders(connection, records, report, progress, total)
        _write_fulfilments(connection, shipments, report, progress, len(records), total)
        report.written = True
        return report


def import_fulfilments(
    source: Source, target: Target = None, *, skip_bad_rows: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Carrier and tracking for orders already in the shop (the fulfilments format above)."""
    report = ImportReport("fulfilments")
    with session(target) as connection:
        shipments = parse_fulfilments(source, connection, report, set())
        if report.bad_rows and not skip_bad_rows:
            return report
        _write_fulfilments(connection, shipments, report, progress, 0, len(shipments))
        report.updated = len(shipments)
        report.written = True
        return report


# ============================================================ translations and reviews

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def language_of(locale: str) -> str:
    """'pt-BR' -> 'pt', 'zh_CN' -> 'zh', 'FR' -> 'fr'."""
    return re.split(r"[-_]", locale.strip())[0].casefold()


def _check_language(language: str) -> str:
    code = language_of(language)
    if not _LANGUAGE.match(code):
        raise ImportFormatError(f"'{language}' is not a language code (e.g. en, es, fr, zh)")
    return code


@dataclass
class TranslationRecord:
    handle: str
    language: str
    line: int
    title: str | None = None
    description: str | None = None


def _parse_simple_translations(
    rows: list[Row], language: str | None, name: str, in_shop: set[str], report: ImportReport
) -> list[TranslationRecord]:
    if language is None:
        raise ImportFormatError("give the language of a handle,title,description translation file")
    records: dict[str, TranslationRecord] = {}
    for row in rows:
        handle = row.get("handle")
        if not handle:
            report.bad_rows.append(BadRow(row.line, "missing handle", name))
        elif handle not in in_shop:
            report.bad_rows.append(BadRow(row.line, f"unknown product handle '{handle}'", name))
        elif not row.get("title") and not row.get("description"):
            report.bad_rows.append(BadRow(row.line, "neither title nor description", name))
        else:
            records[handle] = TranslationRecord(
                handle, language, row.line, row.get("title") or None, row.raw("description").strip() or None
            )
    return list(records.values())


_SHOPIFY_FIELDS = {"title": "title", "body_html": "description"}


def _parse_shopify_translations(
    rows: list[Row], language: str | None, name: str, connection: Connection, report: ImportReport
) -> list[TranslationRecord]:
    def ident(row: Row) -> str:
        return row.get("identification").lstrip("'").strip()

    product_rows = [r for r in rows if r.get("type").upper() == "PRODUCT"]
    report.count("rows skipped", len(rows) - len(product_rows))
    handle_of: dict[str, str] = {}
    for row in product_rows:
        if row.get("field") == "handle" and row.get("default content"):
            handle_of[ident(row)] = row.get("default content")
    idents = {ident(r) for r in product_rows}
    for external_id, handle in connection.execute(
        sa.select(products.c.external_id, products.c.handle).where(
            products.c.external_id.in_([f"shopify:{i}" for i in idents])
        )
    ):
        handle_of.setdefault(external_id.split(":", 1)[1], handle)
    in_shop = _existing(connection, products.c.handle, set(handle_of.values()) | idents)
    records: dict[tuple[str, str], TranslationRecord] = {}
    for row in product_rows:
        target_field = _SHOPIFY_FIELDS.get(row.get("field"))
        content = row.raw("translated content").strip()
        locale = row.get("locale")
        if target_field is None or not content or row.get("market"):
            report.count("rows skipped")
            continue
        code = language_of(locale)
        if not _LANGUAGE.match(code):
            report.bad_rows.append(BadRow(row.line, f"Locale '{locale}' is not a language code", name))
            continue
        if language is not None and code != language:
            report.count("rows skipped")
            continue
        handle = handle_of.get(ident(row)) or ident(row)
        if handle not in in_shop:
            report.bad_rows.append(BadRow(row.line, f"unknown product '{ident(row)}'", name))
            continue
        record = records.setdefault((handle, code), TranslationRecord(handle, code, row.line))
        setattr(record, target_field, content)
    return list(records.values())


def import_translations(
    source: Source,
    target: Target = None,
    *,
    language: str | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Product titles and descriptions in a language (either translation format, told by the header)."""
    report = ImportReport("translations")
    code = _check_language(language) if language else None
    header, rows = read_rows(source)
    name = source_name(source)
    report.rows_read = len(rows)
    with session(target) as connection:
        if "identification" in header:
            require_columns(
                header, ("Type", "Field", "Locale", "Translated content"), "Shopify translation export"
            )
            records = _parse_shopify_translations(rows, code, name, connection, report)
        else:
            require_columns(header, ("handle",), "translation file (handle, title, description)")
            in_shop = _existing(
                connection, products.c.handle, (r.get("handle") for r in rows if r.get("handle"))
            )
            records = _parse_simple_translations(rows, code, name, in_shop, report)
        if report.bad_rows and not skip_bad_rows:
            return report
        existing = {
            (h, lang)
            for h, lang in connection.execute(
                sa.select(product_translations.c.handle, product_translations.c.language).where(
                    product_translations.c.language.in_(sorted({r.language for r in records}))
                )
            )
        }
        for done, record in enumerate(records, 1):
            values: dict[str, Any] = {}
            if record.title is not None:
                values.update(title=record.title, search_text=search_text(record.title))
            if record.description is not None:
                values["description"] = record.description
            if (record.handle, record.language) in existing:
                connection.execute(
                    product_translations.update()
                    .where(product_translations.c.handle == record.handle)
                    .where(product_translations.c.language == record.language)
                    .values(**values)
                )
                report.updated += 1
            else:
                connection.execute(
                    product_translations.insert().values(
                        handle=record.handle, language=record.language, **values
                    )
                )
                report.inserted += 1
            if progress:
                progress(done, len(records))
        report.written = True
        return report


def import_reviews(
    source: Source, target: Target = None, *, skip_bad_rows: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Review figures per product: handle, review_count, review_average (0 to 5)."""
    report = ImportReport("reviews")
    header, rows = read_rows(source)
    require_columns(header, ("handle", "review_count", "review_average"), "reviews file")
    name = source_name(source)
    report.rows_read = len(rows)
    with session(target) as connection:
        in_shop = _existing(connection, products.c.handle, (r.get("handle") for r in rows if r.get("handle")))
        figures: dict[str, tuple[int | None, float | None]] = {}
        for row in rows:
            try:
                handle = row.get("handle")
                if not handle:
                    raise RowError("missing handle")
                if handle not in in_shop:
                    raise RowError(f"unknown product handle '{handle}'")
                figures[handle] = (
                    parse_int(row.get("review_count"), "review_count"),
                    _review_average(row.get("review_average"), "review_average"),
                )
            except RowError as error:
                report.bad_rows.append(BadRow(row.line, str(error), name))
        if report.bad_rows and not skip_bad_rows:
            return report
        for done, (handle, (count, average)) in enumerate(figures.items(), 1):
            connection.execute(
                products.update()
                .where(products.c.handle == handle)
                .values(review_count=count, review_average=average)
            )
            report.updated += 1
            if progress:
                progress(done, len(figures))
        report.written = True
        return report
