// Traditional-script spellings of lexicon phrases, made once at load time with OpenCC, so a
// message typed in traditional characters matches without converting every message.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lingting {

class script_variants {
public:
    script_variants();  // throws if OpenCC's s2t/s2tw/s2hk configurations cannot be opened
    ~script_variants();
    // The phrase in each traditional standard (Taiwan, Hong Kong, OpenCC's), without duplicates
    // and without the phrase itself.
    std::vector<std::string> operator()(const std::string& phrase) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lingting
