// Regional spellings of Mandarin words (lexicon/dialect_forms.tsv): 晓得 for 知道, 啥子 for 什么,
// 没得 for 没有. A consultant from Chengdu scolds with 现在晓得着急了, one from Jinan with 俺都说了;
// the lexicon writes each entry once, in Mandarin, and these forms are added at load time, as the
// traditional-script forms are (lexicon_loader.cpp), to every entry that gets those.
#pragma once

#include <string>
#include <vector>

namespace lingting {

class dialect_forms {
public:
    // One line of dialect_forms.tsv, split at tabs: mandarin, dialect[, note]. Returns an error, or "".
    std::string add_line(const std::vector<std::string>& fields);

    // The phrase (a literal or a pattern) with its Mandarin words in regional spelling: one form per
    // pair found in it, and one with every word found respelled; never the phrase itself.
    std::vector<std::string> of(const std::string& phrase) const;

    bool empty() const { return pairs_.empty(); }

private:
    struct pair {
        std::string mandarin, dialect;
    };
    std::vector<pair> pairs_;
};

}  // namespace lingting
