#include "analysis/script_variants.hpp"

#include <opencc.h>

#include <algorithm>
#include <stdexcept>

namespace lingting {

struct script_variants::impl {
    std::vector<opencc_t> converters;
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
    for (auto c : impl_->converters) {
        char* converted = opencc_convert_utf8(c, phrase.data(), phrase.size());
        if (!converted) continue;
        std::string s(converted);
        opencc_convert_utf8_free(converted);
        if (s != phrase && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
    return out;
}

}  // namespace lingting
