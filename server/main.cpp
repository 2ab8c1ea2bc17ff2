// Wires the layers: store and lexicon in, net shell around the core. Also the CLI.
#include "analyze_command.hpp"
#include "analysis/hunspell_speller.hpp"
#include "ime/libime_checker.hpp"
#include "analysis/script_variants.hpp"
#include "cli.hpp"
#include "copy_command.hpp"
#include "migrate_command.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "auth/password.hpp"
#include "net/server.hpp"
#include "settings.hpp"
#include "store/open_store.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <malloc.h>

using namespace lingting;

namespace {

void print_help() {
    std::cout << "lingting (聆听) — online consultation chat server with service-quality monitoring\n\n"
                 "usage:\n"
                 "  lingting [--config=FILE] [--KEY=VALUE ...]   run the server\n"
                 "  lingting user add|list|disable|enable ...    manage staff accounts\n"
                 "  lingting migrate --database=DB               bring a database to this build's schema\n"
                 "  lingting copy --from FILE --to postgresql://... [--replace]\n"
                 "                                               move an SQLite database into PostgreSQL\n"
                 "  lingting analyze FILE [--lexicon DIR]         audit a JSON Lines transcript\n"
                 "  lingting --help\n\n"
                 "settings (in a config file as 'key = value', or as flags):\n"
              << settings_help();
}

// web/ and lexicon/: the working directory's if present, else the source tree's.
std::string find_dir(const std::string& name) {
    namespace fs = std::filesystem;
    if (fs::is_directory(name)) return fs::absolute(name).string();
    return (fs::path(LINGTING_SOURCE_DIR) / name).string();
}

void create_demo_accounts(staff_store& store, int iterations) {
    if (!store.all_staff().empty()) return;
    struct demo { const char* name; role r; std::vector<std::string> deps; };
    const demo demos[] = {{"consultant", role::consultant, {}},
                          {"consultant2", role::consultant, {}},
                          {"supervisor", role::supervisor, {}},
                          {"qa", role::qa, {}}};
    for (auto& d : demos)
        store.add_staff({d.name, d.r, d.deps, false, crypto::hash_password("lingting", iterations)});
    std::cout << "Created demo staff accounts (password: lingting): consultant, consultant2, supervisor, qa\n"
                 "已创建演示账号（密码 lingting）：consultant、consultant2（咨询师）、supervisor（主管）、qa（质检）\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    settings all;
    server_config& cfg = all.server;
    std::vector<std::string> rest;
    for (auto& a : args) {
        if (a == "--help" || a == "-h") {
            print_help();
            return 0;
        }
        if (a.rfind("--config=", 0) == 0) {
            for (auto& e : load_config_file(all, a.substr(9))) {
                std::cerr << e.where << ": " << e.reason << '\n';
                return 2;
            }
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto& a = args[i];
        // `copy` names its databases itself (--from, --to): what follows is its own.
        if (!rest.empty() && rest[0] == "copy") {
            rest.push_back(a);
            continue;
        }
        if (a.rfind("--config=", 0) == 0) continue;
        if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
            auto eq = a.find('=');
            if (auto err = apply_setting(all, a.substr(2, eq - 2), a.substr(eq + 1)); !err.empty()) {
                std::cerr << a << ": " << err << '\n';
                return 2;
            }
        } else if (a == "--database" && i + 1 < args.size()) {
            cfg.database = args[++i];
        } else {
            rest.push_back(a);
        }
    }
    try {
        if (!rest.empty() && rest[0] == "user")
            return run_user_command({rest.begin() + 1, rest.end()}, cfg.database, all.store, cfg.pbkdf2_iterations);
        if (!rest.empty() && rest[0] == "migrate")
            return run_migrate_command({rest.begin() + 1, rest.end()}, cfg.database, all.store);
        if (!rest.empty() && rest[0] == "copy") return run_copy_command({rest.begin() + 1, rest.end()});
        if (!rest.empty() && rest[0] == "analyze")
            return run_analyze_command({rest.begin() + 1, rest.end()},
                                       cfg.lexicon_dir.empty() ? find_dir("lexicon") : cfg.lexicon_dir, cfg);
        if (!rest.empty()) {
            std::cerr << "unknown argument: " << rest[0] << " (see --help)\n";
            return 2;
        }
        if (cfg.web_dir.empty()) cfg.web_dir = find_dir("web");
        if (cfg.lexicon_dir.empty()) cfg.lexicon_dir = find_dir("lexicon");

        // Block the signals before any thread starts, so only sigwait below receives them.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        sigaddset(&signals, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);

        logger log;
        system_clock clk;
        // OpenCC's dictionaries (some 13 MB) are needed only while a lexicon is compiled: they
        // are opened for each load and given back after it (malloc_trim returns the pages).
        auto load = [&cfg] {
            script_variants variants;
            auto r = load_lexicon(cfg.lexicon_dir, std::ref(variants));
            return r;
        };
        auto loaded = load();
        ::malloc_trim(0);
        if (!loaded.lex) {
            for (auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
            return 1;
        }
        log.info("lexicon_loaded", {{"dir", cfg.lexicon_dir}});
        for (auto& w : loaded.warnings) log.warn("lexicon_warning", {{"reason", w}});
        auto spell = make_default_speller(cfg.lexicon_dir);
        auto opened = open_store(cfg.database, all.store, store_failures_to(log));
        message_store& store = *opened;
        if (int n = store.end_open_conversations(clk.now()); n > 0)
            log.warn("ended_open_conversations_after_restart", {{"count", std::to_string(n)}});
        if (cfg.demo_accounts) create_demo_accounts(store, cfg.pbkdf2_iterations);

        server* running = nullptr;
        // Reload keeps the rules in force when the new files have errors.
        auto reload = [&]() -> std::string {
            auto r = load();
            ::malloc_trim(0);
            std::string errors;
            for (auto& e : r.errors) errors += e.to_string() + "\n";
            if (r.lex && running) running->set_lexicon(r.lex);
            for (auto& w : r.warnings) log.warn("lexicon_warning", {{"reason", w}});
            return errors;
        };
        server srv(cfg, store, clk, log, loaded.lex, spell.get(), reload);
        running = &srv;
        std::string ime_error;
        auto ime = make_ime_checker(cfg, cfg.lexicon_dir, ime_error);
        ::malloc_trim(0);  // what loading the model used and gave back
        if (ime) {
            srv.use_ime_checker(*ime);
            log.info("ime_check_loaded", {{"model", cfg.ime_model}});
        } else if (!ime_error.empty()) {
            log.warn("ime_check_disabled", {{"reason", ime_error}});
        }
        // A buffer near the frame limit (1 MiB) must go back to the system when freed. glibc raises
        // its mmap threshold after the first such free, and later large buffers then come from the
        // heap arenas, where they stay resident under load. A fixed threshold keeps them mmapped.
        ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
        srv.start();
        std::string base = "http://" + cfg.address + ":" + std::to_string(srv.port());
        std::cout << "Lingting 聆听 is running. Open:\n"
                  << "  访客 visitor widget:      " << base << "/\n"
                  << "  咨询师 consultant console: " << base << "/console\n"
                  << "  主管 supervisor board:    " << base << "/supervisor\n"
                  << "  质检 QA audit:            " << base << "/qa\n"
                  << "Database: " << printable_database(cfg.database) << "   Ctrl-C stops.\n"
                  << std::flush;
        for (;;) {
            int sig = 0;
            sigwait(&signals, &sig);
            if (sig == SIGHUP) {
                auto errors = reload();
                if (errors.empty()) log.info("lexicon_reloaded", {{"dir", cfg.lexicon_dir}});
                else log.error("lexicon_reload_failed_rules_kept", {{"errors", errors}});
                continue;
            }
            log.info("stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
            break;
        }
        srv.stop();
        store.flush();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lingting: " << e.what() << '\n';
        return 1;
    }
}
