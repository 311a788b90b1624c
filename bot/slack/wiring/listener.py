"""One wrapper for every Bolt listener: ack, services, timing, the log line, and a polite
answer whatever goes wrong.

Slack wants the ack within 3 seconds. A listener that changes state (a tick, a vote, a
hand-off) saves first and acks after, so an acknowledged click is never lost: its store
calls go through ``Request.store``, which gives up once ``ACK_BUDGET_SECONDS`` have passed
and then tells the clicker "couldn't save, try again". Every other listener is acked
before it runs.

An exception must never escape to Bolt: raised just after the ack it turns the response
into a 404 three seconds later. The wrapper catches it, acks if nobody has, and
apologises to whoever is waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.message import Message
from bot.blocks.replies import APOLOGY, LOOKUP_FAILED, SAVE_FAILED
from bot.logs import log_request
from bot.slack.flows.notes import tell_clicker
from bot.slack.wiring.deadline import within
from bot.slack.wiring.errors import request_kind
from bot.slack.wiring.services import Services, services_of
from bot.store.base import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Everything before the ack of a state change: Slack gives up at 3 s, and the request
# has spent some time reaching the listener already. Both databases answer in milliseconds.
ACK_BUDGET_SECONDS = 2.0



class NotSaved(Exception):
    """A store call on the ack path failed or ran out of time: nothing may be assumed
    saved (or read), and the clicker is asked to try again."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(reason)
        self.text = text


@dataclass
class Request:
    """What a listener gets: the request, the bot's services, and ways to answer."""

    name: str
    body: dict[str, Any]
    services: Services
    client: AsyncWebClient
    context: AsyncBoltContext
    _ack: AsyncAck
    _respond: AsyncRespond
    started: float = field(default_factory=time.perf_counter)
    acked: bool = False

    @property
    def action(self) -> dict[str, Any]:
        return self.body["actions"][0]

    @property
    def view(self) -> dict[str, Any]:
        return self.body["view"]

    @property
    def event(self) -> dict[str, Any]:
        return self.body["event"]

    @property
    def user_id(self) -> str:
        user = self.body.get("user")
        return user["id"] if isinstance(user, dict) else str(self.body.get("user_id", ""))

    @property
    def team_id(self) -> str:
        return self.context.team_id or ""

    async def ack(self, **answer: Any) -> None:
        if not self.acked:
            self.acked = True
            await self._ack(**answer)

    def budget_left(self) -> float:
        return ACK_BUDGET_SECONDS - (time.perf_counter() - self.started)

    async def store(self, call: Awaitable[T], *, reading: bool = False) -> T:
        """A store call before the ack, within what is left of ACK_BUDGET_SECONDS; raises
        NotSaved when it fails or takes too long."""
        try:
            return await within(self.budget_left(), call)
        except (StoreError, TimeoutError) as exc:
            text = LOOKUP_FAILED if reading else SAVE_FAILED
            raise NotSaved(type(exc).__name__, text) from exc

    async def respond(self, **message: Any) -> None:
        await self.ack()
        await self._respond(**message)

    async def tell(self, note: Message | str) -> None:
        """A private note to the clicker, where they clicked."""
        await self.ack()
        await tell_clicker(self.client, self.body, self._respond, note)

    def log(self, event: str | None = None, *, level: int = logging.INFO,
            **fields: object) -> None:
        log_request(event or self.name, self.started, level, **fields)


Handler = Callable[[Request], Awaitable[None]]
BoltListener = Callable[..., Awaitable[None]]


def listener(name: str, *, acks: bool = False, error_field: str | None = None
             ) -> Callable[[Handler], BoltListener]:
    """Wrap ``handler(request)`` as a Bolt listener logged as ``name``.

    ``acks``: the handler acks itself, once its change is saved or with its answer
    (``request.ack()``; a note to the clicker acks too); otherwise it is acked before it
    runs. ``error_field``: for view submissions, the input under which a failure before
    the ack is shown."""

    def wrap(handler: Handler) -> BoltListener:
        # Bolt passes arguments by these parameter names; no functools.wraps, since Bolt
        # would then read the handler's.
        async def run(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext, respond: AsyncRespond) -> None:
            services = services_of(context)
            request = Request(name, body, services, client, context, ack, respond)
            task = asyncio.current_task()
            if task is not None:  # so that a shutdown lets it finish
                services.listening.add(task)
            try:
                if not acks:
                    await request.ack()
                await handler(request)
                await request.ack()  # a listener that returned early without answering
            except Exception as exc:  # every failure gets an answer
                await _answer_failure(request, exc, error_field)
            finally:
                if task is not None:
                    services.listening.discard(task)

        run.__name__ = run.__qualname__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    return wrap


async def _answer_failure(request: Request, exc: Exception, error_field: str | None) -> None:
    if isinstance(exc, NotSaved):
        log.warning("event=not_saved listener=%s reason=%s", request.name, exc)
        text = exc.text
    elif isinstance(exc, StoreError):  # an outage is expected (/healthz says so): no trace
        log.warning("event=error kind=%s error=%s listener=%s", request_kind(request.body),
                    type(exc).__name__, request.name)
        text = APOLOGY
    else:  # a bug: the traceback is for operators, the person gets one sentence
        log.error("event=error kind=%s error=%s listener=%s", request_kind(request.body),
                  type(exc).__name__, request.name, exc_info=exc)
        text = APOLOGY
    try:
        if not request.acked and error_field and request.body.get("type") == "view_submission":
            await request.ack(response_action="errors", errors={error_field: text})
            return
        await request.ack()
        await _apologise(request, text, where_clicked=isinstance(exc, NotSaved))
    except Exception as failed:  # Slack itself may be what failed
        log.warning("event=apology_failed listener=%s error=%s", request.name,
                    type(failed).__name__)


async def _apologise(request: Request, text: str, *, where_clicked: bool) -> None:
    """``where_clicked``: in the clicked message's thread, like every note; otherwise the
    response_url first, which still works when Slack's Web API is what failed."""
    body = request.body
    clicked = isinstance(body.get("channel"), dict) and bool(request.user_id)
    if clicked and (where_clicked or not request.context.response_url):
        await tell_clicker(request.client, body, request._respond, text)
    elif request.context.response_url:
        await request._respond(response_type="ephemeral", replace_original=False, text=text)
    # Events, and clicks in the App Home: nobody is waiting on a message for an answer.
