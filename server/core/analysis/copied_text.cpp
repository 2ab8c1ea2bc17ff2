#include "core/analysis/copied_text.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>

namespace lingting {

void drop_copied_from_visitor(std::vector<finding>& found, std::string_view text, std::string_view visitor_text) {
    if (visitor_text.empty()) return;
    std::vector<std::size_t> offsets;  // byte offset of each character of `text`, and the end
    for (std::size_t pos = 0; pos < text.size();) {
        offsets.push_back(pos);
        next_code_point(text, pos);
    }
    offsets.push_back(text.size());
    const std::size_t chars = offsets.size() - 1;
    auto occurs = [&](std::size_t b, std::size_t e) {
        return visitor_text.find(text.substr(offsets[b], offsets[e] - offsets[b])) != std::string_view::npos;
    };
    // A span inside a copied stretch is inside one of exactly min_copied_chars characters or more
    // that holds it; every shorter stretch holding the span is inside that one. So the span's
    // own characters, widened to min_copied_chars at each possible place, are all there is to try.
    auto copied = [&](std::size_t b, std::size_t e) {
        if (e > chars || b >= e) return false;
        const std::size_t len = std::max(e - b, min_copied_chars);
        if (len > chars) return false;
        const std::size_t first = e >= len ? e - len : 0;
        for (std::size_t from = first; from <= b && from + len <= chars; ++from)
            if (occurs(from, from + len)) return true;
        return false;
    };
    // ... or a span the visitor never wrote whose correction rewrites two characters or more of a copied stretch it
    // reaches into, whatever it makes (我囡叫楼晓燕 copied into 已经帮楼晓燕约好, whose 晓燕约 the model reads as the
    // clinic's 消炎药). A clinic word the visitor misspelt and the consultant echoed (福建炎) was written by the
    // visitor whole: still a slip.
    auto rewrites_a_copy = [&](const finding& f) {
        const std::size_t b = f.begin, e = f.end, len = min_copied_chars;
        if (e > chars || b >= e || occurs(b, e)) return false;
        std::u32string was, fix;
        for (std::size_t p = 0; p < f.matched.size();) was += next_code_point(f.matched, p);
        for (std::size_t p = 0; p < f.suggestion.size();) fix += next_code_point(f.suggestion, p);
        if (len > chars || was.size() != e - b || fix.size() != was.size()) return false;
        for (std::size_t from = b + 2 >= len ? b + 2 - len : 0; from + 2 <= e && from + len <= chars; ++from) {
            std::size_t rewritten = 0;
            for (std::size_t k = std::max(b, from); k < std::min(e, from + len); ++k) rewritten += was[k - b] != fix[k - b];
            if (rewritten >= 2 && occurs(from, from + len)) return true;
        }
        return false;
    };
    std::erase_if(found, [&](const finding& f) {
        return f.rule == "ime_model" && ((!f.corrects_to_clinic_word && copied(f.begin, f.end)) || rewrites_a_copy(f));
    });
}

void visitor_transcript::add(std::uint64_t seq, std::string_view text) {
    pieces_.push_back({seq, text_.size()});
    text_.append(text).push_back('\n');
    if (text_.size() <= kept_bytes) return;
    // Forget the oldest messages, down to what one check reads (so this runs once per
    // copied_from_bytes written, not on every message).
    auto keep = std::find_if(pieces_.begin(), pieces_.end(),
                             [&](const piece& p) { return text_.size() - p.begin <= copied_from_bytes; });
    const std::size_t cut = keep == pieces_.end() ? text_.size() : keep->begin;
    text_.erase(0, cut);
    pieces_.erase(pieces_.begin(), keep);
    for (auto& p : pieces_) p.begin -= cut;
}

std::string_view visitor_transcript::before(std::uint64_t seq) const {
    auto after = std::lower_bound(pieces_.begin(), pieces_.end(), seq,
                                  [](const piece& p, std::uint64_t s) { return p.seq < s; });
    const std::size_t end = after == pieces_.end() ? text_.size() : after->begin;
    auto first = std::find_if(pieces_.begin(), after, [&](const piece& p) { return end - p.begin <= copied_from_bytes; });
    const std::size_t begin = first == after ? end : first->begin;
    return std::string_view(text_).substr(begin, end - begin);
}

void ended_visitor_texts::remember(const std::string& conversation, visitor_transcript said) {
    if (said.empty()) return;
    if (texts_.insert_or_assign(conversation, std::move(said)).second) order_.push_back(conversation);
    while (order_.size() > kept_conversations) {
        texts_.erase(order_.front());
        order_.pop_front();
    }
}

std::optional<std::string_view> ended_visitor_texts::before(const std::string& conversation, std::uint64_t seq) const {
    auto it = texts_.find(conversation);
    if (it == texts_.end()) return std::nullopt;
    return it->second.before(seq);
}

}  // namespace lingting
