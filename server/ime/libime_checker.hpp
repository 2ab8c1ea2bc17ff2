// The IME typo check over Debian's libime (fcitx5's pinyin engine): its pinyin dictionary gives
// the words an IME could have offered for the same syllables, its trigram language model says
// which reads better in context. libime's headers stay inside libime_checker.cpp.
#pragma once

#include "core/analysis/ime_checker.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lingting {

struct ime_settings {
    std::string dictionary = "/usr/share/libime/sc.dict";                // libime-data
    std::string model = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm";     // libime-data-language-model
    // Proper names (python3-jieba's dictionary, tags nr/ns/nt/nz), never flagged, and its verbs,
    // adverbs and prepositions (what goes on after the object of 把); missing: neither.
    std::string names = "/usr/lib/python3/dist-packages/jieba/dict.txt";
    // log10 likelihood the correction must win by, in a window of context around the span, when
    // what was written is no word of the model (a name, a drug, a term the model lacks: any word
    // reads better than it); a smaller one when the correction makes a clinic word (阴道炎,
    // 智齿冠周炎). Chosen on bench/ime_probe (IME errors made in the read splits' sentences).
    double margin = 6.0;
    double clinic_margin = 2.0;
    double clinic_alone_margin = 1.0;  // added when no other clinic word is in the window
    // When what was written is such a word and the correction a word of the long medical list
    // (medical_terms.txt: 痛风 for 通风), which the scoring does not favour.
    double medical_margin = 2.5;
    // When what was written is itself a word of the model (the IME offered it: 简易 for 建议);
    // `margin` is for stretches that are no word (names, drugs, terms the model lacks).
    double word_margin = 3.0;
    // Added to the margin when what was written is itself a common word (一生, 支持): those are
    // more often meant than mistyped.
    double common_margin = 1.0;
    // The margin at most when the correction makes a word the visitor wrote earlier in the
    // conversation (and what was written is not one): the consultant's slip on the very word the
    // visitor asked about. In the read splits 157 of 406 labelled typos were such echoes.
    double echo_margin = 1.5;
    // Added to the margin of a correction one fuzzy pinyin pair away (类膜 for 内膜: n/l, f/h,
    // z/zh, c/ch, s/sh, an/ang, en/eng, in/ing, ian/iang, uan/uang), which is offered only when it
    // makes a clinic word. fuzzy_off or more: not offered. Chosen on bench/ime_probe's fuzzy
    // slips (session 19): 3 caught 23 % of them, 1 caught 51 %, with no clean alarm at either
    // once 出证 and 一深一浅 were kept as written (ime_words.txt); 0.5 raised one on the read splits.
    static constexpr double fuzzy_off = 100.0;
    double fuzzy_margin = 1.0;
    // Added to the margin of a correction one nine-key syllable away (督查 for 复查, 草皮 for 包皮:
    // letters of one key of a phone's nine-key pad), offered only when it makes a clinic word, as a
    // fuzzy one is, and only where what was written is a word the IME offers (a slip of the keys
    // still shows one; 达娃, a name, is no word). fuzzy_off or more: not offered. Chosen on
    // bench/ime_probe's nine-key slips and the read splits (session 22): at 2, 28 % of the probe's
    // slips caught and no clean alarm in either; at 1, clean alarms on the read splits.
    double nine_key_margin = 2.0;
    // Added to the margin of a correction one adjacent-key syllable away (a letter typed as its
    // QWERTY neighbour: 主持 for 智齿, u/i), offered as nine-key ones are. At 2: 25 % of the probe's
    // slips caught, no clean alarm; at 1, 39 % but 植牙 and 血氧 corrected on clean read-split text.
    double adjacent_key_margin = 2.0;
    // Added to the margin of a correction with the same initials (简拼: 流程 for 流产, 反馈 for 妇科,
    // the IME's first candidate for the initials typed), offered as nine-key ones are, never from a
    // clinic word, a number or inside quotation marks, and only from one of the likeliest words for
    // its initials (abbreviated_lead). Chosen on bench/ime_probe's abbreviated slips and the read
    // splits (session 23): at 2, 10.5 % of the probe's slips caught and no clean alarm in either;
    // without the likeliest-word rule, 约上, 甲乙(流), 急着 and 甲类 were corrected on clean text.
    double abbreviated_margin = 2.0;
    // An abbreviated slip shows one of the first candidates for the initials typed: what was written
    // is looked at only if its log10 unigram probability is within this of the likeliest word with
    // its initials (the IME's first; a user's history may put another first).
    double abbreviated_lead = 1.0;
    double common_word = -4.0;  // a word's log10 unigram probability above which it is common
    // A stretch whose edge falls inside a word of the likeliest cutting of the text as written, a
    // word whose log10 unigram probability is above this, is no IME slip (要|留观, 出|方案).
    double cut_word = -4.5;
    // A two-character word at least this likely (log10 unigram) is looked for with one character typed
    // twice (预预约, 专家家坐诊), as clinic words are; rarer pairs are more often names or grammar.
    double doubled_word = -5.0;
    // Clinic words (terms.txt, ime_words.txt) are favoured as corrections by this much; those
    // the model does not know score as a word of this log10 probability.
    double clinic_bonus = 2.0;
    double clinic_unknown_word = -5.0;
    // Added to the clinic margin for a character left out of a two-character part of a clinic word
    // (做试婴儿 for 做试管婴儿; skipped_character.hpp), which is also how terms are shortened on purpose.
    double shortened_part_margin = 2.0;
};

// A word of lexicon/ime_words.txt and the departments whose conversations favour it (empty: all).
struct clinic_word {
    std::string word;
    std::vector<std::string> departments;
};

class libime_checker final : public ime_checker {
public:
    // Loads the dictionary and model (~0.8 s, ~25 MB). `clinic_words` are never flagged, and
    // favoured in their departments' conversations (and in those of none); `protected_words` (a
    // long medical list) are never flagged as written but not favoured as corrections (favouring
    // 18,000 terms turns 加急 into 夹脊). Returns null with `error` set if a file is missing or
    // unreadable.
    static std::unique_ptr<libime_checker> load(const ime_settings& settings,
                                                std::vector<clinic_word> clinic_words, std::string& error,
                                                const std::vector<std::string>& protected_words = {});
    ~libime_checker() override;

    std::vector<finding> check(std::string_view text, const lexicon& lex, std::string_view department = {},
                               std::string_view visitor_said = {}, bool* reads_visitor = nullptr) const override;

    struct model;  // libime's objects and the tables built from them

private:
    explicit libime_checker(std::unique_ptr<model> m);
    // A message in traditional-script Mandarin (its characters' bytes): checked as its
    // simplified form, the findings given back in its own script.
    std::vector<finding> check_traditional(const std::vector<std::string_view>& chars, const lexicon& lex,
                                           std::string_view department, std::string_view visitor_said,
                                           bool* reads_visitor) const;
    std::unique_ptr<model> m_;
};

// Reads one word a line (# comments, blank lines skipped); empty if the file is missing.
std::vector<std::string> read_word_list(const std::string& path);
// The same for ime_words.txt, whose `[不孕不育 妇科]` lines scope the words after them (to the next
// such line) to those departments; `[*]` (and the words before any such line) to all.
std::vector<clinic_word> read_clinic_words(const std::string& path);

struct server_config;
// The checker the server's settings ask for: lexicon_dir/ime_words.txt as clinic words,
// lexicon_dir/medical_terms.txt (THUOCL's medical list) as protected words.
// Null with `error` empty when ime-check is off, with `error` set when the files cannot be loaded
// (the server then runs without the check: the caller logs it once).
std::unique_ptr<libime_checker> make_ime_checker(const server_config& cfg, const std::string& lexicon_dir,
                                                 std::string& error);

}  // namespace lingting
