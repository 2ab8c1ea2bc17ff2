// The rude-reply n-gram model (lexicon/reply_model.tsv): forbidden service language in wordings no
// cue or phrase list holds. A logistic regression over the character n-grams (1-4) of one consultant
// sentence, trained by tests/corpus/fit_model.mjs on the fit splits and the probes, its threshold
// chosen by leave-one-writer-out cross-validation (tests/corpus/README.md). The weights are data:
// the file is the model, loaded with the lexicon, its n-grams found by hashed lookup.
//
// A sentence is its compact text (as the analyzer sees it: full-width folded, lower case, separators
// dropped) between the edge marks < and >; its features are its distinct n-grams of 1 to 4 code
// points, and ? when a question mark follows it. Score = bias + their weights (log-odds).
// Traditional-script spellings of every n-gram are added at load (as for every lexicon entry), so a
// message typed in traditional characters scores as its simplified form does.
//
// Off the relay's hot path (issue 12): check_consultant() does not run it. rude_model_findings() does,
// where the IME check runs: on the worker after the message is relayed (net/ime_worker.hpp), in the
// pre-send `check`, and in `lingting analyze` (audit), the same function with the same inputs.
#pragma once

#include "core/analysis/finding.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

struct lexicon;

class reply_model {
public:
    // One line of reply_model.tsv, split at tabs: `bias VALUE` or `ngram TEXT WEIGHT CATEGORY`.
    // Returns an error text, or "" when the line is taken.
    std::string add_line(const std::vector<std::string>& fields);
    // After the last line: adds `variants` of every n-gram (traditional forms, same weight) and
    // builds the lookup table. Returns an error text ("" when fine; a file with n-grams and no bias).
    std::string finish(const std::function<std::vector<std::string>(const std::string&)>& variants = {});

    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }  // n-grams, with their added spellings

    struct verdict {
        double probability = 0;
        std::string category;  // the rude category its fired n-grams weigh most for
        std::string detail;    // its strongest fired n-grams, as written: 看不懂+你+吧
    };
    // The log-odds of one sentence (compact text, as compact_sentence holds it).
    double score(std::u32string_view sentence, bool question) const;
    // A verdict when the sentence's probability reaches `threshold`.
    std::optional<verdict> classify(std::u32string_view sentence, bool question, double threshold) const;

private:
    static constexpr std::uint32_t no_category = 255;
    // 16 bytes: the table of ~30k n-grams stays small enough for the caches it is read from.
    struct entry {
        std::uint64_t key = 0;  // 0: an empty slot of the table
        float weight = 0;
        std::uint32_t text : 24 = 0;                // into texts_
        std::uint32_t category : 8 = no_category;  // into the rude categories, for a positive weight
    };
    static std::uint64_t key_of(std::u32string_view gram);
    const entry* find(std::uint64_t key) const;
    // False when the model surely does not hold the n-gram (most of a sentence's): the filter alone.
    bool maybe_held(std::uint64_t key) const { return filter_[(key & (filter_bits - 1)) >> 6] >> (key & 63) & 1; }
    void add(std::u32string_view gram, float weight, std::uint32_t category);
    void insert(const entry& e);
    // Calls f(entry) for each distinct n-gram of the sentence that the model holds.
    template <typename F>
    void each_hit(std::u32string_view sentence, bool question, F&& f) const;

    double bias_ = 0;
    bool has_bias_ = false;
    std::vector<entry> entries_;      // as read (then the added spellings)
    std::vector<std::string> texts_;  // their n-grams, UTF-8, for `detail`
    std::vector<entry> table_;        // open addressing, a power of two, at most half full (kept as added)
    // One bit per hash value's low 17 bits, set for every n-gram held: 16 KB that stay in the first
    // cache level, so most n-grams of a sentence (which the model does not hold) cost no table read.
    static constexpr std::size_t filter_bits = 1u << 17;
    std::vector<std::uint64_t> filter_ = std::vector<std::uint64_t>(filter_bits / 64);
};

// Whether the lexicon's rules switch the model on (rules.conf reply_model_enabled) and it has one.
bool rude_model_on(const lexicon& lex);

// The model's findings for one consultant message: a forbidden_phrase, rule model:rude, warning,
// never blocking, per sentence of two characters or more whose probability reaches rules.conf
// reply_model_threshold, except where an entry or cue already fired (a forbidden_phrase among
// `inline_findings`, check_consultant()'s for this text), and no brush-off when the whole reply is
// fillers only (check_consultant reports it as terse instead); nothing in a message that the
// classifier's message modifiers take back (a handover, an offer of help). seq and at left 0.
// Empty when off.
std::vector<finding> rude_model_findings(std::string_view text, const lexicon& lex,
                                         const std::vector<finding>& inline_findings);
// The same, running check_consultant() first to learn what it flagged (the worker and the audit,
// which do not keep the inline findings).
std::vector<finding> rude_model_findings(std::string_view text, const lexicon& lex);

}  // namespace lingting
