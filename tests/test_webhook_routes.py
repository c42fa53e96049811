"""POST /webhooks/shop/platform/shopify, in process: Shopify's deliveries applied to the demo shop.

The app is built as in tests/test_routes.py (the shop channel's blueprint under /webhooks/shop,
Rasa's CORS set-up) with the shop database in this test's own directory, loaded with the demo
shop, so that every delivery acts on real rows. Deliveries are signed as Shopify signs them.
"""

from __future__ import annotations

import itertools
import json
import logging
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.channels.channel import UserMessage
from rasa.server import configure_cors
from sanic import Sanic

from bot.channels import platform_webhooks
from bot.channels.platform_webhooks import NOT_CONFIGURED, SECRET_ENV
from bot.channels.shop import ShopInput
from bot.commerce.catalogue import Catalogue, OrderInfo, VariantInfo
from bot.commerce.demo import load_demo_shop
from bot.commerce.webhooks import TOPICS, shopify_hmac

SECRET = "routes-shopify-webhook-secret"
SHOP_ORIGIN = "https://shop.example.com"
SHOP_DOMAIN = "demo-shop.myshopify.com"
URL = "/webhooks/shop/platform/shopify"
ORDER = "#1002"
PRODUCT = "noise-cancelling-headphones"
_apps = itertools.count()
_deliveries = itertools.count(1)


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop imported once; every test gets its own copy."""
    path = tmp_path_factory.mktemp("demo") / "shop.sqlite"
    load_demo_shop(path)
    return path


@pytest.fixture(autouse=True)
def shop_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_shop: Path) -> Path:
    """The shop's database (a copy of the demo shop), photos and secrets in this test's directory."""
    database = tmp_path / "shop.sqlite"
    shutil.copyfile(demo_shop, database)
    monkeypatch.setenv("SHOP_DATABASE_URL", "")
    monkeypatch.setenv("SHOP_DB", str(database))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "profiles.sqlite"))
    monkeypatch.setenv("SHOP_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("SHOP_AGENT_TOKEN", "webhook-routes-agent-token")
    monkeypatch.setenv("SHOP_PROFILE_SECRET", "webhook-routes-profile-secret")
    monkeypatch.setenv("SHOP_RASA_SPEEDUPS", "off")
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return database


async def no_turns(message: UserMessage) -> None:
    raise AssertionError("a webhook reached the assistant")


@pytest.fixture
def app() -> Sanic:
    app = Sanic(f"shop_webhooks_{next(_apps)}", configure_logging=False)
    configure_cors(app, [SHOP_ORIGIN])
    channel = ShopInput()
    app.blueprint(channel.blueprint(no_turns), url_prefix=f"/webhooks/{channel.name()}")
    return app


def deliver(
    app: Sanic,
    topic: str | None,
    payload: Any,
    delivery_id: str | None = None,
    *,
    raw: bytes | None = None,
    signature: str | None = "good",
) -> Any:
    """One delivery as Shopify sends it; signature "good" signs the body with SECRET, None sends none."""
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"X-Shopify-Shop-Domain": SHOP_DOMAIN, "X-Shopify-API-Version": "2024-07"}
    if signature is not None:
        headers["X-Shopify-Hmac-Sha256"] = (
            shopify_hmac(body, SECRET.encode()) if signature == "good" else signature
        )
    if topic is not None:
        headers["X-Shopify-Topic"] = topic
    if delivery_id != "":
        headers["X-Shopify-Webhook-Id"] = delivery_id or f"b54557e4-bdd9-4b37-8a5f-{next(_deliveries):012d}"
    headers["Content-Type"] = "application/json"
    return app.test_client.post(URL, content=body, headers=headers)[1]


def order(number: str = ORDER) -> OrderInfo:
    found = Catalogue().order_by_number(number)
    assert found is not None
    return found


def stock(handle: str = PRODUCT) -> dict[str, VariantInfo]:
    product = Catalogue().product(handle)
    assert product is not None
    return {variant.sku: variant for variant in product.variants}


def snapshot(database: Path) -> dict[str, list[Any]]:
    """Every row of the tables a webhook writes, to show that nothing changed."""
    with sqlite3.connect(database) as connection:
        return {
            table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}")))
            for table in ("orders", "order_lines", "products", "variants", "webhook_deliveries")
        }


def order_payload(number: str = ORDER, **changes: Any) -> dict[str, Any]:
    """An order as Shopify's orders/* webhooks carry it (the fields apply_webhook reads)."""
    payload: dict[str, Any] = {
        "id": 5600000037,
        "name": number,
        "email": "buyer021@example.com",
        "created_at": "2025-06-29T11:43:00+02:00",
        "updated_at": "2025-06-30T09:00:00+02:00",
        "cancelled_at": None,
        "currency": "EUR",
        "financial_status": "paid",
        "fulfillment_status": None,
        "subtotal_price": "187.00",
        "total_tax": "32.45",
        "total_price": "187.00",
        "customer": {"id": "C10020"},
        "shipping_address": {"country_code": "PT"},
        "tags": "",
        "line_items": [
            {"sku": "SE03-BLAC", "name": "Sport Earbuds - Black", "quantity": 1, "price": "39.00"},
            {
                "sku": "OCTS10-M-WHIT",
                "name": "Organic Cotton T-Shirt - M / White",
                "quantity": 2,
                "price": "25.00",
            },
            {"sku": "CS45-40-WHIT", "name": "Canvas Sneakers - 40 / White", "quantity": 2, "price": "49.00"},
        ],
        "fulfillments": [],
        "refunds": [],
    }
    for item in payload["line_items"]:
        item.update(fulfillable_quantity=item["quantity"], fulfillment_status=None)
    payload.update(changes)
    return payload


def fulfilled_payload(**changes: Any) -> dict[str, Any]:
    lines = [
        dict(item, fulfillable_quantity=0, fulfillment_status="fulfilled")
        for item in order_payload()["line_items"]
    ]
    shipment = {
        "id": 4903000001,
        "status": "success",
        "created_at": "2025-06-30T10:00:00+02:00",
        "updated_at": "2025-06-30T10:00:00+02:00",
        "tracking_company": "DHL Express",
        "tracking_number": "JD014600006281234567",
        "tracking_numbers": ["JD014600006281234567"],
        "tracking_url": "https://tracking.example.com/dhl/JD014600006281234567",
        "tracking_urls": ["https://tracking.example.com/dhl/JD014600006281234567"],
        "shipment_status": "in_transit",
    }
    fields = {
        "fulfillment_status": "fulfilled",
        "updated_at": "2025-06-30T10:00:05+02:00",
        "line_items": lines,
        "fulfillments": [shipment],
    }
    return order_payload(**{**fields, **changes})


def product_payload(price: str = "139.00", **changes: Any) -> dict[str, Any]:
    """The demo headphones as Shopify's products/update carries them, with new prices."""
    variants = [
        {
            "id": 4012000001 + i,
            "product_id": 7012000001,
            "sku": sku,
            "title": colour,
            "price": price,
            "compare_at_price": "149.00",
            "position": i + 1,
            "option1": colour,
            "option2": None,
            "option3": None,
            "inventory_management": "shopify",
            "inventory_quantity": quantity,
            "inventory_item_id": 4512000001 + i,
            "barcode": None,
            "grams": 400,
        }
        for i, (sku, colour, quantity) in enumerate(
            [("NCH01-BLAC", "Black", 38), ("NCH01-SILV", "Silver", 15)]
        )
    ]
    payload: dict[str, Any] = {
        "id": 7012000001,
        "handle": PRODUCT,
        "title": "Noise-Cancelling Headphones",
        "body_html": "<p>Over-ear Bluetooth headphones with 30 hours of battery.</p>",
        "vendor": "Sonora",
        "product_type": "Headphones",
        "tags": "audio, bluetooth, wireless, travel",
        "status": "active",
        "published_at": "2025-05-30T00:00:00Z",
        "created_at": "2025-05-30T00:00:00Z",
        "updated_at": "2025-07-01T08:00:00Z",
        "options": [{"name": "Color", "position": 1, "values": ["Black", "Silver"]}],
        "variants": variants,
        "images": [{"position": 1, "src": "images/noise-cancelling-headphones.svg", "alt": None}],
    }
    payload.update(changes)
    return payload


# ---------------------------------------------------------------- each topic


def test_orders_fulfilled_sets_the_tracking(app: Sanic) -> None:
    before = order()
    assert before.state == "paid_unfulfilled" and before.tracking_number is None
    reply = deliver(app, "orders/fulfilled", fulfilled_payload())
    assert reply.status == 200 and reply.json == {"result": "applied"}
    after = order()
    assert (after.carrier, after.tracking_number) == ("DHL Express", "JD014600006281234567")
    assert after.tracking_url == "https://tracking.example.com/dhl/JD014600006281234567"
    assert after.state == "shipped" and after.shipment_status == "in_transit"
    assert after.shipped_at is not None and after.shipped_at.hour == 8  # stored in UTC
    assert all(line.fulfilled_quantity == line.quantity for line in after.lines)


def test_orders_create_adds_the_order(app: Sanic) -> None:
    assert Catalogue().order_by_number("#9100") is None
    payload = order_payload(
        "#9100",
        id=5600009100,
        email="New.Buyer@Example.com",
        customer={"id": 115310627314723954},
        shipping_address={"country_code": "DE"},
    )
    reply = deliver(app, "orders/create", payload)
    assert reply.status == 200 and reply.json == {"result": "applied"}
    created = order("9100")
    assert created.email == "new.buyer@example.com" and created.shipping_country == "DE"
    assert created.state == "paid_unfulfilled" and [line.sku for line in created.lines] == [
        "SE03-BLAC",
        "OCTS10-M-WHIT",
        "CS45-40-WHIT",
    ]


def test_orders_updated_and_a_stale_update(app: Sanic, shop_db: Path) -> None:
    refunded = order_payload(
        financial_status="refunded",
        updated_at="2025-07-02T09:00:00+02:00",
        refunds=[{"transactions": [{"kind": "refund", "status": "success", "amount": "187.00"}]}],
    )
    assert deliver(app, "orders/updated", refunded).json == {"result": "applied"}
    assert order().state == "refunded"
    # An older version of the order arriving late changes nothing.
    before = snapshot(shop_db)
    reply = deliver(app, "orders/updated", order_payload(updated_at="2025-07-01T09:00:00+02:00"))
    assert reply.status == 200 and reply.json == {"result": "stale"}
    assert order().state == "refunded"
    assert snapshot(shop_db)["orders"] == before["orders"]


def test_orders_cancelled_sets_cancelled(app: Sanic) -> None:
    assert order().cancelled_at is None
    payload = order_payload(
        cancelled_at="2025-06-30T12:00:00+02:00",
        updated_at="2025-06-30T12:00:00+02:00",
        cancel_reason="customer",
        financial_status="voided",
    )
    reply = deliver(app, "orders/cancelled", payload)
    assert reply.status == 200 and reply.json == {"result": "applied"}
    cancelled = order()
    assert cancelled.state == "cancelled" and cancelled.cancelled_at is not None
    assert cancelled.cancelled_at.hour == 10 and cancelled.financial_status == "voided"


def test_products_update_changes_a_price(app: Sanic) -> None:
    before = stock()
    assert before["NCH01-BLAC"].price == before["NCH01-SILV"].price != 139
    reply = deliver(app, "products/update", product_payload("139.00"))
    assert reply.status == 200 and reply.json == {"result": "applied"}
    after = stock()
    assert {sku: str(v.price) for sku, v in after.items()} == {"NCH01-BLAC": "139.00", "NCH01-SILV": "139.00"}
    assert after["NCH01-BLAC"].on_sale and after["NCH01-BLAC"].inventory_item_id == "4512000001"


def test_inventory_levels_update_changes_a_variants_stock(app: Sanic) -> None:
    # The variants learn their inventory item from products/update, as in a Shopify shop.
    assert deliver(app, "products/update", product_payload("149.00")).json == {"result": "applied"}
    assert stock()["NCH01-SILV"].inventory_qty == 15
    level = {
        "inventory_item_id": 4512000002,
        "location_id": 905684977,
        "available": 0,
        "updated_at": "2025-07-01T09:00:00-04:00",
    }
    reply = deliver(app, "inventory_levels/update", level)
    assert reply.status == 200 and reply.json == {"result": "applied"}
    after = stock()
    assert after["NCH01-SILV"].inventory_qty == 0 and not after["NCH01-SILV"].in_stock
    assert after["NCH01-BLAC"].inventory_qty == 38
    # An inventory item no variant has: accepted (Shopify must not retry it), nothing changes.
    unknown = deliver(app, "inventory_levels/update", dict(level, inventory_item_id=1, available=5))
    assert unknown.status == 200 and unknown.json == {"result": "ignored"}


# ---------------------------------------------------------------- refused deliveries


@pytest.mark.parametrize(
    "signature",
    [
        shopify_hmac(b"{}", SECRET.encode()),  # another body's signature
        shopify_hmac(json.dumps(fulfilled_payload()).encode(), b"another-apps-secret"),
        "not base64!",
        "",
    ],
)
def test_a_bad_signature_is_refused_and_changes_nothing(app: Sanic, shop_db: Path, signature: str) -> None:
    before = snapshot(shop_db)
    reply = deliver(app, "orders/fulfilled", fulfilled_payload(), signature=signature)
    assert reply.status == 401 and "X-Shopify-Hmac-Sha256" in reply.json["error"]
    assert snapshot(shop_db) == before and order().tracking_number is None


def test_a_missing_signature_is_refused(app: Sanic, shop_db: Path) -> None:
    before = snapshot(shop_db)
    reply = deliver(
        app, "orders/cancelled", order_payload(cancelled_at="2025-06-30T12:00:00Z"), signature=None
    )
    assert reply.status == 401
    assert snapshot(shop_db) == before and order().cancelled_at is None


def test_a_signature_is_checked_before_the_body_is_read(app: Sanic) -> None:
    assert deliver(app, "orders/create", None, raw=b"not json", signature="bm90IGl0").status == 401
    assert deliver(app, "carts/update", {}, signature=None).status == 401


def test_a_replayed_delivery_is_a_duplicate_and_changes_nothing(app: Sanic, shop_db: Path) -> None:
    assert deliver(app, "orders/fulfilled", fulfilled_payload(), "delivery-1").json == {"result": "applied"}
    before = snapshot(shop_db)
    # The same delivery id with another body (newer, even): Shopify's retry must not change anything.
    replay = fulfilled_payload(
        updated_at="2025-07-05T10:00:00+02:00",
        email="someone.else@example.com",
        fulfillments=[dict(fulfilled_payload()["fulfillments"][0], tracking_number="REPLAYED")],
    )
    reply = deliver(app, "orders/fulfilled", replay, "delivery-1")
    assert reply.status == 200 and reply.json == {"result": "duplicate"}
    assert snapshot(shop_db) == before
    assert order().tracking_number == "JD014600006281234567" and order().email == "buyer021@example.com"


def test_without_a_secret_the_route_is_not_configured(
    app: Sanic, shop_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV)
    before = snapshot(shop_db)
    files = sorted(shop_db.parent.rglob("*"))
    reply = deliver(app, "orders/fulfilled", fulfilled_payload())
    assert reply.status == 503
    assert reply.json == {"error": "Shopify webhooks are not configured: set SHOPIFY_WEBHOOK_SECRET"}
    assert reply.json["error"] == NOT_CONFIGURED
    assert snapshot(shop_db) == before and sorted(shop_db.parent.rglob("*")) == files  # no secret file
    monkeypatch.setenv(SECRET_ENV, "   ")
    assert deliver(app, "orders/fulfilled", fulfilled_payload()).status == 503
    # Read at every delivery: setting it takes effect without a restart.
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert deliver(app, "orders/fulfilled", fulfilled_payload()).json == {"result": "applied"}


@pytest.mark.parametrize("raw", [b"", b"{not json", b"[1, 2]", b'"an order"', b"\xff\xfe{}", b"null"])
def test_a_signed_body_that_is_not_a_json_object_is_refused(app: Sanic, shop_db: Path, raw: bytes) -> None:
    before = snapshot(shop_db)
    reply = deliver(app, "orders/create", None, raw=raw)
    assert reply.status == 400 and reply.json == {"error": "the body is not a JSON object"}
    assert snapshot(shop_db) == before


@pytest.mark.parametrize("topic", ["carts/update", "app/uninstalled", "", None])
def test_an_unknown_or_missing_topic_is_refused(app: Sanic, shop_db: Path, topic: str | None) -> None:
    before = snapshot(shop_db)
    reply = deliver(app, topic, order_payload("#9200"))
    assert reply.status == 400
    message = reply.json["error"]
    assert "X-Shopify-Topic" in message and all(supported in message for supported in TOPICS)
    assert snapshot(shop_db) == before


def test_a_missing_delivery_id_is_refused(app: Sanic, shop_db: Path) -> None:
    before = snapshot(shop_db)
    reply = deliver(app, "orders/create", order_payload("#9200"), "")
    assert reply.status == 400 and "X-Shopify-Webhook-Id" in reply.json["error"]
    assert snapshot(shop_db) == before


def test_a_payload_without_what_its_topic_needs_is_refused(app: Sanic, shop_db: Path) -> None:
    before = snapshot(shop_db)
    nameless = deliver(app, "orders/updated", {"id": 1, "email": "x@example.com"})
    assert nameless.status == 400 and "name" in nameless.json["error"]
    handleless = deliver(app, "products/update", product_payload(handle=None))
    assert handleless.status == 400 and "handle" in handleless.json["error"]
    assert snapshot(shop_db) == before


# ---------------------------------------------------------------- the database


def test_a_database_error_answers_503_without_a_trace(
    app: Sanic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    unopenable = tmp_path / "a-directory"
    unopenable.mkdir()
    monkeypatch.setenv("SHOP_DB", str(unopenable))
    with caplog.at_level(logging.ERROR, logger=platform_webhooks.__name__):
        reply = deliver(app, "orders/fulfilled", fulfilled_payload(), "delivery-db")
    assert reply.status == 503
    assert reply.json == {"error": "the shop database is unavailable: try again later"}
    assert "Traceback" not in reply.body.decode() and "sqlite" not in reply.body.decode().lower()
    [record] = [r for r in caplog.records if r.name == platform_webhooks.__name__]
    assert record.exc_info is not None and "delivery-db" in record.getMessage()
    assert SHOP_DOMAIN in record.getMessage() and "buyer021" not in caplog.text  # no personal data


def test_the_database_work_runs_off_the_event_loop(app: Sanic, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = platform_webhooks.apply_webhook

    def recording(*args: Any) -> str:
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(platform_webhooks, "apply_webhook", recording)
    assert deliver(app, "orders/fulfilled", fulfilled_payload()).json == {"result": "applied"}
    assert threads and threads[0] is not threading.main_thread()


def test_a_slow_database_answers_503_in_time_and_the_retry_is_a_duplicate(
    app: Sanic, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = threading.Event()
    real = platform_webhooks.apply_webhook

    def slow(*args: Any) -> str:
        time.sleep(0.5)
        try:
            return real(*args)
        finally:
            done.set()

    monkeypatch.setattr(platform_webhooks, "ANSWER_WITHIN", 0.1)
    monkeypatch.setattr(platform_webhooks, "apply_webhook", slow)
    started = time.monotonic()
    reply = deliver(app, "orders/fulfilled", fulfilled_payload(), "delivery-slow")
    assert reply.status == 503 and "try again" in reply.json["error"]
    assert time.monotonic() - started < 0.5
    assert done.wait(5)
    # The slow work did finish: Shopify's retry of that delivery is a duplicate.
    monkeypatch.setattr(platform_webhooks, "apply_webhook", real)
    assert deliver(app, "orders/fulfilled", fulfilled_payload(), "delivery-slow").json == {
        "result": "duplicate"
    }
    assert order().tracking_number == "JD014600006281234567"


def test_a_concurrent_delivery_of_the_same_id_is_a_duplicate(
    app: Sanic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two deliveries of one id at once: the second one's insert fails on the delivery id, its
    transaction rolls back, and the route tries again, which finds the delivery applied."""
    real = platform_webhooks.apply_webhook
    calls: list[str] = []

    def racing(target: Any, topic: str, payload: dict[str, Any], delivery_id: str) -> str:
        calls.append(delivery_id)
        if len(calls) == 1:
            real(target, topic, payload, delivery_id)  # the other delivery, committed first
            raise sa.exc.IntegrityError("INSERT INTO webhook_deliveries", {}, Exception("UNIQUE constraint"))
        return real(target, topic, payload, delivery_id)

    monkeypatch.setattr(platform_webhooks, "apply_webhook", racing)
    reply = deliver(app, "orders/fulfilled", fulfilled_payload(), "delivery-race")
    assert reply.status == 200 and reply.json == {"result": "duplicate"}
    assert calls == ["delivery-race", "delivery-race"]
