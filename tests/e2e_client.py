"""A small client for the running product, used by the end-to-end tests."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


class ProductClient:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        return self._post("/webhooks/rest/webhook", body)

    def parse(self, text: str) -> dict[str, Any]:
        return self._post(f"/model/parse?token={self.token}", {"text": text})

    def tracker(self, sender: str) -> dict[str, Any]:
        with urllib.request.urlopen(
            f"{self.base_url}/conversations/{sender}/tracker?token={self.token}"
        ) as r:
            return json.loads(r.read())

    def bot_events(self, sender: str) -> list[dict[str, Any]]:
        return [e for e in self.tracker(sender)["events"] if e["event"] == "bot"]
