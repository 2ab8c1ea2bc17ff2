// libFuzzer target: the offline transcript reader and the analyzer behind it.
#include "core/analysis/transcript.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto lex = lingting::builtin_lexicon();
    auto parsed = lingting::parse_transcript(std::string_view(reinterpret_cast<const char*>(data), size));
    if (auto* t = std::get_if<lingting::transcript>(&parsed)) {
        auto r = lingting::audit(*t, *lex, nullptr);
        for (auto& f : r.findings)
            if (f.end < f.begin) __builtin_trap();  // spans are well-formed
        (void)lingting::audit_json(r);
    }
    return 0;
}
