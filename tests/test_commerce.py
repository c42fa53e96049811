"""The shop data layer (bot.commerce): importers, demo shop, queries, Shopify webhooks, import commands.

Fast and without Rasa: every test has its own SQLite file under tmp_path (never var/).
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from bot.cli.main import cli
from bot.commerce import catalogue, demo
from bot.commerce.catalogue import ORDER_STATES, Catalogue
from bot.commerce.importers import (
    ImportFormatError,
    import_orders,
    import_products,
    import_shopify_products,
    import_translations,
    import_woocommerce_products,
)
from bot.commerce.schema import (
    order_key,
    order_lines,
    orders,
    product_translations,
    products,
    session,
    variants,
    webhook_deliveries,
)
from bot.commerce.webhooks import WebhookError, apply_webhook, shopify_hmac, verify_shopify_hmac
from bot.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "data" / "commerce"
SHOP_DIR = PROJECT_ROOT / "data" / "shop"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "shop.sqlite")


def count(db: str, table: sa.Table) -> int:
    with session(db) as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def bad(report) -> list[tuple[int, str]]:
    return [(row.line, row.reason) for row in report.bad_rows]


# ---------------------------------------------------------------- demo shop


def test_demo_files_are_what_the_generator_writes():
    files = demo.demo_files()
    assert len([f for f in files if f.startswith("images/")]) >= 60
    for relative, content in files.items():
        path = SHOP_DIR / relative
        assert path.is_file(), f"{relative} missing: run python -m bot.commerce.demo"
        assert path.read_text(encoding="utf-8") == content, f"{relative} differs from the generator"
    assert all(len(content) < 1000 for name, content in files.items() if name.endswith(".svg"))


def test_demo_shop_imports_with_every_order_state(db: str):
    reports = demo.load_demo_shop(db)
    assert reports["products"].inserted >= 60 and reports["orders"].inserted >= 300
    assert count(db, products) >= 60 and count(db, orders) >= 300
    assert count(db, product_translations) == 60 * 8
    shop = Catalogue(db)
    with session(db) as connection:
        numbers = list(connection.execute(sa.select(orders.c.number)).scalars())
        all_orders = [catalogue.order_by_number(connection, n) for n in numbers]
        stock = list(connection.execute(sa.select(variants.c.inventory_qty)).scalars())
        compare_at = connection.execute(
            sa.select(sa.func.count()).where(variants.c.compare_at_price_cents.is_not(None))
        ).scalar_one()
    states = {o.state for o in all_orders if o}
    assert states == set(ORDER_STATES)
    today = demo.REFERENCE_DATE.replace(tzinfo=None)
    ages = [o.days_since_delivery(today) for o in all_orders if o and o.delivered_at]
    assert any(a < demo.RETURN_WINDOW_DAYS for a in ages) and any(a > demo.RETURN_WINDOW_DAYS for a in ages)
    assert len({o.shipping_country for o in all_orders if o}) >= 12
    shipped = [o for o in all_orders if o and o.state == "shipped"]
    assert all(o.carrier and o.tracking_number and o.tracking_url for o in shipped)
    assert any(o.number.startswith("SO-") for o in all_orders if o)
    assert 0 in stock and any(q is not None and 0 < q <= 3 for q in stock) and compare_at > 0
    sold_out = shop.product("diver-watch-200m")
    assert sold_out is not None and not sold_out.in_stock
    # Second import: same rows, nothing duplicated.
    again = demo.load_demo_shop(db)
    assert again["products"].inserted == 0 and again["products"].updated >= 60
    assert again["orders"].inserted == 0
    assert count(db, products) == reports["products"].inserted and count(db, orders) == len(numbers)


def test_catalogue_queries_in_languages(db: str):
    demo.load_demo_shop(db)
    shop = Catalogue(db)
    tee = shop.product("organic-cotton-t-shirt", "fr")
    assert tee is not None and tee.title == "T-shirt en coton bio" and tee.language == "fr"
    assert len(tee.variants) == 15 and tee.variants[0].options == {"Size": "XS", "Color": "White"}
    assert tee.attributes["material"] == "100% organic cotton" and tee.review_count is not None
    assert tee.images == ["images/organic-cotton-t-shirt.svg"] and tee.created_at is not None
    stock = shop.stock_by_option("organic-cotton-t-shirt")
    assert set(stock) == {"Size", "Color"} and set(stock["Size"]) == {"XS", "S", "M", "L", "XL"}
    assert sum(v or 0 for v in stock["Size"].values()) == sum(v.inventory_qty or 0 for v in tee.variants)
    assert shop.search("auriculares inalámbricos", "es")[0].handle == "wireless-earbuds"
    assert "wireless-earbuds" in {p.handle for p in shop.search("蓝牙耳机", "zh")}
    assert "wireless-earbuds" in {p.handle for p in shop.search("НАУШНИКИ", "ru")}
    assert shop.search("ساعة", "ar")[0].product_type == "Watch"
    assert shop.search("%", "en") == [] and shop.search("  ", "en") == []
    alternatives = shop.alternatives("sport-earbuds")
    assert alternatives and all(p.product_type == "Headphones" and p.in_stock for p in alternatives)
    prices = [p.min_price for p in alternatives]
    assert prices == sorted(prices)  # type: ignore[type-var]


# ---------------------------------------------------------------- product imports


def test_shopify_reimport_updates_and_never_duplicates(db: str, tmp_path: Path):
    first = import_shopify_products(FIXTURES / "shopify_products.csv", db)
    assert first.written and (first.inserted, first.updated, first.rows_read) == (3, 0, 5)
    assert count(db, variants) == 5
    changed = tmp_path / "changed.csv"
    changed.write_text(
        (FIXTURES / "shopify_products.csv")
        .read_text(encoding="utf-8")
        .replace("TP-L,shopify,1,11.00", "TP-L,shopify,4,12.75"),
        encoding="utf-8",
    )
    second = import_products(changed, db)
    assert (second.inserted, second.updated) == (0, 3)
    assert count(db, products) == 3 and count(db, variants) == 5
    plate = Catalogue(db).product("test-plate")
    assert plate is not None
    large = next(v for v in plate.variants if v.sku == "TP-L")
    assert large.price == Decimal("12.75") and large.inventory_qty == 4
    assert plate.description == "<p>A plate,\nin two lines</p>"
    mug = Catalogue(db).product("test-mug")
    assert mug is not None and mug.attributes == {"warranty": "1 year"} and len(mug.images) == 2
    assert mug.variants[0].on_sale and mug.variants[1].options == {"Color": "Blue"}


def test_broken_shopify_products_write_nothing(db: str):
    report = import_shopify_products(FIXTURES / "shopify_products_broken.csv", db)
    assert not report.written
    assert bad(report) == [
        (4, "missing Handle"),
        (5, "Variant Price 'abc' is not a number"),
        (8, "stock '-3' is negative"),
        (9, "no product row for handle 'ghost-product' (the first row of a product needs a Title)"),
        (10, "SKU 'TM-1' appears twice (first on line 2)"),
        (12, "Published 'maybe' is not TRUE or FALSE"),
    ]
    assert all(row.file == "shopify_products_broken.csv" for row in report.bad_rows)
    assert count(db, products) == 0 and count(db, variants) == 0
    skipped = import_shopify_products(FIXTURES / "shopify_products_broken.csv", db, skip_bad_rows=True)
    assert skipped.written and bad(skipped) == bad(report)
    with session(db) as connection:
        handles = set(connection.execute(sa.select(products.c.handle)).scalars())
    assert handles == {"test-mug", "test-jar"} and count(db, variants) == 3


def test_not_a_product_export(tmp_path: Path, db: str):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="empty"):
        import_shopify_products(empty, db)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not a Shopify or WooCommerce"):
        import_products(other, db)


def test_woocommerce_import(db: str):
    report = import_woocommerce_products(FIXTURES / "woocommerce_products.csv", db)
    assert report.written and report.ok and report.inserted == 2
    shop = Catalogue(db)
    tee = shop.product("woo-tee")
    assert tee is not None and tee.product_type == "Tshirts" and tee.attributes == {"material": "Cotton"}
    assert [v.sku for v in tee.variants] == ["WOO-TEE-S", "WOO-TEE-M", "WOO-TEE-L"]
    small = tee.variants[0]
    assert small.price == Decimal("15.00") and small.compare_at_price == Decimal("20.00")
    assert small.options == {"Size": "S"} and tee.variants[1].inventory_qty == 0
    assert shop.stock_by_option("woo-tee") == {"Size": {"S": 5, "M": 0, "L": 3}}
    mug = shop.product("woo-mug")
    assert mug is not None
    assert mug.variants[0].price == Decimal("12.50") and len(mug.images) == 2
    assert mug.attributes == {"material": "Stoneware"}
    again = import_products(FIXTURES / "woocommerce_products.csv", db)
    assert (again.inserted, again.updated) == (0, 2) and count(db, variants) == 4


def test_broken_woocommerce_products(db: str):
    report = import_woocommerce_products(FIXTURES / "woocommerce_products_broken.csv", db)
    assert not report.written and count(db, products) == 0
    assert bad(report) == [
        (5, "stock '-1' is negative"),
        (6, "Type 'bundle' is not simple, variable or variation"),
        (3, "unknown parent 'id:99'"),
        (4, "Regular price '20,00' is not a number"),
    ]
    skipped = import_woocommerce_products(
        FIXTURES / "woocommerce_products_broken.csv", db, skip_bad_rows=True
    )
    assert skipped.written and count(db, products) == 2
    tee = Catalogue(db).product("woo-tee")
    assert tee is not None and [v.sku for v in tee.variants] == []
    assert Catalogue(db).product("woo-jug") is not None


# ---------------------------------------------------------------- orders


def test_broken_orders_and_fulfilments(db: str):
    import_shopify_products(FIXTURES / "shopify_products.csv", db)
    report = import_orders(
        FIXTURES / "orders_broken.csv", db, fulfilments=FIXTURES / "fulfilments_broken.csv"
    )
    assert not report.written and count(db, orders) == 0
    assert [(r.file, r.line, r.reason) for r in report.bad_rows] == [
        ("orders_broken.csv", 4, "Created at 'yesterday' is not a date"),
        ("orders_broken.csv", 5, "Lineitem quantity 'two' is not a whole number"),
        ("orders_broken.csv", 6, "unknown sku 'NOPE-1'"),
        ("orders_broken.csv", 7, "Shipping Country 'Spain' is not a two-letter ISO code"),
        ("orders_broken.csv", 9, "missing Name (the order number)"),
        ("fulfilments_broken.csv", 3, "unknown order '#9999'"),
        ("fulfilments_broken.csv", 4, "Delivered At is before Shipped At"),
        ("fulfilments_broken.csv", 5, "Shipped At 'soon' is not a date"),
    ]
    skipped = import_orders(
        FIXTURES / "orders_broken.csv",
        db,
        fulfilments=FIXTURES / "fulfilments_broken.csv",
        skip_bad_rows=True,
    )
    assert skipped.written and skipped.inserted == 2 and len(skipped.bad_rows) == 8
    shop = Catalogue(db)
    order = shop.order_by_number("2001")
    assert order is not None and order.number == "#2001" and order.email == "ana.test@example.com"
    assert order.buyer_id == "B-77" and order.state == "partially_fulfilled"
    assert [(line.sku, line.quantity, line.fulfilled_quantity) for line in order.lines] == [
        ("TM-1", 1, 1),
        ("TJ-1", 1, 0),
    ]
    assert order.carrier == "DHL" and order.tracking_number == "DH123456789"
    assert order.total == Decimal("19.45") and order.shipping_country == "ES"
    refunded = shop.order_by_number("so-7654321")
    assert (
        refunded is not None and refunded.state == "refunded" and refunded.refunded_amount == Decimal("8.00")
    )
    assert refunded.carrier is None  # its fulfilment row was bad
    again = import_orders(FIXTURES / "orders_broken.csv", db, skip_bad_rows=True)
    assert again.updated == 2 and count(db, orders) == 2 and count(db, order_lines) == 3


def test_order_numbers_are_normalised(db: str):
    demo.load_demo_shop(db)
    shop = Catalogue(db)
    for text in ("#1001", "1001", " # 1001 "):
        found = shop.order_by_number(text)
        assert found is not None and found.number == "#1001"
    with session(db) as connection:
        so_number = connection.execute(
            sa.select(orders.c.number).where(orders.c.number.like("SO-%")).limit(1)
        ).scalar_one()
    assert order_key(so_number) == so_number.replace("-", "")
    for text in (so_number, so_number.lower(), so_number.replace("-", " ")):
        found = shop.order_by_number(text)
        assert found is not None and found.number == so_number
    assert shop.order_by_number("#999999") is None and shop.order_by_number("") is None


def test_order_for_buyer_tells_nothing_to_strangers(db: str):
    demo.load_demo_shop(db)
    shop = Catalogue(db)
    with session(db) as connection:
        row = connection.execute(
            sa.select(orders.c.number, orders.c.email, orders.c.buyer_id)
            .where(orders.c.buyer_id.is_not(None))
            .limit(1)
        ).one()
        guest = connection.execute(
            sa.select(orders.c.number, orders.c.email).where(orders.c.buyer_id.is_(None)).limit(1)
        ).one()
    number, email, buyer_id = row
    assert shop.order_for_buyer(number, email=email.upper()) is not None
    assert shop.order_for_buyer(number, email=f"  {email} ") is not None
    assert shop.order_for_buyer(number, buyer_id=buyer_id) is not None
    assert shop.order_for_buyer(number, email="someone@example.com") is None
    assert shop.order_for_buyer(number, buyer_id="C99999") is None
    assert shop.order_for_buyer(number) is None
    assert (
        shop.order_for_buyer(number, email="") is None and shop.order_for_buyer(number, buyer_id="") is None
    )
    # A guest order has no buyer id: an empty one never matches it.
    assert shop.order_for_buyer(guest.number, buyer_id="") is None
    assert shop.order_for_buyer(guest.number, email=guest.email) is not None
    # Unknown order and wrong e-mail look the same.
    assert shop.order_for_buyer("#999999", email=email) is None


# ---------------------------------------------------------------- translations


def test_translations_both_formats(db: str):
    import_shopify_products(FIXTURES / "shopify_products.csv", db)
    with session(db) as connection:
        connection.execute(
            products.update().where(products.c.handle == "test-mug").values(external_id="shopify:1234")
        )
    report = import_translations(FIXTURES / "shopify_translations.csv", db)
    assert report.written and report.ok and report.inserted == 3
    shop = Catalogue(db)
    mug_fr = shop.product("test-mug", "fr")
    assert mug_fr is not None and (mug_fr.title, mug_fr.description) == ("Tasse de test", "<p>Une tasse</p>")
    mug_pt = shop.product("test-mug", "pt")
    assert mug_pt is not None and mug_pt.title == "Caneca de teste"
    jar = shop.product("test-jar", "de")
    assert jar is not None and jar.title == "Testglas"
    only_fr = import_translations(FIXTURES / "shopify_translations.csv", db, language="fr")
    assert (only_fr.inserted, only_fr.updated) == (0, 1)
    broken = import_translations(FIXTURES / "translations_broken.csv", db, language="es")
    assert not broken.written and bad(broken) == [
        (3, "missing handle"),
        (4, "unknown product handle 'no-such-product'"),
        (5, "neither title nor description"),
    ]
    assert shop.product("test-mug", "es").language is None  # type: ignore[union-attr]
    skipped = import_translations(FIXTURES / "translations_broken.csv", db, language="es", skip_bad_rows=True)
    assert skipped.inserted == 2 and shop.product("test-plate", "es").title == "Plato de prueba"  # type: ignore[union-attr]
    with pytest.raises(ImportFormatError, match="language"):
        import_translations(FIXTURES / "translations_broken.csv", db)


# ---------------------------------------------------------------- webhooks


SECRET = b"test-webhook-secret"


def test_webhook_hmac():
    body = json.dumps({"name": "#1001", "email": "a@example.com"}).encode()
    header = shopify_hmac(body, SECRET)
    assert verify_shopify_hmac(body, header, SECRET)
    assert not verify_shopify_hmac(body + b" ", header, SECRET)
    assert not verify_shopify_hmac(body, header, b"other-secret")
    assert not verify_shopify_hmac(body, "", SECRET)
    assert not verify_shopify_hmac(body, None, SECRET)
    assert not verify_shopify_hmac(body, "not base64 at all!", SECRET)
    assert not verify_shopify_hmac(body, header, b"")


def _order_payload(**changes) -> dict:
    payload = {
        "id": 820982911946154508,
        "name": "#9001",
        "email": "Jon@Example.com",
        "financial_status": "paid",
        "fulfillment_status": None,
        "created_at": "2025-06-20T10:00:00-04:00",
        "updated_at": "2025-06-20T10:00:00-04:00",
        "cancelled_at": None,
        "currency": "EUR",
        "total_price": "20.00",
        "subtotal_price": "20.00",
        "total_tax": "0.00",
        "customer": {"id": 115310627314723954},
        "shipping_address": {"country_code": "FR"},
        "line_items": [
            {
                "sku": "TM-1",
                "quantity": 2,
                "name": "Test Mug - Red",
                "price": "10.00",
                "fulfillable_quantity": 2,
            }
        ],
        "fulfillments": [],
        "refunds": [],
    }
    payload.update(changes)
    return payload


def test_webhooks_apply_once(db: str):
    import_shopify_products(FIXTURES / "shopify_products.csv", db)
    with session(db) as connection:
        assert apply_webhook(connection, "orders/create", _order_payload(), "delivery-1") == "applied"
    shop = Catalogue(db)
    order = shop.order_by_number("9001")
    assert order is not None and order.state == "paid_unfulfilled" and order.email == "jon@example.com"
    assert order.buyer_id == "115310627314723954" and order.shipping_country == "FR"
    # The same delivery again (a retry, or a replay with another body): a duplicate, nothing changes.
    assert (
        apply_webhook(db, "orders/create", _order_payload(email="evil@example.com"), "delivery-1")
        == "duplicate"
    )
    assert shop.order_by_number("9001").email == "jon@example.com"  # type: ignore[union-attr]
    assert count(db, webhook_deliveries) == 1

    fulfilled = _order_payload(
        fulfillment_status="fulfilled",
        updated_at="2025-06-21T09:00:00-04:00",
        line_items=[
            {
                "sku": "TM-1",
                "quantity": 2,
                "name": "Test Mug - Red",
                "price": "10.00",
                "fulfillable_quantity": 0,
            }
        ],
        fulfillments=[
            {
                "status": "success",
                "created_at": "2025-06-21T08:00:00-04:00",
                "tracking_company": "UPS",
                "tracking_number": "1Z999AA10123456784",
                "tracking_url": "https://tracking.example.com/ups/1Z999AA10123456784",
                "shipment_status": "in_transit",
            }
        ],
    )
    assert apply_webhook(db, "orders/fulfilled", fulfilled, "delivery-2") == "applied"
    order = shop.order_by_number("#9001")
    assert order is not None and order.state == "shipped" and order.carrier == "UPS"
    assert order.tracking_number == "1Z999AA10123456784" and order.lines[0].fulfilled_quantity == 2
    assert order.shipped_at is not None and order.shipped_at.hour == 12  # stored in UTC
    # An older update arriving late changes nothing.
    assert apply_webhook(db, "orders/updated", _order_payload(), "delivery-3") == "stale"
    assert shop.order_by_number("9001").state == "shipped"  # type: ignore[union-attr]
    cancelled = _order_payload(
        cancelled_at="2025-06-22T09:00:00-04:00",
        updated_at="2025-06-22T09:00:00-04:00",
        financial_status="refunded",
        refunds=[{"transactions": [{"kind": "refund", "status": "success", "amount": "20.00"}]}],
    )
    assert apply_webhook(db, "orders/cancelled", cancelled, "delivery-4") == "applied"
    order = shop.order_by_number("9001")
    assert order is not None and order.state == "cancelled" and order.refunded_amount == Decimal("20.00")
    with pytest.raises(WebhookError):
        apply_webhook(db, "orders/create", {"email": "x@example.com"}, "delivery-5")
    with pytest.raises(WebhookError):
        apply_webhook(db, "orders/create", _order_payload(), "")
    assert apply_webhook(db, "carts/update", {}, "delivery-6") == "ignored"


def test_product_and_inventory_webhooks(db: str):
    import_shopify_products(FIXTURES / "shopify_products.csv", db)
    product = {
        "id": 632910392,
        "handle": "test-mug",
        "title": "Test Mug",
        "body_html": "<p>A better mug</p>",
        "vendor": "Testware",
        "product_type": "Kitchen",
        "tags": "kitchen, mug, new",
        "status": "active",
        "published_at": "2025-01-01T00:00:00Z",
        "options": [{"name": "Color", "position": 1}],
        "variants": [
            {
                "sku": "TM-1",
                "price": "9.00",
                "compare_at_price": "12.00",
                "inventory_quantity": 7,
                "inventory_item_id": 808950810,
                "option1": "Red",
            },
            {
                "sku": "TM-3",
                "price": "11.00",
                "compare_at_price": None,
                "inventory_quantity": 2,
                "inventory_item_id": 808950811,
                "option1": "Green",
            },
        ],
    }
    assert apply_webhook(db, "products/update", product, "p-1") == "applied"
    shop = Catalogue(db)
    mug = shop.product("test-mug")
    assert mug is not None and mug.description == "<p>A better mug</p>" and "new" in mug.tags
    prices = {v.sku: (v.price, v.inventory_qty) for v in mug.variants}
    assert prices["TM-1"] == (Decimal("9.00"), 7) and prices["TM-3"] == (Decimal("11.00"), 2)
    assert mug.attributes == {"warranty": "1 year"}  # what the webhook does not carry is kept
    level = {"inventory_item_id": 808950810, "location_id": 905684977, "available": 0}
    assert apply_webhook(db, "inventory_levels/update", level, "i-1") == "applied"
    assert {v.sku: v.inventory_qty for v in shop.product("test-mug").variants}["TM-1"] == 0  # type: ignore[union-attr]
    assert apply_webhook(db, "inventory_levels/update", dict(level, available=9), "i-1") == "duplicate"
    assert {v.sku: v.inventory_qty for v in shop.product("test-mug").variants}["TM-1"] == 0  # type: ignore[union-attr]
    assert apply_webhook(db, "inventory_levels/update", dict(level, inventory_item_id=1), "i-2") == "ignored"


# ---------------------------------------------------------------- commands


def bot(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    return result


def test_import_commands(db: str):
    ok = bot("import-products", str(FIXTURES / "shopify_products.csv"), "--database", db)
    assert ok.exit_code == 0 and "3 inserted" in ok.output
    broken = bot("import-products", str(FIXTURES / "shopify_products_broken.csv"), "--database", db)
    assert broken.exit_code == 1
    assert "shopify_products_broken.csv line 5: Variant Price 'abc' is not a number" in broken.output
    assert "nothing was written" in broken.output
    skipped = bot(
        "import-products", str(FIXTURES / "shopify_products_broken.csv"), "--database", db, "--skip-bad-rows"
    )
    assert skipped.exit_code == 0 and "skipped 6 bad rows" in skipped.output
    woo = bot(
        "import-products",
        str(FIXTURES / "woocommerce_products.csv"),
        "--format",
        "woocommerce",
        "--database",
        db,
        "-q",
    )
    assert woo.exit_code == 0 and "2 inserted" in woo.output
    wrong = bot(
        "import-products", str(FIXTURES / "woocommerce_products.csv"), "--format", "shopify", "--database", db
    )
    assert (
        wrong.exit_code == 1
        and "missing column(s) Handle" in wrong.output
        and "Traceback" not in wrong.output
    )
    orders_bad = bot(
        "import-orders",
        str(FIXTURES / "orders_broken.csv"),
        "--fulfilments",
        str(FIXTURES / "fulfilments_broken.csv"),
        "--database",
        db,
        "--json",
    )
    assert orders_bad.exit_code == 1
    document = json.loads(orders_bad.stdout)
    assert document["ok"] is False and len(document["bad_rows"]) == 8
    translations = bot(
        "import-translations",
        str(FIXTURES / "shopify_translations.csv"),
        "--database",
        db,
        "--language",
        "pt-BR",
    )
    assert translations.exit_code == 0 and "1 inserted" in translations.output
    no_language = bot("import-translations", str(FIXTURES / "translations_broken.csv"), "--database", db)
    assert no_language.exit_code == 1 and "give the language" in no_language.output
    missing = bot("import-orders", str(FIXTURES / "nope.csv"), "--database", db)
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_reference_date_is_in_the_files():
    header = (SHOP_DIR / "fulfilments.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Order,Carrier,Tracking Number")
    latest = max(
        line.split(",")[4]
        for line in (SHOP_DIR / "fulfilments.csv").read_text(encoding="utf-8").splitlines()[1:]
    )
    reference = demo.REFERENCE_DATE.astimezone(demo.SHOP_OFFSET)
    assert latest[:10] <= reference.strftime("%Y-%m-%d")
    assert (reference - timedelta(days=200)).strftime("%Y-%m-%d") < latest[:10]
