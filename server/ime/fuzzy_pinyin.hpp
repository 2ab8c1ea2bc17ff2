// 模糊音: the pinyin pairs a fuzzy-pinyin IME types alike (a setting of fcitx, Sogou and others,
// common where the dialect does not tell them apart: n/l in the Southwest, f/h in Hunan and Fujian,
// in/ing and the flat and curled z/c/s over much of the South). A slip on one (类膜 for 内膜, 户科 for
// 妇科, 新期六 for 星期六; the whole syllable hu for f, 发言单 for 化验单) leaves no same-pinyin correction to find. Shared by the IME check, which
// offers the clinic words one such pair away, and bench/ime_probe, which makes such slips to
// measure it. Its .cpp includes libime; this header does not, but it speaks libime's encoding.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lingting {

// The pinyin (libime's encoded form: an initial and a final byte per syllable) one fuzzy pair away
// from one of `exact` in one syllable, valid as pinyin and none of them in `exact`; at most `limit`.
std::vector<std::string> fuzzy_codes(const std::vector<std::string>& exact, std::size_t limit);

}  // namespace lingting
