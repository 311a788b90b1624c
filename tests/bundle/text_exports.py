"""The text exports admins make of the same events, written as Windows writes them."""

from __future__ import annotations

import csv
import io
import textwrap
from xml.sax.saxutils import escape, quoteattr

from tests.bundle.evtx_writer import EVENT_NS, Event

LEVEL_NAMES = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information"}


def _system_time(event: Event) -> str:
    return event.time.strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def _us_time(event: Event) -> str:
    return event.time.strftime("%m/%d/%Y %I:%M:%S %p").lstrip("0")


def _xml_event(event: Event, record: int, rendering: bool) -> str:
    data = "".join(f"<Data>{escape(d)}</Data>" for d in event.data)
    rendered = (f"<RenderingInfo Culture='en-US'><Message>{escape(event.data[0])}</Message>"
                f"<Level>{LEVEL_NAMES[event.level]}</Level></RenderingInfo>") if rendering else ""
    return (f"<Event xmlns='{EVENT_NS}'><System><Provider Name={quoteattr(event.provider)}/>"
            f"<EventID>{event.event_id}</EventID><Level>{event.level}</Level>"
            f"<TimeCreated SystemTime='{_system_time(event)}'/>"
            f"<EventRecordID>{record}</EventRecordID><Channel>{event.channel}</Channel>"
            f"<Computer>{event.computer}</Computer></System>"
            f"<EventData>{data}</EventData>{rendered}</Event>")


def wevtutil_xml(events: list[Event]) -> str:
    """``wevtutil qe AuthZOptCh /f:xml``: events one after another, no root element."""
    return "".join(_xml_event(e, i, False) for i, e in enumerate(events, 1))


def event_viewer_xml(events: list[Event]) -> str:
    """Event Viewer > Save All Events As > XML: a declaration and an <Events> root."""
    body = "".join(_xml_event(e, i, True) for i, e in enumerate(events, 1))
    return f'<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>{body}</Events>'


def wevtutil_text(events: list[Event]) -> str:
    """``wevtutil qe AuthZOptCh /f:text``."""
    out = []
    for i, e in enumerate(events):
        out.append(f"Event[{i}]:\n  Log Name: {e.channel}\n  Source: {e.provider}\n"
                   f"  Date: {_system_time(e)[:23]}\n  Event ID: {e.event_id}\n"
                   f"  Task: N/A\n  Level: {LEVEL_NAMES[e.level]}\n  Opcode: Info\n"
                   f"  Keyword: N/A\n  User: S-1-5-20\n  User Name: NT AUTHORITY\\NETWORK SERVICE\n"
                   f"  Computer: {e.computer}\n  Description: \n{e.data[0]}\n")
    return "\n".join(out)


def format_list(events: list[Event], width: int = 100) -> str:
    """``Get-WinEvent -LogName ... | Format-List``: blank-line separated, long values
    word-wrapped onto indented continuation lines."""
    out = []
    for e in events:
        wrapped = textwrap.wrap(e.data[0], width - 15, break_on_hyphens=False)
        lines = [f"TimeCreated  : {_us_time(e)}", f"ProviderName : {e.provider}",
                 f"Id           : {e.event_id}", f"Message      : {wrapped[0]}"]
        lines += [" " * 15 + part for part in wrapped[1:]]
        out.append("\n".join(lines))
    return "\n\n" + "\n\n\n".join(out) + "\n\n"


def event_viewer_table(events: list[Event], delimiter: str) -> str:
    """Event Viewer > Save All Events As > Text (tab) or CSV: a header, then one row per
    event with the description in a sixth, unnamed column (quoted, may span lines)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Level", "Date and Time", "Source", "Event ID", "Task Category"])
    for e in events:
        writer.writerow([LEVEL_NAMES[e.level], _us_time(e), e.provider, e.event_id, "None",
                         e.data[0]])
    return out.getvalue()
