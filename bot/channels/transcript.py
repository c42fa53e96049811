"""A conversation as the widget and the console show it, read from the Rasa tracker."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.core.events import BotUttered, UserUttered

SAFE_BUTTON_KEYS = ("title", "payload")


def _buttons(event: BotUttered) -> List[Dict[str, str]]:
    buttons = (event.data or {}).get("buttons") or []
    return [
        {key: str(button.get(key, "")) for key in SAFE_BUTTON_KEYS}
        for button in buttons
        if isinstance(button, dict)
    ]


def transcript(tracker: Any, for_agent: bool = False) -> List[Dict[str, Any]]:
    """Buyer and assistant (or agent) messages, oldest first."""
    messages: List[Dict[str, Any]] = []
    for event in tracker.events:
        if isinstance(event, UserUttered) and event.text is not None:
            parse = event.parse_data or {}
            item: Dict[str, Any] = {"role": "buyer", "text": event.text, "time": event.timestamp}
            if for_agent:
                item.update(
                    intent=(parse.get("intent") or {}).get("name"),
                    confidence=(parse.get("intent") or {}).get("confidence"),
                    language=(parse.get("language") or {}).get("name"),
                    attachments=(event.metadata or {}).get("attachments", []),
                )
            messages.append(item)
        elif isinstance(event, BotUttered) and event.text:
            metadata = event.metadata or {}
            item = {
                "role": "agent" if metadata.get("agent") else "bot",
                "text": event.text,
                "time": event.timestamp,
                "buttons": _buttons(event),
                "language": metadata.get("language"),
            }
            if for_agent:
                item.update(
                    persona=metadata.get("persona"),
                    strategy=metadata.get("strategy"),
                    intent=metadata.get("intent"),
                    agent=metadata.get("agent"),
                )
            messages.append(item)
    return messages
