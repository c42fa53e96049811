"""The shop platforms' webhooks, on the shop channel: the catalogue and the orders kept up to date.

POST /webhooks/shop/platform/shopify   shopify_webhook: one Shopify delivery, applied by
                                       bot.commerce.webhooks.apply_webhook

Shopify sends the order, product or inventory level as JSON with these headers:
  X-Shopify-Hmac-Sha256   base64 HMAC-SHA256 of the raw body under the app's secret
                          ($SHOPIFY_WEBHOOK_SECRET, the one configured in Shopify)
  X-Shopify-Topic         orders/create, orders/updated, products/update, inventory_levels/update...
  X-Shopify-Webhook-Id    the delivery: a replay of one already applied changes nothing
  X-Shopify-Shop-Domain   the shop (logged)

Answers: 200 {"result": "applied" | "duplicate" | "stale" | "ignored"}; 401 for a missing or
wrong signature; 400 for a body that is not a JSON object, a missing delivery id, an unknown
topic or a payload without what its topic needs; 503 when the secret is not configured, or the
database failed or was too slow (Shopify retries non-2xx answers, and a retry of a delivery that
did get applied is then a 200 "duplicate"). The database work runs in a worker thread, so the
Rasa server's event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from functools import partial
from os import PathLike
from typing import Any, TypeAlias, Union

import sqlalchemy as sa
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import URL

from bot.channels.http import error
from bot.commerce.webhooks import TOPICS, WebhookError, apply_webhook, verify_shopify_hmac
from bot.database import DatabaseError, shop_database_url

logger = logging.getLogger(__name__)

SECRET_ENV = "SHOPIFY_WEBHOOK_SECRET"
HMAC_HEADER = "X-Shopify-Hmac-Sha256"
TOPIC_HEADER = "X-Shopify-Topic"
DELIVERY_HEADER = "X-Shopify-Webhook-Id"
SHOP_HEADER = "X-Shopify-Shop-Domain"
# Shopify waits 5 seconds for the answer; past this the delivery answers 503 (and is retried).
ANSWER_WITHIN = 4.5
NOT_CONFIGURED = f"Shopify webhooks are not configured: set {SECRET_ENV}"
SUPPORTED_TOPICS = sorted(TOPICS)

DatabaseTarget: TypeAlias = Union[URL, str, "PathLike[str]", None]


def webhook_secret() -> bytes:
    """$SHOPIFY_WEBHOOK_SECRET (read at every delivery), empty when it is not set."""
    return os.environ.get(SECRET_ENV, "").strip().encode("utf-8")


def _header(request: Request, name: str) -> str:
    return (request.headers.get(name) or "").strip()


def _payload(raw: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


class PlatformWebhooks:
    """The platforms' webhook routes; `target` is the shop database (default: shop_database_url())."""

    def __init__(self, target: DatabaseTarget = None) -> None:
        self.target = target

    def _apply(self, topic: str, payload: dict[str, Any], delivery_id: str) -> str:
        """apply_webhook in its own transaction (runs in a worker thread)."""
        target = self.target if self.target is not None else shop_database_url()
        try:
            return apply_webhook(target, topic, payload, delivery_id)
        except sa.exc.IntegrityError:
            # Two deliveries of one id at once: the other one committed first, this is a duplicate.
            return apply_webhook(target, topic, payload, delivery_id)

    async def shopify_webhook(self, request: Request) -> HTTPResponse:
        secret = webhook_secret()
        if not secret:
            return error(503, NOT_CONFIGURED)
        raw = request.body or b""
        if not verify_shopify_hmac(raw, request.headers.get(HMAC_HEADER), secret):
            return error(401, f"missing or wrong {HMAC_HEADER} signature")
        payload = _payload(raw)
        if payload is None:
            return error(400, "the body is not a JSON object")
        delivery_id = _header(request, DELIVERY_HEADER)
        if not delivery_id:
            return error(400, f"no delivery id ({DELIVERY_HEADER})")
        topic = _header(request, TOPIC_HEADER)
        if topic not in TOPICS:
            shown = f"'{topic[:100]}'" if topic else "missing"
            return error(400, f"{TOPIC_HEADER} {shown} is not supported: one of {SUPPORTED_TOPICS}")
        about = (topic, delivery_id[:100], _header(request, SHOP_HEADER)[:255] or "unknown shop")
        work = partial(self._apply, topic, payload, delivery_id)
        try:
            future = asyncio.get_running_loop().run_in_executor(None, work)
            result = await asyncio.wait_for(future, ANSWER_WITHIN)
        except WebhookError as problem:
            logger.warning("Shopify %s delivery %s from %s refused: %s", *about, problem)
            return error(400, str(problem))
        except asyncio.TimeoutError:
            logger.error("Shopify %s delivery %s from %s: no answer within %ss", *about, ANSWER_WITHIN)
            return error(503, "the shop database is too slow: try again later")
        except (sa.exc.SQLAlchemyError, DatabaseError, OSError):
            logger.exception("Shopify %s delivery %s from %s: the shop database failed", *about)
            return error(503, "the shop database is unavailable: try again later")
        logger.info("Shopify %s delivery %s from %s: %s", *about, result)
        return response.json({"result": result})
