"""Log bundles attached in a thread, end to end over real HTTP: fetched from the stand-in's
file host, checked against the checklist, summarised, ticked, and carried to support."""

from __future__ import annotations

import json
import time
import uuid

import pytest
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
from bot.domain.outbox import METADATA_EVENT_TYPE
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
    # Owed through the outbox, so a Slack outage or a restart cannot lose it.
    assert reply.body["metadata"]["event_type"] == METADATA_EVENT_TYPE
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
    assert f"<@{BOT_USER}>" in shown(update) and "from NPS.zip" in shown(update)


async def test_a_step_ticked_by_hand_is_not_claimed_by_the_bundle(bot, standin) -> None:
    thread_ts = await escalation_thread(bot, standin)
    thread = ThreadRef(CHANNEL, thread_ts)
    checklist = await bot.bot.store.get_checklist(thread)
    await bot.bot.store.set_step(checklist.id, "zip-and-attach", True, "U0ALICE")
    await bot.event(share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle())))
    reply = await bundle_reply(standin, "NPS.zip")
    assert "steps 2, 3, 6, 7, 8" in shown(reply)  # not 10: Alice ticked it
    checklist = await bot.bot.store.get_checklist(thread)
    assert checklist.step("zip-and-attach").done_by == "U0ALICE"
    [saved] = await bot.bot.store.list_bundle_reports(thread)
    assert "zip-and-attach" not in saved.ticks and saved.ticked_by == BOT_USER


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


async def test_a_mention_with_only_a_file_gets_the_bundle_reply_and_no_help(bot, standin):
    message = share(standin, None, "only.zip", zip_of(complete_bundle()), text=f"<@{BOT_USER}>")
    mention = {**message, "type": "app_mention"}
    mention.pop("channel_type", None)
    await bot.event(message)
    await bot.event(mention)
    await bundle_reply(standin, "only.zip")
    await standin.settle()
    assert not [c for c in standin.of("chat.postMessage") if "/mfa-error" in shown(c)]


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


def _bad_inputs() -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, bytes, what the reply must say)."""
    import io
    import zipfile

    from tests.bundle.evtx_writer import write_evtx
    from tests.bundle.fixtures import AUTHZ, contact_support, events
    from tests.bundle.test_bad_input import encrypted
    from tests.bundle.test_formats import BILLION_LAUGHS, SAMPLE
    from tests.bundle.text_exports import wevtutil_text

    whole = zip_of(complete_bundle())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("NPS/NPS01_AuthZOptCh.evtx", "w") as entry:
        for _ in range(20):
            entry.write(bytes(1024 * 1024))
    many = zip_of({f"junk/{i}.txt": b"x" for i in range(10_000)}, level=zipfile.ZIP_STORED)
    long_log = write_evtx(events(AUTHZ, *[(contact_support(f"u{i}@x.y"), 2) for i in range(600)]))
    text = wevtutil_text(SAMPLE).replace("\n", "\r\r\n").encode("utf-16")
    return {
        "corrupt": ("broken.zip", whole[: len(whole) // 2], "is not a zip I can open"),
        "encrypted": ("locked.zip", encrypted(whole), "password-protected"),
        "bomb": ("bomb.zip", bomb.getvalue(), "zip bomb"),
        "entries": ("many.zip", many, "more than 1,000 files"),
        "truncated": ("NPS01_AuthZOptCh.evtx", long_log[: 4096 + 65536 + 20_000], "cut short"),
        "entities": ("NPS01_AuthZOptCh.xml", BILLION_LAUGHS.encode(), "DTD or entities"),
        "utf16": ("NPS01_AuthZOptCh.txt", text, "CONTACT_SUPPORT"),
        "foreign": ("other.zip", zip_of({"report.pdf": b"%PDF-1.7"}), "none of the NPS"),
    }


BAD = _bad_inputs()


@pytest.mark.parametrize("case", sorted(BAD))
async def test_each_bad_input_gets_its_reply_in_the_thread(bot, standin, case) -> None:
    name, data, says = BAD[case]
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, name, data))
    reply = await bundle_reply(standin, name)
    assert reply.body["thread_ts"] == thread_ts
    assert says in shown(reply)
    assert "Traceback" not in shown(reply)


async def test_a_file_announced_as_2_gb_is_not_downloaded(bot, standin) -> None:
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "huge.zip", b"PK", size=2 * 1024**3))
    reply = await bundle_reply(standin, "huge.zip")
    assert "2.0 GB" in shown(reply) and "50 MB" in shown(reply)
    assert standin.attempts("file_download") == []


async def test_a_file_bigger_than_announced_is_cut_off_at_the_cap(start_bot, standin) -> None:
    bot = await start_bot(MFA_BOT_MAX_BUNDLE_MB="1")
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "liar.zip", bytes(3 * 1024 * 1024), size=1000))
    reply = await bundle_reply(standin, "liar.zip")
    assert "up to 1 MB" in shown(reply)


async def test_the_token_never_goes_to_another_host(bot, standin) -> None:
    thread_ts = await escalation_thread(bot, standin)
    event = share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle()))
    event["files"][0]["url_private_download"] = "https://files.evil.example/NPS.zip"
    await bot.event(event)
    reply = await bundle_reply(standin, "NPS.zip")
    assert "outside Slack" in shown(reply)


async def test_a_file_event_without_its_details_asks_files_info(bot, standin) -> None:
    thread_ts = await escalation_thread(bot, standin)
    event = share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle()))
    event["files"] = [{"id": event["files"][0]["id"], "file_access": "check_file_info"}]
    await bot.event(event)
    reply = await bundle_reply(standin, "NPS.zip")
    assert "CONTACT_SUPPORT" in shown(reply)
    assert standin.of("files.info")


async def test_a_screenshot_in_the_thread_is_left_alone(bot, standin) -> None:
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "screen.png", b"\x89PNG" + bytes(100)))
    await standin.settle()
    assert standin.attempts("file_download") == []


async def test_one_unreadable_export_is_named_and_the_rest_of_the_zip_is_summarised(
        bot, standin) -> None:
    header = "Level,Date and Time,Source,Event ID,Task Category\r\n"
    open_quote = 'Error,11/30/2026 9:00:00 AM,Microsoft-AzureMfa-AuthZ,3,None,"never closed\r\n'
    after = "Error,11/30/2026 9:01:00 AM,Microsoft-AzureMfa-AuthZ,3,None,x\r\n" * 5_000
    files = complete_bundle()
    files["NPS/NPS02_AuthZOptCh.csv"] = (header + open_quote + after).encode()
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "NPS.zip", zip_of(files)))
    reply = await bundle_reply(standin, "NPS.zip")
    text = shown(reply)
    assert "NPS02_AuthZOptCh.csv" in text and "quote never closed" in text
    assert "CONTACT_SUPPORT" in text and ":x:" not in text


async def test_a_failure_nobody_foresaw_still_gets_a_reply(bot, standin, monkeypatch) -> None:
    from bot.blocks.replies import APOLOGY
    from bot.slack.flows import bundles

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(bundles, "analyse", broken)
    thread_ts = await escalation_thread(bot, standin)
    await bot.event(share(standin, thread_ts, "NPS.zip", zip_of(complete_bundle())))

    def apologies():
        return [c for c in standin.of("chat.postMessage") if c.body.get("text") == APOLOGY]

    await wait_until(lambda: bool(apologies()), "the apology")
    assert apologies()[0].body["thread_ts"] == thread_ts
    assert "RuntimeError" not in shown(apologies()[0])
