"""Speed-ups of Rasa 3.6 internals, installed when the Rasa server loads the shop's REST channel.

1. Rasa validates every action server response with `jsonschema.validate(response, schema)`
(`RemoteAction._validate_action_result`). That call first checks Rasa's own constant response
schema against the JSON Schema 2020-12 meta-schema, every time: about 40 ms of CPU per custom action
call on a 2-core machine, once per custom action call. The benchmark (bench/) found it to be most
of a turn's time.

Here the validator is built (and the schema checked) once per action class; each response is then
validated against the same schema, and an invalid one raises the same error as before.

2. The default tracker store is SQLite, opened by SQLAlchemy with a new connection per session and
SQLite's default rollback journal: every turn's commit waits for an fsync while it holds the
server's only event loop (the save was 24% of the Rasa server's samples under load, 13% the commit
itself, measured with py-spy).
SQLite connections are switched to write-ahead logging with `synchronous=NORMAL` (a commit survives
a crash of the server process; only an operating-system crash or power cut can undo the last
commits, and the file stays consistent), and the tracker store keeps its SQLite connections in a
pool instead of opening one per session (closing the last connection checkpoints and deletes the
write-ahead log, so without a pool every turn paid for it again). PostgreSQL is not touched.

3. Once the model is loaded, the objects alive then (TensorFlow graphs, spaCy vocabularies, the
domain) are moved out of the garbage collector's generations with `gc.freeze()`: they live as
long as the server, and without it every full collection walked all of them again in the middle of
a buyer's turn.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from typing import Any, Dict

# "off" leaves Rasa as it is (to compare, e.g. `python -m bench --ab-speedups`).
SWITCH_ENV = "SHOP_RASA_SPEEDUPS"
_INSTALLED = "_shop_cached_validator"
_validators: dict[type, Any] = {}


def _validator(action: Any) -> Any:
    kind = type(action)
    validator = _validators.get(kind)
    if validator is None:
        from jsonschema.validators import validator_for

        schema = action.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        validator = _validators[kind] = cls(schema)
    return validator


def _switched_off() -> bool:
    return os.environ.get(SWITCH_ENV, "").lower() == "off"


def install() -> None:
    """Installs the validator and SQLite speed-ups (idempotent); the heap is frozen by a listener."""
    if _switched_off():
        return
    _install_cached_validator()
    _install_sqlite_tuning()


def freeze_startup_heap(*_args: Any) -> None:
    """A Sanic `after_server_start` listener: the model is loaded by then."""
    if _switched_off():
        return
    gc.collect()
    gc.freeze()


def tune_sqlite_connection(dbapi_connection: Any, _record: Any = None) -> None:
    """Write-ahead log and `synchronous=NORMAL` on a new SQLite connection; other databases untouched."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        # In-memory databases have no write-ahead log; SQLite answers "memory" and carries on.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def _is_sqlite_file(url: Any) -> bool:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


def _install_sqlite_tuning() -> None:
    import rasa.core.tracker_store as tracker_store
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import QueuePool

    if not event.contains(Engine, "connect", tune_sqlite_connection):
        event.listen(Engine, "connect", tune_sqlite_connection)
    original = tracker_store.create_engine_kwargs
    if getattr(original, _INSTALLED, False):
        return

    def create_engine_kwargs(url: Any) -> Dict[str, Any]:
        kwargs = original(url)
        if _is_sqlite_file(url):
            # One event loop uses the store, so a connection is never used by two threads at once.
            kwargs = {**kwargs, "poolclass": QueuePool, "pool_size": 2, "max_overflow": 8}
            kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "check_same_thread": False}
        return kwargs

    setattr(create_engine_kwargs, _INSTALLED, True)
    tracker_store.create_engine_kwargs = create_engine_kwargs


def _install_cached_validator() -> None:
    """Replaces `RemoteAction._validate_action_result` with the cached-validator version."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, _INSTALLED, False):
        return
    from rasa.shared.constants import DOCS_BASE_URL

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        from jsonschema.exceptions import best_match

        # As jsonschema.validate() reports it: the best-matching error, if any.
        error = best_match(_validator(self).iter_errors(result))
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    setattr(_validate_action_result, _INSTALLED, True)
    RemoteAction._validate_action_result = _validate_action_result
