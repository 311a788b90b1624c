"""Prometheus metrics for one running bot, served as text on GET /metrics.

Each Bot owns its registry (not prometheus_client's global one), so several bots in one
process, as in the tests, never share or clash over a counter. Counts only: codes, Slack
method names and error names, never anything a person wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.domain.handoff import HandoffState
from bot.domain.outbox import OutboxBacklog
from bot.live_knowledge import LiveKnowledge
from bot.store.base import Store, StoreError

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MATCH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class _ScrapeTime(Collector):
    """What is read when Prometheus scrapes rather than counted as it happens: hand-offs
    per state from the store (shared by all replicas, so every replica reports the same
    numbers) and the knowledge base in use. ``Metrics.render`` fills it just before
    collecting, with no await in between, so one scrape sees one consistent snapshot."""

    def __init__(self) -> None:
        self.handoffs: dict[HandoffState, int] | None = None  # None: the store failed
        self.backlog: OutboxBacklog | None = None
        self.backlog_age = 0.0  # seconds
        self.knowledge: LiveKnowledge | None = None

    def describe(self) -> list[Metric]:
        return []  # the families depend on the snapshot: nothing to check at registration

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("mfa_bot_store_up", "1 when the store answered this scrape")
        up.add_metric([], 0 if self.handoffs is None else 1)
        yield up
        if self.handoffs is not None:
            escalations = GaugeMetricFamily(
                "mfa_bot_escalations", "Hand-offs to support, by state", labels=["state"])
            for state, count in self.handoffs.items():
                escalations.add_metric([state.value], count)
            yield escalations
        if self.backlog is not None:
            depth = GaugeMetricFamily(
                "mfa_bot_outbox_depth", "Posts and webhook calls owed, not yet delivered")
            depth.add_metric([], self.backlog.depth)
            yield depth
            age = GaugeMetricFamily(
                "mfa_bot_outbox_oldest_seconds", "Age of the oldest undelivered outbox item")
            age.add_metric([], self.backlog_age)
            yield age
        if self.knowledge is not None:
            entries = GaugeMetricFamily(
                "mfa_bot_knowledge_entries", "Entries in the knowledge base in use")
            entries.add_metric([], len(self.knowledge.kb.entries))
            yield entries
            reloads = CounterMetricFamily(
                "mfa_bot_knowledge_reloads", "Knowledge reloads since start, by result",
                labels=["result"])
            reloads.add_metric(["ok"], self.knowledge.reloads)
            reloads.add_metric(["rejected"], self.knowledge.rejected)
            yield reloads


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "mfa_bot_requests", "Requests from Slack, by type", ["type"],
            registry=self.registry)
        self.matches = Counter(
            "mfa_bot_matches", "Known errors answered, by code", ["code"],
            registry=self.registry)
        self.match_seconds = Histogram(
            "mfa_bot_match_seconds", "Time to match one paste against the knowledge base",
            buckets=MATCH_BUCKETS, registry=self.registry)
        self.slack_api_errors = Counter(
            "mfa_bot_slack_api_errors",
            "Failed Slack Web API attempts (retried ones included), by method and error",
            ["method", "error"], registry=self.registry)
        self.slack_api_retries = Counter(
            "mfa_bot_slack_api_retries", "Slack Web API retries, by method and kind",
            ["method", "kind"], registry=self.registry)
        self.outbox = Counter(
            "mfa_bot_outbox_items",
            "Outbox items settled or retried, by kind and result (delivered, retried, expired, "
            "failed)", ["kind", "result"], registry=self.registry)
        self.requests_refused = Counter(
            "mfa_bot_requests_refused",
            "Requests to /slack/events answered 401, by reason (missing, bad_timestamp, "
            "stale, mismatch)", ["reason"], registry=self.registry)
        self.connections_closed = Counter(
            "mfa_bot_connections_closed",
            "HTTP connections the server closed, by reason (slow, evicted, refused)",
            ["reason"], registry=self.registry)
        self._scrape_time = _ScrapeTime()
        self.registry.register(self._scrape_time)

    async def render(self, store: Store, knowledge: LiveKnowledge) -> bytes:
        """The Prometheus text exposition of every metric, store counts read now."""
        try:
            handoffs: dict[HandoffState, int] | None = await store.count_handoffs_by_state()
            backlog: OutboxBacklog | None = await store.outbox_backlog()
        except StoreError as exc:
            log.warning("event=metrics_store_failed error=%s", type(exc).__name__)
            handoffs = backlog = None
        self._scrape_time.handoffs = handoffs
        self._scrape_time.backlog = backlog
        self._scrape_time.backlog_age = 0.0 if backlog is None else backlog.age(
            datetime.now(UTC)).total_seconds()
        self._scrape_time.knowledge = knowledge
        return generate_latest(self.registry)
