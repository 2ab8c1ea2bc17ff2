// 九宫格: the nine-key pad of a phone IME puts three or four letters on each key (abc 2, def 3,
// ghi 4, jkl 5, mno 6, pqrs 7, tuv 8, wxyz 9). One press sequence spells several syllables, and the
// IME picks among them: 督查 for 复查 (d and f on 3), 草皮 for 包皮 (b and c on 2), 年费 for 免费
// (m and n on 6). Like a fuzzy-pinyin slip, such a pick leaves no same-pinyin correction to find.
// Shared by the IME check, which offers the clinic words one such syllable away, and
// bench/ime_probe, which makes such slips to measure it. Speaks libime's encoding
// (pinyin_syllables.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lingting {

// The pinyin (libime's encoded form: an initial and a final byte per syllable) that types the same
// keys on a nine-key pad as one of `exact`, differing in one syllable, valid as pinyin and none of
// them in `exact`; at most `limit`.
std::vector<std::string> nine_key_codes(const std::vector<std::string>& exact, std::size_t limit);

}  // namespace lingting
