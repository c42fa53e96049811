"""Start-up fails with one clear line on a missing or corrupt model or an unusable database; retention."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.retention import DAY, purge
from bot.services import StartupError, check_database, check_model
from bot.settings import PROJECT_ROOT


def test_missing_model(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="no trained model .* run `make train`"):
        check_model(tmp_path / "nothing.tar.gz")


def test_corrupt_model(tmp_path: Path) -> None:
    broken = tmp_path / "current.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(StartupError, match="corrupt"):
        check_model(broken)


def test_unusable_database(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StartupError, match="cannot be opened"):
        check_database(blocker / "conversations.sqlite")


def test_run_command_prints_one_line_for_a_corrupt_model(tmp_path: Path) -> None:
    broken = tmp_path / "current.tar.gz"
    broken.write_bytes(b"not a model")
    script = (
        "import sys; from pathlib import Path; from bot.services import Services, ServiceConfig, StartupError\n"
        f"try:\n    Services(ServiceConfig(state_dir=Path({str(tmp_path)!r}), model=Path({str(broken)!r}),"
        " auth_token='t')).start()\n"
        "except StartupError as e:\n    print(f'error: {e}', file=sys.stderr); sys.exit(1)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "corrupt" in lines[0] and "Traceback" not in result.stderr


def make_tracker_db(path: Path, conversations: dict[str, float]) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL,"
            " intent_name TEXT, action_name TEXT, data TEXT)"
        )
        for sender, last in conversations.items():
            for age in (3600.0, 0.0):
                connection.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                    (sender, last - age),
                )


def test_retention_deletes_whole_conversations_older_than_the_period(tmp_path: Path) -> None:
    now = time.time()
    db = tmp_path / "conversations.sqlite"
    make_tracker_db(db, {"old": now - 100 * DAY, "recent": now - 5 * DAY, "active": now})
    removed = purge(90, tracker_db=db, shop_db=tmp_path / "none.sqlite", now=now)
    assert removed["conversations"] == 1
    with sqlite3.connect(db) as connection:
        senders = {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}
    assert senders == {"recent", "active"}


def test_retention_rejects_a_non_positive_period(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        purge(0, tracker_db=tmp_path / "x.sqlite", shop_db=tmp_path / "y.sqlite")
