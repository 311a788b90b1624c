"""bot.metrics and the Slack API counting hooks, without Slack (the E2E scrape is in
tests/slack/test_metrics_endpoint.py)."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.domain.handoff import HandoffState
from bot.domain.outbox import OutboxBacklog
from bot.live_knowledge import LiveKnowledge
from bot.metrics import Metrics
from bot.slack.wiring import retries
from bot.slack.wiring.api_metrics import api_method, failure
from bot.store.base import StoreUnavailable


class CountingStore:
    def __init__(self, counts: dict[HandoffState, int] | None):
        self.counts = counts

    async def count_handoffs_by_state(self) -> dict[HandoffState, int]:
        if self.counts is None:
            raise StoreUnavailable("the database is gone")
        return self.counts

    async def outbox_backlog(self) -> OutboxBacklog:
        if self.counts is None:
            raise StoreUnavailable("the database is gone")
        return OutboxBacklog(0, None)


def samples(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text.decode())
            for s in family.samples}


def request(method: str = "chat.postMessage") -> HttpRequest:
    return HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={})


async def test_each_metrics_object_has_its_own_registry():
    one, two = Metrics(), Metrics()
    one.requests.labels("event").inc()
    one.matches.labels("ESTS_TOKEN_ERROR").inc(2)
    store = CountingStore(dict.fromkeys(HandoffState, 0))
    knowledge = LiveKnowledge(None)
    first = samples(await one.render(store, knowledge))
    second = samples(await two.render(store, knowledge))
    assert first[("mfa_bot_requests_total", (("type", "event"),))] == 1
    assert first[("mfa_bot_matches_total", (("code", "ESTS_TOKEN_ERROR"),))] == 2
    assert ("mfa_bot_requests_total", (("type", "event"),)) not in second


async def test_escalations_are_read_from_the_store_at_each_scrape():
    metrics, knowledge = Metrics(), LiveKnowledge(None)
    store = CountingStore({HandoffState.OPEN: 2, HandoffState.TAKEN: 1,
                           HandoffState.RESOLVED: 7})
    before = samples(await metrics.render(store, knowledge))
    assert before[("mfa_bot_escalations", (("state", "open"),))] == 2
    store.counts = {HandoffState.OPEN: 0, HandoffState.TAKEN: 0, HandoffState.RESOLVED: 10}
    after = samples(await metrics.render(store, knowledge))
    assert after[("mfa_bot_escalations", (("state", "open"),))] == 0
    assert after[("mfa_bot_escalations", (("state", "resolved"),))] == 10
    assert after[("mfa_bot_store_up", ())] == 1
    assert after[("mfa_bot_knowledge_entries", ())] == len(knowledge.kb.entries)


async def test_a_store_failure_drops_only_the_escalations():
    metrics = Metrics()
    metrics.requests.labels("command").inc()
    found = samples(await metrics.render(CountingStore(None), LiveKnowledge(None)))
    assert found[("mfa_bot_store_up", ())] == 0
    assert not any(name == "mfa_bot_escalations" for name, _ in found)
    assert found[("mfa_bot_requests_total", (("type", "command"),))] == 1


def test_failed_attempts_are_named_and_successes_are_not():
    ok = HttpResponse(status_code=200, headers={}, body={"ok": True})
    refused = HttpResponse(status_code=200, headers={}, body={"ok": False, "error": "no_perm"})
    limited = HttpResponse(status_code=429, headers={"retry-after": ["0"]}, body={})
    broken = HttpResponse(status_code=503, headers={}, body={})
    assert failure(ok, None) is None
    assert failure(refused, None) == "no_perm"
    assert failure(limited, None) == "ratelimited"
    assert failure(broken, None) == "http_503"
    assert failure(None, ConnectionResetError()) == "connection_error"
    assert api_method(request("views.publish")) == "views.publish"


async def test_the_hooks_count_failures_and_retries_by_method(monkeypatch):
    monkeypatch.setattr(retries, "BACKOFF_SECONDS", 0)
    monkeypatch.setattr(retries, "RETRIES", 1)
    metrics = Metrics()
    retry = retries.SlackRetries(metrics)
    broken = HttpResponse(status_code=500, headers={}, body={})
    state = RetryState()
    assert await retry.can_retry_async(state=state, request=request(), response=broken)
    await retry.prepare_for_next_attempt_async(state=state, request=request(), response=broken)
    # the last attempt fails too: counted, not retried
    assert not await retry.can_retry_async(state=state, request=request(), response=broken)
    method = {"method": "chat.postMessage"}
    assert metrics.registry.get_sample_value(
        "mfa_bot_slack_api_errors_total", {**method, "error": "http_500"}) == 2
    assert metrics.registry.get_sample_value(
        "mfa_bot_slack_api_retries_total", {**method, "kind": "server_error"}) == 1
