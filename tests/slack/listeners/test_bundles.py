"""Log bundles attached in a thread, end to end over real HTTP: fetched from the stand-in's
file host, checked against the checklist, summarised, ticked, and carried to support."""

from __future__ import annotations

import json
import time
import uuid

from slack_harness import (
    BOT_TOKEN,
    BOT_USER,
    CHANNEL,
    NEEDS_SUPPORT_PASTE,
    headers_of,
    message_event,
    ticked,
    wait_until,
)

from bot.domain.checklist import ThreadRef
from tests.bundle.fixtures import complete_bundle, zip_of

BUNDLE_STEPS = {"start-network-trace", "stop-network-trace", "start-extension-trace",
                "stop-extension-trace", "export-event-logs", "zip-and-attach"}


async def escalation_thread(bot, standin) -> str:
    """A needs-support paste and its checklist; returns the thread's ts."""
    event = message_event(NEEDS_SUPPORT_PASTE)
    await bot.event(event)
    await standin.wait_for("chat.postMessage", 2)
    return event["ts"]


def shown(call) -> str:
    """What people see in a message, as text (not ASCII-escaped: the reply uses ×)."""
    return json.dumps(call.payload(), ensure_ascii=False)


def share(standin, thread_ts: str | None, name: str, data: bytes, text: str = "",
          size: int | None = None) -> dict:
    file = standin.attach(name, data, size=size)
    fields = {"subtype": "file_share", "files": [file],
              "ts": f"{int(time.time())}.{uuid.uuid4().int % 10**6:06d}"}
    if thread_ts:
        fields["thread_ts"] = thread_ts
    return message_event(text, **fields)


async def bundle_reply(standin, name: str):
    """The bot's reply about ``name`` (a summary or a refusal)."""
    def found():
        return [c for c in standin.of("chat.postMessage")
                if f"Logs checked: {name}" in headers_of(c) or
                f"could not read {name}" in c.body.get("text", "")]

    await wait_until(lambda: bool(found()), f"the reply about {name}")
    return found()[0]


async def test_a_complete_bundle_ticks_its_steps_and_posts_the_summary(bot, standin):
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle())))
    reply = await bundle_reply(standin, "NPS.zip")
    assert reply.body["thread_ts"] == thread_ts
    text = shown(reply)
    assert "CONTACT_SUPPORT" in text and "× 4" in text and "3 users" in text
    assert "ESTS_TOKEN_ERROR" in text
    assert ":x:" not in text  # nothing missing
    assert "alice" not in text and "contoso" not in text  # users counted, never named

    # The token went to the file host, and only there.
    [download] = standin.of("file_download")
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"

    checklist = await bot.bot.store.get_checklist(ThreadRef(CHANNEL, thread_ts))
    done = {s.step_id for s in checklist.steps if s.done}
    assert done == BUNDLE_STEPS
    assert {checklist.step(s).done_by for s in done} == {BOT_USER}
    update = standin.of("chat.update")[-1]
    assert ticked(update) == BUNDLE_STEPS


async def test_a_bundle_missing_the_authz_export_says_so_and_names_the_step(bot, standin):
    thread_ts = await escalation_thread(bot, standin)
    bundle = zip_of(complete_bundle(without=("AuthZOptCh",)))
    await bot.event(share(standin, thread_ts, "NPS.zip", bundle))
    reply = await bundle_reply(standin, "NPS.zip")
    text = shown(reply)
    assert ":x: AuthZOptCh event log: missing" in text
    assert "Export the NPS extension event logs" in text
    checklist = await bot.bot.store.get_checklist(ThreadRef(CHANNEL, thread_ts))
    assert not checklist.step("export-event-logs").done
    assert checklist.step("stop-extension-trace").done


async def test_files_outside_an_escalation_thread_are_read_only_when_asked(bot, standin):
    bundle = zip_of(complete_bundle())
    await bot.event(share(standin, None, "quiet.zip", bundle))
    await standin.settle()
    assert standin.of("file_download") == []
    await bot.event(share(standin, None, "asked.zip", bundle, text=f"<@{BOT_USER}> logs"))
    reply = await bundle_reply(standin, "asked.zip")
    assert "CONTACT_SUPPORT" in shown(reply)


async def test_the_hand_off_carries_the_summary_and_the_verified_logs(start_bot, standin):
    from test_handoff import SUPPORT, checklist_of_paste, open_form, support_posts, values

    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)
    checklist = await checklist_of_paste(bot, standin)
    thread_ts = checklist.thread.thread_ts
    await bot.event(share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle())))
    await bundle_reply(standin, "NPS.zip")

    view = (await open_form(bot, standin, checklist))["view"]
    form_text = json.dumps(view, ensure_ascii=False)
    assert "Logs attached: verified (NPS extension trace" in form_text
    assert "CONTACT_SUPPORT* × 4" in form_text
    [logs] = [b for b in view["blocks"] if b.get("block_id") == "logs_attached"]
    assert logs["element"]["initial_options"]  # ticked for them: the bot saw the logs

    await bot.submit(view, values())
    await wait_until(lambda: bool(support_posts(standin)), "the support message")
    [posted] = support_posts(standin)
    text = shown(posted)
    assert "Yes, verified by mfa-bot" in text
    assert "AuthZOptCh event log" in text and "CONTACT_SUPPORT* × 4" in text
    assert "bob" not in text and "erin" not in text  # users in the logs are never named
