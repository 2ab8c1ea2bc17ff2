#include "core/analysis/analyzer.hpp"

#include "core/analysis/reply_classifier.hpp"
#include "core/phrase_pattern.hpp"
#include "core/text_normalize.hpp"
#include "core/utf8.hpp"

#include <algorithm>

namespace lingting {

std::string_view to_string(severity s) {
    switch (s) {
    case severity::info: return "info";
    case severity::warning: return "warning";
    case severity::critical: return "critical";
    }
    return "?";
}

std::optional<severity> parse_severity(std::string_view s) {
    return parse_named(s, {severity::info, severity::warning, severity::critical});
}

namespace {

// The rule of a finding from the typo list (typos.tsv), followed by the entry's wrong side.
constexpr std::string_view listed_typo_rule = "ime_confusion:";

// The text with the typo list's slips (typos.tsv: 资询 for 咨询) replaced by their corrections, for the
// rules that read what the consultant meant: a closing question typed 还有其他要资询的吗 still asks it.
// Findings carry code-point offsets into the text; they do not overlap (pick_non_overlapping).
// Empty when there is nothing to correct.
std::string with_listed_typos_corrected(std::string_view text, const std::vector<finding>& findings) {
    std::vector<const finding*> slips;
    for (auto& f : findings)
        if (f.kind == "typo" && f.rule.starts_with(listed_typo_rule) && f.end > f.begin) slips.push_back(&f);
    if (slips.empty()) return {};
    std::sort(slips.begin(), slips.end(), [](const finding* a, const finding* b) { return a->begin < b->begin; });
    std::string out;
    std::size_t byte = 0, cp = 0, next = 0;
    auto advance_to = [&](std::uint32_t target, bool copy) {
        while (cp < target && byte < text.size()) {
            std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(text, byte));
            if (copy) out.append(text.substr(byte, n));
            byte += n;
            ++cp;
        }
    };
    for (; next < slips.size(); ++next) {
        if (slips[next]->begin < cp) continue;  // overlapping: keep the first
        advance_to(slips[next]->begin, true);
        advance_to(slips[next]->end, false);
        out += slips[next]->suggestion;
    }
    out.append(text.substr(std::min(byte, text.size())));
    return out;
}

struct span_hit {
    std::uint32_t begin, end;  // code points in the original
    std::uint32_t index;       // entry index
};

// Leftmost-longest, non-overlapping: one finding per place, the most specific entry.
std::vector<span_hit> pick_non_overlapping(std::vector<span_hit>& hits) {
    std::sort(hits.begin(), hits.end(), [](const span_hit& a, const span_hit& b) {
        // Same place: the earlier entry of its file wins (a specific literal before a family pattern).
        if (a.begin != b.begin) return a.begin < b.begin;
        return a.end != b.end ? a.end > b.end : a.index < b.index;
    });
    std::vector<span_hit> out;
    for (auto& h : hits)
        if (out.empty() || h.begin >= out.back().end) out.push_back(h);
    return out;
}

// A Latin token (tmd, sb, mmp, on9) must be a token of its own: not inside a longer Latin word
// (atmd, this b...), a URL's path or a code such as MMP-9 (its hyphen is folded away: mmp9).
// Entries with CJK in them (tm的, sha比) need no boundary.
bool whole_word(const std::string& text, std::size_t begin, std::size_t end) {
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (std::size_t i = begin; i < end; ++i)
        if (!alnum(text[i])) return true;  // has CJK: no word boundary needed
    return (begin == 0 || !alnum(text[begin - 1])) && (end == text.size() || !alnum(text[end]));
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The sentences of one message, split only when a hit needs them (most messages have none).
// Their buffers are the thread's, reused message after message: one lazy_sentences at a time
// per thread (check_consultant's or visitor_intents', never nested).
struct lazy_sentences {
    std::string_view text;
    bool ready = false;
    std::vector<compact_sentence>& list = buffers();
    static std::vector<compact_sentence>& buffers() {
        thread_local std::vector<compact_sentence> b;
        return b;
    }
    // The sentence holding original code points [b, e) and their positions in it.
    struct place {
        const compact_sentence* s;
        std::size_t begin, end;
        message_edges edges;  // for ^ and $
    };
    const std::vector<compact_sentence>& all() {
        if (!ready) {
            split_sentences(text, list);
            ready = true;
        }
        return list;
    }
    std::optional<place> find(std::uint32_t b, std::uint32_t e) {
        all();
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto& s = list[i];
            auto lo = std::lower_bound(s.origin.begin(), s.origin.end(), b);
            if (lo == s.origin.end() || *lo != b) continue;
            auto hi = std::lower_bound(lo, s.origin.end(), e);
            return place{&s, static_cast<std::size_t>(lo - s.origin.begin()),
                         static_cast<std::size_t>(hi - s.origin.begin()), edges_of(list, i)};
        }
        return std::nullopt;
    }
};

// The characters of a message's compact text, gathered when its first pattern hit is verified
// (most messages have none). One at a time per thread, as lazy_sentences.
struct lazy_presence {
    std::string_view compact;
    bool ready = false;
    const char_presence& get() {
        thread_local char_presence p;
        if (!ready) {
            p.assign(compact);
            ready = true;
        }
        return p;
    }
};

// Whether cue_modifiers[modifier] (reply_cues.tsv: an offer of help, a hand-over) is said in the
// message outside original code points [b, e). An entry's `unless:@NAME` stands it down then: a
// context past the comma, which an `unless:` pattern cannot see (我做不了主，但我可以帮您问问主任
// takes the matter on). Every match in each sentence is tried, so one overlapping the hit itself
// does not hide another after it.
bool modifier_said_elsewhere(const lexicon& lex, std::uint32_t modifier, lazy_sentences& sentences, std::uint32_t b,
                             std::uint32_t e) {
    const auto& list = sentences.all();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::u32string_view text = list[i].text;
        for (const auto& form : lex.cue_modifiers[modifier].forms)
            for (std::size_t from = 0; from < text.size();) {
                message_edges edges = edges_of(list, i);
                edges.first = edges.first && from == 0;  // a later match does not start the message
                auto hit = form.match_in(text.substr(from), edges);
                if (!hit || hit->end <= hit->begin) break;
                std::uint32_t hb = list[i].origin[from + hit->begin], he = list[i].origin[from + hit->end - 1] + 1;
                if (he <= b || hb >= e) return true;
                from += hit->begin + 1;
            }
    }
    return false;
}

// Decides whether an automaton hit over original code points [b, e) stands: a pattern's anchor
// is verified (and the span becomes the pattern's match); no literal spans a sentence break;
// nothing counts inside a protected term; a short entry only where it is a word of its own;
// a forbidden phrase or typo only in the contexts its `only` columns name, and not in those its
// `unless` columns name (patterns around the hit, or `@NAME`: a message modifier anywhere else in
// the message).
bool hit_stands(const lexicon& lex, const pattern_ref& ref, std::string_view text, const compacted& c,
                lazy_sentences& sentences, lazy_presence& present, const std::vector<span_hit>& terms,
                std::uint32_t& b, std::uint32_t& e) {
    if (ref.pattern >= 0) {
        const auto& pattern = lex.patterns[static_cast<std::size_t>(ref.pattern)];
        if (!pattern.may_occur_in(present.get())) return false;
        auto at = sentences.find(b, e);
        if (!at) return false;
        auto m = pattern.match_covering(at->s->text, at->begin, at->end, at->edges);
        if (!m) return false;
        b = at->s->origin[m->begin];
        e = at->s->origin[m->end - 1] + 1;
    } else if (crosses_sentence(c.original(text, b, e))) {
        return false;
    }
    for (auto& t : terms)
        if (t.begin < e && b < t.end && !(b <= t.begin && t.end <= e)) return false;
    static const entry_contexts none;
    const auto& contexts = ref.kind == pattern_kind::forbidden ? lex.forbidden[ref.index].contexts
                           : ref.kind == pattern_kind::typo    ? lex.typos[ref.index].contexts
                           : ref.kind == pattern_kind::offer   ? lex.offer_contexts[ref.index]
                                                               : none;
    for (auto m : contexts.modifiers)
        if (modifier_said_elsewhere(lex, m, sentences, b, e)) return false;
    const bool in_context = !contexts.exclusions.empty() || !contexts.only.empty();
    bool needs_place = (ref.short_word && lex.words && !lex.words->empty()) || in_context;
    if (!needs_place) return true;
    auto at = sentences.find(b, e);
    if (!at) return contexts.only.empty();
    if (ref.short_word && lex.words &&
        lex.words->inside_other_word(at->s->text, at->begin, at->end,
                                     ref.kind == pattern_kind::forbidden ? word_dictionary::overlap_rule::phrase
                                                                         : word_dictionary::overlap_rule::wrong_side))
        return false;
    for (auto& x : contexts.exclusions)
        if (x.match_covering(at->s->text, at->begin, at->end, at->edges)) return false;
    if (contexts.only.empty()) return true;
    return std::any_of(contexts.requirements.begin(), contexts.requirements.end(), [&](const phrase_pattern& r) {
        return r.match_covering(at->s->text, at->begin, at->end, at->edges).has_value();
    });
}

finding make(std::string_view kind, std::string_view rule, severity level) {
    finding f;
    f.kind = kind;
    f.rule = rule;
    f.level = level;
    return f;
}

void punctuation_slips(std::string_view text, const compacted& c, const analysis_rules& rules,
                       std::vector<finding>& out) {
    // Byte-level: ?, "," and the UTF-8 of ？ (EF BC 9F) and 。 (E3 80 82); code point indices
    // are looked up only for what is found.
    auto cp_index = [&](std::size_t byte) {
        return static_cast<std::uint32_t>(
            std::lower_bound(c.cp_offsets.begin(), c.cp_offsets.end(), static_cast<std::uint32_t>(byte)) -
            c.cp_offsets.begin());
    };
    // 1: ASCII ?, 3: ？, 4: 。 (0: none).
    auto mark_at = [&](std::size_t i) -> int {
        char b = text[i];
        if (b == '?') return 1;
        if (i + 3 > text.size()) return 0;
        if (b == '\xEF' && text[i + 1] == '\xBC' && text[i + 2] == '\x9F') return 3;
        if (b == '\xE3' && text[i + 1] == '\x80' && text[i + 2] == '\x82') return 4;
        return 0;
    };
    auto emit = [&](std::size_t b, std::size_t e, std::string_view rule, std::string_view fix) {
        finding f = make("typo", rule, severity::info);
        f.begin = cp_index(b);
        f.end = cp_index(e);
        f.matched = text.substr(b, e - b);
        f.suggestion = fix;
        f.replaces = true;  // the right punctuation mark
        out.push_back(std::move(f));
    };
    auto cjk_before = [&](std::size_t i) {
        if (i < 3) return false;
        std::size_t p = i - 3;
        return is_han(next_code_point(text, p)) && p == i;
    };
    auto cjk_after = [&](std::size_t i) {
        if (i >= text.size()) return false;
        return is_han(next_code_point(text, i));
    };
    for (std::size_t i = 0; i < text.size();) {
        int m = mark_at(i);
        if (m) {
            bool question = m != 4;
            std::size_t j = i, count = 0;
            for (int k; j < text.size() && (k = mark_at(j)) && ((k != 4) == question); ++count)
                j += k == 1 ? 1 : 3;
            if (count >= 2) emit(i, j, question ? "repeated_question_marks" : "repeated_full_stops", question ? "？" : "。");
            i = j;
        } else if (text[i] == ',' && rules.flag_ascii_comma && cjk_before(i) && cjk_after(i + 1)) {
            emit(i, i + 1, "ascii_comma", "，");
            ++i;
        } else {
            ++i;
        }
    }
}

// A Latin word glued to digits (B2, 3D), or to the joints of a handle, address or path
// (hzivf_care, lingting-ivf08, amy@clinic.cn, www.xxx.com, a/b) is part of a code the consultant
// copied, not a word of English to spell.
bool part_of_an_identifier(std::string_view text, std::size_t begin, std::size_t end) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    auto joint = [](char c) { return c == '_' || c == '-' || c == '@' || c == '/' || c == '.' || c == ':'; };
    if (begin > 0 && (digit(text[begin - 1]) || joint(text[begin - 1]))) return true;
    if (end >= text.size()) return false;
    if (digit(text[end]) || text[end] == '_' || text[end] == '@' || text[end] == '/') return true;
    // A hyphen, dot or colon joins only when Latin or a digit follows (ok. and ok- end a word).
    return (text[end] == '-' || text[end] == '.' || text[end] == ':') && end + 1 < text.size() &&
           (is_ascii_letter(text[end + 1]) || digit(text[end + 1]));
}

// `taken`: the code point spans already reported as forbidden phrases. A profanity token (mmp,
// nnd, on9) is that, not also an English misspelling.
void spelling(std::string_view text, speller* spell, const std::vector<span_hit>& taken, std::vector<finding>& out) {
    if (!spell || std::none_of(text.begin(), text.end(), is_ascii_letter)) return;
    std::uint32_t cp_index = 0;
    std::size_t word_start = 0;
    std::uint32_t word_cp = 0;
    bool in_word = false;
    auto check = [&](std::size_t end) {
        std::string_view w = text.substr(word_start, end - word_start);
        bool any_upper = std::any_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        // Abbreviations (BP, HPV, CT, hCG), single letters, and runs too long to be words (pasted
        // codes, keyboard mashing) are not spell-checked; nor are capitalised words: in a Chinese
        // chat a capital marks a name (Zhou, Dr. Wang) or a brand (Shingrix, Visanne, Bego),
        // which no dictionary lists and which QA does not score as the consultant's slip.
        if (w.size() < 3 || w.size() > 40 || any_upper) return;
        auto w_end = word_cp + static_cast<std::uint32_t>(w.size());
        for (auto& t : taken)
            if (t.begin < w_end && word_cp < t.end) return;
        if (spell->correct(w)) return;
        finding f = make("typo", "spelling", severity::info);
        f.matched = w;
        f.begin = word_cp;
        f.end = word_cp + static_cast<std::uint32_t>(w.size());
        out.push_back(std::move(f));
    };
    // A word with a Latin letter outside ASCII (Müller, José, café) is a name or a borrowing,
    // which the English dictionary does not spell: read whole, and not checked.
    bool beyond_ascii = false;
    auto latin_beyond_ascii = [](char32_t cp) { return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7; };
    for (std::size_t pos = 0; pos < text.size(); ++cp_index) {
        std::size_t at = pos;
        char32_t cp = next_code_point(text, pos);
        bool wide = latin_beyond_ascii(cp);
        bool letter = (pos - at == 1 && is_ascii_letter(text[at])) || wide;
        if (letter && in_word) beyond_ascii |= wide;
        if (letter && !in_word) {
            beyond_ascii = wide;
            in_word = true;
            word_start = at;
            word_cp = cp_index;
        } else if (!letter && in_word) {
            in_word = false;
            if (!beyond_ascii && !part_of_an_identifier(text, word_start, at)) check(at);
        }
    }
    if (in_word && !beyond_ascii && !part_of_an_identifier(text, word_start, text.size())) check(text.size());
}

finding repeated(std::string_view text) {
    finding f = make("repeated_reply", "same_text", severity::warning);
    f.matched = text;
    f.end = static_cast<std::uint32_t>(utf8_length(text));
    f.suggestion = "同一句话反复粘贴会让访客觉得被敷衍，请针对问题回复。";
    return f;
}

// Whether a question mark follows original code point `e` (spaces between allowed): 写那么大你没看到？
bool question_follows(std::string_view text, const compacted& c, std::uint32_t e) {
    for (std::size_t p = c.cp_offsets[e]; p < text.size();) {
        char32_t cp = next_code_point(text, p);
        if (cp == U' ' || cp == U'\u3000') continue;
        return cp == U'?' || cp == U'\uFF1F';
    }
    return false;
}

// The rude-reply classifier over the sentences where cues fired (reply_classifier.hpp). A
// sentence the lexicon already flagged is left to that entry, the more specific rule; not one flagged
// only for wording (an info entry: 歹勢 -> 很抱歉), which says nothing of what the sentence does
// (歹勢喔我們要下班了 still goes off shift on the visitor).
void classify_sentences(std::string_view text, const compacted& c, const lexicon& lex, lazy_sentences& sentences,
                        const std::vector<span_hit>& said, std::vector<finding>& out,
                        std::vector<std::pair<std::uint32_t, std::uint32_t>>& cue_hits) {
    std::sort(cue_hits.begin(), cue_hits.end());
    thread_local std::vector<std::uint32_t> cues;
    for (std::size_t i = 0; i < cue_hits.size();) {
        auto sentence = cue_hits[i].first;
        cues.clear();
        for (; i < cue_hits.size() && cue_hits[i].first == sentence; ++i) cues.push_back(cue_hits[i].second);
        const auto& s = sentences.list[sentence];
        if (s.origin.empty()) continue;
        std::uint32_t b = s.origin.front(), e = s.origin.back() + 1;
        if (std::any_of(said.begin(), said.end(), [&](const span_hit& h) {
                return h.begin < e && b < h.end && lex.forbidden[h.index].level != severity::info;
            }))
            continue;
        auto v = classify_reply(sentences.list, sentence, question_follows(text, c, e), cues, lex);
        if (!v) continue;
        finding f = make("forbidden_phrase", v->rule, severity::warning);
        f.detail = v->detail;
        f.category = v->category;
        f.suggestion = v->advice;
        f.begin = b;
        f.end = e;
        f.matched = c.original(text, b, e);
        out.push_back(std::move(f));
    }
}

// A number written in Chinese numerals with its unit (六点, 三四次, 一周, 两个小时, 半年), an amount
// (八百, 三千八, 两万, 二十, 十二: a digit times 十, 百, 千 or 万, or 十 and a digit; a price said in
// words answers as 800 does) or a weekday (周六, 星期天, 礼拜三): the answer to "when, how long, how
// many", as 6点 is. A numeral alone is not one (一般, 不一定, 一样 are words), nor a vague amount
// (几千, 一千多, 千万别).
bool names_a_quantity(std::string_view text) {
    static constexpr std::u32string_view numerals = U"零一二两三四五六七八九十百千万半几";
    static constexpr std::u32string_view digits = U"一二两三四五六七八九";
    static constexpr std::u32string_view multipliers = U"十百千万";
    static constexpr std::u32string_view units = U"点次周天个年月岁块元号颗盒片粒支针瓶斤回趟遍分秒倍小钟日期";
    static constexpr std::u32string_view weekday_heads = U"周礼拜期";  // 周六, 礼拜六, 星期六
    char32_t before = 0;
    bool after_numeral = false;
    for (std::size_t p = 0; p < text.size();) {
        char32_t cp = next_code_point(text, p);
        if (before && multipliers.find(cp) != std::u32string_view::npos && digits.find(before) != std::u32string_view::npos) {
            std::size_t q = p;
            char32_t next = q < text.size() ? next_code_point(text, q) : 0;
            if (next != U'多' && next != U'来' && next != U'几') return true;  // 一千多: an amount only roughly
        }
        if (before == U'十' && digits.find(cp) != std::u32string_view::npos) return true;
        bool numeral = numerals.find(cp) != std::u32string_view::npos;
        if (before && weekday_heads.find(before) != std::u32string_view::npos &&
            ((numeral && cp != U'半') || (before != U'周' && (cp == U'天' || cp == U'日'))))
            return true;
        if (!numeral && after_numeral && units.find(cp) != std::u32string_view::npos) return true;
        after_numeral = numeral;
        before = cp;
    }
    return false;
}

// The bytes of a greeting (rules.conf terse_greetings) opening a longer compact reply; 0 if none.
std::size_t greeting_bytes(std::string_view compact, const analysis_rules& rules) {
    for (const auto& g : rules.terse_greetings)
        if (compact.size() > g.size() && compact.starts_with(g)) return g.size();
    return 0;
}

// A bare answer (analysis_rules terse_*): at most terse_max_chars characters, or a filler opening
// (可以, 好的) and at most terse_max_after_filler more, with no number or Latin word (a price, a
// time, a test name answers; names_a_quantity for numbers in words), no courtesy (您, 请, 谢)
// and no lively mark (～, an emoji: 好的～ is short and warm, not bare). A reply already reported
// (a brush-off, fillers only) is not also bare. Whether it is terse depends on what the visitor
// asked: conversation_analyzer.
bool bare_answer(std::string_view text, const compacted& c, const std::vector<char>& covered,
                 const std::vector<finding>& out, const analysis_rules& rules) {
    if (c.text.empty() || c.has_latin || c.chars > rules.terse_max_chars + rules.terse_max_after_filler + 8) return false;
    if (std::any_of(out.begin(), out.end(),
                    [](const finding& f) { return f.kind == "forbidden_phrase" || f.kind == "terse_reply"; }))
        return false;
    if (c.chars > rules.terse_max_chars) {
        std::size_t opening = c.text.size() - 1;  // the longest filler opening short of the whole
        while (opening > 0 && !covered[opening]) --opening;
        if (opening == 0 || utf8_length(std::string_view(c.text).substr(opening)) > rules.terse_max_after_filler)
            return false;
    }
    if (std::any_of(c.text.begin(), c.text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return false;
    if (names_a_quantity(c.text)) return false;
    // A greeting opening the reply (您好，可以的。) is said to everyone: what follows it is the answer, and
    // a courtesy must be in that (fresh52 bj057: a bare yes after a 150 s wait).
    const std::string_view answer = std::string_view(c.text).substr(greeting_bytes(c.text, rules));
    for (const auto& w : rules.terse_courtesies)
        if (answer.find(w) != std::string::npos) return false;
    // Asking whether the visitor is still there (您好，在吗？) answers nothing and is asked of nobody: no bare
    // answer either. A question back about the trouble (还痛？) is one.
    for (const auto& w : rules.terse_presence_asks)
        if (answer == w) return false;
    for (std::size_t p = 0; p < text.size();) {
        char32_t cp = next_code_point(text, p);
        if (cp == U'~' || cp == U'\uFF5E' || cp == U'\u301C' || cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF)) return false;
    }
    return true;
}

}  // namespace

text_check check_consultant(std::string_view text, const std::string& department, const lexicon& lex,
                            speller* spell) {
    text_check r;
    auto& out = r.findings;
    thread_local compacted c;  // reused: no allocation per message once warm
    compact_with_map(text, c);
    thread_local std::vector<span_hit> forbidden, typos, terms;
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;  // (pattern id, end byte)
    thread_local std::vector<char> covered;  // filler cover: covered[i] = text[0, i) is fillers only
    forbidden.clear();
    typos.clear();
    terms.clear();
    candidates.clear();
    covered.assign(c.text.size() + 1, 0);
    covered[0] = 1;
    // A greeting opening a longer reply (您好，可以的) opens it as a filler does: what follows is the answer.
    if (auto g = greeting_bytes(c.text, lex.rules); g > 0) covered[g] = 1;
    lex.automaton.scan(c.text, [&](aho_corasick::hit h) {
        const auto& ref = lex.refs[h.pattern];
        auto start = h.end - lex.automaton.pattern_length(h.pattern);
        switch (ref.kind) {
        case pattern_kind::forbidden:
            if (whole_word(c.text, start, h.end)) candidates.push_back({h.pattern, h.end});
            break;
        case pattern_kind::typo: {
            auto& t = lex.typos[ref.index];
            if (t.department.empty() || department.empty() || !lex.departments.count(department) ||
                t.department == department)
                candidates.push_back({h.pattern, h.end});
            break;
        }
        case pattern_kind::term:
            terms.push_back({c.origin[start], c.origin[h.end - 1] + 1, ref.index});
            break;
        case pattern_kind::filler:
            if (covered[start]) covered[h.end] = 1;  // hits arrive in order of their end
            break;
        case pattern_kind::appointment:
        case pattern_kind::offer:
        case pattern_kind::pause:
        case pattern_kind::cue:
            candidates.push_back({h.pattern, h.end});
            break;
        default:
            break;
        }
    });
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> cue_hits;  // (sentence, cue)
    cue_hits.clear();
    lazy_sentences sentences{text};
    lazy_presence present{c.text};
    if (!candidates.empty()) {
        for (auto [id, end] : candidates) {
            const auto& ref = lex.refs[id];
            auto start = end - lex.automaton.pattern_length(id);
            std::uint32_t b = c.origin[start], e = c.origin[end - 1] + 1;
            if (!hit_stands(lex, ref, text, c, sentences, present, terms, b, e)) continue;
            if (ref.kind == pattern_kind::forbidden) forbidden.push_back({b, e, ref.index});
            else if (ref.kind == pattern_kind::typo) typos.push_back({b, e, ref.index});
            else if (ref.kind == pattern_kind::appointment) r.appointment = true;
            else if (ref.kind == pattern_kind::offer) r.offer = true;
            else if (ref.kind == pattern_kind::pause) r.pause = true;
            else if (ref.kind == pattern_kind::cue)
                if (auto at = sentences.find(b, e))
                    cue_hits.push_back({static_cast<std::uint32_t>(at->s - sentences.list.data()), ref.index});
        }
    }
    const auto said = pick_non_overlapping(forbidden);
    for (auto& h : said) {
        auto& e = lex.forbidden[h.index];
        // The rule is the entry itself (its text or pattern as written), so QA's precision per
        // rule follows the entry, not its place in the file.
        finding f = make("forbidden_phrase", "phrase:" + e.phrase, e.level);
        f.category = e.category;
        f.suggestion = e.suggestion;
        f.replaces = e.replaces;
        f.unambiguous = e.unambiguous;
        f.begin = h.begin;
        f.end = h.end;
        f.matched = c.original(text, h.begin, h.end);
        out.push_back(std::move(f));
    }
    if (!cue_hits.empty()) classify_sentences(text, c, lex, sentences, said, out, cue_hits);
    // The rude-reply n-gram model is not run here (it would cost the relay two thirds more per
    // message): rude_model_findings() runs it after relay, on the IME check's worker (reply_model.hpp).
    for (auto& h : pick_non_overlapping(typos)) {
        auto& e = lex.typos[h.index];
        finding f = make("typo", std::string(listed_typo_rule) + e.wrong, severity::warning);
        f.suggestion = e.right;
        f.replaces = true;  // the word the IME should have produced
        f.begin = h.begin;
        f.end = h.end;
        f.matched = c.original(text, h.begin, h.end);
        out.push_back(std::move(f));
    }
    punctuation_slips(text, c, lex.rules, out);
    if (c.has_latin) spelling(text, spell, said, out);
    if (!c.text.empty() && covered[c.text.size()]) {
        // The whole reply is one non-answer (我也不知道): said once, as terse, not also as a brush-off.
        std::erase_if(out, [](const finding& x) { return x.kind == "forbidden_phrase" && x.category == "brush_off"; });
        finding f = make("terse_reply", "fillers_only", severity::warning);
        f.matched = text;
        f.end = static_cast<std::uint32_t>(c.cp_offsets.size() - 1);
        f.suggestion = "请针对访客的问题给出完整、专业的回复。";
        out.push_back(std::move(f));
    }
    r.bare = bare_answer(text, c, covered, out, lex.rules);
    r.chars = c.chars;
    r.compact_hash = std::hash<std::string>{}(c.text);
    return r;
}

bool blocks(const std::vector<finding>& findings, const analysis_rules& rules) {
    return std::any_of(findings.begin(), findings.end(), [&](const finding& f) {
        return f.unambiguous && rules.block_severities.count(f.level) &&
               (rules.block_categories.empty() || rules.block_categories.count(f.category));
    });
}

bool contains_contact(std::string_view text) { return contains_contact_compact(normalize_compact(text)); }

bool contains_contact_compact(const std::string& t) {
    auto digits_at = [&](std::size_t i) {
        std::size_t j = i;
        while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
        return j - i;
    };
    for (std::size_t i = 0; i < t.size();) {
        std::size_t n = digits_at(i);
        if (n == 0) {
            ++i;
            continue;
        }
        // Mobile: 11 digits, 1[3-9]...; landline with area code (and Taiwan's 09 mobiles): 0 + 9 to
        // 12 digits; Hong Kong and Macau: 8 digits from 5, 6 or 9 (6122 9083); any of them after
        // the country code (86, 852, 853, 886).
        auto starts = [&](std::string_view p) { return t.compare(i, p.size(), p) == 0; };
        if ((n == 11 && t[i] == '1' && t[i + 1] >= '3') || (t[i] == '0' && n >= 10 && n <= 12) ||
            (n == 8 && (t[i] == '5' || t[i] == '6' || t[i] == '9')) || (n == 13 && starts("861")) ||
            (n == 11 && (starts("852") || starts("853"))) || (n >= 11 && n <= 12 && starts("8869")))
            return true;
        i += n;
    }
    for (std::string_view key : {"qq", "微信", "weixin", "wx", "vx", "v信"}) {
        for (auto at = t.find(key); at != std::string::npos; at = t.find(key, at + 1)) {
            std::size_t j = at + key.size();
            // Skip a few joining characters: 微信号是 abc123, qq：12345.
            for (int skipped = 0; skipped < 3 && j < t.size() && static_cast<unsigned char>(t[j]) >= 0x80; ++skipped)
                next_code_point(t, j);
            std::size_t k = j;
            while (k < t.size() && ((t[k] >= '0' && t[k] <= '9') || (t[k] >= 'a' && t[k] <= 'z'))) ++k;
            if (k - j >= 5) return true;
        }
    }
    return false;
}

// ---- conversation_analyzer -------------------------------------------------------------

std::vector<finding> conversation_analyzer::on_message(const message& m, const lexicon& lex, speller* spell,
                                                       text_check* precomputed) {
    std::vector<finding> out = advance(m.at, lex);
    if (m.from == sender::visitor) visitor_message(m, lex, out);
    else if (m.from == sender::consultant) consultant_message(m, lex, spell, precomputed, out);
    return out;
}

namespace {

// The intent keywords of a visitor's text (a message, or the search keyword it arrived on):
// each place once, for its most specific keyword. Sets `away`, `booked`, `resend` and `known` if the text
// says so.
const std::vector<span_hit>& visitor_intents(std::string_view text, const compacted& c, const lexicon& lex,
                                             const std::string& department, bool& away, bool& booked,
                                             bool& resend, bool& known) {
    thread_local std::vector<span_hit> intents, picked;
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;  // (pattern id, end byte)
    intents.clear();
    candidates.clear();
    lex.automaton.scan(c.text, [&](aho_corasick::hit h) {
        const auto& ref = lex.refs[h.pattern];
        if (ref.kind == pattern_kind::away || ref.kind == pattern_kind::appointment || ref.kind == pattern_kind::resend ||
            ref.kind == pattern_kind::contact) {
            candidates.push_back({h.pattern, h.end});
        } else if (ref.kind == pattern_kind::intent) {
            auto& e = lex.intents[ref.index];
            if (e.department == "*" || department.empty() || !lex.departments.count(department) ||
                e.department == department)
                candidates.push_back({h.pattern, h.end});
        }
    });
    if (!candidates.empty()) {
        lazy_sentences sentences{text};
        lazy_presence present{c.text};
        static const std::vector<span_hit> no_terms;
        for (auto [id, end] : candidates) {
            const auto& ref = lex.refs[id];
            auto start = end - lex.automaton.pattern_length(id);
            std::uint32_t b = c.origin[start], e = c.origin[end - 1] + 1;
            if (!hit_stands(lex, ref, text, c, sentences, present, no_terms, b, e)) continue;
            if (ref.kind == pattern_kind::away) away = true;
            else if (ref.kind == pattern_kind::appointment) booked = true;
            else if (ref.kind == pattern_kind::resend) resend = true;
            else if (ref.kind == pattern_kind::contact) known = true;
            else intents.push_back({b, e, ref.index});
        }
    }
    picked = pick_non_overlapping(intents);
    return picked;
}

// A line of question marks only (？, ??, ？？？): the visitor asking whether anyone is still there, a
// nudge that starts the wait after a pause as any question does (fresh53 my020: 稍等, then ？, then
// two minutes of silence and the visitor gone).
bool nudge_only(std::string_view text) {
    bool asked = false;
    for (std::size_t p = 0; p < text.size();) {
        char32_t cp = next_code_point(text, p);
        if (cp == U'?' || cp == U'？') asked = true;
        else if (cp != U' ' && cp != U'\t' && cp != U'\n' && cp != 0x3000) return false;
    }
    return asked;
}

// True if every sentence of `text` is made of `words` only, one or several in a row (好的好的,
// 嗯嗯好); emoji and punctuation are not words. Never a nudge (？): that asks.
bool made_of(std::string_view text, const std::vector<std::string>& words) {
    if (nudge_only(text)) return false;
    std::string word;
    std::vector<char> covered;  // covered[i]: word[0, i) is made of `words`
    for (auto& s : compact_sentences(text, true)) {
        word.clear();
        for (char32_t cp : s)
            if (!is_edge_trim(cp)) append_utf8(word, cp);
        if (word.empty()) continue;
        if (word.size() > 96) return false;  // an acknowledgement is a few words, not a page of 嗯
        covered.assign(word.size() + 1, 0);
        covered[0] = 1;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (!covered[i]) continue;
            for (const auto& f : words)
                if (std::string_view(word).substr(i).starts_with(f)) covered[i + f.size()] = 1;
        }
        if (!covered[word.size()]) return false;
    }
    return true;
}

// True if a consultant's message asks the visitor anything: a question mark anywhere (您的名字是？).
bool asks_anything(std::string_view text) {
    return text.find('?') != std::string_view::npos || text.find("\xEF\xBC\x9F") != std::string_view::npos;  // ？
}

// A visitor line that says nothing new: emoji only, or only fillers (好的, 嗯嗯, 好的好的, ok, 👌).
bool acknowledgement_only(std::string_view text, const lexicon& lex) {
    std::vector<std::string> fillers;  // asked only after a pause or a sign-off: not on every message
    for (const auto& f : lex.fillers)
        if (auto n = normalize_compact(f); !n.empty()) fillers.push_back(std::move(n));
    return made_of(text, fillers);
}

// A visitor's short line into a pause that asked nothing (好 你查, 嗯嗯 辛苦, 中, 不急 你慢慢问, 行 等你): no
// question, no nudge, no word of intent, none of rules.conf pause_reply_waiting_words (带啥啊, 快点), at most
// pause_reply_max_chars characters. Whatever words it uses, it asks nothing, and the consultant is away on the
// visitor's business. Each writer found words no list held (session 35's 好嘞, 你查吧, ok po; session 36's 不急
// 你慢慢问), so the shape decides; the lists (closings.tsv patience, fillers.txt) still cover longer thanks.
bool short_line_asking_nothing(std::string_view text, const compacted& c, bool no_intent, const lexicon& lex) {
    if (!no_intent || c.chars == 0 || c.chars > lex.rules.pause_reply_max_chars || nudge_only(text)) return false;
    for (const auto& w : lex.rules.pause_reply_waiting_words)
        if (c.text.find(w) != std::string::npos) return false;
    return !is_question(text, lex.ending_rules);
}

// A visitor line that leaves nothing to answer: a "no more" to the closing question (没了, 暂时没有)
// or thanks (谢谢医生, 唔该), asking nothing. A resigned 好吧 to a bare answer is not one: 003's
// eight-character consultant answered it with 好的, and QA counts that reply.
bool leaves_nothing_to_answer(std::string_view text, const lexicon& lex) {
    if (is_question(text, lex.ending_rules)) return false;
    return is_decline(text, lex.ending_rules) || is_signoff(text, lex.ending_rules);  // closings.tsv signoff
}

}  // namespace

// intents.tsv weighs a phrase that says no intent where a keyword would match (不想去医院, 想想看要在哪做)
// 0.01: it takes the keyword's place, adds nothing, and is no new intent for an offer to answer.
constexpr double no_intent_weight = 0.05;

// True if no keyword said is an intent: none, or only phrases weighed as saying none (不急, 不想去医院).
bool says_no_intent(const std::vector<double>& weights) {
    return std::none_of(weights.begin(), weights.end(), [](double w) { return w >= no_intent_weight; });
}

void conversation_analyzer::count_intents(const std::vector<std::string>& keywords, const std::vector<std::string>& said,
                                          const std::vector<double>& weights, std::uint64_t seq, bool answers_offer) {
    // Each keyword once per conversation.
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        if (std::find(intent_words_.begin(), intent_words_.end(), keywords[i]) != intent_words_.end()) continue;
        intent_words_.push_back(keywords[i]);
        intent_said_.push_back(said[i]);
        intent_score_ += weights[i];
        if (!intent_seq_) intent_seq_ = seq;
        // A decline of the consultant's offer (不用了，我自己挂号; 没了，几点开门我看官网就行) says
        // what the visitor will do instead: the offer still answered the intent.
        if (!answers_offer && weights[i] >= no_intent_weight) last_intent_seq_ = seq;
    }
}

void conversation_analyzer::search_keyword(const std::string& keyword, double cost, const lexicon& lex) {
    search_keyword_ = keyword;
    source_cost_ = cost;
    if (keyword.empty()) return;
    compacted c;
    compact_with_map(keyword, c);
    bool away = false, booked = false, resend = false, known = false;  // a search is none of these
    std::vector<std::string> words, said;
    std::vector<double> weights;
    for (auto& h : visitor_intents(keyword, c, lex, department_, away, booked, resend, known)) {
        words.push_back(lex.intents[h.index].keyword);
        said.emplace_back(c.original(keyword, h.begin, h.end));
        weights.push_back(lex.intents[h.index].weight * lex.rules.keyword_intent_weight);
    }
    count_intents(words, said, weights, 0);
}

void conversation_analyzer::visitor_message(const message& m, const lexicon& lex, std::vector<finding>& out) {
    release_held_bare(out);  // the visitor wrote again: the bare answer was all they got
    thread_local compacted c;
    compact_with_map(m.text, c);
    visitor_chars_ += c.chars;
    bool away = false, booked = false, resend = false, known = false;
    thread_local std::vector<std::string> words;
    thread_local std::vector<double> weights;
    thread_local std::vector<std::string> said;
    words.clear();
    said.clear();
    weights.clear();
    for (auto& h : visitor_intents(m.text, c, lex, department_, away, booked, resend, known)) {
        words.push_back(lex.intents[h.index].keyword);
        said.emplace_back(c.original(m.text, h.begin, h.end));
        weights.push_back(lex.intents[h.index].weight);
    }
    if (booked) appointment_ = true;  // booked elsewhere
    // Thanks or leave-taking after the consultant answered (the visitor was not waiting): the
    // visitor closes the conversation themselves. Unanswered, 算了 谢谢 is a visitor giving up.
    // An acknowledgement after it (👌, 好的) adds nothing and keeps it; so does a "no more" to the
    // consultant's closing question that follows (谢谢 … 请问还有其他问题吗？ … 没有了).
    if (!(signed_off_ && words.empty() && (acknowledgement_only(m.text, lex) || leaves_nothing_to_answer(m.text, lex))))
        signed_off_ = consultant_chars_ > 0 && !waiting_since_ && is_signoff(m.text, lex.ending_rules);
    if (resend) resend_asked_ = true;
    // After the consultant's offer (留个电话, 不用预约直接来就行), a visitor who declines it (不用了，我自己挂号)
    // or takes it up without asking anything new (好的 我明天过去, 周六吧) answered it: their
    // words of intent there do not make the intent unanswered again. A new question does.
    bool answers_offer = offer_seq_ > last_intent_seq_ && !words.empty() &&
                         (is_decline(m.text, lex.ending_rules) || !is_question(m.text, lex.ending_rules));
    if (offer_seq_ && is_decline(m.text, lex.ending_rules)) offer_declined_ = true;
    if (pending_visitor_.size() < 8) pending_visitor_.emplace_back(m.text);  // bounded: a few lines say enough
    pending_visitor_chars_ += c.chars;
    count_intents(words, said, weights, m.seq, answers_offer);
    if (!intent_seq_ && intent_score_ > 0) intent_seq_ = m.seq;  // the keyword's intent, first said here
    if (!contact_ && (known || contains_contact_compact(c.text))) contact_ = true;
    if (away) {
        // "稍等, 我去拿一下报告": the visitor steps away; no one is kept waiting by silence now.
        waiting_since_.reset();
        return;
    }
    // 好的 to the consultant's 您稍等，我去看一下排班: the visitor waits for what was announced, and
    // the consultant is away on the visitor's business, not leaving them unanswered. So do thanks and
    // patience (好的 唔该, 嗯嗯 辛苦了, 不急 我等你: closings.tsv `patience`), and any short line that asks
    // nothing (中 你去). Anything more (a question, a new worry, 快点) starts the wait as usual.
    if (pause_announced_ && !waiting_since_ &&
        (made_of(m.text, lex.pause_acknowledgements) ||
         (pause_asks_nothing_ && short_line_asking_nothing(m.text, c, says_no_intent(weights), lex))))
        return;
    pause_announced_ = false;
    if (!waiting_since_) {
        waiting_since_ = m.at;
        waiting_seq_ = m.seq;
        warned_ = critical_ = false;
    }
    if (!first_visitor_at_) {
        first_visitor_at_ = m.at;
        first_visitor_seq_ = m.seq;
    }
}

void conversation_analyzer::consultant_message(const message& m, const lexicon& lex, speller* spell,
                                               text_check* precomputed, std::vector<finding>& out) {
    settle_first_response(m.at, lex, out);
    close_gap(m.at, lex, out);
    text_check local;
    text_check& t = precomputed ? *precomputed : (local = check_consultant(m.text, department_, lex, spell));
    consultant_chars_ += t.chars;
    ++consultant_replies_;
    if (t.appointment) appointment_ = true;
    int times = t.chars >= lex.rules.repeated_reply_min_chars ? ++replies_[t.compact_hash] : 1;
    remember_sentences(m.text, lex);
    // An offer to book or a request for a contact answers the visitor's intent; the same text
    // pasted again (the template that opens every chat) answers nothing, nor does a brush-off
    // or a shirking that ends in one (003's 11 pm case: 一句两句说不清，你留个联系方式). An offer
    // after a rude question (你是想治还是不想治？想治就留个电话) is still one: the rudeness is
    // its own finding.
    bool brushed_off = std::any_of(t.findings.begin(), t.findings.end(), [](const finding& f) {
        return f.kind == "forbidden_phrase" && f.level != severity::info &&
               (f.category == "brush_off" || f.category == "shirking");
    });
    // A brush-off after the offer takes it back (理疗都是现场排队 ... 爱做不做，又不差你一个): the visitor was sent
    // away, not left to choose, unless they had already declined it.
    if (brushed_off && !offer_declined_) offer_seq_ = 0;
    if (t.offer && times == 1 && !brushed_off) {
        offer_seq_ = m.seq;
        offer_declined_ = false;
    }
    pause_announced_ = t.pause;
    pause_asks_nothing_ = t.pause && !asks_anything(m.text);
    // Every paste from the count on is a repeat instead of an answer (an auditor marks the second
    // and the third); the same text sent again because the visitor asked for it (再发一次地址,
    // 没收到) is a resend on request.
    const bool repeat = times >= lex.rules.repeated_reply_count && !resend_asked_;
    if (repeat) t.findings.push_back(repeated(m.text));
    resend_asked_ = false;
    // A held bare answer followed by another bare one stands; by anything more, it was the first
    // half of an answer (在的。/ 您这种情况……).
    auto bare = would_be_bare(m.text, t, lex);
    if (held_bare_ && (bare || t.bare)) release_held_bare(out);
    held_bare_.reset();
    if (bare) {
        bare->seq = m.seq;
        bare->at = m.at;
        held_bare_ = std::make_unique<finding>(std::move(*bare));
    }
    drop_fillers_when_nothing_asked(t.findings, lex);
    // A paste repeated instead of an answer answers nothing: what the visitor asked before it still
    // waits, and a bare reply after it (多少钱 今天能查吗 -> the paste again -> 能) is judged against it.
    if (!repeat) {
        const bool answered_nothing = bare || std::any_of(t.findings.begin(), t.findings.end(), [](const finding& f) {
                                          return f.kind == "terse_reply";
                                      });
        if (answered_nothing) {
            // Nudges carried a question that was already unanswered: it stays so; anything else replaces it.
            if (!carries_unanswered(lex)) {
                unanswered_.clear();
                unanswered_chars_ = 0;
            }
            unanswered_.insert(unanswered_.end(), pending_visitor_.begin(), pending_visitor_.end());
            unanswered_chars_ += pending_visitor_chars_;
        } else {
            unanswered_.clear();
            unanswered_chars_ = 0;
        }
        pending_visitor_.clear();
        pending_visitor_chars_ = 0;
    }
    // What the consultant meant, for the closing question (here and at the end): the listed slips corrected.
    std::string meant = with_listed_typos_corrected(m.text, t.findings);
    if (meant.empty()) {
        last_reply_.assign(m.text);
    } else {
        last_reply_ = meant;
        if (corrected_replies_.size() == max_corrected_replies) corrected_replies_.erase(corrected_replies_.begin());
        corrected_replies_.emplace_back(m.seq, std::move(meant));
    }
    for (auto& f : t.findings) {
        f.seq = m.seq;
        f.at = m.at;
        out.push_back(std::move(f));
    }
}

// A bare answer is terse when the visitor asked for more than it gives: a question (能治吗 -> 能)
// or a description of their trouble (荨麻疹 to three lines of symptoms), in at least
// terse_question_ratio times the reply's characters (去哪个科 -> 皮肤科 answers in kind; 在吗 -> 在).
// A question for a number or a contact (财务电话多少, 多少钱) is not answered by a bare reply that names
// none (前台有, 不贵; a bare reply has no digit, and 一千多 names one in words), however short it is.
bool conversation_analyzer::asked_for_more(std::string_view reply, std::size_t reply_chars, const lexicon& lex) const {
    const auto& r = lex.rules;
    auto names_a_number = [&] {
        for (std::size_t p = 0; p < reply.size();)
            if (std::u32string_view(U"零一二两三四五六七八九十百千万半").find(next_code_point(reply, p)) !=
                std::u32string_view::npos)
                return true;
        return false;
    };
    // 在的 answers 在吗 and 有人吗, not what else the visitor wrote with them (在吗 我切了一侧输卵管
    // 还能怀上不): a reply that says only that the consultant is here is judged against the rest.
    std::vector<std::string> stripped;
    const std::vector<std::string>* lines = &pending_visitor_;
    std::size_t asked_chars = pending_visitor_chars_;
    // The visitor only nudged after a terse reply: this reply answers what that one did not.
    if (carries_unanswered(lex)) {
        lines = &unanswered_;
        asked_chars = unanswered_chars_;
    }
    const std::string reply_compact = normalize_compact(reply);
    if (std::find(r.terse_presence_replies.begin(), r.terse_presence_replies.end(), reply_compact) !=
        r.terse_presence_replies.end()) {
        asked_chars = 0;
        for (auto v : *lines) {
            for (const auto& w : r.terse_presence_asks)
                for (auto at = v.find(w); at != std::string::npos; at = v.find(w, at)) v.erase(at, w.size());
            asked_chars += utf8_length(normalize_compact(v));
            stripped.push_back(std::move(v));
        }
        lines = &stripped;
    }
    if (!lines->empty() && !names_a_number())
        for (const auto& v : *lines) {
            auto compact = normalize_compact(v);
            for (const auto& w : r.terse_number_questions)
                if (compact.find(w) != std::string::npos) return true;
        }
    if (lines->empty() || static_cast<double>(asked_chars) < r.terse_question_ratio * static_cast<double>(reply_chars))
        return false;
    // "No more" to the closing question, with what the visitor will do (没了 结果哪天出到时候看短信就行):
    // neither a question nor a trouble described, however long.
    const bool closing_asked = has_closing_question(last_reply_, lex.ending_rules);
    if (closing_asked && std::all_of(lines->begin(), lines->end(), [&](const std::string& v) {
            return is_decline(v, lex.ending_rules) && !asks_after_closing(v, lex.ending_rules);
        }))
        return false;
    if (asked_chars >= r.terse_description_chars) return true;
    return std::any_of(lines->begin(), lines->end(), [&](const std::string& v) {
        return closing_asked ? asks_after_closing(v, lex.ending_rules) : is_question(v, lex.ending_rules);
    });
}

// True when a terse reply left the visitor's question unanswered and every line since only nudges: no
// words but punctuation (？？) and the asks of presence (在吗, 人呢; rules.conf terse_presence_asks).
bool conversation_analyzer::carries_unanswered(const lexicon& lex) const {
    if (unanswered_.empty() || pending_visitor_.empty()) return false;
    return std::all_of(pending_visitor_.begin(), pending_visitor_.end(), [&](const std::string& v) {
        auto compact = normalize_compact(v);
        for (const auto& w : lex.rules.terse_presence_asks)
            for (auto at = compact.find(w); at != std::string::npos; at = compact.find(w, at)) compact.erase(at, w.size());
        return compact.empty();
    });
}

std::optional<finding> conversation_analyzer::would_be_bare(std::string_view text, const text_check& t,
                                                           const lexicon& lex) const {
    if (!t.bare || !asked_for_more(text, t.chars, lex)) return std::nullopt;
    finding f = make("terse_reply", "bare_answer", severity::warning);
    f.matched = text;
    f.end = static_cast<std::uint32_t>(utf8_length(text));
    f.suggestion = "请针对访客的问题给出完整、专业的回复。";
    return f;
}

void conversation_analyzer::drop_fillers_when_nothing_asked(std::vector<finding>& findings, const lexicon& lex) const {
    auto fillers_only = [](const finding& f) { return f.kind == "terse_reply" && f.rule == "fillers_only"; };
    // Runs for every consultant message; asking whether each pending visitor line leaves nothing
    // to answer (question patterns over every line) is worth it only when there is such a finding.
    if (std::none_of(findings.begin(), findings.end(), fillers_only)) return;
    if (pending_visitor_.empty() || !std::all_of(pending_visitor_.begin(), pending_visitor_.end(), [&](const std::string& v) {
            return leaves_nothing_to_answer(v, lex);
        }))
        return;
    std::erase_if(findings, fillers_only);
}

void conversation_analyzer::release_held_bare(std::vector<finding>& out) {
    if (held_bare_) out.push_back(std::move(*held_bare_));
    held_bare_.reset();
}

// A template sent once inside a longer message (不好意思，让您久等了。您好，HPV感染是……) and then alone is pasted
// again: each sentence of a message of several (split at 。！？ and line breaks) of at least rules.conf
// repeated_sentence_min_chars is remembered as a reply of its own (short stock sentences such as 我查一下 recur
// naturally). Only a whole later message is judged by them.
void conversation_analyzer::remember_sentences(std::string_view text, const lexicon& lex) {
    static constexpr std::u32string_view stops = U"。！？!?\n";
    // Calls `each` with every sentence of `text` (empty ones skipped) and counts them.
    auto sentences = [&](auto&& each) {
        std::size_t count = 0, begin = 0;
        for (std::size_t p = 0; p < text.size();) {
            std::size_t at = p;
            if (stops.find(next_code_point(text, p)) == std::u32string_view::npos) continue;
            if (at > begin) {
                ++count;
                each(text.substr(begin, at - begin));
            }
            begin = p;
        }
        if (begin < text.size()) {
            ++count;
            each(text.substr(begin));
        }
        return count;
    };
    // Most replies are one sentence, whose whole is remembered already: counted without a copy.
    if (sentences([](std::string_view) {}) < 2) return;
    sentences([&](std::string_view s) {
        std::string compact = normalize_compact(s);
        if (utf8_length(compact) >= lex.rules.repeated_sentence_min_chars) ++replies_[std::hash<std::string>{}(compact)];
    });
}

std::optional<finding> conversation_analyzer::would_repeat(std::string_view text, const lexicon& lex) const {
    std::string compact = normalize_compact(text);
    if (utf8_length(compact) < lex.rules.repeated_reply_min_chars) return std::nullopt;
    auto it = replies_.find(std::hash<std::string>{}(compact));
    if (it == replies_.end() || it->second + 1 < lex.rules.repeated_reply_count || resend_asked_) return std::nullopt;
    return repeated(text);
}

// The first reply (or the end) settles the first response with its real delay. A first wait that
// already became an idle gap is recorded by that gap alone: one wait, one finding.
void conversation_analyzer::settle_first_response(time_point at, const lexicon& lex, std::vector<finding>& out) {
    if (!first_visitor_at_ || first_response_settled_) return;
    first_response_settled_ = true;
    auto delay = at - *first_visitor_at_;
    // "Over 30 s", as supervisors say it: a reply at exactly the threshold is in time.
    if (delay <= lex.rules.first_response) return;
    if (waiting_since_ && waiting_seq_ == first_visitor_seq_ && warned_) return;
    finding f = make("slow_first_response", "first_response", severity::warning);
    f.seq = first_visitor_seq_;
    f.at = at;
    f.duration_ms = std::chrono::duration_cast<milliseconds>(delay).count();
    out.push_back(std::move(f));
}

// A reported gap ends with its real length, as the last step of the same finding: info, so no
// alert, and a store keeps the severity the gap reached.
void conversation_analyzer::close_gap(time_point at, const lexicon& lex, std::vector<finding>& out) {
    if (!waiting_since_) return;
    auto gap = at - *waiting_since_;
    if (gap >= lex.rules.idle_warning) {
        finding f = make("idle_gap", "gap_closed", severity::info);
        f.seq = waiting_seq_;
        f.at = at;
        f.duration_ms = std::chrono::duration_cast<milliseconds>(gap).count();
        f.escalates = warned_ || critical_;
        out.push_back(std::move(f));
    }
    waiting_since_.reset();
}

std::vector<finding> conversation_analyzer::advance(time_point now, const lexicon& lex) {
    std::vector<finding> out;
    auto& r = lex.rules;
    if (held_bare_ && now >= held_bare_->at + r.terse_follow_up) release_held_bare(out);
    if (waiting_since_ && !warned_ && now >= *waiting_since_ + r.idle_warning) {
        warned_ = true;
        finding f = make("idle_gap", "idle_warning", severity::warning);
        f.seq = waiting_seq_;
        f.at = *waiting_since_ + r.idle_warning;
        f.duration_ms = r.idle_warning.count();
        out.push_back(std::move(f));
    }
    if (waiting_since_ && !critical_ && now >= *waiting_since_ + r.idle_critical) {
        critical_ = true;
        finding f = make("idle_gap", "idle_critical", severity::critical);
        f.seq = waiting_seq_;
        f.at = *waiting_since_ + r.idle_critical;
        f.duration_ms = r.idle_critical.count();
        f.escalates = warned_;  // the same wait's warning, now critical: one finding, a second step
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<time_point> conversation_analyzer::next_deadline(const lexicon& lex) const {
    std::optional<time_point> next;
    auto consider = [&](time_point t) {
        if (!next || t < *next) next = t;
    };
    auto& r = lex.rules;
    if (held_bare_) consider(held_bare_->at + r.terse_follow_up);
    if (waiting_since_ && !warned_) consider(*waiting_since_ + r.idle_warning);
    else if (waiting_since_ && !critical_) consider(*waiting_since_ + r.idle_critical);
    return next;
}

conversation_analyzer::end_result conversation_analyzer::finish(std::span<const message> transcript,
                                                                close_trigger trigger, time_point now,
                                                                const lexicon& lex) {
    end_result r;
    r.findings = advance(now, lex);
    const auto& endings = lex.endings();
    if (corrected_replies_.empty()) {
        r.how = classify_ending(transcript, trigger, now, endings);
    } else {
        // Rare (a listed slip in a reply): the rules read the replies as meant.
        std::vector<message> meant(transcript.begin(), transcript.end());
        for (auto& m : meant)
            for (auto& [seq, text] : corrected_replies_)
                if (m.seq == seq && m.from == sender::consultant) m.text = text;
        r.how = classify_ending(meant, trigger, now, endings);
    }
    release_held_bare(r.findings);
    settle_first_response(now, lex, r.findings);
    close_gap(now, lex, r.findings);
    auto& rules = lex.rules;
    if (visitor_chars_ >= rules.low_effort_min_visitor_chars && consultant_replies_ >= rules.low_effort_min_replies &&
        consultant_chars_ <= rules.low_effort_max_consultant_chars &&
        static_cast<double>(consultant_chars_) < rules.low_effort_ratio * static_cast<double>(visitor_chars_)) {
        finding f = make("low_effort", "effort_ratio", severity::warning);
        f.at = now;
        f.suggestion = "咨询师全程仅写了 " + std::to_string(consultant_chars_) + " 字，访客写了 " +
                       std::to_string(visitor_chars_) + " 字。";
        r.findings.push_back(std::move(f));
    }
    // A conversation the consultant ended or abandoned wastes a stated need at a lower score:
    // the visitor said what they came for and was let go (003's 11 pm and one-tube cases).
    // A need is one keyword that strong (a stated problem such as 怀不上, 还能怀孕吗, weight 1): topic
    // and price questions (0.5 each) are asking for information, however many (d014, d018:
    // 前列腺炎 + 怎么治, 割包皮 + 多少钱 + 价格 is no need let go).
    bool intent = had_intent(lex) ||
                  (r.how == ending::consultant && intent_score_ > 0 && intent_score_ >= rules.intent_threshold_consultant_ending);
    // The consultant's last offer (留个电话, 需要帮您预约吗) after the visitor's last words of intent
    // answered it: a visitor who then declined or went silent was not wasted by the consultant
    // (no finding); a line that dropped while booking still lost the visitor, told as info.
    bool offered = offer_seq_ > last_intent_seq_;
    // A visitor who was answered and then thanked and took leave (好的 我回去商量一下 谢谢) chose
    // to go: the consultant's goodbye after it lets nobody go (server/ENDINGS.md).
    if (signed_off_ && r.how != ending::system) intent = false;
    if (intent && !contact_ && !appointment_ && !(offered && r.how != ending::system)) {
        finding f = make("wasted_intent", offered ? "dropped_while_booking" : "no_contact_no_appointment",
                         offered ? severity::info : r.how == ending::consultant ? severity::critical : severity::warning);
        f.seq = intent_seq_;
        f.at = now;
        // The visitor's own words (周六、多少钱、今晚能去吗), not the lexicon's patterns behind them.
        std::vector<std::string_view> shown;
        for (auto& w : intent_said_)
            if (std::find(shown.begin(), shown.end(), w) == shown.end()) {
                shown.push_back(w);
                f.matched += (f.matched.empty() ? "" : "、") + w;
            }
        auto cost = rules.department_cost.find(department_);
        f.cost = source_cost_ > 0 ? source_cost_
               : cost != rules.department_cost.end() ? cost->second : rules.default_conversation_cost;
        f.suggestion = "访客有明确意向，但会话结束时既未留下联系方式也未预约。";
        if (!search_keyword_.empty())
            f.suggestion = "访客搜索“" + search_keyword_ + "”而来，有明确意向，但会话结束时既未留下联系方式也未预约；这次点击约 " +
                           std::to_string(static_cast<long long>(f.cost)) + " 元。";
        if (offered) f.suggestion = "访客正在预约或留联系方式时连接中断，未留下联系方式，可在其再次来访时跟进。";
        r.findings.push_back(std::move(f));
    }
    return r;
}

}  // namespace lingting
