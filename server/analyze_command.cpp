#include "analyze_command.hpp"

#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "core/analysis/transcript.hpp"
#include "core/config.hpp"
#include "core/json_writer.hpp"
#include "ime/libime_checker.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace lingting {

int run_analyze_command(const std::vector<std::string>& args, const std::string& default_lexicon_dir,
                        server_config cfg) {
    const char* usage = "usage: lingting [--SETTING=VALUE...] analyze FILE... [--lexicon DIR] [--no-ime]\n";
    std::vector<std::string> files;
    std::string dir = default_lexicon_dir;
    bool ime_check = true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--no-ime") ime_check = false;
        else if (args[i] == "--lexicon" && i + 1 < args.size()) dir = args[++i];
        else if (args[i].rfind("--lexicon=", 0) == 0) dir = args[i].substr(10);
        else if (args[i].rfind("--", 0) == 0) {
            std::cerr << usage;
            return 2;
        } else files.push_back(args[i]);
    }
    if (files.empty()) {
        std::cerr << usage;
        return 2;
    }
    std::cerr << "lexicon: " << dir << '\n';
    script_variants variants;
    auto loaded = load_lexicon(dir, std::ref(variants));
    if (!loaded.lex) {
        for (auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
        return 1;
    }
    for (auto& w : loaded.warnings) std::cerr << "warning: " << w << '\n';
    auto spell = make_default_speller(dir);
    // The IME typo check, as the server's worker runs it; without its model files, none (said
    // once). Loaded once for every file (~1 s).
    cfg.ime_check = cfg.ime_check && ime_check;
    std::string ime_error;
    auto ime = make_ime_checker(cfg, dir, ime_error);
    if (!ime_error.empty()) std::cerr << "IME typo check off: " << ime_error << '\n';
    // One line of output per file, in order; a file that cannot be read or parsed gives a line
    // {"error":...} (and exit status 1), the others are still analyzed.
    int status = 0;
    for (auto& file : files) {
        auto fail = [&](const std::string& reason) {
            std::cerr << reason << '\n';
            json_writer w;
            w.begin_object().field("error", reason).end_object();
            std::cout << w.str() << '\n';
            status = 1;
        };
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            fail(file + ": cannot open");
            continue;
        }
        std::stringstream buf;
        buf << in.rdbuf();
        auto parsed = parse_transcript(buf.str());
        if (auto* err = std::get_if<transcript_error>(&parsed)) {
            fail(file + ":" + std::to_string(err->line) + ": " + err->reason);
            continue;
        }
        std::cout << audit_json(audit(std::get<transcript>(parsed), *loaded.lex, spell.get(), ime.get())) << '\n';
    }
    return status;
}

}  // namespace lingting
