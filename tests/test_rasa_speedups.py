"""The cached validation of action server responses accepts and rejects exactly what Rasa's did."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

VALID = {
    "events": [
        {"event": "slot", "name": "language", "value": "es", "timestamp": None},
        {"event": "slot", "name": "persona_profile", "value": {"habit": {"label": None}}, "timestamp": None},
    ],
    "responses": [{"text": "¡Hola!", "buttons": [], "custom": {}, "language": "es"}],
}
INVALID = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot", "name": 3}], "responses": []},
    {"events": [{"no_event_key": True}], "responses": []},
]


def test_install_is_idempotent_and_replaces_the_validation() -> None:
    rasa_speedups.install()
    first = RemoteAction._validate_action_result
    rasa_speedups.install()
    assert RemoteAction._validate_action_result is first
    assert getattr(first, rasa_speedups._INSTALLED)


def test_same_verdicts_as_jsonschema_validate() -> None:
    rasa_speedups.install()
    action = RemoteAction("action_respond", None)
    schema = action.action_response_format_spec()
    assert action._validate_action_result(VALID) is True
    jsonschema.validate(VALID, schema)
    for response in INVALID:
        with pytest.raises(jsonschema.ValidationError) as expected:
            jsonschema.validate(response, schema)
        with pytest.raises(jsonschema.ValidationError) as got:
            action._validate_action_result(response)
        assert got.value.message.startswith(expected.value.message)
        assert "Failed to validate Action server response" in got.value.message


def test_sqlite_tracker_store_keeps_pooled_write_ahead_log_connections(tmp_path) -> None:
    import asyncio
    import sqlite3

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from sqlalchemy.pool import QueuePool

    rasa_speedups.install()
    path = tmp_path / "conversations.sqlite"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    assert isinstance(store.engine.pool, QueuePool)
    tracker = DialogueStateTracker("buyer-1", [])
    for n in range(3):
        tracker.update(UserUttered(f"message {n}"))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    # The pooled connection stays open, so the write-ahead log is not checkpointed away after a turn.
    assert (tmp_path / "conversations.sqlite-wal").exists()
    with sqlite3.connect(path) as reader:
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reader.execute("SELECT COUNT(*) FROM events WHERE type_name = 'user'").fetchone()[0] == 3
    again = asyncio.run(store.retrieve("buyer-1"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == [
        "message 0",
        "message 1",
        "message 2",
    ]
    store.engine.dispose()


def test_other_databases_are_left_alone() -> None:
    rasa_speedups.install()
    from rasa.core import tracker_store

    assert "poolclass" not in tracker_store.create_engine_kwargs("postgresql://u:p@localhost/rasa")
    assert "poolclass" not in tracker_store.create_engine_kwargs("sqlite:///:memory:")


def test_startup_heap_is_frozen_unless_switched_off(monkeypatch) -> None:
    import gc

    try:
        monkeypatch.setenv(rasa_speedups.SWITCH_ENV, "off")
        rasa_speedups.freeze_startup_heap()
        assert gc.get_freeze_count() == 0
        monkeypatch.delenv(rasa_speedups.SWITCH_ENV)
        rasa_speedups.freeze_startup_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
