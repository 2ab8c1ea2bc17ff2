#include "analysis/script_variants.hpp"

#include <opencc.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace lingting {

struct script_variants::impl {
    std::vector<opencc_t> converters;  // s2t first: its single characters give the char-by-char variant
    std::mutex chars_mutex;
    std::unordered_map<std::string, std::string> chars;  // one character -> its usual traditional form

    std::string convert(opencc_t c, const std::string& text) {
        char* converted = opencc_convert_utf8(c, text.data(), text.size());
        if (!converted) return text;
        std::string s(converted);
        opencc_convert_utf8_free(converted);
        return s;
    }

    // Each character on its own, in its usual traditional form. OpenCC converts whole phrases
    // (了解 -> 瞭解 in every standard), but writers mix: a Hong Kong visitor's 還有其他想了解的嗎
    // keeps 了解. The char-by-char form matches what most people type.
    std::string by_character(const std::string& phrase) {
        std::lock_guard lock(chars_mutex);
        std::string out;
        for (std::size_t i = 0; i < phrase.size();) {
            auto b = static_cast<unsigned char>(phrase[i]);
            std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            std::string ch = phrase.substr(i, n);
            i += n;
            if (n == 1) { out += ch; continue; }
            auto it = chars.find(ch);
            if (it == chars.end()) it = chars.emplace(ch, convert(converters.front(), ch)).first;
            out += it->second;
        }
        return out;
    }
    ~impl() {
        for (auto c : converters) opencc_close(c);
    }
};

script_variants::script_variants() : impl_(std::make_unique<impl>()) {
    for (const char* config : {"s2t.json", "s2tw.json", "s2hk.json"}) {
        opencc_t c = opencc_open(config);
        if (c == reinterpret_cast<opencc_t>(-1)) throw std::runtime_error(std::string("cannot open OpenCC ") + config);
        impl_->converters.push_back(c);
    }
}

script_variants::~script_variants() = default;

std::vector<std::string> script_variants::operator()(const std::string& phrase) const {
    std::vector<std::string> out;
    auto add = [&](std::string s) {
        if (s != phrase && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    };
    for (auto c : impl_->converters) add(impl_->convert(c, phrase));
    add(impl_->by_character(phrase));
    // Variant characters in everyday traditional-script writing that no OpenCC standard
    // produces: Hong Kong and Taiwan writers type 甚麼 as often as 什麼 (甚麼時候可以拆線), and 麽
    // for 麼 (什麽). Each spelling so far gets them too.
    static const std::pair<std::string_view, std::string_view> everyday[] = {{"什麼", "甚麼"}, {"麼", "麽"}};
    for (auto& [standard, everyday_form] : everyday) {
        std::size_t n = out.size();
        for (std::size_t i = 0; i < n; ++i) {
            std::string s = out[i];
            bool changed = false;
            for (std::size_t at = s.find(standard); at != std::string::npos; at = s.find(standard, at + everyday_form.size())) {
                s.replace(at, standard.size(), everyday_form);
                changed = true;
            }
            if (changed) add(std::move(s));
        }
    }
    return out;
}

}  // namespace lingting
