"""Every SQL statement of the store, said once for both backends.

Parameters are named (``:name``); each backend's Dialect (bot.store.dialect) turns them
into its own placeholders and fills the type words in braces: ``{id}`` an auto-numbered
primary key, ``{ref}`` a column that points at one, ``{time}`` a UTC timestamp, ``{bool}``
and ``{false}`` a flag, ``{bytewise}`` the collation that sorts text by bytes.

MIGRATIONS: version N is the N-th entry; never edit a released entry, append a new one.
Each entry is a tuple of single statements, run in one transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: initial schema
        """CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            received_at {time} NOT NULL
        )""",
        "CREATE INDEX events_received_at ON events (received_at)",
        """CREATE TABLE matches (
            id {id},
            team_id TEXT NOT NULL,
            code TEXT NOT NULL,
            at {time} NOT NULL
        )""",
        "CREATE INDEX matches_team_at ON matches (team_id, at)",
        """CREATE TABLE feedback (
            message_ts TEXT NOT NULL,
            code TEXT NOT NULL,
            user_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            fixed {bool} NOT NULL,
            at {time} NOT NULL,
            PRIMARY KEY (message_ts, code, user_id)
        )""",
        "CREATE INDEX feedback_team_at ON feedback (team_id, at)",
        """CREATE TABLE checklists (
            id {id},
            team_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at {time} NOT NULL,
            message_ts TEXT,
            UNIQUE (channel, thread_ts)
        )""",
        """CREATE TABLE checklist_steps (
            checklist_id {ref} NOT NULL REFERENCES checklists (id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            done {bool} NOT NULL DEFAULT {false},
            done_by TEXT,
            done_at {time},
            PRIMARY KEY (checklist_id, step_id)
        )""",
        """CREATE TABLE handoffs (
            id {id},
            team_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            form TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            created_at {time} NOT NULL,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'resolved')),
            assignee TEXT,
            taken_at {time},
            resolved_by TEXT,
            resolved_at {time},
            support_channel TEXT,
            support_message_ts TEXT
        )""",
        # The one-unresolved-hand-off-per-thread rule lives in the database, so two replicas
        # racing to escalate the same thread cannot both win.
        """CREATE UNIQUE INDEX handoffs_one_unresolved ON handoffs (channel, thread_ts)
            WHERE state <> 'resolved'""",
        "CREATE INDEX handoffs_thread ON handoffs (channel, thread_ts, created_at)",
        "CREATE INDEX handoffs_team_created ON handoffs (team_id, created_at)",
        "CREATE INDEX handoffs_team_resolved ON handoffs (team_id, resolved_at)",
    ),
    (  # 2: what attached log bundles held (codes, counts, file names; never who)
        """CREATE TABLE bundle_reports (
            id {id},
            channel TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            report TEXT NOT NULL,
            created_at {time} NOT NULL
        )""",
        "CREATE INDEX bundle_reports_thread ON bundle_reports (channel, thread_ts, id)",
    ),
)

# events ---------------------------------------------------------------------------------
# ping's committed write: a read-only or full database fails here, as real writes do.
TOUCH_EVENT = (
    "INSERT INTO events (event_id, received_at) VALUES (:event_id, :now) "
    "ON CONFLICT (event_id) DO UPDATE SET received_at = excluded.received_at"
)
CLAIM_EVENT = (
    "INSERT INTO events (event_id, received_at) VALUES (:event_id, :now) "
    "ON CONFLICT DO NOTHING"
)
PURGE_EVENTS = "DELETE FROM events WHERE received_at < :cutoff"

# statistics and feedback ----------------------------------------------------------------
RECORD_MATCH = "INSERT INTO matches (team_id, code, at) VALUES (:team_id, :code, :now)"
RECORD_FEEDBACK = (
    "INSERT INTO feedback (message_ts, code, user_id, team_id, fixed, at) "
    "VALUES (:message_ts, :code, :user_id, :team_id, :fixed, :now) "
    "ON CONFLICT (message_ts, code, user_id) DO UPDATE "
    "SET fixed = excluded.fixed, at = excluded.at "
    "WHERE feedback.fixed <> excluded.fixed"
)
# Codes in display order: most matched first, then by code, compared byte by byte so
# both backends agree whatever the server's locale.
CODE_STATS = (
    "SELECT code, SUM(m) AS matches, SUM(f) AS fixed, SUM(nf) AS not_fixed FROM ("
    " SELECT code, 1 AS m, 0 AS f, 0 AS nf FROM matches"
    "  WHERE team_id = :team AND at >= :since"
    " UNION ALL"
    " SELECT code, 0, CASE WHEN fixed THEN 1 ELSE 0 END,"
    "  CASE WHEN fixed THEN 0 ELSE 1 END FROM feedback"
    "  WHERE team_id = :team AND at >= :since"
    ") AS votes GROUP BY code ORDER BY matches DESC, code {bytewise}"
)
HANDOFFS_OPENED = (
    "SELECT COUNT(*) AS opened FROM handoffs WHERE team_id = :team AND created_at >= :since"
)
HANDOFFS_RESOLVED = (
    "SELECT created_at, resolved_at FROM handoffs "
    "WHERE team_id = :team AND resolved_at >= :since"
)

# checklist ------------------------------------------------------------------------------
CHECKLIST_BY_THREAD = "SELECT * FROM checklists WHERE channel = :channel AND thread_ts = :thread_ts"
CHECKLIST_BY_ID = "SELECT * FROM checklists WHERE id = :id"
CHECKLIST_STEPS = (
    "SELECT step_id, done, done_by, done_at FROM checklist_steps "
    "WHERE checklist_id = :id ORDER BY position"
)
CREATE_CHECKLIST = (
    "INSERT INTO checklists (team_id, channel, thread_ts, entry_id, created_by, created_at) "
    "VALUES (:team_id, :channel, :thread_ts, :entry_id, :created_by, :now) "
    "ON CONFLICT (channel, thread_ts) DO NOTHING RETURNING id"
)
ADD_STEP = (
    "INSERT INTO checklist_steps (checklist_id, step_id, position) "
    "VALUES (:checklist_id, :step_id, :position)"
)
SET_CHECKLIST_MESSAGE = "UPDATE checklists SET message_ts = :message_ts WHERE id = :id"
# "AND NOT done": a second tick keeps the first ticker.
TICK_STEP = (
    "UPDATE checklist_steps SET done = TRUE, done_by = :user_id, done_at = :now "
    "WHERE checklist_id = :checklist_id AND step_id = :step_id AND NOT done"
)
UNTICK_STEP = (
    "UPDATE checklist_steps SET done = FALSE, done_by = NULL, done_at = NULL "
    "WHERE checklist_id = :checklist_id AND step_id = :step_id"
)

# hand-off -------------------------------------------------------------------------------
CREATE_HANDOFF = (
    "INSERT INTO handoffs (team_id, channel, thread_ts, entry_id, form, "
    "requested_by, created_at, support_channel) "
    "VALUES (:team_id, :channel, :thread_ts, :entry_id, :form, :requested_by, :now, "
    ":support_channel) "
    "ON CONFLICT (channel, thread_ts) WHERE state <> 'resolved' DO NOTHING "
    "RETURNING *"
)
UNRESOLVED_HANDOFF = (
    "SELECT * FROM handoffs WHERE channel = :channel AND thread_ts = :thread_ts "
    "AND state <> 'resolved'"
)
HANDOFF_BY_ID = "SELECT * FROM handoffs WHERE id = :id"
NEWEST_HANDOFF = (
    "SELECT * FROM handoffs WHERE channel = :channel AND thread_ts = :thread_ts "
    "ORDER BY created_at DESC, id DESC LIMIT 1"
)
SET_HANDOFF_MESSAGE = "UPDATE handoffs SET support_message_ts = :message_ts WHERE id = :id"
TAKE_HANDOFF = (
    "UPDATE handoffs SET state = 'taken', assignee = :user_id, taken_at = :now "
    "WHERE id = :id AND state IN ('open') RETURNING *"
)
RESOLVE_HANDOFF = (
    "UPDATE handoffs SET state = 'resolved', resolved_by = :user_id, resolved_at = :now "
    "WHERE id = :id AND state IN ('open', 'taken') RETURNING *"
)
COUNT_HANDOFFS = "SELECT state, COUNT(*) AS n FROM handoffs GROUP BY state"


def list_handoffs(states: int) -> str:
    """The team's hand-offs in ``states`` states (parameters :s0, :s1...), newest first."""
    marks = ", ".join(f":s{i}" for i in range(states))
    return (
        f"SELECT * FROM handoffs WHERE team_id = :team_id AND state IN ({marks}) "
        "ORDER BY created_at DESC, id DESC"
    )


# attached log bundles -------------------------------------------------------------------
ADD_BUNDLE_REPORT = (
    "INSERT INTO bundle_reports (channel, thread_ts, report, created_at) "
    "VALUES (:channel, :thread_ts, :report, :now)"
)
LIST_BUNDLE_REPORTS = (
    "SELECT report FROM bundle_reports WHERE channel = :channel AND thread_ts = :thread_ts "
    "ORDER BY id DESC LIMIT :limit"
)
