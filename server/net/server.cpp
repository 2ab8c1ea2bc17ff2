#include "net/server.hpp"

#include "net/hub.hpp"
#include "net/listener.hpp"
#include "auth/password.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace lingting {

struct server::impl {
    server_config cfg;
    message_store& store;
    const clock& clk;
    logger& log;
    net::io_context ioc;
    server_metrics metrics;
    login_throttle throttle;
    lead_rate_limit lead_limit;
    auth_service auth;
    hub chat;
    connection_limits admission;
    vocabulary labels;  // before `http`, whose API context points at it
    http_context http;
    // After `http`: destroyed (joined) first, since its jobs use the API context. Null when
    // api-threads is 0.
    std::unique_ptr<work_pool> api_pool;
    std::shared_ptr<listener> accept;
    std::vector<std::thread> threads;
    net::steady_timer retention{ioc};
    net::steady_timer revocation{ioc};
    // Housekeeping that waits on the store (the hourly purge, the revocation check every second)
    // runs on a thread of its own: a slow purge or an unreachable database (a connect may take
    // seconds) must not hold a network thread. After what its jobs use; joined in stop().
    work_pool housekeeping{1, 2};
    bool stopped = false;
    long revocation_failures = 0;  // consecutive failed revocation checks

    // Runs `job` on the housekeeping thread after `delay`, then again every `period`. A job
    // re-arms its timer only when it is done, so one never overlaps itself.
    void repeat(net::steady_timer& timer, std::chrono::steady_clock::duration delay,
                std::chrono::steady_clock::duration period, void (impl::*job)()) {
        timer.expires_after(delay);
        timer.async_wait([this, &timer, period, job](beast::error_code ec) {
            if (ec) return;
            auto run = [this, &timer, period, job] {
                (this->*job)();
                net::post(ioc, [this, &timer, period, job] { repeat(timer, period, period, job); });
            };
            if (!housekeeping.try_post(run)) repeat(timer, period, period, job);  // stopping
        });
    }

    // Purges old message text (every hour).
    void purge() {
        if (cfg.retention_days <= 0) return;
        auto cutoff = clk.now() - std::chrono::hours(24) * cfg.retention_days;
        try {
            int n = store.purge_text(to_epoch_ms(cutoff));
            if (n > 0) log.info("retention_purged", {{"conversations", std::to_string(n)}});
        } catch (const std::exception& e) {
            log.error("retention_failed", {{"reason", e.what()}});
        }
    }

    // Every second: staff sockets whose log-in expired, or whose account was disabled (by the
    // CLI, another process), are closed with 4401; so are those whose token is gone from the
    // store: logged out through another server on the same database (a log-out here closes its
    // sockets at once). Two small queries, not one per socket.
    void revoke() {
        chat.revoke_expired();
        try {
            auto online = chat.staff_online();
            if (!online.empty())
                for (auto& name : store.disabled_staff())
                    if (std::binary_search(online.begin(), online.end(), name)) chat.revoke_staff(name);
            auto tokens = chat.staff_tokens();
            if (!tokens.empty()) {
                auto live = store.live_tokens(tokens, clk.now());
                std::sort(live.begin(), live.end());
                for (auto& t : tokens)
                    if (!std::binary_search(live.begin(), live.end(), t)) chat.revoke_token(t);
            }
            if (revocation_failures > 0)
                log.info("revocation_check_recovered", {{"failed_checks", std::to_string(revocation_failures)}});
            revocation_failures = 0;
        } catch (const std::exception& e) {
            // While the store is down this fails every second: say so once a minute, not every time.
            if (revocation_failures++ % 60 == 0)
                log.error("revocation_check_failed",
                          {{"reason", e.what()}, {"failed_checks", std::to_string(revocation_failures)}});
        }
    }

    impl(server_config c, message_store& s, const clock& k, logger& l, std::shared_ptr<const lexicon> lex,
         speller* spell, std::function<std::string()> reload)
        : cfg(std::move(c)), store(s), clk(k), log(l), ioc(cfg.threads),
          throttle(throttle_settings(cfg)),
          lead_limit(cfg.leads_per_address_per_hour),
          auth(store, cfg.token_ttl_seconds),
          chat(ioc.get_executor(), chat_core(settings(cfg), std::move(lex), spell), store, store, store, clk, log,
               metrics),
          admission(admission_settings(cfg)),
          labels(load_labels(cfg.web_dir, cfg.lexicon_dir, log)),
          http{api_context{{store, store, store, store, store, store, store}, auth, chat, clk, log, std::move(reload),
                           &metrics, &throttle, &lead_limit, cfg.clinic_utc_offset_minutes, &labels},
               cfg.web_dir, limits(cfg),
               cfg.max_http_body_bytes, &admission, nullptr, cfg.trusted_proxies, cfg.public_origins} {
        chat.set_rating_window(seconds{cfg.rating_window_seconds});
        http.body_timeout = std::chrono::milliseconds{cfg.http_body_timeout_ms};
        try {
            chat.set_rule_thresholds({cfg.rule_min_precision, cfg.rule_min_judged});
        } catch (const store_error& e) {
            // Every rule alerts until the next verdict or review reads the store again.
            log.error("rule_precision_unavailable", {{"cause", e.what()}});
        }
        if (cfg.api_threads > 0) {
            api_pool = std::make_unique<work_pool>(cfg.api_threads, static_cast<std::size_t>(cfg.api_queue));
            http.api_pool = api_pool.get();
            chat.use_store_pool(api_pool.get());  // an ended conversation's resume reads the store there
        }
    }

    // The pages' labels (web/js/labels.json), for the CSV exports, and the lexicon's labels of
    // the classifier's cues (lexicon/cue_labels.tsv, group "cues": GET /api/labels). Missing or
    // malformed: the exports fall back to the plain keys, and the log says why.
    static vocabulary load_labels(const std::string& web_dir, const std::string& lexicon_dir, logger& log) {
        std::ifstream in(web_dir + "/js/labels.json", std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto v = vocabulary::parse(text);
        if (!v) log.error("labels_unreadable", {{"file", web_dir + "/js/labels.json"}});
        vocabulary out = v ? std::move(*v) : vocabulary{};
        if (!lexicon_dir.empty()) {
            std::ifstream cues(lexicon_dir + "/cue_labels.tsv", std::ios::binary);
            std::string tsv((std::istreambuf_iterator<char>(cues)), std::istreambuf_iterator<char>());
            if (out.add_tsv_group("cues", tsv) == 0)
                log.error("cue_labels_unreadable", {{"file", lexicon_dir + "/cue_labels.tsv"}});
        }
        return out;
    }

    static connection_limit_settings admission_settings(const server_config& c) {
        connection_limit_settings a;
        a.max_connections = c.max_connections;
        a.connections_per_address = c.connections_per_address;
        a.visitor_sockets_per_address = c.visitor_sockets_per_address;
        a.visitor_connects_per_second = c.visitor_connects_per_second;
        a.visitor_connect_burst = c.visitor_connect_burst;
        return a;
    }

    static login_throttle_settings throttle_settings(const server_config& c) {
        login_throttle_settings t;
        t.free_attempts = c.login_free_attempts;
        t.max_delay = seconds{c.login_max_delay_seconds};
        t.address_free_failures = c.login_failures_per_address;
        t.account_free_failures = c.login_failures_per_account;
        t.account_max_delay = seconds{c.login_account_max_delay_seconds};
        t.forget_after = seconds{c.login_window_seconds};
        return t;
    }

    static core_settings settings(const server_config& c) {
        core_settings s;
        s.max_load = c.max_conversations_per_consultant;
        s.resume_grace = seconds{c.resume_grace_seconds};
        s.consultant_grace = seconds{c.consultant_grace_seconds};
        s.reassign_after = seconds{c.reassign_after_seconds};
        s.messages_per_second = c.messages_per_second;
        s.message_burst = c.message_burst;
        s.live_analysis = c.live_analysis;
        s.leave_grace = seconds{c.leave_grace_seconds};
        s.conversations_per_address = c.conversations_per_address;
        s.max_queue = c.max_queue;
        s.invitation_ttl = seconds{c.invitation_ttl_seconds};
        s.replay_budget_bytes = c.max_queue_bytes / 2;
        s.max_conversation_bytes = c.max_conversation_bytes;
        s.make_token = [] { return crypto::random_hex(16); };
        s.make_conversation_id = [] { return crypto::random_hex(8); };  // as hub::visitor_join
        s.make_resume_token = [] { return crypto::random_hex(24); };
        return s;
    }
    static ws_limits limits(const server_config& c) {
        ws_limits l;
        l.max_frame_bytes = c.max_frame_bytes;
        l.hard_frame_bytes = c.hard_frame_bytes;
        l.max_queue_bytes = c.max_queue_bytes;
        l.heartbeat = std::chrono::seconds{c.heartbeat_seconds};
        l.handshake = std::chrono::seconds{c.handshake_seconds};
        l.one_network_thread = c.threads == 1;
        return l;
    }
};

server::server(server_config cfg, message_store& store, const clock& clk, logger& log,
               std::shared_ptr<const lexicon> lex, speller* spell, std::function<std::string()> reload)
    : impl_(std::make_unique<impl>(std::move(cfg), store, clk, log, std::move(lex), spell, std::move(reload))) {}

server::~server() { stop(); }

// The clinic's first canned replies (lexicon/canned_replies.tsv), written once per department;
// what supervisors changed since is theirs. A missing file or a store fault only loses the seed.
static void seed_canned_replies(server_config& cfg, message_store& store, hub& chat, const clock& clk, logger& log) {
    if (cfg.lexicon_dir.empty()) return;
    std::ifstream in(cfg.lexicon_dir + "/canned_replies.tsv", std::ios::binary);
    if (!in) return;
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> errors;
    auto defaults = canned::parse_defaults(text.str(), chat.rules().departments, &errors);
    for (auto& e : errors) log.warn("canned_replies_file", {{"error", e}});
    try {
        if (int n = store.seed_canned_replies(defaults, clk.now()); n > 0)
            log.info("canned_replies_seeded", {{"replies", std::to_string(n)}});
    } catch (const store_error& e) {
        log.error("canned_replies_seed_failed", {{"cause", e.what()}});
    }
}

void server::start() {
    auto& i = *impl_;
    // The off-hot-path worker runs the rude-reply model even when no IME model was loaded.
    i.chat.use_late_checks(static_cast<std::size_t>(i.cfg.ime_queue), std::chrono::milliseconds{i.cfg.ime_linger_ms});
    seed_canned_replies(i.cfg, i.store, i.chat, i.clk, i.log);
    auto ep = tcp::endpoint(net::ip::make_address(i.cfg.address), i.cfg.port);
    i.accept = std::make_shared<listener>(i.ioc, ep, i.http);
    i.accept->run();
    i.repeat(i.retention, {}, std::chrono::hours(1), &impl::purge);
    i.repeat(i.revocation, {}, std::chrono::seconds(1), &impl::revoke);
    for (int t = 0; t < i.cfg.threads; ++t) i.threads.emplace_back([&i] { i.ioc.run(); });
    i.log.info("listening", {{"address", i.cfg.address}, {"port", std::to_string(i.accept->port())}});
}

void server::stop() {
    auto& i = *impl_;
    if (i.stopped || i.threads.empty()) return;
    i.stopped = true;
    i.accept->stop();
    net::post(i.ioc, [&i] {
        i.retention.cancel();
        i.revocation.cancel();
    });
    // API work ends before the hub and the store go: running requests finish, queued ones are
    // dropped (their connections close), later ones are answered 503.
    if (i.api_pool) i.api_pool->stop();
    i.housekeeping.stop();
    i.chat.shutdown();  // every open conversation ended as `system`, durable, `ended` sent
    i.chat.close_all(1001, "server shutting down");
    // Give the close handshakes up to two seconds, then stop whatever is left.
    for (int waited = 0; waited < 200 && i.chat.socket_count() > 0; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    i.ioc.stop();
    for (auto& t : i.threads) t.join();
    i.threads.clear();
    i.log.info("stopped");
}

unsigned short server::port() const { return impl_->accept ? impl_->accept->port() : 0; }
hub& server::chat() { return impl_->chat; }
void server::set_lexicon(std::shared_ptr<const lexicon> lex) { impl_->chat.set_lexicon(std::move(lex)); }
void server::use_ime_checker(const ime_checker& checker) {
    auto& i = *impl_;
    i.chat.use_ime_checker(checker, static_cast<std::size_t>(i.cfg.ime_queue), std::chrono::milliseconds{i.cfg.ime_linger_ms});
}

}  // namespace lingting
