#include "store/schema.hpp"

#include <array>

namespace lingting::schema {
namespace {

// Append only: a released migration is never edited, a change is a new entry.
constexpr std::string_view all[] = {
    R"sql(
CREATE TABLE staff (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('consultant','supervisor','qa')),
  departments TEXT NOT NULL DEFAULT '',        -- comma-separated; empty = every department
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,                 -- SHA-256 of the bearer token, never the token
  name TEXT NOT NULL REFERENCES staff(name),
  expires_at INTEGER NOT NULL
);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  department TEXT NOT NULL DEFAULT '',
  resume_hash TEXT NOT NULL,                   -- SHA-256 of the visitor's resume token
  consultant TEXT NOT NULL DEFAULT '',
  started_at INTEGER NOT NULL,                 -- ms since epoch, UTC
  ended_at INTEGER,
  ending TEXT CHECK (ending IN ('greeting','visitor','consultant','system')),
  satisfied INTEGER,
  rating_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conversations_resume ON conversations(resume_hash);
CREATE INDEX conversations_open ON conversations(ended_at) WHERE ended_at IS NULL;
CREATE TABLE messages (
  conversation TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL CHECK (sender IN ('visitor','consultant','system')),
  author TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  client_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (conversation, seq)
) WITHOUT ROWID;
)sql",
    R"sql(
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  conversation TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,                        -- 0: the conversation as a whole
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  matched TEXT NOT NULL DEFAULT '',
  span_begin INTEGER NOT NULL DEFAULT 0,       -- code points into the message text
  span_end INTEGER NOT NULL DEFAULT 0,
  suggestion TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  cost REAL NOT NULL DEFAULT 0
);
CREATE INDEX findings_conversation ON findings(conversation);
)sql",
    R"sql(
CREATE INDEX conversations_ended ON conversations(ended_at DESC, id DESC) WHERE ended_at IS NOT NULL;
-- QA verdicts are appended, never updated: the newest row is the verdict, the rest the history.
CREATE TABLE finding_verdicts (
  id INTEGER PRIMARY KEY,
  finding INTEGER NOT NULL REFERENCES findings(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed','dismissed')),
  note TEXT NOT NULL DEFAULT '',
  by TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX finding_verdicts_finding ON finding_verdicts(finding, id);
CREATE TABLE conversation_verdicts (
  id INTEGER PRIMARY KEY,
  conversation TEXT NOT NULL REFERENCES conversations(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),
  note TEXT NOT NULL DEFAULT '',
  by TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX conversation_verdicts_conversation ON conversation_verdicts(conversation, id);
)sql",
    R"sql(
ALTER TABLE conversations ADD COLUMN closed_by TEXT NOT NULL DEFAULT 'system';  -- the ending's trigger
ALTER TABLE conversations ADD COLUMN had_intent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;        -- message text removed (retention)
CREATE INDEX conversations_consultant_ended ON conversations(consultant, ended_at);
)sql",
    R"sql(
-- Leave-a-message leads (visitor page, nobody of the department online or the queue full).
CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,   -- ms since the epoch, like every time here
  closed_at INTEGER,
  closed_by TEXT
);
CREATE INDEX leads_open ON leads(id) WHERE closed_at IS NULL;
)sql",
    R"sql(
-- Canned replies (快捷回复): a department's (owner '') or a consultant's own (department '').
CREATE TABLE canned_replies (
  id INTEGER PRIMARY KEY,
  department TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  CHECK ((department = '') <> (owner = ''))
);
CREATE INDEX canned_replies_department ON canned_replies(department, id) WHERE owner = '';
CREATE INDEX canned_replies_owner ON canned_replies(owner, id) WHERE owner <> '';
-- Departments whose default replies (lexicon/canned_replies.tsv) were written once already.
CREATE TABLE canned_seeded (department TEXT PRIMARY KEY);
)sql",
    R"sql(
-- One row per event: a wait that escalated (warning, critical, closed) was stored as a row per
-- step. Fold each into its first row at the highest severity (the rule of the step that reached
-- it) and the longest length; verdicts given to a later step move to that row.
CREATE TEMP TABLE migration_fold AS
  SELECT conversation, kind, seq, MIN(id) AS keep,
         MAX(CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS rank,
         MAX(duration_ms) AS duration_ms
  FROM findings WHERE kind = 'idle_gap' GROUP BY conversation, kind, seq HAVING COUNT(*) > 1;
UPDATE findings SET
  rule = (SELECT g.rule FROM findings g JOIN migration_fold x ON x.keep = findings.id
          WHERE g.conversation = x.conversation AND g.kind = x.kind AND g.seq = x.seq
          ORDER BY CASE g.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END DESC, g.id LIMIT 1),
  severity = (SELECT CASE rank WHEN 2 THEN 'critical' WHEN 1 THEN 'warning' ELSE 'info' END
              FROM migration_fold WHERE keep = findings.id),
  duration_ms = (SELECT duration_ms FROM migration_fold WHERE keep = findings.id)
WHERE id IN (SELECT keep FROM migration_fold);
CREATE TEMP TABLE migration_steps AS
  SELECT g.id AS step, x.keep AS keep FROM findings g JOIN migration_fold x
    ON g.conversation = x.conversation AND g.kind = x.kind AND g.seq = x.seq WHERE g.id <> x.keep;
UPDATE finding_verdicts SET finding = (SELECT keep FROM migration_steps WHERE step = finding_verdicts.finding)
  WHERE finding IN (SELECT step FROM migration_steps);
DELETE FROM findings WHERE id IN (SELECT step FROM migration_steps);
DROP TABLE migration_steps;
DROP TABLE migration_fold;
-- Precision per rule: a supervisor's latest review of a rule. Verdicts up to after_verdict (the
-- newest finding_verdicts.id at the review) no longer count for the rule's precision.
CREATE TABLE rule_reviews (
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  after_verdict INTEGER NOT NULL,
  by TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (kind, rule)
);
)sql",
    R"sql(
-- Where each visitor came from (issue 13): one row per conversation that reported a visit.
CREATE TABLE conversation_visits (
  conversation TEXT PRIMARY KEY REFERENCES conversations(id),
  source_kind TEXT NOT NULL DEFAULT 'direct' CHECK (source_kind IN ('direct','search','campaign','referral')),
  source TEXT NOT NULL DEFAULT '',             -- engine name, utm_source or the referring host
  keyword TEXT NOT NULL DEFAULT '',            -- the search keyword (decoded, capped)
  campaign TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  landing TEXT NOT NULL DEFAULT '',
  landing_title TEXT NOT NULL DEFAULT '',
  page TEXT NOT NULL DEFAULT '',               -- the page the chat was opened on
  pages INTEGER NOT NULL DEFAULT 0,
  device TEXT NOT NULL DEFAULT '',
  browser TEXT NOT NULL DEFAULT '',            -- the widget's random browser id
  cost REAL NOT NULL DEFAULT 0                 -- the conversation's cost by source (sources.tsv), 0: the department's
) WITHOUT ROWID;
CREATE INDEX conversation_visits_browser ON conversation_visits(browser) WHERE browser <> '';
CREATE INDEX conversation_visits_keyword ON conversation_visits(keyword) WHERE keyword <> '';
-- Contact or appointment captured (the analyzer's view at the end): the keyword report's conversion.
ALTER TABLE conversations ADD COLUMN converted INTEGER NOT NULL DEFAULT 0;
-- Daily ad spend per keyword, imported by supervisors (CSV).
CREATE TABLE keyword_spend (
  keyword TEXT NOT NULL,
  day TEXT NOT NULL,                           -- YYYY-MM-DD
  clicks INTEGER NOT NULL DEFAULT 0,
  cost REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (keyword, day)
) WITHOUT ROWID;
)sql",
    R"sql(
-- What inside a rule fired (the rude-reply classifier's cues: scroll_up+second_person), kept so QA
-- sees why an ended conversation's finding fired, as the supervisor saw it live.
ALTER TABLE findings ADD COLUMN detail TEXT NOT NULL DEFAULT '';
-- Classifier findings were one rule per cue combination (classifier:scroll_up+second_person); they
-- are one rule per family now (classifier:scolding), the cues in the detail, so QA's verdicts on
-- them count toward one rule's precision, old findings and new alike.
UPDATE findings SET detail = substr(rule, 12), rule = 'classifier:' || category
  WHERE kind = 'forbidden_phrase' AND rule LIKE 'classifier:%' AND category <> ''
    AND rule <> 'classifier:' || category;
)sql",
    R"sql(
-- Whose finding it is: the consultant it counts against in QA's scorecards, list and CSV. The
-- author of the message it concerns, else whoever held the chat when it was recorded (an idle
-- gap, a unilateral ending). Before, a transferred conversation's findings all counted against
-- its last consultant. Old rows: the author, else the latest consultant to write before it.
ALTER TABLE findings ADD COLUMN consultant TEXT NOT NULL DEFAULT '';
UPDATE findings SET consultant = COALESCE(
  (SELECT m.author FROM messages m WHERE m.conversation = findings.conversation AND m.seq = findings.seq
     AND m.sender = 'consultant' AND m.author <> ''),
  (SELECT m.author FROM messages m WHERE m.conversation = findings.conversation AND m.sender = 'consultant'
     AND m.author <> '' AND m.at <= findings.at ORDER BY m.seq DESC LIMIT 1),
  (SELECT c.consultant FROM conversations c WHERE c.id = findings.conversation), '');
-- Every insert (live, escalation, re-analysis, copy) names it the same way, at that moment.
CREATE TRIGGER findings_consultant AFTER INSERT ON findings WHEN NEW.consultant = '' BEGIN
  UPDATE findings SET consultant = COALESCE(
    (SELECT m.author FROM messages m WHERE m.conversation = NEW.conversation AND m.seq = NEW.seq
       AND m.sender = 'consultant' AND m.author <> ''),
    (SELECT NULLIF(c.consultant, '') FROM conversations c WHERE c.id = NEW.conversation),
    (SELECT m.author FROM messages m WHERE m.conversation = NEW.conversation AND m.sender = 'consultant'
       AND m.author <> '' AND m.at <= NEW.at ORDER BY m.seq DESC LIMIT 1), '')
  WHERE id = NEW.id;
END;
CREATE INDEX findings_consultant ON findings(consultant, conversation);
)sql",
    R"sql(
-- QA's search over what was said (the list's `q`): Chinese has no spaces, so words are substrings.
-- FTS5's trigram tokenizer (SQLite >= 3.34) indexes every three characters; shorter searches scan
-- (a bounded LIKE, sqlite_qa.cpp). A copy of each message's text, written by a trigger (a message
-- is written once); retention (purge_text) deletes a purged conversation's rows with its text.
CREATE VIRTUAL TABLE messages_search USING fts5(conversation UNINDEXED, text, tokenize = 'trigram');
INSERT INTO messages_search(conversation, text)
  SELECT m.conversation, m.text FROM messages m JOIN conversations c ON c.id = m.conversation
  WHERE m.text <> '' AND c.purged = 0;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN NEW.text <> '' BEGIN
  INSERT INTO messages_search(conversation, text) VALUES (NEW.conversation, NEW.text);
END;
)sql",
    R"sql(
-- QA lists and searches ended conversations only, so a conversation's text is indexed once, when it
-- ends, not message by message: a trigram row written in each group commit cost the writer as much
-- as the message itself (bench/store_commit_bench.cpp). A message written after the end (a late system line) is
-- indexed as it comes. Rows of conversations still open are dropped: their end indexes them.
DROP TRIGGER messages_search_insert;
DELETE FROM messages_search WHERE conversation IN (SELECT id FROM conversations WHERE ended_at IS NULL);
CREATE TRIGGER messages_search_at_end AFTER UPDATE OF ended_at ON conversations
  WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL BEGIN
  INSERT INTO messages_search(conversation, text)
    SELECT m.conversation, m.text FROM messages m WHERE m.conversation = NEW.id AND m.text <> '';
END;
CREATE TRIGGER messages_search_after_end AFTER INSERT ON messages WHEN NEW.text <> '' AND EXISTS (
  SELECT 1 FROM conversations c WHERE c.id = NEW.conversation AND c.ended_at IS NOT NULL) BEGIN
  INSERT INTO messages_search(conversation, text) VALUES (NEW.conversation, NEW.text);
END;
)sql",
    R"sql(
-- The index written for ended conversations in batches, off the commits that acknowledge messages:
-- FTS5 pays for each transaction that writes to it (a new segment, merges), so one or two ends per
-- group commit cost the writer three times what fifty together do (bench/store_commit_bench.cpp).
-- An end queues its conversation here, in the end's own commit; the writer indexes the queue in
-- batches, one document per conversation (its texts joined by line breaks: a search never spans two
-- messages), and deletes what it indexed in the same transaction (sqlite_search_index.cpp). QA's
-- search reads the queued conversations' messages directly, so nothing ended is ever unfindable.
CREATE TABLE search_pending (conversation TEXT PRIMARY KEY) WITHOUT ROWID;
DROP TRIGGER messages_search_at_end;
CREATE TRIGGER messages_search_at_end AFTER UPDATE OF ended_at ON conversations
  WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL BEGIN
  INSERT OR IGNORE INTO search_pending(conversation) VALUES (NEW.id);
END;
DROP TRIGGER messages_search_after_end;
CREATE TRIGGER messages_search_after_end AFTER INSERT ON messages WHEN NEW.text <> '' AND EXISTS (
  SELECT 1 FROM conversations c WHERE c.id = NEW.conversation AND c.ended_at IS NOT NULL) AND NOT EXISTS (
  SELECT 1 FROM search_pending p WHERE p.conversation = NEW.conversation) BEGIN
  INSERT INTO messages_search(conversation, text) VALUES (NEW.conversation, NEW.text);
END;
)sql",
    R"sql(
-- A line written after a conversation's end is indexed by the writer itself (sqlite_store.cpp, late_line),
-- and only for a message whose conversation this process did not open: the trigger asked it of every
-- message insert: two lookups, about 5 % of the writer's CPU per message (store_commit_bench, 'late trigger').
DROP TRIGGER messages_search_after_end;
)sql",
};

}  // namespace

std::span<const std::string_view> migrations() { return all; }

}  // namespace lingting::schema
