"""One webhook attempt against the local receiver: what each answer means."""

from __future__ import annotations

import aiohttp

from bot.delivery.webhook import send_event
from bot.domain.outbox import Outcome
from bot.domain.webhook import WebhookFormat
from tests.delivery.receiver import SECRET, Receiver
from tests.domain.test_webhook import document


async def test_a_signed_event_is_accepted(receiver: Receiver) -> None:
    async with aiohttp.ClientSession() as session:
        result = await send_event(session, receiver.url, document(), WebhookFormat.JSON, SECRET)
    assert result.outcome is Outcome.DELIVERED
    [got] = receiver.received
    assert got.signature_valid
    assert got.idempotency_key == "mfa-bot-handoff-7-opened"
    assert got.json["event"] == "handoff.opened"


async def test_a_500_is_retried_and_a_400_fails(receiver: Receiver) -> None:
    receiver.fail_next = 1
    async with aiohttp.ClientSession() as session:
        first = await send_event(session, receiver.url, document(), WebhookFormat.JSON, SECRET)
        receiver.fail_next, receiver.fail_status = 1, 400
        second = await send_event(session, receiver.url, document(), WebhookFormat.JSON, SECRET)
    assert (first.outcome, first.error) == (Outcome.RETRY, "http_500")
    assert (second.outcome, second.error) == (Outcome.FAILED, "http_400")


async def test_a_wrong_secret_is_seen_by_the_receiver(receiver: Receiver) -> None:
    async with aiohttp.ClientSession() as session:
        await send_event(session, receiver.url, document(), WebhookFormat.JSON, "not-it")
    assert not receiver.received[0].signature_valid


async def test_nobody_listening_is_retried(receiver: Receiver) -> None:
    url = receiver.url
    await receiver.stop()
    async with aiohttp.ClientSession() as session:
        result = await send_event(session, url, document(), WebhookFormat.JSON, SECRET)
    assert result.outcome is Outcome.RETRY
    assert result.error
