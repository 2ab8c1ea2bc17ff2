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
    std::erase_if(found, [&](const finding& f) {
        return f.rule == "ime_model" && !f.corrects_to_clinic_word && copied(f.begin, f.end);
    });
}

void visitor_text_before::add(const message& m) {
    if (m.from == sender::visitor && m.seq < seq_) pieces_.push_back({m.seq, &m.text});
}

void visitor_text_before::add_visitor(std::uint64_t seq, const std::string& text) {
    if (seq < seq_) pieces_.push_back({seq, &text});
}

const std::string& visitor_text_before::text() {
    std::sort(pieces_.begin(), pieces_.end(), [](const piece& x, const piece& y) { return x.seq > y.seq; });
    std::size_t bytes = 0, n = 0;
    while (n < pieces_.size() && bytes + pieces_[n].text->size() + 1 <= copied_from_bytes)
        bytes += pieces_[n++].text->size() + 1;
    joined_.clear();
    for (std::size_t i = n; i-- > 0;) joined_.append(*pieces_[i].text).push_back('\n');
    return joined_;
}

void ended_visitor_texts::remember(const std::string& conversation, const std::vector<message>& messages) {
    std::vector<std::pair<std::uint64_t, std::string>> kept;
    std::size_t bytes = 0;
    for (auto m = messages.rbegin(); m != messages.rend() && bytes < copied_from_bytes; ++m)
        if (m->from == sender::visitor) {
            kept.emplace_back(m->seq, m->text);
            bytes += m->text.size() + 1;
        }
    if (kept.empty()) return;
    if (texts_.insert_or_assign(conversation, std::move(kept)).second) order_.push_back(conversation);
    while (order_.size() > kept_conversations) {
        texts_.erase(order_.front());
        order_.pop_front();
    }
}

std::optional<std::string> ended_visitor_texts::before(const std::string& conversation, std::uint64_t seq) const {
    auto it = texts_.find(conversation);
    if (it == texts_.end()) return std::nullopt;
    visitor_text_before collected(seq);
    for (auto& [s, text] : it->second) collected.add_visitor(s, text);
    return collected.text();
}

}  // namespace lingting
