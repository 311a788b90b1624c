"""The harness checks itself: a broken message is caught, faults fire as told."""

from __future__ import annotations

import aiohttp
from slack_harness import Call, SlackStandIn


def test_the_limit_check_catches_a_message_slack_would_reject():
    standin = SlackStandIn()
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    standin.calls.append(Call("chat.postMessage", {"text": "t", "blocks": [too_long]}, {}))
    standin.calls.append(Call("response_url", {"text": ""}, {}))
    standin.calls.append(Call("chat.update", {"text": "fine", "blocks": [too_long]}, {},
                              status=500))  # never shown: not checked
    found = standin.limit_problems()
    assert len(found) == 2
    assert found[0].startswith("call 0 chat.postMessage: ")
    assert found[1] == "call 1 response_url: no text and no blocks"


async def test_faults_fire_the_given_number_of_times(standin):
    standin.fail("chat.update", 429, times=2)
    async with aiohttp.ClientSession() as session:
        statuses = []
        body = {"ts": "1.2", "text": "hi"}
        for _ in range(3):
            async with session.post(f"{standin.api_url}chat.update", json=body) as r:
                statuses.append((r.status, r.headers.get("Retry-After")))
    assert statuses == [(429, "0"), (429, "0"), (200, None)]
    assert len(standin.attempts("chat.update")) == 3 and len(standin.of("chat.update")) == 1
