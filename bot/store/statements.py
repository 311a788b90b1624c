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
    (  # 3: the outbox, every post the bot owes (bot/domain/outbox.py)
        """CREATE TABLE outbox (
            id {id},
            kind TEXT NOT NULL,
            lane TEXT NOT NULL,
            payload TEXT,
            team_id TEXT NOT NULL DEFAULT '',
            handoff_id {ref},
            created_at {time} NOT NULL,
            due_at {time} NOT NULL,
            leased_until {time},
            attempts INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'delivered', 'expired', 'failed')),
            last_error TEXT,
            done_at {time}
        )""",
        "CREATE INDEX outbox_pending_lane ON outbox (lane, id) WHERE state = 'pending'",
        "CREATE INDEX outbox_pending_due ON outbox (due_at) WHERE state = 'pending'",
        "CREATE INDEX outbox_done ON outbox (done_at) WHERE state <> 'pending'",
    ),
    (  # 4: the claim's "ORDER BY id LIMIT n" over pending items only. Without it SQLite
       # read every settled row in id order to find none pending: 0.5 ms per 2,000 rows.
        "CREATE INDEX outbox_pending_id ON outbox (id) WHERE state = 'pending'",
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


# outbox ---------------------------------------------------------------------------------
# A new item is leased to its writer at once (attempts 1) when nothing is pending before
# it in its lane, so the writer delivers it without waiting for a sender's poll.
ENQUEUE_OUTBOX = (
    "INSERT INTO outbox (kind, lane, payload, team_id, handoff_id, created_at, due_at, "
    "leased_until, attempts) VALUES (:kind, :lane, :payload, :team_id, :handoff_id, :now, "
    ":now, CASE WHEN {lane_free} THEN CAST(:lease_until AS {time}) END, "
    "CASE WHEN {lane_free} THEN 1 ELSE 0 END) RETURNING *"
).replace("{lane_free}", "NOT EXISTS (SELECT 1 FROM outbox AS o WHERE o.lane = :lane "
          "AND o.state = 'pending')")
# Only the oldest pending item of a lane is handed out, so a lane keeps its order; a lease
# that ran out (its process died) is taken over. {skip_locked}: replicas claim different
# rows without waiting for each other (PostgreSQL; SQLite has one writer anyway).
CLAIM_OUTBOX = (
    "UPDATE outbox SET leased_until = :lease_until, attempts = attempts + 1 "
    "WHERE id IN (SELECT o.id FROM outbox AS o WHERE o.state = 'pending' "
    "AND o.due_at <= :now AND (o.leased_until IS NULL OR o.leased_until <= :now) "
    "AND NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.lane = o.lane "
    "AND e.state = 'pending' AND e.id < o.id) "
    "ORDER BY o.id LIMIT :limit {skip_locked}) RETURNING *"
)
# "attempts = :attempts": only the holder of the latest claim settles an item, so a
# process that outlived its lease cannot undo its successor's work.
RETRY_OUTBOX = (
    "UPDATE outbox SET due_at = :due_at, leased_until = NULL, last_error = :error "
    "WHERE id = :id AND attempts = :attempts AND state = 'pending'"
)
# The payload goes once the item is settled: nothing of a paste stays longer than needed.
FINISH_OUTBOX = (
    "UPDATE outbox SET state = :state, payload = NULL, leased_until = NULL, "
    "last_error = :error, done_at = :now "
    "WHERE id = :id AND attempts = :attempts AND state = 'pending'"
)
OUTBOX_BACKLOG = (
    "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending'"
)
UNDELIVERED_HANDOFFS = (
    "SELECT DISTINCT handoff_id FROM outbox WHERE state = 'pending' AND team_id = :team_id "
    "AND handoff_id IS NOT NULL ORDER BY handoff_id"
)
PURGE_OUTBOX = "DELETE FROM outbox WHERE state <> 'pending' AND done_at < :cutoff"
