#include "core/phrase_pattern.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>
#include <type_traits>

namespace lingting {

struct phrase_pattern::node {
    enum kind_t : std::uint8_t { lit, any, gap, group, backref, start, finish } kind = lit;
    bool optional = false;
    char32_t c = 0;
    std::u32string also;   // lit: other characters it matches (script variants merged by absorb())
    int min = 0, max = 0;  // gap bounds
    int index = 0;         // group number (1-based) or referenced group
    std::vector<std::vector<node>> alts;
};

namespace {

using node = phrase_pattern::node;
using seq_t = std::vector<node>;

bool is_latin(char32_t c) { return c >= 'a' && c <= 'z'; }

struct parser {
    std::u32string s;
    std::size_t i = 0;
    int groups = 0;
    std::string error;

    bool at(char32_t c) const { return i < s.size() && s[i] == c; }

    seq_t sequence(int depth) {
        seq_t out;
        while (i < s.size() && error.empty()) {
            char32_t c = s[i];
            if (c == ')' || c == '|') {
                if (depth == 0) error = "unbalanced ')' or '|' outside a group";
                break;
            }
            node n;
            if (c == '(') {
                ++i;
                n.kind = node::group;
                n.index = ++groups;
                for (;;) {
                    n.alts.push_back(sequence(depth + 1));
                    if (!error.empty()) return out;
                    if (at('|')) {
                        ++i;
                        continue;
                    }
                    if (at(')')) {
                        ++i;
                        break;
                    }
                    error = "missing ')'";
                    return out;
                }
            } else if (c == '{') {
                ++i;
                auto number = [&](int& v) {
                    std::size_t start = i;
                    v = 0;
                    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && v < 100) v = v * 10 + static_cast<int>(s[i++] - '0');
                    return i > start;
                };
                n.kind = node::gap;
                if (!number(n.min) || !at(',')) {
                    error = "expected a gap {m,n}";
                    return out;
                }
                ++i;
                if (!number(n.max) || !at('}') || n.max < n.min || n.max > 20) {
                    error = "expected a gap {m,n} with m <= n <= 20";
                    return out;
                }
                ++i;
            } else if (c == '\\') {
                ++i;
                if (i >= s.size() || s[i] < '1' || s[i] > '9' || static_cast<int>(s[i] - '0') > groups) {
                    error = "'\\' must be followed by the number of an earlier group";
                    return out;
                }
                n.kind = node::backref;
                n.index = static_cast<int>(s[i++] - '0');
            } else if (c == '.') {
                ++i;
                n.kind = node::any;
            } else if (c == '^' || c == '$') {
                ++i;
                n.kind = c == '^' ? node::start : node::finish;
                if (at('?')) {
                    error = "'?' after ^ or $";
                    return out;
                }
            } else if (c == '?' || c == '}' ) {
                error = std::string("'") + static_cast<char>(c) + "' with nothing before it";
                return out;
            } else {
                ++i;
                if (is_separator(c)) continue;  // spaces and punctuation never reach matching
                n.c = c;
            }
            if (at('?')) {
                ++i;
                if (n.kind == node::gap || n.kind == node::backref) {
                    error = "'?' after a gap or a back-reference";
                    return out;
                }
                n.optional = true;
            }
            out.push_back(std::move(n));
        }
        return out;
    }
};

// The best set of literals every match of seq contains (nullopt: none); scored by the length
// of its shortest member.
std::optional<std::vector<std::u32string>> required(const seq_t& seq) {
    std::optional<std::vector<std::u32string>> best;
    auto score = [](const std::vector<std::u32string>& v) {
        std::size_t m = SIZE_MAX;
        for (auto& x : v) m = std::min(m, x.size());
        return m;
    };
    auto consider = [&](std::vector<std::u32string> cand) {
        if (cand.empty() || score(cand) == 0) return;
        if (!best || score(cand) > score(*best) || (score(cand) == score(*best) && cand.size() < best->size()))
            best = std::move(cand);
    };
    std::u32string run;
    for (auto& n : seq) {
        if (n.kind == node::lit && !n.optional) {
            run += n.c;
            continue;
        }
        if (n.kind == node::start || n.kind == node::finish) continue;  // zero width: the run goes on
        consider({run});
        run.clear();
        if (n.kind == node::group && !n.optional) {
            // Every alternative a pure literal: the group itself is the anchor set.
            std::vector<std::u32string> lits;
            bool pure = true;
            for (auto& alt : n.alts) {
                std::u32string l;
                for (auto& a : alt) {
                    if (a.kind != node::lit || a.optional) pure = false;
                    else l += a.c;
                }
                lits.push_back(l);
            }
            if (pure) {
                consider(lits);
                continue;
            }
            std::vector<std::u32string> inner;
            bool all = true;
            for (auto& alt : n.alts) {
                auto r = required(alt);
                if (!r) {
                    all = false;
                    break;
                }
                inner.insert(inner.end(), r->begin(), r->end());
            }
            if (all) consider(inner);
        }
    }
    consider({run});
    return best;
}

std::size_t longest(const seq_t& seq) {
    std::size_t n = 0;
    for (auto& x : seq) {
        switch (x.kind) {
        case node::lit:
        case node::any: n += 1; break;
        case node::gap: n += static_cast<std::size_t>(x.max); break;
        case node::backref: n += 4; break;
        case node::start:
        case node::finish: break;
        case node::group: {
            std::size_t m = 0;
            for (auto& a : x.alts) m = std::max(m, longest(a));
            n += m;
            break;
        }
        }
    }
    return n;
}

// The characters a non-empty match of seq can begin with; `any` when that is not a short list
// (a leading gap, '.' or back-reference). Starts at other characters are skipped unmatched:
// verifying an anchor's hit tries up to max_chars() starts, and most begin with none of these.
struct first_chars {
    std::u32string chars;
    bool any = false;
};

// Adds seq's possible first characters to out; returns true if seq can match the empty text.
bool add_first_chars(const seq_t& seq, first_chars& out) {
    for (auto& n : seq) {
        switch (n.kind) {
        case node::start:
        case node::finish: continue;  // zero width
        case node::lit:
            out.chars += n.c;
            out.chars += n.also;
            if (n.optional) continue;
            return false;
        case node::any:
        case node::backref:
            out.any = true;
            return false;
        case node::gap:
            out.any = true;
            return false;
        case node::group: {
            bool nullable = n.optional;
            for (auto& alt : n.alts) nullable = add_first_chars(alt, out) || nullable;
            if (nullable) continue;
            return false;
        }
        }
    }
    return true;
}

// Adds to out, for each part every match of seq passes through, the characters one of which
// that part matches: a literal's (with its script variants), or a group's (each alternative's
// smallest such set, united). Optional parts, gaps, '.' and back-references add nothing.
void add_required_sets(const seq_t& seq, std::vector<std::u32string>& out) {
    for (auto& n : seq) {
        if (n.optional) continue;
        if (n.kind == node::lit) {
            out.push_back(std::u32string(1, n.c) + n.also);
        } else if (n.kind == node::group) {
            std::u32string any_of;
            bool every_alt = true;
            for (auto& alt : n.alts) {
                std::vector<std::u32string> inner;
                add_required_sets(alt, inner);
                if (inner.empty()) {
                    every_alt = false;  // an alternative that needs no character: the group needs none
                    break;
                }
                any_of += *std::min_element(inner.begin(), inner.end(),
                                            [](const auto& a, const auto& b) { return a.size() < b.size(); });
            }
            if (every_alt) out.push_back(std::move(any_of));
        }
    }
}

std::vector<std::u32string> required_sets(const seq_t& seq) {
    std::vector<std::u32string> out;
    add_required_sets(seq, out);
    for (auto& set : out) {
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
    }
    return out;
}

// Merges b into a if both have the same shape (kinds, optionality, gaps, groups, back-references)
// and differ only in literal characters: a's literals then also match b's. Checked in full
// before anything is changed.
bool same_shape(const seq_t& a, const seq_t& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const node& x = a[i];
        const node& y = b[i];
        if (x.kind != y.kind || x.optional != y.optional || x.min != y.min || x.max != y.max || x.index != y.index ||
            x.alts.size() != y.alts.size())
            return false;
        for (std::size_t k = 0; k < x.alts.size(); ++k)
            if (!same_shape(x.alts[k], y.alts[k])) return false;
    }
    return true;
}

void merge_literals(seq_t& a, const seq_t& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
        node& x = a[i];
        const node& y = b[i];
        if (x.kind == node::lit) {
            for (char32_t c : std::u32string(1, y.c) + y.also)
                if (c != x.c && x.also.find(c) == x.also.npos) x.also += c;
        }
        for (std::size_t k = 0; k < x.alts.size(); ++k) merge_literals(x.alts[k], y.alts[k]);
    }
}

// A non-owning reference to a continuation (what std::function would be here without its
// allocation per group alternative: the matcher runs for every anchor hit on the relay's path).
class continuation {
public:
    template <class F>
        requires(!std::is_same_v<std::remove_cv_t<F>, continuation>)
    continuation(F& f) : ctx_(&f), call_([](void* c, std::size_t e) { return (*static_cast<F*>(c))(e); }) {}
    bool operator()(std::size_t e) const { return call_(ctx_, e); }

private:
    void* ctx_;
    bool (*call_)(void*, std::size_t);
};

struct matcher {
    std::u32string_view s;
    std::vector<std::pair<std::size_t, std::size_t>> caps;
    message_edges edges;

    bool run(const seq_t& seq, std::size_t i, std::size_t pos, continuation k) {
        if (i == seq.size()) return k(pos);
        const node& n = seq[i];
        switch (n.kind) {
        case node::lit:
        case node::any:
            if (pos < s.size() &&
                (n.kind == node::any || s[pos] == n.c || (!n.also.empty() && n.also.find(s[pos]) != n.also.npos)) &&
                run(seq, i + 1, pos + 1, k))
                return true;
            return n.optional && run(seq, i + 1, pos, k);
        case node::gap:
            for (int g = n.min; g <= n.max && pos + static_cast<std::size_t>(g) <= s.size(); ++g)
                if (run(seq, i + 1, pos + static_cast<std::size_t>(g), k)) return true;
            return false;
        case node::start:
            if (!edges.first) return false;
            for (std::size_t k = 0; k < pos; ++k)
                if (!is_edge_trim(s[k])) return false;
            return run(seq, i + 1, pos, k);
        case node::finish:
            if (!edges.last) return false;
            for (std::size_t k = pos; k < s.size(); ++k)
                if (!is_edge_trim(s[k])) return false;
            return run(seq, i + 1, pos, k);
        case node::backref: {
            auto [b, e] = caps[static_cast<std::size_t>(n.index)];
            std::size_t len = e - b;
            if (e < b || pos + len > s.size() || s.substr(pos, len) != s.substr(b, len)) return false;
            return run(seq, i + 1, pos + len, k);
        }
        case node::group:
            for (auto& alt : n.alts) {
                auto saved = caps[static_cast<std::size_t>(n.index)];
                auto after_alt = [&](std::size_t e) {
                    caps[static_cast<std::size_t>(n.index)] = {pos, e};
                    return run(seq, i + 1, e, k);
                };
                if (run(alt, 0, pos, after_alt)) return true;
                caps[static_cast<std::size_t>(n.index)] = saved;
            }
            return n.optional && run(seq, i + 1, pos, k);
        }
        return false;
    }
};

std::u32string decode_folded(std::string_view text) {
    std::u32string out;
    for (std::size_t p = 0; p < text.size();) {
        char32_t c = next_code_point(text, p);
        if (c != 0xFFFD) out += fold_code_point(c);
    }
    return out;
}

std::string encode(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) append_utf8(out, c);
    return out;
}

template <class List, class Text>
message_edges edges_in(const List& list, std::size_t i, Text text) {
    auto trivial = [&](std::size_t j) {
        const std::u32string& t = text(list[j]);
        return std::all_of(t.begin(), t.end(), is_edge_trim);
    };
    message_edges e;
    for (std::size_t j = 0; j < i && e.first; ++j) e.first = trivial(j);
    for (std::size_t j = i + 1; j < list.size() && e.last; ++j) e.last = trivial(j);
    return e;
}

}  // namespace

bool is_edge_trim(char32_t c) {
    // Pictographs and emoji (U+1F000 on), arrows to dingbats (☺ ✌ ★), variation selector and
    // zero-width joiner of emoji sequences, private-use glyphs some keyboards send.
    return c >= 0x1F000 || (c >= 0x2190 && c <= 0x2BFF) || c == 0xFE0F || c == 0x200D || (c >= 0xE000 && c <= 0xF8FF);
}

message_edges edges_of(const std::vector<std::u32string>& sentences, std::size_t i) {
    return edges_in(sentences, i, [](const std::u32string& s) -> const std::u32string& { return s; });
}

message_edges edges_of(const std::vector<compact_sentence>& sentences, std::size_t i) {
    return edges_in(sentences, i, [](const compact_sentence& s) -> const std::u32string& { return s.text; });
}

bool is_sentence_punct(char32_t c) {
    switch (c) {
    case ',': case '.': case '?': case '!': case ';': case ':': case '\n':
    case 0x3001: case 0x3002: case 0x2026: case 0xFF61: case 0xFF64:
        return true;
    default:
        return false;
    }
}

void split_sentences(std::string_view text, std::vector<compact_sentence>& out, bool split_on_space) {
    thread_local std::vector<char32_t> cps;  // reused: this runs for messages with a hit to place
    cps.clear();
    for (std::size_t p = 0; p < text.size();) {
        char32_t c = next_code_point(text, p);
        cps.push_back(fold_code_point(c));
    }
    // out's first `used` sentences are this text's; the others are old ones whose buffers are
    // reused as sentences open, and dropped at the end.
    std::size_t used = 0;
    auto open_sentence = [&] {
        if (used == out.size()) {
            out.emplace_back();
        } else {
            out[used].text.clear();
            out[used].origin.clear();
        }
        ++used;
    };
    open_sentence();
    auto letter = [&](std::size_t k) { return k < cps.size() && is_latin(cps[k]); };
    for (std::size_t k = 0; k < cps.size(); ++k) {
        char32_t c = cps[k];
        if (c == 0xFFFD) continue;
        bool brk = is_sentence_punct(c) || (split_on_space && (c == ' ' || c == '\t'));
        if (brk) {
            // T.M.D: one separator between two single letters is a disguise, not a full stop.
            bool single_letters = k > 0 && letter(k - 1) && letter(k + 1) && !(k >= 2 && letter(k - 2)) &&
                                  !letter(k + 2);
            if (!single_letters) {
                if (!out[used - 1].text.empty()) open_sentence();
                continue;
            }
        }
        if (is_separator(c)) continue;
        out[used - 1].text += c;
        out[used - 1].origin.push_back(static_cast<std::uint32_t>(k));
    }
    if (out[used - 1].text.empty()) --used;
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(used), out.end());
}

std::vector<compact_sentence> split_sentences(std::string_view text, bool split_on_space) {
    std::vector<compact_sentence> out;
    split_sentences(text, out, split_on_space);
    return out;
}

std::vector<std::u32string> compact_sentences(std::string_view text, bool split_on_space) {
    std::vector<std::u32string> out;
    for (auto& s : split_sentences(text, split_on_space)) out.push_back(std::move(s.text));
    return out;
}

bool crosses_sentence(std::string_view span) {
    // Allocation-free: runs for every literal hit. prev2/prev: the two code points before c.
    char32_t prev2 = 0, prev = 0;
    for (std::size_t p = 0; p < span.size();) {
        char32_t c = fold_code_point(next_code_point(span, p));
        if (is_sentence_punct(c)) {
            std::size_t q = p;
            char32_t next = q < span.size() ? fold_code_point(next_code_point(span, q)) : 0;
            char32_t next2 = q < span.size() ? fold_code_point(next_code_point(span, q)) : 0;
            bool single_letters = is_latin(prev) && is_latin(next) && !is_latin(prev2) && !is_latin(next2);
            if (!single_letters) return true;
        }
        prev2 = prev;
        prev = c;
    }
    return false;
}

bool phrase_pattern::is_pattern(std::string_view src) {
    return src.find_first_of("(){}\\^$") != std::string_view::npos;
}

std::optional<phrase_pattern> phrase_pattern::parse(std::string_view src, std::string& error) {
    parser p;
    p.s = decode_folded(src);
    auto seq = p.sequence(0);
    if (p.error.empty() && p.i < p.s.size()) p.error = "unbalanced ')'";
    if (!p.error.empty()) {
        error = p.error;
        return std::nullopt;
    }
    if (seq.empty()) {
        error = "empty pattern";
        return std::nullopt;
    }
    auto req = required(seq);
    if (!req) {
        error = "pattern has no literal text that every match contains";
        return std::nullopt;
    }
    phrase_pattern r;
    r.source_ = std::string(src);
    for (auto& a : *req) r.anchors_.push_back(encode(a));
    r.max_chars_ = longest(seq);
    first_chars first;
    add_first_chars(seq, first);
    r.first_any_ = first.any;
    if (!first.any) {
        std::sort(first.chars.begin(), first.chars.end());
        first.chars.erase(std::unique(first.chars.begin(), first.chars.end()), first.chars.end());
        r.first_chars_ = std::move(first.chars);
    }
    r.groups_ = p.groups;
    r.required_ = required_sets(seq);
    r.seq_ = std::make_shared<const seq_t>(std::move(seq));
    return r;
}

namespace {

// True if one of `anchors` (UTF-8, folded) occurs in the sentence. Every match holds one of them
// (parse() found them), so a sentence without any holds no match: the check, asked of every
// sign-off and question pattern for every sentence a visitor writes, mostly ends here, without
// trying the matcher at each start. Allocation-free.
bool holds_an_anchor(std::u32string_view s, const std::vector<std::string>& anchors) {
    for (const auto& a : anchors) {
        if (a.empty()) return true;
        // Only where the anchor's first character is (a find over the sentence) is the rest
        // compared: decoding the anchor at every start was most of the ending rules' cost.
        std::size_t after_first = 0;
        const char32_t first = next_code_point(a, after_first);
        for (auto at = s.find(first); at != std::u32string_view::npos; at = s.find(first, at + 1)) {
            std::size_t pos = after_first, k = at + 1;
            bool whole = true;
            while (pos < a.size()) {
                if (k >= s.size() || s[k] != next_code_point(a, pos)) {
                    whole = false;
                    break;
                }
                ++k;
            }
            if (whole) return true;
        }
    }
    return false;
}

}  // namespace

std::optional<phrase_pattern::span> phrase_pattern::match_in(std::u32string_view sentence,
                                                            message_edges edges) const {
    if (!anchors_.empty() && !holds_an_anchor(sentence, anchors_)) return std::nullopt;
    matcher m{sentence, {}, edges};
    for (std::size_t start = 0; start < sentence.size(); ++start) {
        if (!may_start_with(sentence[start])) continue;
        m.caps.assign(static_cast<std::size_t>(groups_) + 1, {1, 0});
        std::size_t end = 0;
        auto ends_after_start = [&](std::size_t e) {
            end = e;
            return e > start;
        };
        if (m.run(*seq_, 0, start, ends_after_start)) return span{start, end};
    }
    return std::nullopt;
}

std::optional<phrase_pattern::span> phrase_pattern::match_covering(std::u32string_view sentence, std::size_t begin,
                                                                   std::size_t end, message_edges edges) const {
    matcher m{sentence, {}, edges};
    std::size_t from = begin > max_chars_ ? begin - max_chars_ : 0;
    for (std::size_t start = from; start <= begin && start < sentence.size(); ++start) {
        if (!may_start_with(sentence[start])) continue;
        m.caps.assign(static_cast<std::size_t>(groups_) + 1, {1, 0});
        std::size_t found = 0;
        auto covers = [&](std::size_t e) {
            found = e;
            return e >= end && e > start;
        };
        if (m.run(*seq_, 0, start, covers)) return span{start, found};
    }
    return std::nullopt;
}

bool phrase_pattern::absorb(const phrase_pattern& other) {
    if (groups_ != other.groups_ || !same_shape(*seq_, *other.seq_)) return false;
    auto merged = std::make_shared<seq_t>(*seq_);
    merge_literals(*merged, *other.seq_);
    required_ = required_sets(*merged);
    seq_ = std::move(merged);
    for (auto& a : other.anchors_)
        if (std::find(anchors_.begin(), anchors_.end(), a) == anchors_.end()) anchors_.push_back(a);
    max_chars_ = std::max(max_chars_, other.max_chars_);
    first_any_ = first_any_ || other.first_any_;
    if (first_any_) {
        first_chars_.clear();
    } else {
        first_chars_ += other.first_chars_;
        std::sort(first_chars_.begin(), first_chars_.end());
        first_chars_.erase(std::unique(first_chars_.begin(), first_chars_.end()), first_chars_.end());
    }
    return true;
}

void char_presence::assign(std::string_view folded_utf8) {
    bits_.reset();
    for (std::size_t p = 0; p < folded_utf8.size();) bits_.set(next_code_point(folded_utf8, p) & 4095);
}

bool phrase_pattern::may_occur_in(const char_presence& text) const {
    return std::all_of(required_.begin(), required_.end(), [&](const std::u32string& set) {
        return std::any_of(set.begin(), set.end(), [&](char32_t c) { return text.may_hold(c); });
    });
}

bool phrase_pattern::may_start_with(char32_t c) const {
    return first_any_ || std::binary_search(first_chars_.begin(), first_chars_.end(), c);
}

bool phrase_pattern::matches(std::string_view text) const {
    auto list = compact_sentences(text);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (match_in(list[i], edges_of(list, i))) return true;
    return false;
}

}  // namespace lingting
