"""The conversations the channels read and write: Rasa's trackers, through the running agent.

Every route that reads a conversation or adds events to it goes through `Conversations`: the
tracker is fetched with its initial session (as Rasa does for a new sender), and events are
appended under the lock store's lock for that sender and saved, so that an appended event never
races a turn Rasa is processing for the same conversation.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from rasa.shared.core.events import Event
from sanic.request import Request


def latest_parse(tracker: Any) -> Mapping[str, Any] | None:
    """What the NLU made of the conversation's latest buyer message (None before the first)."""
    latest = getattr(tracker, "latest_message", None)
    return latest.parse_data if latest is not None else None


class Conversations:
    """The trackers of the Rasa agent serving this app (`app.ctx.agent`, set by the Rasa server)."""

    def __init__(self, agent: Any) -> None:
        self.agent = agent

    @classmethod
    def of(cls, request: Request) -> Conversations:
        return cls(request.app.ctx.agent)

    async def tracker(self, sender_id: str) -> Any:
        """The conversation's tracker; a new conversation starts with its session-start events."""
        return await self.agent.processor.fetch_tracker_with_initial_session(sender_id)

    async def update(self, sender_id: str, build: Callable[[Any], Iterable[Event]]) -> list[Event]:
        """Appends the events `build` makes from the current tracker, under the sender's lock."""
        async with self.agent.lock_store.lock(sender_id):
            tracker = await self.tracker(sender_id)
            events = list(build(tracker))
            for event in events:
                tracker.update(event)
            await self.agent.tracker_store.save(tracker)
        return events

    async def append(self, sender_id: str, events: Iterable[Event]) -> None:
        fixed = list(events)
        await self.update(sender_id, lambda _tracker: fixed)

    async def parse(self, text: str) -> dict[str, Any]:
        """The NLU's reading of a message (intent, entities, language), without running a turn."""
        return await self.agent.parse_message(text)
