#include "analyze_command.hpp"

#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "core/analysis/transcript.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace lingting {

int run_analyze_command(const std::vector<std::string>& args, const std::string& default_lexicon_dir) {
    std::string file, dir = default_lexicon_dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lexicon" && i + 1 < args.size()) dir = args[++i];
        else if (args[i].rfind("--lexicon=", 0) == 0) dir = args[i].substr(10);
        else if (file.empty()) file = args[i];
        else {
            std::cerr << "usage: lingting analyze FILE [--lexicon DIR]\n";
            return 2;
        }
    }
    if (file.empty()) {
        std::cerr << "usage: lingting analyze FILE [--lexicon DIR]\n";
        return 2;
    }
    std::cerr << "lexicon: " << dir << '\n';
    script_variants variants;
    auto loaded = load_lexicon(dir, std::ref(variants));
    if (!loaded.lex) {
        for (auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
        return 1;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << file << ": cannot open\n";
        return 1;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    auto parsed = parse_transcript(buf.str());
    if (auto* err = std::get_if<transcript_error>(&parsed)) {
        std::cerr << file << ":" << err->line << ": " << err->reason << '\n';
        return 1;
    }
    auto spell = make_default_speller(dir);
    std::cout << audit_json(audit(std::get<transcript>(parsed), *loaded.lex, spell.get())) << '\n';
    return 0;
}

}  // namespace lingting
