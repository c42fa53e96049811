"""The demo shop: writes data/shop/ from bot.commerce.demo_catalogue, and loads it into a database.

`python -m bot.commerce.demo` rewrites, deterministically (fixed seed, fixed reference date):

* products.csv           Shopify product export: 60 products, their variants, stock (some sold
                         out, some low), compare-at prices on some, metafield columns (material,
                         warranty, authenticity certificate, listed on)
* images/<handle>.svg    one tiny SVG per product (the Image Src of products.csv is
                         "images/<handle>.svg", relative to data/shop/)
* orders.csv             Shopify order export: 320 orders in every state (unpaid, paid and
                         unfulfilled, partially fulfilled, shipped, delivered on both sides of the
                         30-day return window, refunded, cancelled), shipped to many countries
* fulfilments.csv        carrier and tracking of the shipped orders (format: bot.commerce.importers)
* translations/<lang>.csv  handle, title, description in en, es, fr, de, pt, ru, zh, ar
* reviews.csv            handle, review_count, review_average

Every date is relative to REFERENCE_DATE (2025-06-30 12:00 UTC): an order "delivered 12 days ago"
was delivered on 2025-06-18, so tests and demos can pick orders inside and outside the return
window without depending on today's date. Names and e-mails are made up (example.com/.org/.net).

load_demo_shop(url) imports all of it (idempotent: a second call updates, never duplicates).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from itertools import product as combinations
from pathlib import Path
from typing import Any

from bot.commerce.csvfiles import ImportReport, Progress
from bot.commerce.demo_catalogue import ITEMS, LANGUAGES, Item
from bot.commerce.importers import import_orders, import_reviews, import_shopify_products, import_translations
from bot.commerce.schema import Target
from bot.settings import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "shop"
SEED = 20250630
REFERENCE_DATE = datetime(2025, 6, 30, 12, 0, tzinfo=timezone.utc)
RETURN_WINDOW_DAYS = 30
ORDER_COUNT = 320
# The shop's time zone, as Shopify writes times in its exports.
SHOP_OFFSET = timezone(timedelta(hours=2))
CURRENCY = "EUR"

PRODUCT_COLUMNS = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Material (product.metafields.custom.material)",
    "Warranty (product.metafields.custom.warranty)",
    "Authenticity certificate (product.metafields.custom.authenticity_certificate)",
    "Listed on (product.metafields.custom.listed_on)",
    "Variant Image",
    "Variant Weight Unit",
    "Variant Tax Code",
    "Cost per item",
    "Status",
]
ORDER_COLUMNS = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing City",
    "Billing Country",
    "Shipping Name",
    "Shipping City",
    "Shipping Country",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Refunded Amount",
    "Vendor",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
]
FULFILMENT_COLUMNS = [
    "Order",
    "Carrier",
    "Tracking Number",
    "Tracking URL",
    "Shipped At",
    "Delivered At",
    "Shipment Status",
]

# Country: (cities, first names, last names, carrier, shipping fee).
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]] = {
    "ES": (
        ("Madrid", "Barcelona", "Valencia", "Sevilla"),
        ("Lucía", "Javier", "Carmen", "Pablo"),
        ("García", "Martínez", "López", "Sánchez"),
        "Correos Express",
        "4.95",
    ),
    "MX": (
        ("Ciudad de México", "Guadalajara", "Monterrey"),
        ("Sofía", "Diego", "Valentina"),
        ("Hernández", "Ramírez", "Torres"),
        "DHL Express",
        "19.95",
    ),
    "AR": (
        ("Buenos Aires", "Córdoba", "Rosario"),
        ("Martina", "Santiago"),
        ("Fernández", "Romero"),
        "DHL Express",
        "24.95",
    ),
    "FR": (
        ("Paris", "Lyon", "Marseille", "Toulouse"),
        ("Camille", "Louis", "Chloé", "Hugo"),
        ("Martin", "Bernard", "Dubois", "Moreau"),
        "Colissimo",
        "9.95",
    ),
    "BE": (("Bruxelles", "Liège", "Gent"), ("Emma", "Noah"), ("Peeters", "Lambert"), "bpost", "9.95"),
    "CH": (("Genève", "Zürich", "Lausanne"), ("Léa", "Luca"), ("Favre", "Keller"), "Swiss Post", "14.95"),
    "DE": (
        ("Berlin", "München", "Hamburg", "Köln"),
        ("Anna", "Lukas", "Mia", "Felix"),
        ("Müller", "Schmidt", "Schneider", "Fischer"),
        "DHL",
        "9.95",
    ),
    "AT": (
        ("Wien", "Graz", "Salzburg"),
        ("Lena", "Jonas"),
        ("Gruber", "Huber"),
        "Österreichische Post",
        "9.95",
    ),
    "PT": (
        ("Lisboa", "Porto", "Braga"),
        ("Beatriz", "João", "Inês"),
        ("Silva", "Santos", "Ferreira"),
        "CTT Expresso",
        "6.95",
    ),
    "BR": (
        ("São Paulo", "Rio de Janeiro", "Belo Horizonte"),
        ("Ana", "Gabriel", "Larissa"),
        ("Souza", "Oliveira", "Costa"),
        "DHL Express",
        "24.95",
    ),
    "RU": (
        ("Москва", "Санкт-Петербург", "Казань"),
        ("Анна", "Дмитрий", "Мария"),
        ("Иванова", "Смирнов", "Кузнецова"),
        "DHL Express",
        "24.95",
    ),
    "CN": (
        ("上海", "北京", "深圳", "杭州"),
        ("伟", "芳", "娜", "静"),
        ("王", "李", "张", "刘"),
        "SF Express",
        "19.95",
    ),
    "SA": (("الرياض", "جدة"), ("محمد", "نورة"), ("العتيبي", "القحطاني"), "Aramex", "19.95"),
    "AE": (("دبي", "أبو ظبي"), ("أحمد", "فاطمة"), ("المنصوري", "الهاشمي"), "Aramex", "19.95"),
    "EG": (("القاهرة", "الإسكندرية"), ("عمر", "مريم"), ("حسن", "عبد الله"), "Aramex", "19.95"),
    "MA": (("Casablanca", "Rabat"), ("Yasmine", "Karim"), ("El Amrani", "Benali"), "Aramex", "14.95"),
    "GB": (
        ("London", "Manchester", "Edinburgh"),
        ("Olivia", "Harry", "Amelia"),
        ("Smith", "Jones", "Taylor"),
        "Royal Mail",
        "12.95",
    ),
    "US": (
        ("New York", "Chicago", "Austin", "Seattle"),
        ("Emily", "James", "Ava", "Ethan"),
        ("Johnson", "Brown", "Miller", "Davis"),
        "UPS",
        "19.95",
    ),
    "CA": (
        ("Toronto", "Montréal", "Vancouver"),
        ("Chloe", "Liam"),
        ("Tremblay", "Roy"),
        "Canada Post",
        "19.95",
    ),
    "IT": (("Roma", "Milano", "Firenze"), ("Giulia", "Marco"), ("Rossi", "Russo"), "Poste Italiane", "9.95"),
    "NL": (("Amsterdam", "Rotterdam", "Utrecht"), ("Sanne", "Daan"), ("de Jong", "Jansen"), "PostNL", "9.95"),
}
COUNTRY_WEIGHTS = {
    "ES": 14,
    "FR": 10,
    "DE": 10,
    "PT": 5,
    "US": 7,
    "GB": 6,
    "MX": 5,
    "BR": 5,
    "CN": 6,
    "RU": 4,
    "SA": 3,
    "AE": 3,
    "EG": 2,
    "MA": 2,
}
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
STATES = {
    "unpaid": 30,
    "paid_unfulfilled": 40,
    "partially_fulfilled": 25,
    "shipped": 50,
    "delivered_recent": 55,
    "delivered_old": 55,
    "refunded": 35,
    "cancelled": 30,
}
PRICED_OPTIONS = {"Size", "Case"}
PRICED_VALUES = ("ml", "Single", "Double", "King", "Small", "Medium", "Large", "mm")
CATEGORY_COLOURS = {
    "Electronics": "#2d6cdf",
    "Apparel & Accessories": "#c0487e",
    "Luggage & Bags": "#8a5a2b",
    "Health & Beauty": "#d9739b",
    "Home & Garden": "#3f8f5a",
}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _shop_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(SHOP_OFFSET).strftime("%Y-%m-%d %H:%M:%S %z")


def _csv(rows: list[list[str]] | list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    if rows and isinstance(rows[0], dict):
        writer: Any = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
    else:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------- products


@dataclass(frozen=True)
class DemoVariant:
    handle: str
    title: str
    sku: str
    options: tuple[tuple[str, str], ...]
    price: Decimal
    compare_at: Decimal | None
    stock: int


def _sku(item: Item, index: int, values: tuple[str, ...]) -> str:
    stem = "".join(part[0] for part in item.handle.split("-"))[:4].upper()
    code = "-".join(v.replace(" ", "").upper()[:4] for v in values)
    return f"{stem}{ITEMS.index(item) + 1:02d}-{code}" if code else f"{stem}{ITEMS.index(item) + 1:02d}"


def demo_variants(rng: random.Random) -> list[DemoVariant]:
    found = []
    for item in ITEMS:
        names = [name for name, _ in item.options]
        value_lists = [values for _, values in item.options] or [()]
        combos = list(combinations(*value_lists)) if item.options else [()]
        base = Decimal(item.price)
        discounted = rng.random() < 0.3
        low_product = rng.random() < 0.15
        for index, values in enumerate(combos):
            price = base
            first = item.options[0] if item.options else None
            if first and first[0] in PRICED_OPTIONS and values and any(w in values[0] for w in PRICED_VALUES):
                # Bigger bottles, beds and pots cost more: +30 % per step.
                step = first[1].index(values[0])
                price = (base * (1 + Decimal("0.3") * step)).quantize(Decimal("1"))
            compare = (
                (price * Decimal(rng.choice(("1.2", "1.25", "1.3", "1.4")))).quantize(Decimal("1"))
                if discounted
                else None
            )
            roll = rng.random()
            if item.sold_out:
                stock = 0
            elif low_product or roll < 0.15:
                stock = rng.randint(1, 3)
            elif roll < 0.27:
                stock = 0
            else:
                stock = rng.randint(4, 60)
            found.append(
                DemoVariant(
                    item.handle,
                    item.texts["en"][0],
                    _sku(item, index, tuple(values)),
                    tuple(zip(names, values, strict=True)),
                    price,
                    compare,
                    stock,
                )
            )
    # At least one variant of each product that is not sold out has stock.
    by_handle: dict[str, list[int]] = {}
    for i, variant in enumerate(found):
        by_handle.setdefault(variant.handle, []).append(i)
    for item in ITEMS:
        indexes = by_handle[item.handle]
        if not item.sold_out and all(found[i].stock == 0 for i in indexes):
            found[indexes[0]] = replace(found[indexes[0]], stock=5)
    return found


def _initials(title: str) -> str:
    words = [w for w in title.replace("-", " ").split() if w[0].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or title[:2].upper()


def svg_image(item: Item) -> str:
    colour = CATEGORY_COLOURS.get(item.category.split(" > ")[0], "#555555")
    text = _initials(item.texts["en"][0])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="10" fill="{colour}"/>'
        f'<text x="32" y="41" font-family="sans-serif" font-size="22" font-weight="bold" '
        f'text-anchor="middle" fill="#ffffff">{text}</text></svg>\n'
    )


def products_csv(rng: random.Random, found: list[DemoVariant]) -> str:
    rows: list[dict[str, str]] = []
    by_handle: dict[str, list[DemoVariant]] = {}
    for variant in found:
        by_handle.setdefault(variant.handle, []).append(variant)
    for n, item in enumerate(ITEMS):
        title, description = item.texts["en"]
        listed = REFERENCE_DATE - timedelta(days=30 + 9 * n + rng.randint(0, 8))
        for index, variant in enumerate(by_handle[item.handle]):
            row = dict.fromkeys(PRODUCT_COLUMNS, "")
            row["Handle"] = item.handle
            if index == 0:
                row.update(
                    {
                        "Title": title,
                        "Body (HTML)": f"<p>{description}</p>",
                        "Vendor": item.vendor,
                        "Product Category": item.category,
                        "Type": item.product_type,
                        "Tags": item.tags,
                        "Published": "TRUE",
                        "Gift Card": "FALSE",
                        "SEO Title": title,
                        "SEO Description": description,
                        "Material (product.metafields.custom.material)": item.attributes.get("material", ""),
                        "Warranty (product.metafields.custom.warranty)": item.attributes.get("warranty", ""),
                        "Authenticity certificate (product.metafields.custom.authenticity_certificate)": item.attributes.get(
                            "authenticity_certificate", ""
                        ),
                        "Listed on (product.metafields.custom.listed_on)": listed.date().isoformat(),
                        "Image Src": f"images/{item.handle}.svg",
                        "Image Position": "1",
                        "Image Alt Text": title,
                        "Status": "active",
                    }
                )
            if variant.options:
                for i, (name, value) in enumerate(variant.options, 1):
                    if index == 0:
                        row[f"Option{i} Name"] = name
                    row[f"Option{i} Value"] = value
            else:
                row["Option1 Name"] = "Title" if index == 0 else ""
                row["Option1 Value"] = "Default Title"
            row.update(
                {
                    "Variant SKU": variant.sku,
                    "Variant Grams": str(rng.choice((150, 250, 400, 800, 1200))),
                    "Variant Inventory Tracker": "shopify",
                    "Variant Inventory Qty": str(variant.stock),
                    "Variant Inventory Policy": "deny",
                    "Variant Fulfillment Service": "manual",
                    "Variant Price": _money(variant.price),
                    "Variant Compare At Price": _money(variant.compare_at) if variant.compare_at else "",
                    "Variant Requires Shipping": "TRUE",
                    "Variant Taxable": "TRUE",
                    "Variant Weight Unit": "kg",
                    "Cost per item": _money(variant.price * Decimal("0.45")),
                }
            )
            rows.append(row)
    return _csv(rows, PRODUCT_COLUMNS)


def translations_csv(language: str) -> str:
    rows = [[item.handle, *item.texts[language]] for item in ITEMS]
    return _csv(rows, ["handle", "title", "description"])


def reviews_csv(rng: random.Random) -> str:
    rows = []
    for item in ITEMS:
        count = rng.choice((0, rng.randint(1, 12), rng.randint(10, 90), rng.randint(80, 450)))
        average = "" if count == 0 else f"{rng.uniform(3.4, 4.95):.2f}"
        rows.append([item.handle, str(count), average])
    return _csv(rows, ["handle", "review_count", "review_average"])


# ---------------------------------------------------------------- orders


@dataclass(frozen=True)
class Buyer:
    name: str
    email: str
    city: str
    country: str
    buyer_id: str | None


def _buyers(rng: random.Random, count: int = 140) -> list[Buyer]:
    countries = list(COUNTRIES)
    weights = [COUNTRY_WEIGHTS.get(c, 1) for c in countries]
    buyers = []
    for n in range(count):
        country = rng.choices(countries, weights)[0]
        cities, firsts, lasts, _, _ = COUNTRIES[country]
        first, last = rng.choice(firsts), rng.choice(lasts)
        local = f"buyer{n + 1:03d}"
        email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
        if n % 7 == 0:
            email = email.capitalize()  # exports keep what the buyer typed
        name = f"{last}{first}" if country == "CN" else f"{first} {last}"
        buyer_id = f"C{10000 + n}" if rng.random() < 0.7 else None
        buyers.append(Buyer(name, email, rng.choice(cities), country, buyer_id))
    return buyers


def _tracking(rng: random.Random, carrier: str) -> tuple[str, str]:
    number = "".join(rng.choice("0123456789") for _ in range(12))
    prefix = "".join(c for c in carrier.upper() if c.isalpha())[:2]
    tracking = f"{prefix}{number}"
    slug = "".join(c for c in carrier.lower() if c.isalnum())
    return tracking, f"https://tracking.example.com/{slug}/{tracking}"


def orders_and_fulfilments(rng: random.Random, found: list[DemoVariant]) -> tuple[str, str]:
    buyers = _buyers(rng)
    states = [state for state, count in STATES.items() for _ in range(count)]
    rng.shuffle(states)
    order_rows: list[dict[str, str]] = []
    shipment_rows: list[list[str]] = []
    ref = REFERENCE_DATE
    for n, state in enumerate(states):
        buyer = rng.choice(buyers)
        _, _, _, carrier, fee = COUNTRIES[buyer.country]
        number = f"SO-{rng.randint(1000000, 9999999)}" if n % 10 == 9 else f"#{1001 + n}"
        line_count = rng.choice((2, 3)) if state == "partially_fulfilled" else rng.choice((1, 1, 1, 2, 2, 3))
        chosen = rng.sample(found, line_count)
        quantities = [rng.choice((1, 1, 1, 2)) for _ in chosen]
        subtotal = sum((v.price * q for v, q in zip(chosen, quantities, strict=True)), Decimal(0))
        shipping = Decimal(0) if subtotal >= 150 else Decimal(fee)
        total = subtotal + shipping
        taxes = (
            (total * Decimal("0.21") / Decimal("1.21")).quantize(Decimal("0.01"))
            if buyer.country in {"ES", "FR", "DE", "PT", "IT", "NL", "BE", "AT"}
            else Decimal(0)
        )

        created = ref - timedelta(
            days=rng.randint(1, 6), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
        )
        paid: datetime | None = created + timedelta(minutes=rng.randint(1, 30))
        financial, fulfillment = "paid", "fulfilled"
        shipped: datetime | None = None
        delivered: datetime | None = None
        cancelled: datetime | None = None
        refunded = Decimal(0)
        line_status = ["fulfilled"] * line_count
        if state == "unpaid":
            financial, fulfillment, paid = (
                rng.choice(("pending", "pending", "authorized")),
                "unfulfilled",
                None,
            )
            line_status = ["pending"] * line_count
        elif state == "paid_unfulfilled":
            fulfillment = "unfulfilled"
            line_status = ["pending"] * line_count
        elif state == "partially_fulfilled":
            created = ref - timedelta(days=rng.randint(4, 12), hours=rng.randint(0, 23))
            paid = created + timedelta(minutes=20)
            fulfillment = "partial"
            shipped = created + timedelta(days=1, hours=rng.randint(1, 12))
            line_status = ["fulfilled"] + ["pending"] * (line_count - 1)
        elif state == "shipped":
            created = ref - timedelta(days=rng.randint(3, 10), hours=rng.randint(0, 23))
            paid = created + timedelta(minutes=15)
            shipped = created + timedelta(days=rng.randint(1, 2), hours=rng.randint(1, 8))
        elif state in {"delivered_recent", "delivered_old", "refunded"}:
            if state == "delivered_recent":
                days = rng.randint(1, RETURN_WINDOW_DAYS - 1)
            elif state == "delivered_old":
                days = rng.randint(RETURN_WINDOW_DAYS + 1, 150)
            else:
                days = rng.randint(8, 70)
            delivered = ref - timedelta(days=days, hours=rng.randint(0, 10))
            shipped = delivered - timedelta(days=rng.randint(2, 7), hours=rng.randint(0, 12))
            created = shipped - timedelta(days=rng.randint(1, 2), hours=rng.randint(1, 20))
            paid = created + timedelta(minutes=10)
            if state == "refunded":
                if rng.random() < 0.7:
                    financial, refunded = "refunded", total
                else:
                    financial, refunded = "partially_refunded", chosen[0].price * quantities[0]
        elif state == "cancelled":
            created = ref - timedelta(days=rng.randint(2, 60), hours=rng.randint(0, 23))
            cancelled = created + timedelta(hours=rng.randint(1, 30))
            if rng.random() < 0.5:
                financial, refunded = "refunded", total
            else:
                financial, paid = "voided", None
            fulfillment = "unfulfilled"
            line_status = ["pending"] * line_count
        fulfilled_at = shipped if fulfillment == "fulfilled" else None

        for index, (variant, quantity) in enumerate(zip(chosen, quantities, strict=True)):
            row = dict.fromkeys(ORDER_COLUMNS, "")
            row["Name"] = number
            row["Created at"] = _shop_time(created)
            if index == 0:
                row.update(
                    {
                        "Email": buyer.email,
                        "Financial Status": financial,
                        "Paid at": _shop_time(paid),
                        "Fulfillment Status": fulfillment,
                        "Fulfilled at": _shop_time(fulfilled_at),
                        "Accepts Marketing": rng.choice(("yes", "no")),
                        "Currency": CURRENCY,
                        "Subtotal": _money(subtotal),
                        "Shipping": _money(shipping),
                        "Taxes": _money(taxes),
                        "Total": _money(total),
                        "Discount Amount": "0.00",
                        "Shipping Method": "Standard international" if buyer.country != "ES" else "Estándar",
                        "Billing Name": buyer.name,
                        "Billing City": buyer.city,
                        "Billing Country": buyer.country,
                        "Shipping Name": buyer.name,
                        "Shipping City": buyer.city,
                        "Shipping Country": buyer.country,
                        "Note Attributes": f"buyer_id: {buyer.buyer_id}" if buyer.buyer_id else "",
                        "Cancelled at": _shop_time(cancelled),
                        "Payment Method": rng.choice(("Shopify Payments", "PayPal Express Checkout")),
                        "Refunded Amount": _money(refunded) if refunded else "0.00",
                        "Id": str(5600000000 + n * 37),
                        "Tags": "",
                        "Risk Level": "Low",
                        "Source": "web",
                    }
                )
            row.update(
                {
                    "Lineitem quantity": str(quantity),
                    "Lineitem name": variant.title
                    + (" - " + " / ".join(v for _, v in variant.options) if variant.options else ""),
                    "Lineitem price": _money(variant.price),
                    "Lineitem compare at price": _money(variant.compare_at) if variant.compare_at else "",
                    "Lineitem sku": variant.sku,
                    "Lineitem requires shipping": "true",
                    "Lineitem taxable": "true",
                    "Lineitem fulfillment status": line_status[index],
                    "Vendor": next(i.vendor for i in ITEMS if i.handle == variant.handle),
                }
            )
            order_rows.append(row)
        if shipped is not None:
            tracking, url = _tracking(rng, carrier)
            status = (
                "delivered" if delivered else rng.choice(("in_transit", "in_transit", "out_for_delivery"))
            )
            shipment_rows.append(
                [number, carrier, tracking, url, _shop_time(shipped), _shop_time(delivered), status]
            )
    return _csv(order_rows, ORDER_COLUMNS), _csv(shipment_rows, FULFILMENT_COLUMNS)


# ---------------------------------------------------------------- files


def demo_files() -> dict[str, str]:
    """Relative path -> content of every demo file (deterministic)."""
    rng = random.Random(SEED)
    found = demo_variants(rng)
    files = {"products.csv": products_csv(rng, found)}
    orders, fulfilments = orders_and_fulfilments(rng, found)
    files["orders.csv"] = orders
    files["fulfilments.csv"] = fulfilments
    files["reviews.csv"] = reviews_csv(rng)
    for language in LANGUAGES:
        files[f"translations/{language}.csv"] = translations_csv(language)
    for item in ITEMS:
        files[f"images/{item.handle}.svg"] = svg_image(item)
    return files


def write_demo_shop(directory: Path = DEMO_DIR) -> list[Path]:
    written = []
    for relative, content in demo_files().items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
        written.append(path)
    return written


def load_demo_shop(
    target: Target = None, directory: Path = DEMO_DIR, progress: Progress | None = None
) -> dict[str, ImportReport]:
    """Imports the demo shop into `target` (default: the shop's database); safe to run again.

    Raises ValueError when a file has bad rows (nothing of that file is written then)."""
    reports = {"products": import_shopify_products(directory / "products.csv", target, progress=progress)}
    reports["reviews"] = import_reviews(directory / "reviews.csv", target, progress=progress)
    for language in LANGUAGES:
        reports[f"translations/{language}"] = import_translations(
            directory / "translations" / f"{language}.csv", target, language=language, progress=progress
        )
    reports["orders"] = import_orders(
        directory / "orders.csv", target, fulfilments=directory / "fulfilments.csv", progress=progress
    )
    bad = [str(row) for report in reports.values() for row in report.bad_rows]
    if bad:
        raise ValueError("the demo shop has bad rows: " + "; ".join(bad[:5]))
    return reports


def main(argv: list[str] | None = None) -> int:
    directory = Path(argv[0]) if argv else DEMO_DIR
    paths = write_demo_shop(directory)
    print(f"wrote {len(paths)} files under {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
