"""Shopify webhooks as pure functions: verify a delivery, apply it to the catalogue. No HTTP server here.

Verification, as Shopify documents it (shopify.dev/docs/apps/build/webhooks/verify-deliveries):
the X-Shopify-Hmac-SHA256 header is the base64 HMAC-SHA256 of the *raw* request body keyed with
the app's client secret; compare in constant time, before parsing the JSON.

Duplicates: Shopify may deliver the same webhook more than once; X-Shopify-Webhook-Id names a
delivery. apply_webhook stores every delivery id it has seen (table webhook_deliveries), and a
replay changes nothing and returns "duplicate". Two concurrent deliveries of one id: the second
insert fails on the primary key and its transaction rolls back (the caller may retry; it is then
a duplicate).

Topics and the payload fields used (Shopify's REST JSON):
* orders/create, orders/updated, orders/fulfilled, orders/cancelled: the order (name, email,
  financial_status, fulfillment_status, created_at, updated_at, cancelled_at, currency,
  subtotal_price, total_tax, total_price, customer.id, shipping_address.country_code, tags,
  line_items[sku, name, quantity, price, fulfillable_quantity, fulfillment_status],
  fulfillments[tracking_company, tracking_number(s), tracking_url(s), created_at, updated_at,
  shipment_status], refunds[transactions[kind, status, amount]]). A payload whose updated_at is
  older than the one last applied to that order is "stale" and changes nothing.
* products/update (and products/create): handle, title, body_html, vendor, product_type, tags,
  status, published_at, created_at, id, options[name], variants[sku, price, compare_at_price,
  inventory_quantity, inventory_item_id, option1..3, position, barcode, grams], images[src, position].
* inventory_levels/update: inventory_item_id and available; the variant is found by the
  inventory_item_id stored from products/update. The shop is treated as one location.

apply_webhook returns "applied", "duplicate", "stale" or "ignored" (unknown topic, or an
inventory item no variant has); a payload without what its topic needs raises WebhookError.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.commerce.csvfiles import ImportReport, RowError, parse_time, split_list
from bot.commerce.importers import ProductRecord, VariantRecord, _synthetic_sku, write_products
from bot.commerce.schema import (
    Target,
    normal_email,
    order_key,
    order_lines,
    orders,
    session,
    to_cents,
    variants,
    webhook_deliveries,
)

ORDER_TOPICS = {"orders/create", "orders/updated", "orders/fulfilled", "orders/cancelled", "orders/paid"}
PRODUCT_TOPICS = {"products/update", "products/create"}
INVENTORY_TOPICS = {"inventory_levels/update"}
TOPICS = ORDER_TOPICS | PRODUCT_TOPICS | INVENTORY_TOPICS


class WebhookError(ValueError):
    """The payload lacks what its topic needs, or a value in it is malformed."""


def shopify_hmac(raw_body: bytes, secret: bytes) -> str:
    """The X-Shopify-Hmac-SHA256 value Shopify sends for `raw_body` (tests and replay tools)."""
    return base64.b64encode(hmac.new(secret, raw_body, hashlib.sha256).digest()).decode("ascii")


def verify_shopify_hmac(raw_body: bytes, header_value: str | None, secret: bytes) -> bool:
    """True when `header_value` is the base64 HMAC-SHA256 of the raw body under `secret`."""
    if not header_value or not secret:
        return False
    try:
        given = base64.b64decode(header_value.strip().encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False
    expected = hmac.new(secret, raw_body, hashlib.sha256).digest()
    return hmac.compare_digest(given, expected)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _time(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return parse_time(str(value), what)
    except RowError as error:
        raise WebhookError(str(error)) from None


def _cents(value: Any, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return to_cents(value if isinstance(value, (int, str)) else str(value))
    except ValueError:
        raise WebhookError(f"{what} {value!r} is not a number") from None


def _int(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise WebhookError(f"{what} {value!r} is not a whole number")
    try:
        return int(value)
    except ValueError:
        raise WebhookError(f"{what} {value!r} is not a whole number") from None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _first(item: dict[str, Any], single: str, plural: str) -> str | None:
    value = item.get(single)
    if value:
        return str(value)
    many = item.get(plural)
    return str(many[0]) if isinstance(many, list) and many else None


# ---------------------------------------------------------------- orders


def _order_values(topic: str, payload: dict[str, Any]) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    number = payload.get("name")
    if not isinstance(number, str) or not order_key(number):
        raise WebhookError("the order has no name (e.g. '#1001')")
    financial = payload.get("financial_status") or None
    fulfillment = payload.get("fulfillment_status") or "unfulfilled"
    if topic == "orders/fulfilled":
        fulfillment = "fulfilled"
    refunded = 0
    for refund in _list(payload.get("refunds")):
        for transaction in _list(refund.get("transactions")):
            if transaction.get("kind") == "refund" and transaction.get("status", "success") == "success":
                refunded += _cents(transaction.get("amount"), "refund amount") or 0
    refund_status = financial if financial in {"refunded", "partially_refunded"} else None
    if refund_status is None and refunded:
        refund_status = "partially_refunded"
    customer = _dict(payload.get("customer"))
    values: dict[str, Any] = {
        "number": number,
        "external_id": f"shopify:{payload['id']}" if payload.get("id") else None,
        "email": normal_email(payload.get("email") or payload.get("contact_email")) or None,
        "buyer_id": str(customer["id"]) if customer.get("id") else None,
        "currency": payload.get("currency") or None,
        "subtotal_cents": _cents(payload.get("subtotal_price"), "subtotal_price"),
        "taxes_cents": _cents(payload.get("total_tax"), "total_tax"),
        "total_cents": _cents(payload.get("total_price"), "total_price"),
        "created_at": _time(payload.get("created_at"), "created_at"),
        "financial_status": financial,
        "fulfillment_status": fulfillment,
        "shipping_country": (_dict(payload.get("shipping_address")).get("country_code") or None),
        "cancelled_at": _time(payload.get("cancelled_at"), "cancelled_at"),
        "refunded_cents": refunded or None,
        "refund_status": refund_status,
        "tags": payload.get("tags") or None,
        "source_updated_at": _time(payload.get("updated_at"), "updated_at"),
    }
    shipping = _dict(_dict(payload.get("total_shipping_price_set")).get("shop_money")).get("amount")
    if shipping is not None:
        values["shipping_cents"] = _cents(shipping, "total_shipping_price_set")
    shipments = [f for f in _list(payload.get("fulfillments")) if f.get("status", "success") == "success"]
    if shipments:
        latest = max(shipments, key=lambda f: str(f.get("created_at") or ""))
        status = latest.get("shipment_status") or "in_transit"
        values.update(
            carrier=latest.get("tracking_company") or None,
            tracking_number=_first(latest, "tracking_number", "tracking_numbers"),
            tracking_url=_first(latest, "tracking_url", "tracking_urls"),
            shipped_at=_time(latest.get("created_at"), "fulfillments.created_at"),
            shipment_status=status,
            fulfilled_at=_time(latest.get("created_at"), "fulfillments.created_at"),
        )
        if status == "delivered":
            values["delivered_at"] = _time(latest.get("updated_at") or latest.get("created_at"), "updated_at")
    lines = []
    for item in _list(payload.get("line_items")):
        quantity = _int(item.get("quantity"), "line_items.quantity") or 0
        fulfillable = _int(item.get("fulfillable_quantity"), "line_items.fulfillable_quantity")
        status = item.get("fulfillment_status") or ("fulfilled" if fulfillment == "fulfilled" else "pending")
        if fulfillable is not None and topic != "orders/fulfilled":
            done = max(0, quantity - fulfillable)
        else:
            done = quantity if status == "fulfilled" else 0
        lines.append(
            {
                "sku": item.get("sku") or None,
                "name": item.get("name") or item.get("title") or None,
                "quantity": quantity,
                "fulfilled_quantity": done,
                "price_cents": _cents(item.get("price"), "line_items.price"),
                "fulfillment_status": status,
            }
        )
    return order_key(number), values, lines


def _apply_order(connection: Connection, topic: str, payload: dict[str, Any]) -> str:
    key, values, lines = _order_values(topic, payload)
    stored = connection.execute(
        sa.select(orders.c.id, orders.c.source_updated_at).where(orders.c.number_key == key)
    ).first()
    if stored is None:
        connection.execute(orders.insert().values(number_key=key, **values))
    else:
        updated = values["source_updated_at"]
        if stored.source_updated_at and updated and updated < stored.source_updated_at:
            return "stale"
        connection.execute(orders.update().where(orders.c.number_key == key).values(**values))
    if lines or stored is None:
        connection.execute(order_lines.delete().where(order_lines.c.number_key == key))
        if lines:
            connection.execute(
                order_lines.insert(),
                [dict(line, number_key=key, position=i) for i, line in enumerate(lines, 1)],
            )
    return "applied"


# ---------------------------------------------------------------- products and stock


def _product_record(payload: dict[str, Any]) -> ProductRecord:
    handle = payload.get("handle")
    title = payload.get("title")
    if not isinstance(handle, str) or not handle.strip():
        raise WebhookError("the product has no handle")
    if not isinstance(title, str) or not title.strip():
        raise WebhookError("the product has no title")
    tags_value = payload.get("tags")
    tags = split_list(tags_value) if isinstance(tags_value, str) else [str(t) for t in tags_value or []]
    status = payload.get("status") or None
    fields: dict[str, Any] = {
        "title": title.strip(),
        "description": payload.get("body_html") or None,
        "vendor": payload.get("vendor") or None,
        "product_type": payload.get("product_type") or None,
        "tags": ", ".join(tags) or None,
        "published": payload.get("published_at") is not None if "published_at" in payload else True,
        "status": status,
        "created_at": _time(payload.get("created_at"), "created_at"),
        "external_id": f"shopify:{payload['id']}" if payload.get("id") else None,
    }
    record = ProductRecord(handle.strip(), 0, fields, tags)
    names: list[str | None] = [str(o.get("name")) for o in _list(payload.get("options"))[:3]]
    names += [None] * (3 - len(names))
    for position, item in enumerate(_list(payload.get("variants")), 1):
        options: list[tuple[str | None, str | None]] = []
        for i in (1, 2, 3):
            value = item.get(f"option{i}")
            name = names[i - 1]
            options.append((name, str(value)) if value and name else (None, None))
        qty = _int(item.get("inventory_quantity"), "variants.inventory_quantity")
        record.variants.append(
            VariantRecord(
                sku=item.get("sku") or _synthetic_sku(record.handle, [v for _, v in options]),
                line=0,
                position=_int(item.get("position"), "variants.position") or position,
                options=options,
                price_cents=_cents(item.get("price"), "variants.price"),
                compare_at_cents=_cents(item.get("compare_at_price"), "variants.compare_at_price"),
                inventory_qty=qty if item.get("inventory_management", "shopify") else None,
                barcode=item.get("barcode") or None,
                grams=_int(item.get("grams"), "variants.grams"),
                inventory_item_id=str(item["inventory_item_id"]) if item.get("inventory_item_id") else None,
            )
        )
    for position, image in enumerate(_list(payload.get("images")), 1):
        if image.get("src"):
            record.images.append(
                (
                    _int(image.get("position"), "images.position") or position,
                    str(image["src"]),
                    image.get("alt"),
                )
            )
    return record


def _apply_product(connection: Connection, payload: dict[str, Any]) -> str:
    record = _product_record(payload)
    write_products(connection, [record], ImportReport("webhook"), None)
    return "applied"


def _apply_inventory(connection: Connection, payload: dict[str, Any]) -> str:
    item = payload.get("inventory_item_id")
    if item in (None, ""):
        raise WebhookError("the inventory level has no inventory_item_id")
    available = _int(payload.get("available"), "available")
    result = connection.execute(
        variants.update().where(variants.c.inventory_item_id == str(item)).values(inventory_qty=available)
    )
    return "applied" if result.rowcount else "ignored"


# ---------------------------------------------------------------- entry point


def apply_webhook(connection: Target, topic: str, payload: dict[str, Any], delivery_id: str) -> str:
    """Applies one verified delivery: "applied", "duplicate", "stale" or "ignored" (module docstring).

    `connection` is a Connection (the caller's transaction) or anything bot.commerce.schema.session
    takes (a URL, an SQLite path, None for the shop's database)."""
    delivery = (delivery_id or "").strip()
    if not delivery:
        raise WebhookError("no delivery id (X-Shopify-Webhook-Id)")
    if not isinstance(payload, dict):
        raise WebhookError("the payload is not a JSON object")
    with session(connection) as db:
        seen = db.execute(
            sa.select(webhook_deliveries.c.delivery_id).where(webhook_deliveries.c.delivery_id == delivery)
        ).first()
        if seen is not None:
            return "duplicate"
        if topic in ORDER_TOPICS:
            result = _apply_order(db, topic, payload)
        elif topic in PRODUCT_TOPICS:
            result = _apply_product(db, payload)
        elif topic in INVENTORY_TOPICS:
            result = _apply_inventory(db, payload)
        else:
            result = "ignored"
        db.execute(
            webhook_deliveries.insert().values(
                delivery_id=delivery, topic=str(topic)[:100], result=result, received_at=_now()
            )
        )
        return result
