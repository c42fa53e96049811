"""The shop's own stores on SQLite (tmp_path): records, chat sessions, photos, buyer profiles, one
database configured by $SHOP_DATABASE_URL, tables created at first use, retention of shop data, and
the tracker store retention reads from an endpoints file. PostgreSQL: tests/test_scaleout.py."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.database import DATABASE_URL_ENV, sqlite_url
from bot.persona.profile import BuyerProfile, ProfileStore
from bot.retention import DAY, purge, tracker_url
from bot.services import StartupError, check_shop_database
from bot.settings import PROJECT_ROOT
from bot.storage import ShopRecords
from bot.web.attachments import MAX_BYTES, AttachmentError, AttachmentStore
from bot.web.sessions import SessionStore
from tests.conftest import free_port

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + b"\x00JFIF" + b"\x01" * 100
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x02" * 50
TRICKY = "x'); DROP TABLE chat_sessions; --"


@pytest.fixture(autouse=True)
def no_shared_database(monkeypatch):
    """These tests choose their database; a developer's $SHOP_DATABASE_URL must not leak in."""
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)


def test_records_round_trip_per_sender_in_order(tmp_path: Path) -> None:
    records = ShopRecords(tmp_path / "shop.sqlite")
    records.add_return("b1", "A-1", "broken", "es")
    records.add_return(TRICKY, "A-2", TRICKY, None)
    records.add_return("b1", "A-3", "too small", "es")
    records.add_bulk_quote("b1", {"product": "cases", "quantity": 500, "country": "ES", "contact": "x"}, "es")
    records.add_handoff("b1", "requested", {"language": "zh", "last": ["你好", "😀"]})
    assert records.returns("b1") == [
        {"order_id": "A-1", "reason": "broken", "language": "es"},
        {"order_id": "A-3", "reason": "too small", "language": "es"},
    ]
    assert records.returns(TRICKY) == [{"order_id": "A-2", "reason": TRICKY, "language": None}]
    assert records.bulk_quotes("b1") == [
        {"product": "cases", "quantity": "500", "country": "ES", "contact": "x", "language": "es"}
    ]
    [handoff] = records.handoffs("b1")
    assert handoff["summary"] == {"language": "zh", "last": ["你好", "😀"]}
    assert handoff["reason"] == "requested" and handoff["sender_id"] == "b1"
    assert records.handoffs("nobody") == [] and records.returns("nobody") == []


def test_sessions_issued_taken_over_handed_back_and_listed(tmp_path: Path) -> None:
    sessions = SessionStore(tmp_path / "shop.sqlite")
    first, second, third = sessions.issue(), sessions.issue(), sessions.issue()
    assert len({first, second, third}) == 3
    assert sessions.exists(first) and not sessions.exists("web-" + "A" * 32)
    for junk in (None, 5, "", TRICKY, first + "x", "web-\ud800" + "a" * 31):
        assert not sessions.exists(junk)
    time.sleep(0.01)
    sessions.touch(first)
    sessions.request_handoff(third)
    assert [s["session_id"] for s in sessions.recent()] == [third, first, second]
    assert len(sessions.recent(limit=2)) == 2
    sessions.take_over(third, "Ana")
    state = sessions.get(third)
    assert state["taken_over_by"] == "Ana" and state["handoff_requested"] == 0
    sessions.hand_back(third)
    assert sessions.get(third)["taken_over_by"] is None
    assert sessions.get("web-unknown") is None


@pytest.mark.parametrize("photo, kind", [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_photos_are_kept_in_the_database_not_on_disk(tmp_path: Path, photo: bytes, kind: str) -> None:
    uploads = tmp_path / "uploads"
    store = AttachmentStore(uploads, tmp_path / "shop.sqlite")
    saved = store.save("web-session", photo)
    assert saved["content_type"] == kind and saved["size"] == len(photo)
    # Another store object on the same database (another instance) reads the same bytes.
    assert AttachmentStore(tmp_path / "elsewhere", tmp_path / "shop.sqlite").read(saved["attachment_id"]) == (
        photo,
        kind,
    )
    assert not uploads.exists(), "no file is written: the photo is in the database"
    assert store.belongs_to(saved["attachment_id"], "web-session")
    assert not store.belongs_to(saved["attachment_id"], "web-other")


def test_photo_content_checks(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "uploads", tmp_path / "shop.sqlite")
    for bad, message in (
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 50, "only JPEG, PNG and WebP"),
        (b"<svg onload=alert(1)>", "only JPEG, PNG and WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES, "larger than 5 MB"),
    ):
        with pytest.raises(AttachmentError, match=message):
            store.save("web-session", bad)
    assert store.save("web-session", b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_BYTES - 8))["size"] == MAX_BYTES
    for junk in (None, 7, "", "../../etc/passwd", "\ud800", "a" * 65, TRICKY):
        assert store.read(junk) is None and store.get(junk) is None
        assert not store.belongs_to(junk, "web-session")


def test_photo_rows_from_before_the_database_are_still_read_and_migrated(tmp_path: Path) -> None:
    database, uploads = tmp_path / "shop.sqlite", tmp_path / "uploads"
    with sqlite3.connect(database) as connection:  # the table as the previous release created it
        connection.execute(
            "CREATE TABLE attachments (attachment_id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
            " file_name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,"
            " created_at REAL NOT NULL)"
        )
        connection.execute(
            "INSERT INTO attachments VALUES ('oldphoto', 'web-s', 'oldphoto.png', 'image/png', ?, ?)",
            (len(PNG), time.time()),
        )
    uploads.mkdir()
    (uploads / "oldphoto.png").write_bytes(PNG)
    store = AttachmentStore(uploads, database)
    assert store.read("oldphoto") == (PNG, "image/png")
    saved = store.save("web-s", JPEG)
    assert store.read(saved["attachment_id"]) == (JPEG, "image/jpeg")
    with sqlite3.connect(database) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(attachments)")}
    assert "data" in columns


def test_profiles_are_replaced_not_duplicated(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.sqlite")
    store.save(BuyerProfile(buyer_id=TRICKY, order_count=1, first_cross_border=True))
    store.save(BuyerProfile(buyer_id=TRICKY, order_count=7, total_spend=12.5, from_social=True))
    assert store.get(TRICKY) == BuyerProfile(
        buyer_id=TRICKY, order_count=7, total_spend=12.5, from_social=True
    )
    with pytest.raises(ValueError):
        store.save(BuyerProfile(order_count=1))
    with sqlite3.connect(tmp_path / "profiles.sqlite") as connection:
        assert connection.execute("SELECT COUNT(*) FROM buyer_profiles").fetchone() == (1,)


def test_one_url_puts_every_store_in_one_database(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared.sqlite"
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{shared}")
    monkeypatch.setenv("SHOP_DB", str(tmp_path / "ignored-shop.sqlite"))
    monkeypatch.setenv("SHOP_PROFILE_DB", str(tmp_path / "ignored-profiles.sqlite"))
    from bot.conversation import profile_store

    session = SessionStore().issue()
    ShopRecords().add_handoff(session, "requested", {})
    AttachmentStore().save(session, PNG)
    profile_store().save(BuyerProfile(buyer_id="b", order_count=2))
    with sqlite3.connect(shared) as connection:
        counts = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # test-only, fixed names
            for table in ("chat_sessions", "handoffs", "attachments", "buyer_profiles")
        }
    assert counts == {"chat_sessions": 1, "handoffs": 1, "attachments": 1, "buyer_profiles": 1}
    assert not (tmp_path / "ignored-shop.sqlite").exists()
    assert not (tmp_path / "ignored-profiles.sqlite").exists()
    # Without the URL, the SQLite files of $SHOP_DB and $SHOP_PROFILE_DB as before.
    monkeypatch.setenv(DATABASE_URL_ENV, "")
    assert not SessionStore().exists(session)
    assert (tmp_path / "ignored-shop.sqlite").exists()


def test_no_database_is_touched_at_import_or_construction(tmp_path: Path) -> None:
    database = tmp_path / "shop.sqlite"
    script = (
        "import bot.storage, bot.web.sessions, bot.web.attachments, bot.persona.profile, bot.retention\n"
        "import bot.channels.shop\n"
        "bot.storage.ShopRecords(); bot.web.sessions.SessionStore(); bot.web.attachments.AttachmentStore()\n"
        "bot.persona.profile.ProfileStore(); bot.channels.shop.ShopInput()\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "RASA_TELEMETRY_ENABLED": "false",
        DATABASE_URL_ENV: f"sqlite:///{database}",
    }
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, check=True, timeout=300)
    assert not database.exists(), "tables are created at first use, not at import"
    SessionStore(database).issue()
    assert database.exists()


def test_retention_of_shop_data(tmp_path: Path) -> None:
    database, uploads = tmp_path / "shop.sqlite", tmp_path / "uploads"
    sessions, records = SessionStore(database), ShopRecords(database)
    photos = AttachmentStore(uploads, database)
    old_session, new_session = sessions.issue(), sessions.issue()
    records.add_handoff(old_session, "requested", {})
    old_photo = photos.save(old_session, PNG)["attachment_id"]
    later = time.time() + 100 * DAY  # retention runs 100 days later ...
    sessions.touch(new_session)
    with sqlite3.connect(database) as connection:  # ... and the new session was active then
        connection.execute(
            "UPDATE chat_sessions SET last_activity = ? WHERE session_id = ?", (later, new_session)
        )
    removed = purge(
        90, tracker_db=tmp_path / "no-trackers.sqlite", shop_db=database, uploads=uploads, now=later
    )
    assert removed["chat_sessions"] == 1 and removed["handoffs"] == 1 and removed["attachments"] == 1
    assert not sessions.exists(old_session) and sessions.exists(new_session)
    assert photos.read(old_photo) is None and records.handoffs(old_session) == []
    assert not (tmp_path / "no-trackers.sqlite").exists(), "a missing SQLite file is not created"


def test_retention_finds_the_tracker_store_of_an_endpoints_file(tmp_path: Path, monkeypatch) -> None:
    trackers = tmp_path / "conversations.sqlite"
    assert tracker_url(env={"TRACKER_DB": str(trackers)}) == sqlite_url(trackers)
    production = PROJECT_ROOT / "endpoints.production.yml"
    env = {
        "DB_HOST": "db.internal",
        "DB_PORT": "6543",
        "DB_NAME": "shop",
        "DB_USER": "rasa",
        "DB_PASSWORD": "p@ss",
    }
    url = tracker_url(production, env)
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "db.internal",
        6543,
        "shop",
        "rasa",
        "p@ss",
    )
    with pytest.raises(StartupError, match="needs the environment variable\\(s\\) DB_PASSWORD"):
        tracker_url(production, {k: v for k, v in env.items() if k != "DB_PASSWORD"})
    # Only the tracker store's variables are needed (no ACTION_ENDPOINT_URL, no REDIS_*).
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: ${TRACKER_DB}\n")
    now = time.time()
    with sqlite3.connect(trackers) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)")
        connection.executemany(
            "INSERT INTO events (sender_id, timestamp) VALUES (?, ?)",
            [
                ("old", now - 95 * DAY),
                ("old", now - 91 * DAY),
                (TRICKY, now - 1 * DAY),
                (TRICKY, now - 99 * DAY),
            ],
        )
    monkeypatch.setenv("TRACKER_DB", str(trackers))
    removed = purge(90, shop_db=tmp_path / "no-shop.sqlite", endpoints=endpoints, now=now)
    assert removed["conversations"] == 1 and removed["events"] == 2
    with sqlite3.connect(trackers) as connection:
        assert {row[0] for row in connection.execute("SELECT sender_id FROM events")} == {TRICKY}


def test_unusable_shop_database_stops_start_up_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="is not a database URL.*SHOP_DATABASE_URL"):
        check_shop_database({DATABASE_URL_ENV: "not a url"})
    url = f"postgresql://shop:very-secret@127.0.0.1:{free_port()}/shop"
    with pytest.raises(StartupError) as problem:
        check_shop_database({DATABASE_URL_ENV: url})
    message = str(problem.value)
    assert "cannot be opened" in message and "SHOP_DATABASE_URL" in message
    assert "very-secret" not in message and "\n" not in message
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StartupError, match="shop database .* cannot be opened .*SHOP_DB"):
        check_shop_database({"SHOP_DB": str(blocker / "shop.sqlite")})


def test_processes_starting_together_create_the_tables_once(tmp_path: Path) -> None:
    """Rasa server and action server (or several instances) may use a new database at the same
    moment; none of them may fail with 'table ... already exists'."""
    database = tmp_path / "shop.sqlite"
    script = (
        "import sys, time\n"
        "from bot.storage import ShopRecords\n"
        "from bot.web.sessions import SessionStore\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start:\n"
        "    time.sleep(0.001)\n"
        "SessionStore(sys.argv[1]).issue()\n"
        "ShopRecords(sys.argv[1]).add_handoff('buyer', 'requested', {})\n"
    )
    for _ in range(3):
        database.unlink(missing_ok=True)
        start = time.time() + 1.0
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(database), str(start)],
                cwd=PROJECT_ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        finished = [(p.communicate(timeout=120)[1], p.returncode) for p in processes]
        errors = [stderr for stderr, code in finished if code != 0]
        assert not errors, errors[0][-500:]
        assert len(ShopRecords(database).handoffs("buyer")) == 4
