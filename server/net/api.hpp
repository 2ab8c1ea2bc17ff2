// The JSON API under /api/, and /healthz, /readyz. Free of Beast so it compiles fast and can
// be called directly: the HTTP session turns a request into an api_request and back.
#pragma once

#include "auth/auth_service.hpp"
#include "auth/login_throttle.hpp"
#include "core/clock.hpp"
#include "core/lead_rate_limit.hpp"
#include "core/console_extras_store.hpp"
#include "core/conversation_store.hpp"
#include "core/lead_store.hpp"
#include "core/live_log.hpp"
#include "core/qa_reports.hpp"
#include "core/retention_store.hpp"
#include "core/verdict_store.hpp"
#include "core/vocabulary.hpp"
#include "net/log.hpp"
#include "net/metrics.hpp"
#include "net/query_string.hpp"

#include <functional>
#include <string>
#include <vector>

namespace lingting {

class hub;

struct api_request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // path and query
    std::string authorization;
    std::string body;
    std::string peer;    // remote address, for logs and rate limits
};

struct api_response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// The store's roles the API uses; each handler file touches only its own (staff and tokens go
// through `auth`).
struct api_stores {
    live_log& live;                      // readiness and the commit figures (api.cpp)
    conversation_store& conversations;   // the transcript (api.cpp)
    qa_reports& qa;                      // list, stats, scorecards, CSV, keyword report (api_qa, api_keywords)
    verdict_store& verdicts;             // verdicts and rule standings (api_qa, api_rules)
    retention_store& history;            // re-analysis (api_qa)
    lead_store& leads;                   // api_leads
    console_extras_store& desk;          // canned replies, a browser's earlier visits (api_canned, api_keywords)
};

struct api_context {
    api_stores store;
    auth_service& auth;
    hub& chat;
    const clock& clk;
    logger& log;
    std::function<std::string()> reload_lexicon;  // returns "" or the errors; may be empty
    server_metrics* metrics = nullptr;
    login_throttle* throttle = nullptr;
    lead_rate_limit* lead_limit = nullptr;  // leave-a-message leads per address (null: none)
    // The clinic's time zone (clinic-utc-offset) and the pages' labels (web/js/labels.json), for
    // what people read outside the pages: CSV exports and day boundaries.
    int clinic_utc_offset_minutes = 480;
    const vocabulary* labels = nullptr;
    const vocabulary& words() const {
        static const vocabulary none;
        return labels ? *labels : none;
    }
};

// True if the target is one the API answers (so the HTTP session knows not to serve a file).
bool is_api_target(std::string_view path);
api_response handle_api(const api_request& req, api_context& ctx);

api_response json_error(int status, std::string_view code, std::string_view message);
// 503 {"error":"unavailable"}: the store could not carry out the request (locked, full, failing).
api_response store_unavailable();
// The board, stats, QA list, CSV and verdicts (net/api_qa.cpp); nullopt if path is not one of them.
std::optional<api_response> handle_staff_api(const api_request& req, std::string_view path,
                                             const staff_identity& who, api_context& ctx);
// Leave-a-message leads (net/api_leads.cpp): the visitor's POST /api/leads (no log-in), and the
// staff's list and close. nullopt if path is not one of them.
std::optional<api_response> handle_visitor_lead_api(const api_request& req, std::string_view path, api_context& ctx);
std::optional<api_response> handle_staff_lead_api(const api_request& req, std::string_view path,
                                                  const staff_identity& who, api_context& ctx);
// Canned replies, /api/canned[/ID] (net/api_canned.cpp); nullopt if path is not one of them.
std::optional<api_response> handle_canned_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx);
// GET /api/staff, consultants' presence and load (net/api_staff.cpp); nullopt if path is not it.
std::optional<api_response> handle_roster_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx);
// Precision per rule: GET /api/qa/rules, POST /api/qa/rules/review (net/api_rules.cpp).
std::optional<api_response> handle_rules_api(const api_request& req, std::string_view path,
                                             const staff_identity& who, api_context& ctx);
// The supervisor board's recent alerts: GET /api/alerts (net/api_alerts.cpp).
std::optional<api_response> handle_alerts_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx);
// Every label the pages read, the lexicon's cue labels included: GET /api/labels (net/api_labels.cpp).
std::optional<api_response> handle_labels_api(const api_request& req, std::string_view path, api_context& ctx);
// The keyword report, ad spend import and a browser's earlier conversations (net/api_keywords.cpp).
std::optional<api_response> handle_keywords_api(const api_request& req, std::string_view path,
                                                const staff_identity& who, api_context& ctx);


}  // namespace lingting
