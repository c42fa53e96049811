"""A speed-up of Rasa 3.6 internals, installed when the Rasa server loads the shop's REST channel.

Rasa validates every action server response with `jsonschema.validate(response, schema)`
(`RemoteAction._validate_action_result`). That call first checks Rasa's own constant response
schema against the JSON Schema 2020-12 meta-schema, every time: about 40 ms of CPU per custom action
call on a 2-core machine, and a buyer turn calls the action server twice (the persona slot mapping
and the reply). The benchmark (bench/) found it to be most of a turn's time.

Here the validator is built (and the schema checked) once per action class; each response is then
validated against the same schema, and an invalid one raises the same error as before.
"""

from __future__ import annotations

import os
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


def install() -> None:
    """Replaces `RemoteAction._validate_action_result` with the cached-validator version (idempotent)."""
    if os.environ.get(SWITCH_ENV, "").lower() == "off":
        return
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
