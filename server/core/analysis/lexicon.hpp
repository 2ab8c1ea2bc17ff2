// The analyzer's rules as data: thresholds, phrases, typos, intents, closings. Loaded from
// lexicon/ (see lexicon/README.md for the file formats), compiled into one automaton so every
// message is scanned once. Immutable once built; shared by pointer, swapped on reload.
#pragma once

#include "core/visit_source.hpp"

#include "core/analysis/aho_corasick.hpp"
#include "core/analysis/dialect_forms.hpp"
#include "core/analysis/finding.hpp"
#include "core/analysis/reply_model.hpp"
#include "core/analysis/word_dictionary.hpp"
#include "core/ending_rules.hpp"
#include "core/phrase_pattern.hpp"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lingting {

// Every threshold and cost a clinic tunes (lexicon/rules.conf).
struct analysis_rules {
    milliseconds idle_warning{60'000};
    milliseconds idle_critical{120'000};   // also the abandonment threshold for endings
    milliseconds first_response{30'000};
    // A bare answer (在的, 能) waits this long for the consultant's next message before it is reported:
    // 在的 and then the answer, before the visitor writes again, is one answer in two messages.
    milliseconds terse_follow_up{20'000};
    std::size_t low_effort_min_visitor_chars = 30;  // below this the visitor said too little to judge
    double low_effort_ratio = 0.3;                   // consultant chars / visitor chars under this
    // ... and at most this many in all: a handful of characters. A consultant who wrote two real
    // answers to a visitor's long story wrote little beside it, but did not brush them off.
    std::size_t low_effort_max_consultant_chars = 30;
    // ... over at least this many consultant replies (a word or two once or twice is terse, not the
    // whole conversation's effort).
    std::size_t low_effort_min_replies = 3;
    // A visitor line of at most this many characters that asks nothing, said into a pause the consultant
    // announced without asking anything, lets the pause run as 好的 does (0: only the listed words do).
    std::size_t pause_reply_max_chars = 8;
    // ... holding none of these (compact forms): a short line with 啥 or 吗 in it may ask what the
    // question lists do not know (带啥啊), one with 快点 hurries the consultant (好 快点哈); a wait it
    // starts is safer than one it hides.
    std::vector<std::string> pause_reply_waiting_words{"啥", "什么", "吗", "呢", "么", "嘛", "哪", "几", "多少", "怎",
                                                       "咋", "谁", "嗎", "麼", "甚麼", "點", "邊", "快点", "快些",
                                                       "快一点", "快一些", "赶紧", "抓紧", "麻溜", "麻利", "搞快", "快啲"};
    // A bare answer (issue 12, terse_reply rule `bare_answer`): a reply of at most
    // terse_max_chars characters (能, 有, 看人, 荨麻疹), or a filler opening and at most
    // terse_max_after_filler more (可以挂号, 好的，再见), with no number, Latin word, courtesy or
    // lively mark, to a visitor who asked (a question, or a description of at least
    // terse_description_chars) in at least terse_question_ratio times the reply's characters.
    std::size_t terse_max_chars = 3;
    std::size_t terse_max_after_filler = 2;
    std::size_t terse_description_chars = 12;
    double terse_question_ratio = 3;
    // Words that make a short reply courteous, not bare (您, 请, 谢): compact forms.
    std::vector<std::string> terse_courtesies{"您", "请", "谢", "祝", "客气", "欢迎", "抱歉", "稍等", "你好", "哈喽"};
    // Greetings that open a reply (您好，可以的。): said to everyone, no courtesy of the answer after them,
    // which is judged as if they were not there. Compact forms.
    std::vector<std::string> terse_greetings{"您好", "你好"};
    // A reply that only says the consultant is here (在的) answers the visitor's "are you there" (在吗,
    // 有人吗): it is judged against what the visitor wrote besides those words. Compact forms.
    std::vector<std::string> terse_presence_replies{"在", "在的", "在呢", "在哦", "在的呢", "我在", "我在的", "在线", "喺度"};
    std::vector<std::string> terse_presence_asks{"在吗", "在么", "在嘛", "在不在", "在没", "有人吗", "有人在吗", "在线吗",
                                                 "人呢", "你好", "您好", "请问", "现在", "医生", "喺度吗", "喺唔喺度", "在嗎"};
    // Questions that ask for a number or a contact (财务电话多少, 多少钱): a bare reply without one
    // (前台有, 不贵) does not answer them, however short the question (compact forms).
    std::vector<std::string> terse_number_questions{"电话", "電話", "号码", "號碼", "多少钱", "多少錢", "价格", "價格",
                                                    "价钱", "價錢", "费用", "費用", "联系方式", "聯繫方式", "聯絡方式", "微信号"};
    int repeated_reply_count = 3;
    std::size_t repeated_reply_min_chars = 4;
    std::size_t repeated_sentence_min_chars = 12;  // a sentence of a longer message remembered as a reply
    double intent_threshold = 3;                     // summed keyword weights that count as intent
    double intent_threshold_consultant_ending = 1;   // consultant ended or abandoned: one keyword this strong
    double keyword_intent_weight = 2;                // a search keyword's intent weights count this many times
    double default_conversation_cost = 150;          // yuan; per department in department_cost
    std::map<std::string, double> department_cost;
    bool flag_ascii_comma = true;
    // The clinic's departments. A visitor's department comes from a URL anyone can write, so any
    // name not listed here becomes the default department: never stored or shown verbatim.
    std::vector<std::string> departments;
    std::string default_department;
    std::string department_or_default(std::string_view asked) const;
    // The visitor page: the clinic's name, and its automatic greeting (empty: none).
    std::string clinic_name = "在线咨询";
    std::string greeting;
    // Consultant messages with a finding of one of these severities are not relayed.
    std::set<severity> block_severities{severity::critical};
    std::set<std::string> block_categories{"profanity"};  // and only in these categories
    // A segmentation dictionary ("word freq tag" lines) for word boundaries; missing: none.
    std::string word_dictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt";
    // The rude-reply classifier (reply_cues.tsv): a sentence whose cue weights add up to this is
    // a forbidden_phrase finding (warning, never blocking). Fitted with tests/corpus/fit_cues.mjs.
    double reply_cue_threshold = 2.0;
    // The rude-reply n-gram model (reply_model.tsv, reply_model.hpp): on or off, and the probability
    // at which a consultant sentence no cue or entry flagged becomes a forbidden_phrase finding
    // (rule model:rude, warning, never blocking). Chosen by tests/corpus/fit_model.mjs --cv.
    bool reply_model_enabled = false;
    double reply_model_threshold = 0.9;
};

// Where an entry of forbidden_phrases.tsv or typos.tsv is meant (lexicon/README.md, "Contexts").
// `unless:` columns stand it down: a pattern around the hit (`_` = the entry), or `@NAME`, a
// message_modifier said elsewhere in the message. `only:` columns are the only places it stands:
// a real word that is a slip only in its context (搞完 before 坠胀 is 睾丸).
struct entry_contexts {
    std::vector<std::string> unless, only;  // as written
    // Compiled by lexicon::compile, with their variants.
    std::vector<phrase_pattern> exclusions, requirements;
    std::vector<std::uint32_t> modifiers;  // each `unless:@NAME`: its index in lexicon::cue_modifiers
};
struct phrase_entry {
    std::string phrase, category, suggestion;
    severity level = severity::warning;
    // True when `suggestion` is wording that can stand in the reply in place of the phrase
    // (不好意思 -> 很抱歉); false when it is advice to the consultant, shown and never inserted.
    bool replaces = false;
    bool unambiguous = false;  // `block` column: the send policy may block it
    entry_contexts contexts;
};
struct typo_entry {
    std::string wrong, right, department;  // department empty: everywhere
    entry_contexts contexts;
};
// One cue of the rude-reply classifier (reply_cues.tsv, reply_classifier.hpp): a pattern and the
// weight it adds to a sentence's score. `prior` is the weight as authored; `weight` the fitted one.
struct reply_cue {
    std::string name, category;  // a modifier has no category
    double prior = 0, weight = 0;
    std::string pattern;                // phrase_pattern syntax; a modifier may be <question>
    std::vector<phrase_pattern> forms;  // modifiers: compiled with their variants
    bool whole_message = false;         // a message_modifier: counts if anywhere in the message
};
struct intent_entry {
    std::string keyword, department;  // department "*": every department
    double weight = 1;
};

// What an automaton hit stands for.
enum class pattern_kind : std::uint8_t { forbidden, typo, intent, closing_question, away, appointment, offer, filler, term, resend, cue, contact, pause };
struct pattern_ref {
    pattern_kind kind;
    std::uint32_t index;       // into the matching vector
    std::int32_t pattern = -1;  // an anchor of lexicon::patterns[pattern]: verify before use
    bool short_word = false;    // 2 characters or a typo: only where it is a word of its own
};

struct lexicon {
    analysis_rules rules;
    std::vector<phrase_entry> forbidden;
    std::vector<typo_entry> typos;
    std::vector<intent_entry> intents;
    std::vector<std::string> closing_questions, farewells, question_words, declines, away_phrases,
        appointment_phrases, fillers;
    // The consultant asks for a contact or offers to book (留个电话, 需要帮您预约吗, 您想约哪天):
    // intent answered by an attempt is not wasted by the consultant (closings.tsv `offer`).
    std::vector<std::string> offer_phrases;
    // Each offer's `unless:`/`only:` columns (an offer put as a retort is none: 我咋给你约？).
    std::vector<entry_contexts> offer_contexts;
    // The consultant announces a short pause (稍等, 我帮您查一下): the visitor's bare acknowledgement
    // of it (好的, 嗯) starts no wait; a real line still does (closings.tsv `pause`).
    std::vector<std::string> pause_phrases;
    // A visitor's words that let such a pause run (谢谢, 唔该, 麻烦了, 不急, 我等你): a line of only these
    // and fillers starts no wait either (closings.tsv `patience`). Literal words, not patterns.
    std::vector<std::string> patience_words;
    // Compiled: fillers and patience words, compact-normalized, with their other spellings.
    std::vector<std::string> pause_acknowledgements;
    // A visitor's thanks or leave-taking (谢谢, 唔该, 掰掰): said after an answer, with no
    // question, the visitor closes the conversation themselves (server/ENDINGS.md, "Wasted intent").
    std::vector<std::string> signoffs;
    // Visitor messages asking to have something sent again (再发一次地址, 没收到): the consultant's
    // same text right after one is a resend on request, not a repeated reply.
    std::vector<std::string> resend_phrases;
    // Visitor messages that give who they are in words (我叫古丽米拉, 叫我小张就行) or say the clinic
    // has them on file (之前在你们这做的, 档案里有): a contact captured, as a phone number is.
    std::vector<std::string> contact_phrases;
    std::set<std::string> departments;  // every department named by an intent
    // The rude-reply classifier (reply_cues.tsv): cues found by the automaton, modifiers tried
    // only in a sentence where a cue fired, advice per category.
    std::vector<reply_cue> cues, cue_modifiers;
    std::map<std::string, std::string> cue_advice;
    // The rude-reply n-gram model (reply_model.tsv, optional: empty without it). Its traditional
    // forms are added at load only when rules.reply_model_enabled is (switching it on later in a
    // loaded lexicon, as tests do, gives the model its simplified n-grams alone).
    reply_model rude_model;
    dialect_forms dialects;  // regional spellings added at load to entries with traditional forms
    std::vector<std::string> terms;     // protected clinic words (terms.txt): nothing matches inside
    std::shared_ptr<const word_dictionary> words;  // word frequencies for word boundaries
    std::vector<phrase_pattern> patterns;          // every compiled pattern entry (all script forms)
    source_rules sources = source_rules::builtin();  // sources.tsv: visitors' sources and keywords

    aho_corasick automaton;            // over normalize_compact() text
    std::vector<pattern_ref> refs;     // automaton pattern id -> meaning

    // Builds the automaton from the entries; `variants` gives extra spellings of a phrase
    // (its traditional-script form), already normalized or not.
    // Returns the errors of patterns that do not parse ("phrase: reason").
    std::vector<std::string> compile(const std::function<std::vector<std::string>(const std::string&)>& variants = {});
    const ending_lexicon& endings() const { return ending_rules; }

    ending_lexicon ending_rules;  // closings, question words and declines, compiled with their variants
};

// A small built-in lexicon (tests and a server started without lexicon/).
std::shared_ptr<const lexicon> builtin_lexicon();

}  // namespace lingting
