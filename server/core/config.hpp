// Every limit and threshold a deployment tunes, with its default, in one place.
// Loaded from a "key = value" file and overridden by "--key=value" flags.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lingting {

struct server_config {
    // Network
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    int threads = 2;                         // io_context threads
    // The JSON API (/api/) runs on its own threads, so password hashing and store waits never
    // hold up the relay. A full queue answers 503 `busy`. 0 threads: on the network threads
    // (only to measure what the pool buys, bench/login_flood.sh).
    int api_threads = 2;
    int api_queue = 256;
    // Reverse proxies whose X-Forwarded-For is believed (exact addresses). A request from any
    // other peer is known by its own address, whatever header it sends.
    std::vector<std::string> trusted_proxies;
    // Origins allowed to open a staff socket ("https://chat.example.com"); empty: only a page
    // served by this server (same host as the request's Host header).
    std::vector<std::string> public_origins;
    // Files (empty = found beside the source tree at start-up)
    std::string database = "data/lingting.db";  // a SQLite file, or a postgresql:// URI (store/open_store.hpp)
    std::string web_dir;
    std::string lexicon_dir;
    // Limits
    std::size_t max_frame_bytes = 16 * 1024;         // larger text frames get error "too_large"
    std::size_t hard_frame_bytes = 1024 * 1024;      // larger ones close the socket with 1009
    std::size_t max_queue_bytes = 1024 * 1024;       // per-socket write queue; over it = cut off
    std::size_t max_http_body_bytes = 64 * 1024;
    // Message text one open conversation keeps in memory; more `say`s are refused with
    // `conversation_full` (the store keeps everything acknowledged). 0 = no limit.
    std::size_t max_conversation_bytes = 1024 * 1024;
    double messages_per_second = 5;                  // per-connection sustained frame rate
    double message_burst = 20;                       // per-connection burst
    // Admission of anonymous traffic (staff sockets are not held to the visitor limits)
    std::size_t max_connections = 10000;             // all TCP connections
    std::size_t connections_per_address = 256;       // per direct peer (trusted proxies exempt)
    std::size_t visitor_sockets_per_address = 64;    // open visitor WebSockets per client address
    double visitor_connects_per_second = 2;          // new visitor WebSockets per client address
    double visitor_connect_burst = 30;
    int conversations_per_address = 10;              // open conversations per client address; 0 = no limit
    std::size_t max_queue = 200;                     // waiting conversations; beyond: "try later"
    int leads_per_address_per_hour = 5;              // leave-a-message leads per client address
    // Timers (seconds)
    int heartbeat_seconds = 30;           // idle socket: ping; no pong within this = dropped
    int handshake_seconds = 10;
    int http_body_timeout_ms = 10'000;    // a request's body must arrive this soon after its headers, else 408
    int resume_grace_seconds = 60;        // a dropped visitor may come back within this
    int leave_grace_seconds = 5;          // a visitor page closed cleanly may come back within this
    int rating_window_seconds = 3600;     // an ended conversation's resume token works this long
    int invitation_ttl_seconds = 300;     // an invitation to chat may be accepted this long
    int consultant_grace_seconds = 60;    // a dropped consultant keeps conversations this long
    int reassign_after_seconds = 0;       // 0 = off; else a visitor waiting this long is re-routed
    // Analysis: the live analyzer (pre-send checks, findings, alerts). Off only to measure what
    // it costs (bench/load.sh); endings are classified either way.
    bool live_analysis = true;
    // Precision per rule (core/rule_precision.hpp): a rule whose QA precision (confirmed /
    // judged since its last review) is below rule_min_precision over at least rule_min_judged
    // verdicts raises no live alerts until a supervisor reviews it.
    double rule_min_precision = 0.5;
    int rule_min_judged = 10;
    // The clinic's time zone for what people read outside the pages (CSV exports), minutes east
    // of UTC: +08:00 (China) by default.
    int clinic_utc_offset_minutes = 480;
    // IME typos (a wrong homophone the pinyin IME picked, 引导炎 for 阴道炎) found with libime's
    // dictionary and language model: inline in the pre-send check, and on a worker thread after
    // a message is relayed (findings within a second). Off, or the model files missing: no check.
    bool ime_check = true;
    int ime_queue = 1000;              // messages waiting for the worker; when full, skipped (counted)
    int ime_linger_ms = 20;            // the drained worker gathers a batch this long before sleeping
    double ime_margin = 6.0;           // log10 likelihood a correction must win by in context
    double ime_clinic_margin = 2.0;    // the same when the correction makes a clinic word
    double ime_word_margin = 3.0;      // the same when what was written is a word the IME offers
    double ime_medical_margin = 2.5;   // ... and the correction a word of medical_terms.txt
    double ime_echo_margin = 1.5;      // at most this when the correction is a word the visitor wrote
    double ime_fuzzy_margin = 1.0;     // added for a clinic word one fuzzy pinyin pair away (n/l ...)
    double ime_nine_key_margin = 2.0;  // added for a clinic word one nine-key syllable away (d/f ...)
    double ime_adjacent_key_margin = 2.0;  // ... one syllable with a letter typed as its neighbour
    double ime_abbreviated_margin = 2.0;   // ... a clinic word with the same initials (简拼)
    std::string ime_dictionary = "/usr/share/libime/sc.dict";
    std::string ime_model = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm";
    // Routing
    int max_conversations_per_consultant = 5;
    // Auth
    int token_ttl_seconds = 12 * 3600;
    int pbkdf2_iterations = 120000;
    // Log-in throttling (auth/login_throttle.hpp): after the free failures, a back-off of
    // 1 s, 2 s, 4 s ... capped. Never a lock-out: the owner from another address waits at most
    // login_account_max_delay_seconds.
    int login_free_attempts = 3;          // per (account, address), then back-off to login_max_delay_seconds
    int login_max_delay_seconds = 900;
    int login_failures_per_address = 20;  // over all accounts (spraying), then the same back-off
    int login_failures_per_account = 5;   // from all addresses, then a delay for everyone ...
    int login_account_max_delay_seconds = 30;  // ... capped low
    int login_window_seconds = 3600;      // failures are forgotten after this much quiet
    // The store's own settings (sync-full, max-batch, ...) are not here: store/store_options.hpp.
    // Retention: message text of conversations ended this many days ago is purged (findings,
    // endings and figures stay). 0 keeps text forever.
    int retention_days = 0;
    // First-run demo accounts (consultant/supervisor/qa)
    bool demo_accounts = false;
};

struct config_error {
    std::string where;  // "file:line" or "--flag"
    std::string reason;
};

// Applies one "key = value" setting; returns an error text or empty on success.
std::string apply_setting(server_config& cfg, const std::string& key, const std::string& value);

// True if `key` is one of the server's settings.
bool is_setting(const std::string& key);

// Reads a config file; blank lines and '#' comments are skipped. Errors name file and line.
std::vector<config_error> load_config_file(server_config& cfg, const std::string& path);
// The same with another part's keys too: `apply` gets every "key = value" and returns an error
// text or empty (server/settings.cpp hands the store's keys to the store's options).
std::vector<config_error> load_config_file(
    const std::string& path, const std::function<std::string(const std::string& key, const std::string& value)>& apply);

// The documented list of keys, for --help.
std::string config_help();

}  // namespace lingting
