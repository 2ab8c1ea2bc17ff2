// Every valid pinyin syllable, spelled (zhuang) and in libime's encoding (an initial and a final
// byte): the alphabet of the near-slip models (nine_key_pinyin, adjacent_key_pinyin), which change
// how a syllable is typed and need to know what the keys then spell. Its .cpp includes libime; this
// header does not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lingting {

struct pinyin_syllable {
    std::string spelled;  // as typed on a full keyboard: zh + uang; ü as v
    char initial, final;  // libime's PinyinInitial and PinyinFinal
};

const std::vector<pinyin_syllable>& pinyin_syllables();

// The syllable spelled so (libime's first reading of it), or nullptr.
const pinyin_syllable* syllable_spelled(std::string_view spelled);

// How a syllable of libime's encoding is spelled ("" for none).
std::string spelling_of(char initial, char final);

// `code` with its syllable at byte `at` made `s`, appended to `out` unless it is one of `exact` or
// already there: how the near-slip models list what a slip may have typed.
void add_near_code(const std::vector<std::string>& exact, std::vector<std::string>& out, const std::string& code,
                   std::size_t at, const pinyin_syllable& s);

}  // namespace lingting
