// The durable store as the rest of the server sees it. Implemented in server/store/ (SQLite).
#pragma once

#include "core/canned_replies.hpp"
#include "core/keyword_report.hpp"
#include "core/latency_histogram.hpp"
#include "core/lead.hpp"
#include "core/rule_precision.hpp"
#include "core/store_write.hpp"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// A store call that could not be carried out: the database locked elsewhere past the busy
// timeout, the disk full, an I/O error. Thrown by the store's blocking calls (reads and the
// writes that return an answer); every network handler catches it and answers 503 or
// `unavailable`, so it never ends the process.
struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One failed write, or one failed group commit (then `writes` > 1: every write in it failed).
// `kind` names the write ("append_message", "put_token", "commit"...), `cause` is the
// database's message. Never message text or secrets.
struct store_failure {
    std::string_view kind;
    std::string_view cause;
    std::size_t writes = 1;
    std::string_view conversation;  // the write's conversation, if it has one
};
// Where the store reports its failures (the server logs them). Called on the writer thread.
using store_failure_sink = std::function<void(const store_failure&)>;

struct stored_conversation {
    std::string id, department, consultant;
    time_point started{};
    std::optional<time_point> ended_at;
    std::optional<ending> how;
    std::optional<bool> satisfied;
    std::string rating_comment;
    std::vector<message> messages;
    std::vector<finding> findings;
    std::string verdict, verdict_note, verdict_by;
    std::optional<visit_record> visit;  // where the visitor came from, if the widget told
};

// Filters of the QA list; empty/0 means "any".
struct qa_filter {
    std::string ending, kind, category, severity, consultant, department;
    std::string source, keyword;  // source: a name or a kind (search...); keyword: a substring
    std::optional<bool> satisfied;
    std::int64_t from_ms = 0, to_ms = 0;  // ended_at in [from, to)
};

struct qa_row {
    std::string id, department, consultant;
    time_point started{}, ended{};
    std::string how;
    int visitor_messages = 0, consultant_messages = 0;
    int info = 0, warning = 0, critical = 0;
    std::optional<bool> satisfied;
    std::string rating_comment;  // what the visitor wrote with the rating
    double wasted_cost = 0;
    std::string verdict;
    std::string source, keyword;  // of the visit, if recorded
};

struct qa_page {
    std::vector<qa_row> rows;
    std::string next_cursor;  // empty: no more
};

struct day_stats {
    std::map<std::string, int> endings;         // by category
    std::map<std::string, int> findings;        // by kind
};

// Figures for one consultant, department or day (the group key) over a period.
struct scorecard {
    std::string key;
    int conversations = 0;
    std::map<std::string, int> endings;
    int consultant_messages = 0;
    std::optional<double> first_response_median_s, first_response_p90_s;
    int idle_gaps = 0;                          // waits that crossed the warning threshold
    std::map<std::string, int> findings;        // by kind, dismissed ones not counted
    int confirmed_criticals = 0;                // "100 - 1 = 0": any one marks the period
    int satisfied = 0, unsatisfied = 0;
    int with_intent = 0, wasted = 0;
    double wasted_cost = 0;
};

enum class report_group { consultant, department, day };

// One conversation to analyze again with the current rules.
struct stored_for_reanalysis {
    std::string id, department;
    close_trigger trigger = close_trigger::system;
    time_point ended{};
    std::vector<message> messages;
    std::string referrer, landing;  // of the visit, if recorded (the search keyword counts toward intent)
};

struct staff_record {
    std::string name;
    role r = role::consultant;
    std::vector<std::string> departments;
    bool disabled = false;
    std::string password_hash;  // "pbkdf2-sha256$iter$salt$hash"
};

// Threading: submit() may be called from any thread; writes commit in submission order and
// each completion runs on the store's writer thread after its group commit. Each write is
// isolated within its group commit: ok=false for a write that failed (nothing of it is kept,
// the others commit) and for every write of a commit that failed as a whole. Reads may be
// called from any thread.
//
// Every write, also those below that return an answer (tokens, staff, verdicts, re-analysis,
// retention), goes through the one writer: those calls wait for their commit and throw
// store_error if it failed. They must not be called from a completion (the writer thread).
// Reads throw store_error too.
class message_store {
public:
    virtual ~message_store() = default;

    virtual void submit(store_write w, std::function<void(bool ok)> done) = 0;
    // Blocks until everything submitted so far is committed.
    virtual void flush() = 0;
    // True while the last commit succeeded (readiness).
    virtual bool healthy() const = 0;
    virtual std::size_t queue_depth() const = 0;
    // Group commit durations, if the store measures them.
    virtual const latency_histogram* commit_histogram() const { return nullptr; }

    virtual std::optional<stored_conversation> conversation(const std::string& id) = 0;
    virtual std::optional<std::string> conversation_by_resume_token(const std::string& token) = 0;
    // Ends every conversation left open (after a crash) as `system`; returns how many.
    virtual int end_open_conversations(time_point at) = 0;

    // QA: ended conversations, newest first, keyset-paginated (cursor from the previous page).
    virtual qa_page list_ended(const qa_filter& f, const std::string& cursor, int limit) = 0;
    virtual day_stats stats(std::int64_t from_ms, std::int64_t to_ms) = 0;
    // Appends a verdict (history is kept); false if the finding/conversation does not exist.
    virtual bool add_finding_verdict(std::int64_t finding, const std::string& verdict, const std::string& note,
                                     const std::string& by, time_point at) = 0;
    virtual bool add_conversation_verdict(const std::string& conversation, const std::string& verdict,
                                          const std::string& note, const std::string& by, time_point at) = 0;

    // `tz_minutes` east of UTC decides where a day starts (480 for China).
    virtual std::vector<scorecard> scorecards(report_group g, std::int64_t from_ms, std::int64_t to_ms,
                                              int tz_minutes) = 0;
    // Ended conversations in [from, to) whose text is still there, oldest first, at most `limit`
    // after the conversation id `after` (for batching).
    virtual std::vector<stored_for_reanalysis> ended_for_reanalysis(std::int64_t from_ms, std::int64_t to_ms,
                                                                    const std::string& after, int limit) = 0;
    // Replaces a conversation's findings by `fresh`, keeping the stored finding (its id and its
    // verdicts) wherever an identical one is found again; sets the ending. Returns how many
    // findings were kept.
    virtual int replace_findings(const std::string& conversation, const std::vector<finding>& fresh, ending how) = 0;
    // Precision per rule (core/rule_precision.hpp): every rule with a verdict or a review, each
    // with its latest verdicts since its last review and up to `examples` dismissed findings.
    virtual std::vector<rule_standing> rule_standings(int examples) = 0;
    // A supervisor's review of a rule: its window starts again after the verdicts given so far.
    virtual void review_rule(const std::string& kind, const std::string& rule, const std::string& by,
                             time_point at) = 0;
    // Retention: empties the message text of conversations ended before `before`; returns how many.
    virtual int purge_text(std::int64_t before_ms) = 0;

    virtual bool add_staff(const staff_record& s) = 0;  // false if the name exists
    virtual std::optional<staff_record> staff(const std::string& name) = 0;
    virtual std::vector<staff_record> all_staff() = 0;
    virtual bool set_staff_disabled(const std::string& name, bool disabled) = 0;

    virtual void put_token(const std::string& token, const std::string& name, time_point expires) = 0;
    // The token's user if it exists and has not expired.
    virtual std::optional<std::string> token_user(const std::string& token, time_point now) = 0;
    virtual void revoke_token(const std::string& token) = 0;
    // When the token stops being valid (nullopt: unknown or expired), for closing its sockets then.
    virtual std::optional<time_point> token_expiry(const std::string& token, time_point now) = 0;
    // Names of disabled staff (small), so open sockets of a person disabled elsewhere (the CLI,
    // another process) are closed.
    virtual std::vector<std::string> disabled_staff() = 0;

    // Leads (leave-a-message, sqlite_leads.cpp): stored durably before the visitor is answered.
    virtual std::int64_t add_lead(const lead& l) = 0;  // returns its id
    // Open leads oldest first, then (if `closed_limit` > 0) that many recently closed ones.
    virtual std::vector<lead> leads(int open_limit, int closed_limit) = 0;
    virtual std::optional<lead> lead_by_id(std::int64_t id) = 0;
    // Closes an open lead; false if there is no such open lead (unknown, or closed already).
    virtual bool close_lead(std::int64_t id, const std::string& by, time_point at) = 0;
    // Canned replies (快捷回复). The list: department replies of `departments` (empty: every
    // department) and `owner`'s own, oldest first.
    virtual std::vector<canned_reply> canned_replies(const std::vector<std::string>& departments,
                                                     const std::string& owner) = 0;
    virtual std::optional<canned_reply> canned_reply_by_id(std::int64_t id) = 0;
    // How many the department (owner empty) or the owner has, for the cap.
    virtual int count_canned_replies(const std::string& department, const std::string& owner) = 0;
    virtual std::int64_t add_canned_reply(const canned_reply& r) = 0;  // returns the new id
    virtual bool update_canned_reply(std::int64_t id, const std::string& title, const std::string& text,
                                     const std::string& by, time_point at) = 0;
    virtual bool delete_canned_reply(std::int64_t id) = 0;
    // Writes the defaults of every department not seeded before, once; returns how many were written.
    virtual int seed_canned_replies(const std::vector<canned_reply>& defaults, time_point at) = 0;
    // Visits and keywords (issue 13). Defaults for stores without them: nothing recorded.
    // Earlier conversations of a browser (newest first), `except` left out.
    virtual std::vector<past_conversation> browser_history(const std::string& browser, const std::string& except,
                                                           int limit) {
        (void)browser, (void)except, (void)limit;
        return {};
    }
    // Rows sorted by wasted cost, then conversations (the "best keywords we wasted" first).
    virtual std::vector<keyword_report_row> keyword_report(const keyword_report_query& q) {
        (void)q;
        return {};
    }
    // Stores (replacing a keyword's day) every row in one write; returns how many.
    virtual std::size_t import_keyword_spend(const std::vector<keyword_spend_row>& rows) {
        (void)rows;
        return 0;
    }
};

}  // namespace lingting
