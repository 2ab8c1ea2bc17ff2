#include "store/pg_schema.hpp"

namespace lingting::pg_schema {
namespace {

// Append only: a released migration is never edited, a change is a new entry. Times are ms
// since the epoch (BIGINT) as in SQLite; keys that are compared or sorted as text use the "C"
// collation, so keyset cursors and "after this id" batches order bytes exactly like SQLite.
constexpr std::string_view all[] = {
    R"sql(
CREATE TABLE staff (
  name TEXT COLLATE "C" PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('consultant','supervisor','qa')),
  departments TEXT NOT NULL DEFAULT '',        -- comma-separated; empty = every department
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL
);
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,                 -- SHA-256 of the bearer token, never the token
  name TEXT COLLATE "C" NOT NULL REFERENCES staff(name),
  expires_at BIGINT NOT NULL
);
CREATE INDEX tokens_name ON tokens(name);
CREATE TABLE conversations (
  id TEXT COLLATE "C" PRIMARY KEY,
  department TEXT COLLATE "C" NOT NULL DEFAULT '',
  resume_hash TEXT NOT NULL,                   -- SHA-256 of the visitor's resume token
  consultant TEXT COLLATE "C" NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  ending TEXT CHECK (ending IN ('greeting','visitor','consultant','system')),
  satisfied BOOLEAN,
  rating_comment TEXT NOT NULL DEFAULT '',
  closed_by TEXT NOT NULL DEFAULT 'system',    -- the ending's trigger
  had_intent BOOLEAN NOT NULL DEFAULT FALSE,
  purged BOOLEAN NOT NULL DEFAULT FALSE,       -- message text removed (retention)
  converted BOOLEAN NOT NULL DEFAULT FALSE     -- contact or appointment captured
);
CREATE INDEX conversations_resume ON conversations(resume_hash);
CREATE INDEX conversations_open ON conversations(ended_at) WHERE ended_at IS NULL;
CREATE INDEX conversations_ended ON conversations(ended_at DESC, id DESC) WHERE ended_at IS NOT NULL;
CREATE INDEX conversations_consultant_ended ON conversations(consultant, ended_at);
CREATE TABLE messages (
  conversation TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
  seq BIGINT NOT NULL,
  sender TEXT NOT NULL CHECK (sender IN ('visitor','consultant','system')),
  author TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  at BIGINT NOT NULL,
  client_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (conversation, seq)
);
CREATE TABLE findings (
  id BIGSERIAL PRIMARY KEY,
  conversation TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
  seq BIGINT NOT NULL,                         -- 0: the conversation as a whole
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  matched TEXT NOT NULL DEFAULT '',
  span_begin INTEGER NOT NULL DEFAULT 0,       -- code points into the message text
  span_end INTEGER NOT NULL DEFAULT 0,
  suggestion TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  cost DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX findings_conversation ON findings(conversation, kind, seq);
CREATE INDEX findings_at ON findings(at);
-- QA verdicts are appended, never updated: the newest row is the verdict, the rest the history.
CREATE TABLE finding_verdicts (
  id BIGSERIAL PRIMARY KEY,
  finding BIGINT NOT NULL REFERENCES findings(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed','dismissed')),
  note TEXT NOT NULL DEFAULT '',
  "by" TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX finding_verdicts_finding ON finding_verdicts(finding, id);
CREATE TABLE conversation_verdicts (
  id BIGSERIAL PRIMARY KEY,
  conversation TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),
  note TEXT NOT NULL DEFAULT '',
  "by" TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX conversation_verdicts_conversation ON conversation_verdicts(conversation, id);
-- Leave-a-message leads (visitor page, nobody of the department online or the queue full).
CREATE TABLE leads (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  closed_at BIGINT,
  closed_by TEXT
);
CREATE INDEX leads_open ON leads(id) WHERE closed_at IS NULL;
-- Canned replies (快捷回复): a department's (owner '') or a consultant's own (department '').
CREATE TABLE canned_replies (
  id BIGSERIAL PRIMARY KEY,
  department TEXT COLLATE "C" NOT NULL DEFAULT '',
  owner TEXT COLLATE "C" NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  CHECK ((department = '') <> (owner = ''))
);
CREATE INDEX canned_replies_department ON canned_replies(department, id) WHERE owner = '';
CREATE INDEX canned_replies_owner ON canned_replies(owner, id) WHERE owner <> '';
-- Departments whose default replies (lexicon/canned_replies.tsv) were written once already.
CREATE TABLE canned_seeded (department TEXT PRIMARY KEY);
-- Precision per rule: a supervisor's latest review of a rule. Verdicts up to after_verdict (the
-- newest finding_verdicts.id at the review) no longer count for the rule's precision.
CREATE TABLE rule_reviews (
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  after_verdict BIGINT NOT NULL,
  "by" TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (kind, rule)
);
-- Where each visitor came from (issue 13): one row per conversation that reported a visit.
CREATE TABLE conversation_visits (
  conversation TEXT COLLATE "C" PRIMARY KEY REFERENCES conversations(id),
  source_kind TEXT NOT NULL DEFAULT 'direct' CHECK (source_kind IN ('direct','search','campaign','referral')),
  source TEXT NOT NULL DEFAULT '',
  keyword TEXT NOT NULL DEFAULT '',
  campaign TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  landing TEXT NOT NULL DEFAULT '',
  landing_title TEXT NOT NULL DEFAULT '',
  page TEXT NOT NULL DEFAULT '',
  pages INTEGER NOT NULL DEFAULT 0,
  device TEXT NOT NULL DEFAULT '',
  browser TEXT NOT NULL DEFAULT '',
  cost DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX conversation_visits_browser ON conversation_visits(browser) WHERE browser <> '';
CREATE INDEX conversation_visits_keyword ON conversation_visits(keyword) WHERE keyword <> '';
-- Daily ad spend per keyword, imported by supervisors (CSV).
CREATE TABLE keyword_spend (
  keyword TEXT NOT NULL,
  day TEXT NOT NULL,                           -- YYYY-MM-DD
  clicks BIGINT NOT NULL DEFAULT 0,
  cost DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY (keyword, day)
);
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
-- Whose finding it is (as SQLite's schema 10): the author of the message it concerns, else whoever
-- held the chat when it was recorded. Old rows: the author, else the latest consultant to write
-- before it, else the last holder.
ALTER TABLE findings ADD COLUMN consultant TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE findings SET consultant = COALESCE(
  (SELECT m.author FROM messages m WHERE m.conversation = findings.conversation AND m.seq = findings.seq
     AND m.sender = 'consultant' AND m.author <> ''),
  (SELECT m.author FROM messages m WHERE m.conversation = findings.conversation AND m.sender = 'consultant'
     AND m.author <> '' AND m.at <= findings.at ORDER BY m.seq DESC LIMIT 1),
  (SELECT c.consultant FROM conversations c WHERE c.id = findings.conversation), '');
-- Every insert (live, escalation, re-analysis, copy) names it the same way, at that moment.
CREATE FUNCTION findings_consultant() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.consultant = '' THEN
    NEW.consultant := COALESCE(
      (SELECT m.author FROM messages m WHERE m.conversation = NEW.conversation AND m.seq = NEW.seq
         AND m.sender = 'consultant' AND m.author <> ''),
      (SELECT NULLIF(c.consultant, '') FROM conversations c WHERE c.id = NEW.conversation),
      (SELECT m.author FROM messages m WHERE m.conversation = NEW.conversation AND m.sender = 'consultant'
         AND m.author <> '' AND m.at <= NEW.at ORDER BY m.seq DESC LIMIT 1), '');
  END IF;
  RETURN NEW;
END $fn$;
CREATE TRIGGER findings_consultant BEFORE INSERT ON findings FOR EACH ROW EXECUTE FUNCTION findings_consultant();
CREATE INDEX findings_consultant ON findings(consultant, conversation);
)sql",
    R"sql(
-- QA's search over what was said (the list's `q`, substrings: Chinese has no spaces). With pg_trgm
-- a trigram index serves ILIKE for 3+ characters; without it (the extension not installed, or not
-- ours to create) the same query scans, and the migration still goes through.
DO $trgm$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX messages_text_trgm ON messages USING gin (text gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable (%): QA search over messages scans', SQLERRM;
END
$trgm$;
)sql",
};

}  // namespace

std::span<const std::string_view> migrations() { return all; }

}  // namespace lingting::pg_schema
