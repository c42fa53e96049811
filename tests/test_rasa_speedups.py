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
