"""Load and hostile input on one running instance: nothing lost or reordered, no 5xx.

Figures are printed and written to tests/artifacts/load.json.
"""

from __future__ import annotations

import http.client
import json
import random
import string
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.services import MAX_REQUEST_BYTES
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.model, pytest.mark.server, pytest.mark.load]

CONVERSATIONS = 100
TURNS = 20
WORKERS = 16
BODIES_PER_ROUTE = 5000
FIGURES: dict[str, object] = {}

BUYER_LINES = [
    "hi",
    "is this original?",
    "how long is shipping to spain",
    "do you ship to canada",
    "thanks!",
    "what sizes do you have",
    "any coupons?",
    "can i pay with paypal",
    "ok",
    "what do other buyers say",
    "is my data safe with you",
    "do i pay customs in the uk",
    "how many days to return",
    "great, thank you",
    "hola",
    "es original?",
    "merci",
    "danke",
    "obrigado",
    "спасибо",
    "谢谢",
    "شكرا",
]


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def write_figures() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "load.json"
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.update(FIGURES)
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False))


def test_concurrent_conversations_lose_and_reorder_nothing(running_product) -> None:
    port = running_product.config.rasa_port
    rng = random.Random(20261123)
    scripts = {
        f"load-{n:03d}": [f"{rng.choice(BUYER_LINES)} #{turn:02d}" for turn in range(TURNS)]
        for n in range(CONVERSATIONS)
    }

    def converse(sender: str) -> list[int]:
        statuses = []
        for text in scripts[sender]:
            body = json.dumps({"sender": sender, "message": text}).encode()
            status, _ = request(
                port, "POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
            )
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = [s for result in pool.map(converse, scripts) for s in result]
    assert Counter(statuses) == Counter({200: CONVERSATIONS * TURNS})

    events_checked = 0
    for sender, sent in scripts.items():
        status, raw = request(port, "GET", f"/conversations/{sender}/tracker?token={running_product.token}")
        assert status == 200
        events = json.loads(raw)["events"]
        events_checked += len(events)
        user_texts = [e["text"] for e in events if e["event"] == "user"]
        assert user_texts == sent, sender
        # Exactly one bot turn after each buyer message: at least one utterance before the next one.
        kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
        turns = "".join("u" if k == "user" else "b" for k in kinds)
        assert turns.count("u") == TURNS and "uu" not in turns and turns.endswith("b"), (sender, turns)
    FIGURES["concurrent"] = {
        "conversations": CONVERSATIONS,
        "turns_each": TURNS,
        "messages_sent": CONVERSATIONS * TURNS,
        "events_checked": events_checked,
    }
    write_figures()


def _junk_text(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return ""
    if kind == 1:
        return " \t\n " * rng.randrange(1, 50)
    if kind == 2:
        return "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randrange(1, 40)))
    if kind == 3:
        return "a" * rng.randrange(2000, 20000)
    if kind == 4:
        return "".join(rng.choice("abcЖжЯ中文字العربيةé🙂\u202e\u200b") for _ in range(rng.randrange(1, 200)))
    if kind == 5:
        return "x" * 1_000_000
    if kind == 6:
        return "".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 300)))
    if kind == 7:
        return "\ud800 broken surrogate"
    return rng.choice(BUYER_LINES)


def _junk_value(rng: random.Random):
    return rng.choice([None, 0, -1, 3.5, True, [], {}, ["a"], {"a": 1}, "", "x" * 5000, _junk_text(rng)])


def _body(rng: random.Random, fields: dict) -> tuple[bytes, dict]:
    """A request body that is broken in one of many ways (or, now and then, well formed)."""
    kind = rng.randrange(10)
    headers = {"Content-Type": "application/json"}
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))), headers  # invalid UTF-8
    if kind == 1:
        return b"", headers
    if kind == 2:
        return json.dumps(_junk_value(rng)).encode(), headers
    if kind == 3:
        return b'{"text": "' + b"\xff\xfe" * 10 + b'"}', headers
    if kind == 4:
        return json.dumps({k: _junk_value(rng) for k in fields}).encode(), headers
    if kind == 5:
        partial = {k: v for k, v in fields.items() if rng.random() < 0.5}
        return json.dumps(partial).encode(), headers
    if kind == 6:
        return json.dumps({**fields, **{f"extra{i}": i for i in range(rng.randrange(20))}}).encode(), headers
    if kind == 7:
        return ("{" * rng.randrange(1, 5000)).encode(), headers
    body = dict(fields)
    text_field = next((k for k in ("text", "message") if k in body), None)
    if text_field:
        body[text_field] = _junk_text(rng)
    return json.dumps(body, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"), headers


def _session(port: int) -> str:
    _, raw = request(port, "POST", "/webhooks/shop/session", b"{}", {"Content-Type": "application/json"})
    return json.loads(raw)["session_id"]


@pytest.mark.hostile
def test_hostile_bodies_on_every_public_route_give_no_5xx(running_product) -> None:
    port = running_product.config.rasa_port
    session_id = _session(port)
    sessions = [_session(port) for _ in range(200)]
    routes = {
        ("POST", "/webhooks/rest/webhook"): {"sender": "fuzz-rest", "message": "hi"},
        ("POST", "/webhooks/shop/session"): {"session_id": session_id},
        ("POST", "/webhooks/shop/message"): {"session_id": session_id, "text": "hi"},
        ("POST", "/webhooks/shop/language"): {"session_id": session_id, "language": "es"},
        ("POST", "/webhooks/shop/attachment"): {},
        ("GET", "/webhooks/shop/history"): {"session_id": session_id, "after": 0},
        ("GET", "/webhooks/shop/static/"): {},
        ("GET", "/webhooks/shop/ui"): {},
        ("GET", "/webhooks/shop/demo"): {},
    }
    rng = random.Random(6)
    tried: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    server_errors: list[tuple[str, int, bytes]] = []

    def one(job: tuple[str, str, bytes, dict]) -> tuple[str, int, bytes]:
        method, path, body, headers = job
        try:
            status, raw = request(port, method, path, body if method == "POST" else None, headers)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as dropped:
            # The server may refuse an oversized body (413) and close before the client has sent it all.
            if len(body) > MAX_REQUEST_BYTES:
                return path, 413, b"closed while the client was still sending an oversized body"
            return path, 599, repr(dropped).encode()
        return path, status, raw[:200]

    jobs = []
    for (method, path), fields in routes.items():
        for _ in range(BODIES_PER_ROUTE):
            # Spread well-formed messages over several conversations, as real traffic is.
            fields = {**fields}
            if "sender" in fields:
                fields["sender"] = f"fuzz-rest-{rng.randrange(200)}"
            if "session_id" in fields and method == "POST" and path.endswith("/message"):
                fields["session_id"] = rng.choice(sessions)
            body, headers = _body(rng, fields)
            target = path
            if method == "GET":
                junk = {
                    k: (v if rng.random() < 0.5 else _junk_text(rng)[:300].encode("utf-8", "surrogatepass"))
                    for k, v in fields.items()
                }
                target = path + ("?" + urllib.parse.urlencode(junk) if junk else "")
                if path.endswith("/static/"):
                    target = path + urllib.parse.quote(
                        rng.choice(
                            ["widget.js", "../shop.yml", "x.css", "%00", "console.js", "..%2f..%2fetc"]
                        ),
                        safe="%",
                    )
            jobs.append((method, target, body, headers))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for path, status, raw in pool.map(one, jobs):
            tried[path.split("?")[0]] += 1
            statuses[status] += 1
            if status >= 500:
                server_errors.append((path[:80], status, raw))
    FIGURES["hostile_input"] = {
        "requests": len(jobs),
        "routes": len(routes),
        "per_route": BODIES_PER_ROUTE,
        "server_errors": len(server_errors),
    }
    write_figures()
    assert server_errors == [], server_errors[:5]
    # The session still works after all that.
    status, raw = request(
        port,
        "POST",
        "/webhooks/shop/message",
        json.dumps({"session_id": session_id, "text": "hola, es original?"}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200 and json.loads(raw)["messages"]
