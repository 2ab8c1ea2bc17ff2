// A slip of the finger on a full (26-key) keyboard, a phone's above all: one letter of a syllable
// typed as a key beside it (m/n: 年费 for 免费; i/u: 押韵 for 牙龈; g/h: 格式 for 合适), and the IME
// spells a valid syllable of it. Like a fuzzy-pinyin slip, it leaves no same-pinyin correction to
// find. Shared by the IME check, which offers the clinic words one such syllable away, and
// bench/ime_probe, which makes such slips to measure it. Speaks libime's encoding.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lingting {

// The pinyin (libime's encoded form) whose spelling differs from one of `exact` in one letter of
// one syllable, that letter a QWERTY neighbour of the one meant, valid as pinyin and none of them
// in `exact`; at most `limit`.
std::vector<std::string> adjacent_key_codes(const std::vector<std::string>& exact, std::size_t limit);

}  // namespace lingting
