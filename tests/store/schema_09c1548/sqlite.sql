-- The schema as commit 09c1548 wrote it for Sqlite: one migration a block,
-- statements ended by ';'. Kept as text so tests can build an old database.
-- One statement a line (whitespace folded), as the old release ran them.

-- migration 1
CREATE TABLE events ( event_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL );
CREATE INDEX events_received_at ON events (received_at);
CREATE TABLE matches ( id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, code TEXT NOT NULL, at INTEGER NOT NULL );
CREATE INDEX matches_team_at ON matches (team_id, at);
CREATE TABLE feedback ( message_ts TEXT NOT NULL, code TEXT NOT NULL, user_id TEXT NOT NULL, team_id TEXT NOT NULL, fixed INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (message_ts, code, user_id) );
CREATE INDEX feedback_team_at ON feedback (team_id, at);
CREATE TABLE checklists ( id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, channel TEXT NOT NULL, thread_ts TEXT NOT NULL, entry_id TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, message_ts TEXT, UNIQUE (channel, thread_ts) );
CREATE TABLE checklist_steps ( checklist_id INTEGER NOT NULL REFERENCES checklists (id) ON DELETE CASCADE, step_id TEXT NOT NULL, position INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, done_by TEXT, done_at INTEGER, PRIMARY KEY (checklist_id, step_id) );
CREATE TABLE handoffs ( id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, channel TEXT NOT NULL, thread_ts TEXT NOT NULL, entry_id TEXT NOT NULL, form TEXT NOT NULL, requested_by TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'resolved')), assignee TEXT, taken_at INTEGER, resolved_by TEXT, resolved_at INTEGER, support_channel TEXT, support_message_ts TEXT );
CREATE UNIQUE INDEX handoffs_one_unresolved ON handoffs (channel, thread_ts) WHERE state <> 'resolved';
CREATE INDEX handoffs_thread ON handoffs (channel, thread_ts, created_at);
CREATE INDEX handoffs_team_created ON handoffs (team_id, created_at);
CREATE INDEX handoffs_team_resolved ON handoffs (team_id, resolved_at);

-- migration 2
CREATE TABLE bundle_reports ( id INTEGER PRIMARY KEY, channel TEXT NOT NULL, thread_ts TEXT NOT NULL, report TEXT NOT NULL, created_at INTEGER NOT NULL );
CREATE INDEX bundle_reports_thread ON bundle_reports (channel, thread_ts, id);
