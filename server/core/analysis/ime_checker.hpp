// IME typos beyond typos.tsv: a wrong homophone the pinyin IME picked (引导炎 for 阴道炎), found
// with the IME's own dictionary and language model. Implemented over libime in server/ime/, so
// libime stays out of the core; the core only sees this interface. Too slow for the relay's hot
// path (~0.1 ms a message): chat_core runs it in the pre-send `check` only, and a worker thread
// runs it on relayed messages (server/ime/ime_worker.hpp).
#pragma once

#include "core/analysis/finding.hpp"

#include <string_view>
#include <vector>

namespace lingting {

struct lexicon;

struct ime_checker {
    virtual ~ime_checker() = default;
    // Findings of kind `typo`, rule `ime_model`, with the correction as a replacement; seq and
    // at left 0. The lexicon's protected terms are never flagged and are favoured as
    // corrections; so are the checker's clinic words, some only in their own department's
    // conversations (`department`, empty if unknown: all are favoured). `visitor_said`: what the
    // visitor wrote before this message (visitor_transcript::before): a correction into a word the
    // visitor used (胃镜 for 味精 after 做胃镜要空腹吗) needs a smaller margin; `reads_visitor`, when
    // given, is set if the result depended on those words (a near miss looked at them), so that a
    // result may be reused for the same text in another conversation only when it did not.
    // Read-only: one checker serves every thread at once.
    virtual std::vector<finding> check(std::string_view text, const lexicon& lex, std::string_view department = {},
                                       std::string_view visitor_said = {}, bool* reads_visitor = nullptr) const = 0;
};

// True if `f` shares characters with a typo among `others` (the same place found twice).
inline bool overlaps_a_typo(const finding& f, const std::vector<finding>& others) {
    for (auto& o : others)
        if (o.kind == "typo" && o.seq == f.seq && o.begin < f.end && f.begin < o.end) return true;
    return false;
}

}  // namespace lingting
