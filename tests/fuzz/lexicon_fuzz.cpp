// libFuzzer target: the lexicon loader. The first byte picks the file; the rest is its text.
// Whatever loads must compile and match without crashing.
#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& files = lingting::lexicon_files();
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
