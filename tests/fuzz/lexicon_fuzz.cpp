// libFuzzer target: the lexicon loader. The first byte picks the file (fuzzed_files()); the rest is its text.
// Whatever loads must compile and match without crashing.
#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <cstddef>
#include <cstdint>

namespace {

// The loader's files, then the optional ones it also parses: reply_cues.tsv (the rude-reply
// classifier's cues, modifiers and advice). Appended, so a seed's first byte keeps its file.
const std::vector<std::string>& fuzzed_files() {
    static const std::vector<std::string> files = [] {
        auto f = lingting::lexicon_files();
        f.push_back("reply_cues.tsv");
        return f;
    }();
    return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& files = fuzzed_files();
    const std::string& name = files[data[0] % files.size()];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    lingting::lexicon lex;
    std::vector<lingting::lexicon_error> errors;
    lingting::parse_lexicon_file(name, text, lex, errors);
    for (auto& e : errors)
        if (e.file != name || e.line < 0) __builtin_trap();
    lex.compile();
    (void)lingting::check_consultant_text(text.substr(0, 200), "", lex, nullptr);
    return 0;
}
