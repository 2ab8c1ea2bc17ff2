#include "core/config.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace lingting {
namespace {

template <class T>
bool parse_number(const std::string& v, T& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc{} && p == v.data() + v.size();
}

struct key_spec {
    std::string help;
    std::function<bool(server_config&, const std::string&)> set;
};

template <class T>
key_spec number(T server_config::*field, T min, T max, std::string help) {
    return {std::move(help), [=](server_config& c, const std::string& v) {
                T x{};
                if (!parse_number(v, x) || x < min || x > max) return false;
                c.*field = x;
                return true;
            }};
}

key_spec text(std::string server_config::*field, std::string help) {
    return {std::move(help), [=](server_config& c, const std::string& v) {
                c.*field = v;
                return true;
            }};
}

key_spec list(std::vector<std::string> server_config::*field, std::string help) {
    return {std::move(help), [=](server_config& c, const std::string& v) {
                c.*field = split_list(v);
                return true;
            }};
}

key_spec flag(bool server_config::*field, std::string help) {
    return {std::move(help), [=](server_config& c, const std::string& v) {
                if (v == "true" || v == "1" || v == "yes" || v.empty()) c.*field = true;
                else if (v == "false" || v == "0" || v == "no") c.*field = false;
                else return false;
                return true;
            }};
}

// "+08:00", "-05:30", "+8", "8" or "UTC+8": minutes east of UTC, within -12:00..+14:00.
key_spec utc_offset(int server_config::*field, std::string help) {
    return {std::move(help), [=](server_config& c, const std::string& value) {
                std::string v = value;
                if (v.rfind("UTC", 0) == 0) v = v.substr(3);
                int sign = 1;
                if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
                    sign = v[0] == '-' ? -1 : 1;
                    v = v.substr(1);
                }
                int h = 0, m = 0;
                auto colon = v.find(':');
                if (!parse_number(v.substr(0, colon), h)) return false;
                if (colon != std::string::npos && (v.size() - colon - 1 != 2 || !parse_number(v.substr(colon + 1), m)))
                    return false;
                int minutes = sign * (h * 60 + m);
                if (m >= 60 || minutes < -12 * 60 || minutes > 14 * 60) return false;
                c.*field = minutes;
                return true;
            }};
}

const std::map<std::string, key_spec>& keys() {
    using c = server_config;
    static const std::map<std::string, key_spec> k = {
        {"address", text(&c::address, "listen address (default 127.0.0.1)")},
        {"port", number<std::uint16_t>(&c::port, 0, 65535, "listen port, 0 = any free (default 8080)")},
        {"threads", number(&c::threads, 1, 64, "network threads (default 2)")},
        {"api-threads", number(&c::api_threads, 0, 64, "threads for /api/ requests (password hashing, store work), off the network threads; 0 = on the network threads, only to measure (default 2)")},
        {"api-queue", number(&c::api_queue, 1, 1000000, "/api/ requests waiting for an api thread at most; beyond it 503 busy (default 256)")},
        {"trusted-proxies", list(&c::trusted_proxies, "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (default none)")},
        {"public-origins", list(&c::public_origins, "comma-separated origins allowed to open staff sockets, e.g. https://chat.example.com (default: the server's own host)")},
        {"database", text(&c::database, "the store: an SQLite file, or a PostgreSQL URI postgresql://... (default data/lingting.db)")},
        {"web", text(&c::web_dir, "folder of static pages (default: web/ of the source tree)")},
        {"lexicon", text(&c::lexicon_dir, "lexicon folder (default: lexicon/ of the source tree)")},
        {"max-frame-bytes", number<std::size_t>(&c::max_frame_bytes, 64, 1 << 24, "largest accepted text frame (default 16384)")},
        {"hard-frame-bytes", number<std::size_t>(&c::hard_frame_bytes, 64, 1 << 26, "frame size that closes the socket with 1009 (default 1 MiB)")},
        {"max-queue-bytes", number<std::size_t>(&c::max_queue_bytes, 1024, 1 << 30, "per-socket write queue before a slow reader is cut off; a resume replays the latest messages within half of it (default 1 MiB)")},
        {"max-conversation-bytes", number<std::size_t>(&c::max_conversation_bytes, 0, std::size_t{1} << 32, "memory one open conversation's messages hold (text, ids, records); further messages are refused with error conversation_full; 0 = no limit (default 1 MiB)")},
        {"messages-per-second", number(&c::messages_per_second, 0.01, 1e6, "per-connection sustained frame rate (default 5)")},
        {"message-burst", number(&c::message_burst, 1.0, 1e6, "per-connection burst of frames (default 20)")},
        {"max-connections", number<std::size_t>(&c::max_connections, 16, 1 << 24, "all TCP connections at once; more are closed at accept (default 10000)")},
        {"connections-per-address", number<std::size_t>(&c::connections_per_address, 1, 1 << 24, "TCP connections per peer address, trusted proxies exempt (default 256)")},
        {"visitor-sockets-per-address", number<std::size_t>(&c::visitor_sockets_per_address, 1, 1 << 24, "open visitor WebSockets per client address; more get HTTP 429 (default 64)")},
        {"visitor-connects-per-second", number(&c::visitor_connects_per_second, 0.01, 1e6, "new visitor WebSockets per client address per second, sustained (default 2)")},
        {"visitor-connect-burst", number(&c::visitor_connect_burst, 1.0, 1e6, "new visitor WebSockets per client address at once (default 30)")},
        {"conversations-per-address", number(&c::conversations_per_address, 0, 1000000, "open conversations per client address; more are refused with close 4429; 0 = no limit (default 10)")},
        {"max-queue", number<std::size_t>(&c::max_queue, 1, 1 << 24, "waiting conversations in all; a visitor beyond it is told to try later, close 4503 (default 200)")},
        {"leads-per-address-per-hour", number(&c::leads_per_address_per_hour, 0, 1000000, "leave-a-message leads a client address may post per hour; more are answered 429; 0 = no limit (default 5)")},
        {"leave-grace-seconds", number(&c::leave_grace_seconds, 0, 3600, "a visitor page closed cleanly (tab closed, or another page of the site) may resume within this; after it the visitor has left (default 5)")},
        {"rating-window-seconds", number(&c::rating_window_seconds, 0, 86400 * 30, "an ended conversation's resume token (to see it and rate it) works this long after the end (default 3600)")},
        {"invitation-ttl-seconds", number(&c::invitation_ttl_seconds, 1, 86400, "an invitation to chat may be accepted this long (default 300)")},
        {"heartbeat-seconds", number(&c::heartbeat_seconds, 1, 3600, "ping after this idle time; no answer = dropped (default 30)")},
        {"http-body-timeout-ms", number(&c::http_body_timeout_ms, 50, 600'000, "an HTTP request's body must arrive within this after its headers, else 408 (default 10000)")},
        {"resume-grace-seconds", number(&c::resume_grace_seconds, 0, 86400, "time a dropped visitor has to resume (default 60)")},
        {"consultant-grace-seconds", number(&c::consultant_grace_seconds, 0, 86400, "time before a dropped consultant's conversations are re-routed (default 60)")},
        {"reassign-after-seconds", number(&c::reassign_after_seconds, 0, 86400, "re-route a visitor left unanswered this long; 0 = off (default 0)")},
        {"max-conversations", number(&c::max_conversations_per_consultant, 1, 1000, "conversations per consultant before the queue (default 5)")},
        {"token-ttl-seconds", number(&c::token_ttl_seconds, 60, 86400 * 30, "staff login lifetime (default 43200)")},
        {"pbkdf2-iterations", number(&c::pbkdf2_iterations, 1000, 10000000, "password hash work factor (default 120000)")},
        {"login-free-attempts", number(&c::login_free_attempts, 1, 100000, "failed log-ins of one account from one address before its back-off (1 s, 2 s, 4 s ...) (default 3)")},
        {"login-max-delay-seconds", number(&c::login_max_delay_seconds, 1, 86400, "cap of the per-(account, address) and per-address back-off (default 900)")},
        {"login-failures-per-address", number(&c::login_failures_per_address, 1, 100000, "failed log-ins from one address over all accounts before that address backs off (default 20)")},
        {"login-failures-per-account", number(&c::login_failures_per_account, 1, 100000, "failed log-ins of one account from all addresses before a short delay for everyone (default 5)")},
        {"login-account-max-delay-seconds", number(&c::login_account_max_delay_seconds, 0, 3600, "cap of that per-account delay: the longest the owner waits because of others' failures (default 30)")},
        {"login-window-seconds", number(&c::login_window_seconds, 1, 86400 * 30, "failed log-ins are forgotten after this long without another (default 3600)")},
        {"retention-days", number(&c::retention_days, 0, 36500, "purge message text this many days after a conversation ends; 0 = never (default 0)")},
        {"live-analysis", flag(&c::live_analysis, "analyze live messages: true|false; false only to measure its cost (default true)")},
        {"rule-min-precision", number(&c::rule_min_precision, 0.0, 1.0, "a rule whose QA precision (confirmed / judged verdicts since its last review) is below this raises no live alerts until a supervisor reviews it; 0 = never quiet (default 0.5)")},
        {"rule-min-judged", number(&c::rule_min_judged, 1, 1000000, "verdicts a rule needs since its last review before its precision can make it quiet (default 10)")},
        {"clinic-utc-offset", utc_offset(&c::clinic_utc_offset_minutes, "the clinic's time zone as an offset from UTC, e.g. +08:00, -05:30 or +8; CSV exports show times in it (default +08:00)")},
        {"ime-check", flag(&c::ime_check, "find IME homophone typos with libime's model: true|false (default true)")},
        {"ime-queue", number(&c::ime_queue, 1, 1000000, "relayed consultant messages waiting for the IME check at most; beyond it they are skipped and counted (default 1000)")},
        {"ime-linger-ms", number(&c::ime_linger_ms, 0, 1000, "how long the IME worker, having drained its queue, lets relayed messages gather before it checks them as one batch, instead of waking once a message; findings are never later than this (default 20; 0 = wake once a message)")},
        {"ime-margin", number(&c::ime_margin, 0.0, 100.0, "log10 likelihood by which a same-pinyin correction must read better in context to be flagged (default 6)")},
        {"ime-clinic-margin", number(&c::ime_clinic_margin, 0.0, 100.0, "the same for a correction that makes a clinic word of lexicon/ime_words.txt or terms.txt (default 2)")},
        {"ime-word-margin", number(&c::ime_word_margin, 0.0, 100.0, "the same when what was written is itself a word of the IME's dictionary (a wrong pick in its list: 简易 for 建议); ime-margin is for stretches that are no word (default 3)")},
        {"ime-medical-margin", number(&c::ime_medical_margin, 0.0, 100.0, "the same when what was written is such a word and the correction a word of lexicon/medical_terms.txt (通风 for 痛风) (default 2.5)")},
        {"ime-echo-margin", number(&c::ime_echo_margin, 0.0, 100.0, "the margin at most when the correction makes a word the visitor wrote earlier in the conversation and what was written is not one (胃镜 for 味精 after 做胃镜要空腹吗) (default 1.5)")},
        {"ime-fuzzy-margin", number(&c::ime_fuzzy_margin, 0.0, 100.0, "added to the margin when the correction is a clinic word one fuzzy pinyin pair away (模糊音 n/l, f/h, z/zh, c/ch, s/sh, an/ang, en/eng, in/ing: 类膜 for 内膜, 户科 for 妇科); only clinic words are offered so; 100 = off (default 1)")},
        {"ime-nine-key-margin", number(&c::ime_nine_key_margin, 0.0, 100.0, "added to the margin when the correction is a clinic word one syllable away on a phone's nine-key pad (letters of one key: 督查 for 复查, 草皮 for 包皮, 年费 for 免费); only clinic words are offered so; 100 = off (default 2)")},
        {"ime-adjacent-key-margin", number(&c::ime_adjacent_key_margin, 0.0, 100.0, "added to the margin when the correction is a clinic word one syllable away by a letter typed as the key beside it (押韵 for 牙龈, 格式 for 合适); only clinic words are offered so; 100 = off (default 2)")},
        {"ime-abbreviated-margin", number(&c::ime_abbreviated_margin, 0.0, 100.0, "added to the margin when the correction is a clinic word with the same initials, typed abbreviated (简拼: 流程 for 流产, 反馈 for 妇科); only clinic words are offered so; 100 = off (default 2)")},
        {"ime-dictionary", text(&c::ime_dictionary, "libime pinyin dictionary (default /usr/share/libime/sc.dict, package libime-data)")},
        {"ime-model", text(&c::ime_model, "libime language model (default /usr/lib/x86_64-linux-gnu/libime/zh_CN.lm, package libime-data-language-model)")},
        {"demo-accounts", flag(&c::demo_accounts, "create demo staff accounts on first run (default false)")},
    };
    return k;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

}  // namespace

std::string apply_setting(server_config& cfg, const std::string& key, const std::string& value) {
    auto it = keys().find(key);
    if (it == keys().end()) return "unknown setting '" + key + "'";
    if (!it->second.set(cfg, value)) return "bad value '" + value + "' for " + key + ": " + it->second.help;
    return {};
}

bool is_setting(const std::string& key) { return keys().contains(key); }

std::vector<config_error> load_config_file(server_config& cfg, const std::string& path) {
    return load_config_file(path, [&cfg](const std::string& key, const std::string& value) {
        return apply_setting(cfg, key, value);
    });
}

std::vector<config_error> load_config_file(
    const std::string& path, const std::function<std::string(const std::string& key, const std::string& value)>& apply) {
    std::vector<config_error> errors;
    std::ifstream in(path);
    if (!in) return {{path, "cannot open"}};
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        line = trim(line);
        if (line.empty()) continue;
        auto eq = line.find('=');
        std::string where = path + ":" + std::to_string(n);
        if (eq == std::string::npos) {
            errors.push_back({where, "expected 'key = value'"});
            continue;
        }
        auto err = apply(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
        if (!err.empty()) errors.push_back({where, err});
    }
    return errors;
}

std::string config_help() {
    std::ostringstream out;
    for (auto& [k, spec] : keys()) out << "  --" << k << "=VALUE\n      " << spec.help << "\n";
    return out.str();
}

}  // namespace lingting
