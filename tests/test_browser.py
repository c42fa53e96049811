"""The buyer widget and the agent console in headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import AGENT_TOKEN, ARTIFACTS

pytestmark = [pytest.mark.model, pytest.mark.server, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ARTIFACTS / "screenshots"

# Each tries to run script; a run sets window.__xss or opens a dialog.
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<iframe src=javascript:window.__xss=1>",
    "<body onload=window.__xss=1>",
    "<a href=javascript:window.__xss=1>click</a>",
    "javascript:window.__xss=1",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<object data=javascript:window.__xss=1>",
    "<embed src=javascript:window.__xss=1>",
    "<marquee onstart=window.__xss=1>",
    "<video><source onerror=window.__xss=1>",
    "<audio src=x onerror=window.__xss=1>",
    "<form><button formaction=javascript:window.__xss=1>go</button></form>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "{{constructor.constructor('window.__xss=1')()}}",
    "${alert(1)}",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    'https://example.com/"onmouseover="window.__xss=1',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "\u202e<script>window.__xss=1</script>",
]


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"Debian's chromium is not installed ({CHROMIUM}): apt-get install -y chromium"
            " (.ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base(running_product) -> str:
    return running_product.config.rasa_url


def watch_for_script(page) -> list[str]:
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


def buyer_messages(page) -> list[str]:
    return page.locator(".sa-msg .sa-bubble").all_inner_texts()


def send_in_widget(page, text: str) -> None:
    before = page.locator(".sa-msg").count()
    page.fill("#sa-input", text)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.sa-msg').length >= {before + 2}", timeout=60000)
    page.wait_for_selector(".sa-typing", state="hidden", timeout=60000)


def api(base: str, path: str, body: dict | None = None, token: str | None = AGENT_TOKEN):
    request = urllib.request.Request(
        f"{base}/webhooks/shop{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_buyer_chats_in_two_languages_reloads_and_agent_answers(browser, base, identifier) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    buyer = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 800})
    page = buyer.new_page()
    fired = watch_for_script(page)
    page.goto(f"{base}/webhooks/shop/demo")
    page.click(".sa-launcher")
    assert page.get_attribute(".sa-launcher", "aria-expanded") == "true"
    send_in_widget(page, "hi! is this headphone original?")
    english_reply = buyer_messages(page)[-1]
    assert identifier.identify(english_reply).name == "en", english_reply

    page.select_option("#sa-language", "es")
    page.wait_for_function("document.querySelector('#sa-input').placeholder === 'Escribe tu mensaje'")
    send_in_widget(page, "hola, hacen envios a mexico? cuanto tarda")
    spanish_reply = buyer_messages(page)[-1]
    assert identifier.identify(spanish_reply).name == "es", spanish_reply
    page.screenshot(path=str(SCREENSHOTS / "widget-two-languages.png"))

    session_id = page.evaluate("window.localStorage.getItem('shopAssistant.session')")
    page.reload()
    page.wait_for_selector(".sa-msg", timeout=30000)
    history = buyer_messages(page)
    assert len(history) >= 4 and "hi! is this headphone original?" in history
    assert page.evaluate("window.localStorage.getItem('shopAssistant.session')") == session_id

    agent = browser.new_context(viewport={"width": 1400, "height": 900})
    console = agent.new_page()
    console.goto(f"{base}/webhooks/shop/console?token={AGENT_TOKEN}")
    console.wait_for_selector(f"[data-session='{session_id}']", timeout=30000)
    console.click(f"[data-session='{session_id}']")
    console.wait_for_selector(".suggestion", timeout=30000)
    assert console.locator(".suggestion").count() == 3
    assert console.locator(".persona dt").count() == 5
    assert "Language: es" in console.locator(".language").inner_text()
    console.locator(".suggestion .use").first.click()
    edited = console.input_value("#reply") + " Saludos, Ana."
    console.fill("#reply", edited)
    console.click(".compose button[type=submit]")
    console.wait_for_selector(".transcript li.agent", timeout=30000)
    assert console.locator(".transcript li.agent").last.inner_text().endswith(edited)
    assert console.locator(".status").inner_text() == "Sent."
    console.screenshot(path=str(SCREENSHOTS / "console-with-suggestions.png"), full_page=True)

    page.wait_for_selector(".sa-agent .sa-bubble", timeout=30000)
    assert page.locator(".sa-agent .sa-bubble").last.inner_text() == edited
    page.screenshot(path=str(SCREENSHOTS / "widget-agent-reply.png"))
    assert fired == []
    buyer.close()
    agent.close()


def test_arabic_widget_is_right_to_left_and_fits_a_phone(browser, base) -> None:
    phone = browser.new_context(locale="ar-SA", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{base}/webhooks/shop/demo")
    page.click(".sa-launcher")
    page.wait_for_function("document.querySelector('#sa-panel').getAttribute('dir') === 'rtl'")
    assert page.get_attribute("#sa-input", "placeholder") == "اكتب رسالتك"
    box = page.locator("#sa-panel").bounding_box()
    assert box["width"] <= 375 and box["x"] >= 0
    page.screenshot(path=str(SCREENSHOTS / "widget-arabic-phone.png"))
    phone.close()


def test_widget_is_usable_by_keyboard(browser, base) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{base}/webhooks/shop/demo")
    page.wait_for_selector(".sa-launcher")
    page.focus(".sa-launcher")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sa-input"
    assert page.get_attribute(".sa-log", "aria-live") == "polite"
    page.keyboard.press("Escape")
    assert page.locator("#sa-panel").is_hidden()
    assert page.evaluate("document.activeElement.className") == "sa-launcher"
    context.close()


def test_script_injection_runs_in_neither_page(browser, base, running_product) -> None:
    session_id = api(base, "/session", {})["session_id"]
    for payload in XSS_PAYLOADS:
        api(base, "/message", {"session_id": session_id, "text": payload}, token=None)
    api(base, f"/agent/conversations/{session_id}/send", {"text": XSS_PAYLOADS[1], "agent": "<b>x</b>"})
    # Payloads in the assistant's replies and quick replies, through Rasa's HTTP API.
    events = [
        {
            "event": "bot",
            "text": payload,
            "data": {"buttons": [{"title": payload, "payload": payload}]},
            "timestamp": None,
        }
        for payload in XSS_PAYLOADS
    ]
    request = urllib.request.Request(
        f"{base}/conversations/{session_id}/tracker/events?token={running_product.token}",
        data=json.dumps(events).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=60).read()

    context = browser.new_context()
    page = context.new_page()
    fired = watch_for_script(page)
    page.add_init_script(f"window.localStorage.setItem('shopAssistant.session', {json.dumps(session_id)})")
    page.goto(f"{base}/webhooks/shop/demo")
    page.click(".sa-launcher")
    page.wait_for_function(
        f"document.querySelectorAll('.sa-msg').length >= {2 * len(XSS_PAYLOADS)}", timeout=30000
    )
    shown = buyer_messages(page)
    assert XSS_PAYLOADS[0] in shown and XSS_PAYLOADS[1] in shown
    quick = page.locator(".sa-quick-reply")
    assert quick.count() >= 1
    quick.first.click()
    hrefs = page.eval_on_selector_all(".sa-root a", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert page.evaluate("window.__xss") is None
    injected = ", ".join(
        f"{box} {tag}" for box in (".sa-log", ".sa-quick") for tag in ("script", "img", "iframe", "svg")
    )
    assert page.locator(injected).count() == 0

    console = context.new_page()
    fired_console = watch_for_script(console)
    console.goto(f"{base}/webhooks/shop/console?token={AGENT_TOKEN}")
    console.click(f"[data-session='{session_id}']")
    console.wait_for_selector(".transcript li", timeout=30000)
    assert console.evaluate("window.__xss") is None
    assert console.locator(".transcript script, .transcript iframe, .transcript svg").count() == 0
    assert fired == [] and fired_console == []
    context.close()


AGENT_ROUTES = [
    ("GET", "/console"),
    ("GET", "/agent/conversations"),
    ("GET", "/agent/conversations/web-x"),
    ("GET", "/agent/conversations/web-x/suggest"),
    ("POST", "/agent/conversations/web-x/send"),
    ("POST", "/agent/conversations/web-x/takeover"),
    ("POST", "/agent/conversations/web-x/handback"),
    ("GET", "/agent/attachments/abc"),
]


@pytest.mark.parametrize("method, path", AGENT_ROUTES)
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_agent_routes_answer_401_without_the_token(base, method, path, token) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(
        f"{base}/webhooks/shop{path}",
        data=b"{}" if method == "POST" else None,
        headers=headers,
        method=method,
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)
    assert raised.value.code == 401


def test_photo_upload_checks_type_and_size_and_reaches_the_agent(base, tmp_path: Path) -> None:
    import uuid

    session_id = api(base, "/session", {})["session_id"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

    def upload(data: bytes, name: str = "p.png") -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="session_id"\r\n\r\n{session_id}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="{name}"\r\n'
                "Content-Type: image/png\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"{base}/webhooks/shop/attachment",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as failure:
            return failure.code, json.loads(failure.read())

    assert upload(b"<html><script>alert(1)</script>", "x.png")[0] == 400
    # Too large: refused by the photo check (400) or, past the request limit, by the server (413).
    assert upload(png + b"\x00" * (5 * 1024 * 1024 + 1))[0] in (400, 413)
    status, saved = upload(png)
    assert status == 200
    api(
        base,
        "/message",
        {
            "session_id": session_id,
            "text": "the box arrived damaged",
            "attachments": [saved["attachment_id"]],
        },
        token=None,
    )
    detail = api(base, f"/agent/conversations/{session_id}")
    assert saved["attachment_id"] in detail["messages"][0]["attachments"]
    request = urllib.request.Request(
        f"{base}/webhooks/shop/agent/attachments/{saved['attachment_id']}",
        headers={"Authorization": f"Bearer {AGENT_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read() == png and response.headers["Content-Type"] == "image/png"


def test_taken_over_conversation_keeps_the_bot_silent_until_handed_back(base) -> None:
    session_id = api(base, "/session", {})["session_id"]
    api(base, "/message", {"session_id": session_id, "text": "hi, where is my parcel?"}, token=None)
    api(base, f"/agent/conversations/{session_id}/takeover", {"agent": "Ana"})
    listed = api(base, "/agent/conversations")["conversations"]
    assert next(c for c in listed if c["session_id"] == session_id)["taken_over_by"] == "Ana"
    silent = api(
        base, "/message", {"session_id": session_id, "text": "hello? is it a person now?"}, token=None
    )
    assert silent["messages"] == []
    detail = api(base, f"/agent/conversations/{session_id}")
    assert detail["messages"][-1]["text"] == "hello? is it a person now?"
    assert detail["messages"][-1]["intent"]  # parsed for the agent, not answered
    api(base, f"/agent/conversations/{session_id}/handback", {})
    answered = api(base, "/message", {"session_id": session_id, "text": "is this original?"}, token=None)
    assert answered["messages"] and answered["messages"][0]["role"] == "bot"


def test_handoff_request_puts_the_conversation_on_top(base) -> None:
    quiet = api(base, "/session", {})["session_id"]
    urgent = api(base, "/session", {})["session_id"]
    api(base, "/message", {"session_id": urgent, "text": "i want to talk to a human agent"}, token=None)
    api(base, "/message", {"session_id": quiet, "text": "hello"}, token=None)
    listed = api(base, "/agent/conversations")["conversations"]
    assert listed[0]["session_id"] == urgent and listed[0]["handoff_requested"]
