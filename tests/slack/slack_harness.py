"""End-to-end harness: the real bot, over real HTTP, against a stand-in for Slack.

The fixtures wrapping these (``standin``, ``start_bot``, ``bot``) are in conftest.py; this
module holds the classes and helpers so that any test can import them by name.

- ``standin``: an aiohttp server on 127.0.0.1 playing the Slack Web API (and a response_url
  endpoint, and the Socket Mode WebSocket). It records every call, can be told to fail the
  next calls of a method (429, 500, dropped connection), and at teardown checks every
  message and view the bot sent against the Block Kit limits.
- ``start_bot``: starts the bot in-process exactly as ``mfa-bot run`` does (Settings from
  an environment, load_knowledge, ``Bot.start``), with SLACK_API_URL pointing at the
  stand-in and DATABASE_URL at a temporary SQLite file; ``bot`` is the HTTP-mode default.
- ``RunningBot`` sends signed Events API, slash-command and interactive requests.

Waiting is by polling with a generous timeout; no test asserts on wall-clock time.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.blocks.limits import problems
from bot.config import Settings
from bot.slack.runtime.lifecycle import Bot
from bot.slack.wiring.scopes import FEATURES, SCOPES_HEADER
from tests.local_http import free_port

BOT_TOKEN = "xoxb-1111-2222-StandInBotTokenValue"
APP_TOKEN = "xapp-1-A0TEST-3333-StandInAppTokenValue"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
TEAM = "T0TEST"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
ALICE = "U0ALICE"
CHANNEL = "C0GENERAL"
DM_CHANNEL = "D0ALICE"
WAIT_SECONDS = 15.0  # generous: only reached when something is broken

BLOCK_METHODS = {
    "chat.postMessage": "message",
    "chat.update": "message",
    "chat.postEphemeral": "message",
    "response_url": "message",
    "views.open": "modal",
    "views.update": "modal",
    "views.push": "modal",
    "views.publish": "home",
}


@dataclass
class Call:
    """One request the stand-in received. ``status`` is what it answered."""

    method: str  # Web API method, or "response_url"
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    path_id: str = ""  # the response_url's ID

    def payload(self) -> dict[str, Any]:
        """What a message or view check needs: the view, or text + blocks."""
        if self.method.startswith("views."):
            return self.body.get("view") or {}
        return {k: self.body[k] for k in ("text", "blocks") if k in self.body}


@dataclass
class Fault:
    status: int | None  # None: drop the connection without answering
    times: int
    retry_after: str | None = "0"  # a 429's Retry-After header; None: no header
    page: str | None = None  # answer this text/html page instead of Slack's JSON


@dataclass
class SlackStandIn:
    """A Slack Web API stand-in. Use ``api_url`` as SLACK_API_URL."""

    calls: list[Call] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The bot token's scopes, sent in every answer's x-oauth-scopes header (None: no header).
    scopes: list[str] | None = field(default_factory=lambda: [f.scope for f in FEATURES])
    # conversations.info: channel ID -> fields of its answer (is_member, is_archived...).
    channels: dict[str, dict[str, Any]] = field(default_factory=lambda: {
        CHANNEL: {"name": "general", "is_member": True, "is_archived": False}})
    # usergroups.list, and usergroups.users.list for these IDs (others answer [ALICE]).
    usergroups: dict[str, list[str]] = field(default_factory=lambda: {"S0SUPPORT": [ALICE]})
    port: int = 0
    _faults: dict[str, list[Fault]] = field(default_factory=dict)
    # Attached files: ID -> (Slack file object, bytes served at its url_private_download).
    files: dict[str, tuple[dict[str, Any], bytes]] = field(default_factory=dict)
    _delays: dict[str, float] = field(default_factory=dict)
    # Messages posted (chat.postMessage), with their metadata: conversations.replies and
    # .history return them when asked with include_all_metadata (the outbox's look-up).
    messages: list[dict[str, Any]] = field(default_factory=list)
    # outage(): every Web API method but auth.test answers this (None: connection dropped).
    down: tuple[int | None] | None = None
    _site: web.TCPSite | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response_url/{id}", self._response_url)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files-pri/{id}/{name}", self._file_download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self.port = free_port()
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, response_id: str | None = None) -> str:
        return f"{self.base}/response_url/{response_id or uuid.uuid4().hex}"

    # -- what tests tell it ----------------------------------------------------------------
    def fail(
        self, method: str, status: int | None, times: int = 1, *,
        retry_after: str | None = "0", page: str | None = None,
    ) -> None:
        """Fail the next ``times`` calls of ``method``: 429 (with ``retry_after``), another
        status, or None for a connection dropped before any answer. ``page``: answer a
        proxy's HTML page instead of Slack's JSON."""
        self._faults.setdefault(method, []).append(Fault(status, times, retry_after, page))

    def outage(self, status: int | None = 503) -> None:
        """Slack is down until ``restore()``: every call answers ``status`` (None: the
        connection is dropped without an answer)."""
        self.down = (status,)

    def restore(self) -> None:
        self.down = None

    async def refuse(self) -> None:
        """Stop listening: new connections are refused until ``accept()``, and a request
        on a connection kept alive from before has its connection closed."""
        assert self._site is not None
        await self._site.stop()
        self.down = (None,)

    async def accept(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.down = None

    def answer(self, method: str, response: dict[str, Any]) -> None:
        """Answer ``method`` with ``response`` instead of the built-in answer."""
        self.overrides[method] = response

    def attach(self, name: str, data: bytes, *, size: int | None = None) -> dict[str, Any]:
        """Host ``data`` as an uploaded file; returns its file object as Slack sends it in a
        file_share event (``size`` may announce something else than the bytes)."""
        file_id = f"F{len(self.files) + 1:08d}"
        url = f"{self.base}/files-pri/{file_id}/{name}"
        file = {"id": file_id, "name": name, "title": name, "size": len(data) if size is None
                else size, "mimetype": "application/zip" if name.endswith(".zip")
                else "application/octet-stream", "filetype": name.rsplit(".", 1)[-1],
                "url_private": url, "url_private_download": url, "mode": "hosted"}
        self.files[file_id] = (file, data)
        return file

    # -- what tests read -------------------------------------------------------------------
    def slow(self, method: str, seconds: float) -> None:
        """Answer every call of ``method`` only after ``seconds``: Slack on a bad day."""
        self._delays[method] = seconds

    def of(self, method: str) -> list[Call]:
        """The calls of ``method`` that succeeded."""
        return [c for c in self.calls if c.method == method and c.status == 200]

    def attempts(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted(self) -> list[Call]:
        """Everything the bot showed people: messages, ephemerals, updates, responses."""
        return [c for c in self.calls if c.method in BLOCK_METHODS and c.status == 200]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Wait until ``count`` calls of ``method`` succeeded; returns them all."""
        await wait_until(lambda: len(self.of(method)) >= count, f"{count} x {method}")
        return self.of(method)

    async def wait_for_answer(self, response_url: str) -> Call:
        """The first answer the bot sent to ``response_url``; answers to other requests may
        arrive before or after it."""
        def mine() -> list[Call]:
            return [c for c in self.of("response_url") if response_url.endswith(c.path_id)]

        await wait_until(lambda: bool(mine()), f"an answer on {response_url}")
        return mine()[0]

    async def wait_for_attempts(self, method: str, count: int) -> list[Call]:
        """Wait until ``method`` was tried ``count`` times, failed or not."""
        await wait_until(lambda: len(self.attempts(method)) >= count, f"{count} tries of {method}")
        return self.attempts(method)

    async def settle(self, quiet: float = 0.5) -> None:
        """Wait until no call has arrived for ``quiet`` seconds: lets in-flight work
        finish before a test asserts that something was NOT posted."""
        seen = -1
        while seen != len(self.calls):
            seen = len(self.calls)
            await asyncio.sleep(quiet)

    # -- Socket Mode -----------------------------------------------------------------------
    async def push(self, kind: str, payload: dict[str, Any]) -> str:
        """Send an envelope (events_api, slash_commands, interactive) to the connected bot."""
        await wait_until(lambda: bool(self._sockets), "a Socket Mode connection")
        envelope_id = uuid.uuid4().hex
        await self._sockets[-1].send_json({
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        })
        return envelope_id

    async def wait_for_ack(self, envelope_id: str) -> dict[str, Any]:
        def acked() -> list[dict[str, Any]]:
            return [a for a in self.socket_acks if a.get("envelope_id") == envelope_id]

        await wait_until(lambda: bool(acked()), f"ack of envelope {envelope_id}")
        return acked()[0]

    # -- handlers --------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        # GET methods (chat.getPermalink, conversations.*) send their arguments in the query.
        call = Call(method, {**request.query, **await _parse(request)}, dict(request.headers))
        self.calls.append(call)
        fault = self._next_fault(method)
        if fault is None and self.down is not None and method != "auth.test":
            fault = Fault(self.down[0], 1)
        if fault is not None:
            call.status = fault.status or 0
            if fault.status is None:
                assert request.transport is not None
                request.transport.close()
                return web.Response()
            headers = {"Retry-After": fault.retry_after} \
                if fault.status == 429 and fault.retry_after is not None else {}
            if fault.page is not None:
                return web.Response(text=fault.page, status=fault.status, headers=headers,
                                    content_type="text/html")
            return web.json_response(
                {"ok": False, "error": "ratelimited" if fault.status == 429 else "fatal_error"},
                status=fault.status,
                headers=headers,
            )
        # Answered (and a message posted) before the delay: a bot killed while it waits
        # has posted without knowing it.
        answer = self._answer(method, call.body)
        if method in self._delays:
            await asyncio.sleep(self._delays[method])
        headers = {SCOPES_HEADER: ",".join(self.scopes)} if self.scopes is not None else None
        return web.json_response(answer, headers=headers)

    async def _file_download(self, request: web.Request) -> web.Response:
        call = Call("file_download", {"id": request.match_info["id"]}, dict(request.headers))
        self.calls.append(call)
        found = self.files.get(request.match_info["id"])
        if found is None:
            call.status = 404
            return web.Response(status=404)
        return web.Response(body=found[1], content_type="application/octet-stream")

    async def _response_url(self, request: web.Request) -> web.Response:
        call = Call("response_url", await _parse(request), dict(request.headers))
        call.path_id = request.match_info["id"]
        self.calls.append(call)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "standin", "approximate_connection_time": 3600},
            "connection_info": {"app_id": "A0TEST"},
        })
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    def _next_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method in self.overrides:
            return self.overrides[method]
        n = next(self._ts)
        ts = f"{1_760_000_000 + n}.{n:06d}"
        channel = body.get("channel", CHANNEL)
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {
                "url": "https://standin.slack.test/", "team": "Stand-in", "user": "mfa-bot",
                "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID,
            },
            "chat.postMessage": {"channel": channel, "ts": ts, "message": {"ts": ts}},
            "chat.update": {"channel": channel, "ts": body.get("ts", ts)},
            "chat.postEphemeral": {"message_ts": ts},
            "chat.getPermalink": {
                "channel": channel,
                "permalink": f"https://standin.slack.test/archives/{channel}/p{n:016d}",
            },
            "views.open": {"view": {"id": f"V{n:08d}", **(body.get("view") or {})}},
            "views.update": {"view": {"id": f"V{n:08d}", **(body.get("view") or {})}},
            "views.push": {"view": {"id": f"V{n:08d}", **(body.get("view") or {})}},
            "views.publish": {"view": {"id": f"V{n:08d}", **(body.get("view") or {})}},
            "users.info": {"user": {"id": body.get("user", ALICE), "name": "alice",
                                    "tz": "Europe/London", "is_bot": False}},
            "conversations.members": {"members": [BOT_USER, ALICE],
                                      "response_metadata": {"next_cursor": ""}},
            "usergroups.users.list": {
                "users": self.usergroups.get(body.get("usergroup", ""), [ALICE])},
            "usergroups.list": {"usergroups": [
                {"id": group, "handle": group.lower(), "user_count": len(users),
                 "date_delete": 0} for group, users in self.usergroups.items()]},
            # Tests that need the thread's first message answer it with .answer(...).
            "conversations.replies": {"messages": [], "has_more": False},
            "apps.connections.open": {"url": f"ws://127.0.0.1:{self.port}/socket"},
        }
        if method == "files.info":
            hosted = self.files.get(body.get("file", ""))
            return {"ok": True, "file": hosted[0]} if hosted else {
                "ok": False, "error": "file_not_found"}
        if method == "conversations.info":
            found = self.channels.get(body.get("channel", ""))
            if found is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": body["channel"], **found}}
        if method == "chat.postMessage":
            self.messages.append({
                "type": "message", "ts": ts, "channel": channel, "bot_id": BOT_ID,
                "thread_ts": body.get("thread_ts"), "text": body.get("text", ""),
                **({"metadata": _json_field(body["metadata"])} if body.get("metadata") else {}),
            })
        if method in ("conversations.replies", "conversations.history") and str(
                body.get("include_all_metadata", "")).lower() in ("1", "true"):
            # Oldest first, as Slack lists a thread (and the whole channel, ignoring paging).
            found = [m for m in self.messages if m["channel"] == channel and (
                method == "conversations.history" or m["thread_ts"] == body.get("ts"))]
            return {"ok": True, "messages": found, "has_more": False,
                    "response_metadata": {"next_cursor": ""}}
        if method not in answers:
            return {"ok": False, "error": "unknown_method"}
        return {"ok": True, **answers[method]}

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The bot's messages posted in a thread, in order."""
        return [m for m in self.messages
                if m["channel"] == channel and m["thread_ts"] == thread_ts]

    def limit_problems(self) -> list[str]:
        found = []
        for i, call in enumerate(self.posted()):
            payload = call.payload()
            if "blocks" not in payload and not call.method.startswith("views."):
                if not payload.get("text") and not call.body.get("delete_original"):
                    found.append(f"call {i} {call.method}: no text and no blocks")
                continue
            surface = BLOCK_METHODS[call.method]
            found += [f"call {i} {call.method}: {p}" for p in problems(payload, surface=surface)]
        return found


async def _parse(request: web.Request) -> dict[str, Any]:
    """JSON or form bodies, with JSON-in-form fields (blocks, view) decoded."""
    raw = await request.text()
    if not raw:
        return {}
    if request.content_type == "application/json":
        return json.loads(raw)
    body: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(body.get(key), str):
            body[key] = json.loads(body[key])
    return body


def _json_field(value: Any) -> Any:
    """A form field Slack takes as JSON (metadata) comes as a string."""
    return json.loads(value) if isinstance(value, str) else value


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def recorded_checklist(store: Any, thread: Any) -> Any:
    """The thread's checklist once its message's ts is stored. The bot records the ts after
    Slack answers the post, a moment after the stand-in has seen the post itself."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        checklist = await store.get_checklist(thread)
        if checklist is not None and checklist.message_ts:
            return checklist
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for the checklist of {thread} to be stored")
        await asyncio.sleep(0.02)


def slack_signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": slack_signature(secret, ts, body),
    }


def message_event(text: str, **fields: Any) -> dict[str, Any]:
    """A person's message in #general (override any field)."""
    event = {
        "type": "message", "channel": CHANNEL, "channel_type": "channel", "user": ALICE,
        "text": text, "ts": f"{int(time.time())}.{uuid.uuid4().int % 10**6:06d}",
        "team": TEAM,
    }
    event.update(fields)
    return event


def event_body(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy", "team_id": TEAM, "api_app_id": "A0TEST", "type": "event_callback",
        "event": event, "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


@dataclass
class Response:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class RunningBot:
    """A started bot and a client that speaks to it like Slack does."""

    bot: Bot | None  # None when the bot runs in another process (see test_replicas.py)
    settings: Settings
    standin: SlackStandIn
    session: aiohttp.ClientSession

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    async def post(
        self, body: str | bytes, *, content_type: str = "application/json",
        headers: dict[str, str] | None = None, sign: bool = True,
    ) -> Response:
        """POST to /slack/events, signed like Slack signs (``sign``: str bodies only)."""
        if sign:
            assert isinstance(body, str)
            all_headers = signed_headers(body, content_type=content_type)
        else:
            all_headers = {"Content-Type": content_type}
        all_headers.update(headers or {})
        data = body.encode() if isinstance(body, str) else body
        async with self.session.post(
            f"{self.url}/slack/events", data=data, headers=all_headers
        ) as resp:
            return Response(resp.status, await resp.text())

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
    ) -> Response:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else {}
        return await self.post(json.dumps(event_body(event, event_id)), headers=headers)

    async def command(
        self, text: str, *, response_url: str | None = None, channel: str = CHANNEL
    ) -> Response:
        form = {
            "token": "legacy", "team_id": TEAM, "team_domain": "standin", "channel_id": channel,
            "channel_name": "general", "user_id": ALICE, "user_name": "alice",
            "command": "/mfa-error", "text": text, "api_app_id": "A0TEST",
            "response_url": response_url or self.standin.response_url(),
            "trigger_id": f"1337.{uuid.uuid4().int % 10**9}.abcd",  # one per invocation
        }
        return await self.post(urlencode(form), content_type="application/x-www-form-urlencoded")

    async def interact(self, payload: dict[str, Any]) -> Response:
        return await self.post(
            urlencode({"payload": json.dumps(payload)}),
            content_type="application/x-www-form-urlencoded",
        )

    async def click(
        self, action_id: str, value: str, *, message: dict[str, Any] | None = None,
        ephemeral: bool = False, response_url: str | None = None,
    ) -> Response:
        """Click a button on a card: an ephemeral one, or ``message`` (a posted message)."""
        message = message or {"ts": "1760000000.000001", "text": "card", "blocks": []}
        container = {"type": "message", "message_ts": message["ts"], "channel_id": CHANNEL,
                     "is_ephemeral": ephemeral}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "standin"},
            "user": {"id": ALICE, "username": "alice", "team_id": TEAM},
            "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.abcd",
            "container": container,
            "channel": {"id": CHANNEL, "name": "general"},
            "response_url": response_url or self.standin.response_url(),
            "actions": [{
                "type": "button", "action_id": action_id, "block_id": "b1",
                "value": value, "action_ts": str(time.time()),
                "text": {"type": "plain_text", "text": "button"},
            }],
        }
        if not ephemeral:
            payload["message"] = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID,
                                  **message}
        return await self.interact(payload)

    async def act(
        self, action: dict[str, Any], *, user: str = ALICE, message: dict[str, Any] | None = None,
        ephemeral: bool = False, response_url: str | None = None,
    ) -> Response:
        """A block_actions request for any element (``action`` as Slack sends it: type,
        action_id, block_id, value or selected_options...), pressed by ``user``."""
        message = message or {"ts": "1760000000.000001", "text": "card", "blocks": []}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "standin"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM},
            "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.abcd",
            "container": {"type": "message", "message_ts": message["ts"],
                          "channel_id": message.get("channel", CHANNEL),
                          "is_ephemeral": ephemeral},
            "channel": {"id": message.get("channel", CHANNEL), "name": "general"},
            "response_url": response_url or self.standin.response_url(),
            "actions": [{"action_ts": str(time.time()), **action}],
        }
        if not ephemeral:
            payload["message"] = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID,
                                  **message}
        return await self.interact(payload)

    async def submit(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str = ALICE
    ) -> Response:
        """Submit ``view`` (as the bot opened it) with ``values``, Slack's view.state.values:
        {block_id: {action_id: {"type": ..., "value": ...}}}."""
        return await self.interact({
            "type": "view_submission",
            "team": {"id": TEAM, "domain": "standin"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM},
            "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.43.abcd",
            "view": {**view, "id": "V0FORM", "team_id": TEAM, "hash": "1.abc",
                     "state": {"values": values}},
        })

    async def healthz(self) -> Response:
        async with self.session.get(f"{self.url}/healthz") as resp:
            return Response(resp.status, await resp.text())


def bot_environ(standin: SlackStandIn, tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
        "PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "LOG_LEVEL": "INFO",
    }
    env.update(overrides)
    return env


# -- pastes and reading what the bot sent --------------------------------------------------

GUID = "6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31"
EVENT_LOG_PASTE = f"""Log Name:      AuthNOptCh
Source:        Microsoft-AzureMfa-AuthN
Event ID:      3
Level:         Error
Computer:      NPS01.contoso.com
Description:
NPS Extension for Azure MFA:  CID: {GUID} :Exception in Authentication Ext for User alice@contoso.com :: ErrorCode:: CID :{GUID} ESTS_TOKEN_ERROR Msg:: Verify the client certificate is properly enrolled in Azure against your tenant and the server has access to URL listed in the documentation."""  # noqa: E501
CHIT_CHAT = "anyone up for lunch at the usual place?"
NEEDS_SUPPORT_PASTE = EVENT_LOG_PASTE.replace("ESTS_TOKEN_ERROR", "CONTACT_SUPPORT")


def shown(call: Call) -> str:
    """Everything a person can see in a message: fallback text and blocks, as JSON."""
    return json.dumps(call.payload())


def headers_of(call: Call) -> list[str]:
    return [b["text"]["text"] for b in call.body.get("blocks", []) if b["type"] == "header"]


def buttons(call: Call, action_id: str | None = None) -> list[dict[str, Any]]:
    found = []
    for block in call.body.get("blocks", []):
        elements = [block.get("accessory")] if block["type"] == "section" else block.get(
            "elements", [])
        found += [e for e in elements if e and e.get("type") == "button"]
    return [b for b in found if action_id is None or b["action_id"] == action_id]


# -- the checklist, as people see and click it ---------------------------------------

def checkboxes(call: Call) -> list[tuple[str, dict]]:
    """(block_id, element) of each checkbox group in a checklist message."""
    return [(block["block_id"], element) for block in call.body["blocks"]
            if block["type"] == "actions"
            for element in block["elements"] if element["type"] == "checkboxes"]


def ticked(call: Call) -> set[str]:
    return {o["value"] for _, element in checkboxes(call)
            for o in element.get("initial_options", [])}


def toggle(view: Call, step_id: str) -> dict:
    """The action Slack sends when someone clicks ``step_id``'s box on ``view``: the group's
    whole selection as that person's (maybe stale) view shows it, with the click applied."""
    for block_id, element in checkboxes(view):
        values = [o["value"] for o in element["options"]]
        if step_id in values:
            selected = {o["value"] for o in element.get("initial_options", [])} ^ {step_id}
            return {"type": "checkboxes", "action_id": element["action_id"], "block_id": block_id,
                    "selected_options": [o for o in element["options"]
                                         if o["value"] in selected]}
    raise AssertionError(f"no box for {step_id}")


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(bot: Any) -> Samples:
    """GET /metrics, parsed: (name, labels) -> value."""
    async with bot.session.get(f"{bot.url}/metrics") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = await resp.text()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text) for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
