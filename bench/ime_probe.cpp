// The IME probe (issue 12, item 3): how the IME check generalises beyond the sentences it was tuned
// on, measured on IME errors made the way a pinyin IME makes them, not on one split's typos.
//
// From the clean consultant sentences of the READ splits (dev, fresh, fresh3, fresh4; never
// holdout, fresh2 or fresh5) it makes, seeded and deterministic:
// - for each sentence one typo: a word of 2 to 4 characters (the sentence segmented by libime's
//   model's unigram scores) swapped for the IME's likeliest other candidate for the same pinyin
//   (libime's own dictionary, ranked as the IME ranks words alone: the first candidate if the meant
//   word is not first, else the second), written where the meant word was;
// - the unchanged sentence as a negative.
// It runs the checker (the project's lexicon, ime_words.txt, medical_terms.txt) at each margin
// setting and prints recall, false alarms per 100 clean sentences and correction accuracy, overall
// and per frequency band of the meant word (a clinic word, or its log10 unigram probability).
//
// Usage: ime_probe [SETTING...] where SETTING is name=value[,name=value...] over the ime_settings
// fields (margin, clinic_margin, clinic_alone_margin, common_margin, fuzzy_margin, ...); without
// any, the defaults. Besides the homophone slips it makes fuzzy-pinyin slips of clinic words
// (make_fuzzy_cases), nine-key and adjacent-key slips of them (make_near_cases), and reports their recall on
// lines of their own. Prints a table; never asserts.
#include "core/analysis/lexicon_loader.hpp"
#include "core/text_normalize.hpp"
#include "ime/abbreviated_pinyin.hpp"
#include "ime/adjacent_key_pinyin.hpp"
#include "ime/fuzzy_pinyin.hpp"
#include "ime/nine_key_pinyin.hpp"
#include "ime/libime_checker.hpp"

#include <libime/core/languagemodel.h>
#include <libime/pinyin/pinyindictionary.h>
#include <opencc.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

using namespace lingting;

namespace {

const char* read_splits[] = {"dev", "fresh", "fresh3", "fresh4"};  // never holdout, fresh2, fresh5

bool is_cjk(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

std::vector<std::string> chars_of(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t at = pos;
        next_code_point(s, pos);
        out.emplace_back(s.substr(at, pos - at));
    }
    return out;
}

std::string join(const std::vector<std::string>& cs, std::size_t b, std::size_t e) {
    std::string s;
    for (std::size_t i = b; i < e; ++i) s += cs[i];
    return s;
}

// Calls `each(split, transcript path, labels)` for every conversation of the read splits, in file
// order (the probe is deterministic).
template <typename Each>
void for_each_read_conversation(Each each) {
    for (const char* split : read_splits) {
        std::vector<std::filesystem::path> files;
        for (auto& e : std::filesystem::directory_iterator(std::string(LINGTING_SOURCE_DIR) + "/tests/corpus/" + split))
            if (e.path().extension() == ".jsonl") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (auto& path : files) {
            auto expect_path = path;
            expect_path.replace_extension(".expect.json");
            std::ifstream ef(expect_path);
            std::string expect((std::istreambuf_iterator<char>(ef)), {});
            rapidjson::Document labels;
            labels.Parse(expect.c_str());
            each(split, path, labels);
        }
    }
}

// Consultant sentences of the read splits' messages that carry no typo label (split at sentence
// punctuation; a sentence needs 6 Chinese characters). Sentences in traditional script or
// Cantonese are left out: the IME modelled here is a simplified Mandarin one.
std::vector<std::string> clean_sentences(opencc_t t2s) {
    std::set<std::string> seen;
    std::vector<std::string> out;
    for_each_read_conversation([&](const char*, const std::filesystem::path& path, const rapidjson::Document& labels) {
        std::set<int> typo_seqs;
        if (labels.IsObject() && labels.HasMember("findings"))
            for (auto& f : labels["findings"].GetArray())
                if (f.HasMember("kind") && std::string(f["kind"].GetString()) == "typo" && f.HasMember("seq"))
                    typo_seqs.insert(f["seq"].GetInt());
        std::ifstream in(path);
        int seq = 0;
        for (std::string line; std::getline(in, line);) {
            rapidjson::Document d;
            d.Parse(line.c_str());
            if (!d.IsObject() || !d.HasMember("text")) continue;
            ++seq;
            if (std::string(d["from"].GetString()) != "consultant" || typo_seqs.count(seq)) continue;
            std::string text = d["text"].GetString();
            char* s = opencc_convert_utf8(t2s, text.data(), text.size());
            bool traditional = s && text != s;
            opencc_convert_utf8_free(s);
            if (traditional) continue;
            static const std::u32string cantonese = U"咗嘅唔冇畀俾㗎啲嗰喺哋嚟嘢佢睇咁乜揾搵啱攞咩";
            std::string sentence;
            std::size_t cjk = 0;
            bool canto = false;
            auto flush = [&] {
                if (cjk >= 6 && !canto && seen.insert(sentence).second) out.push_back(sentence);
                sentence.clear();
                cjk = 0;
                canto = false;
            };
            for (std::size_t pos = 0; pos < text.size();) {
                std::size_t at = pos;
                char32_t cp = next_code_point(text, pos);
                sentence.append(text, at, pos - at);
                cjk += is_cjk(cp);
                canto |= cantonese.find(cp) != std::u32string::npos;
                if (std::u32string_view(U"。！？；!?;\n").find(cp) != std::u32string_view::npos) flush();
            }
            flush();
        }
    });
    return out;
}

// The dictionary as an IME sees it: every pinyin of a word, and every word of a pinyin with its
// log10 unigram probability (words the model does not know are not offered).
struct ime_dictionary {
    libime::LanguageModel lm;
    std::unordered_map<std::string, std::vector<std::string>> codes_of;                // hanzi -> codes
    std::unordered_map<std::string, std::vector<std::pair<float, std::string>>> words;  // code -> ranked
    explicit ime_dictionary(const std::string& dict, const std::string& model) : lm(model.c_str()) {
        libime::PinyinDictionary dictionary;
        dictionary.load(libime::PinyinDictionary::SystemDict, dict.c_str(), libime::PinyinDictFormat::Binary);
        const auto* trie = dictionary.trie(libime::PinyinDictionary::SystemDict);
        std::string key;
        trie->foreach([&](float, std::size_t len, libime::DATrie<float>::position_type pos) {
            trie->suffix(key, len, pos);
            auto sep = key.find('!');
            if (sep == std::string::npos) return true;
            std::string hanzi = key.substr(sep + 1);
            auto n = utf8_length(hanzi);
            if (n < 2 || n > 4 || lm.isUnknown(lm.index(hanzi), hanzi)) return true;
            std::string code = key.substr(0, sep);
            codes_of[hanzi].push_back(code);
            words[code].emplace_back(lm.singleWordScore(hanzi), hanzi);
            return true;
        });
        for (auto& [code, ws] : words)
            std::sort(ws.begin(), ws.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    }
    float unigram(const std::string& w) const { return lm.singleWordScore(w); }
};

// Deterministic on every platform (std's distributions are not).
struct rng {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

struct probe_case {
    std::string clean, typo;
    std::size_t begin, end;  // the swapped span, in characters
    std::string meant, written;
    std::string band;
};

// The best segmentation of a sentence's Chinese runs by unigram score: the words of 2 to 4
// characters it contains, as (begin, end) in characters.
std::vector<std::pair<std::size_t, std::size_t>> words_in(const std::vector<std::string>& cs, const ime_dictionary& d) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::size_t n = cs.size();
    std::vector<float> best(n + 1, -1e30f);
    std::vector<std::size_t> from(n + 1, 0);
    best[0] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (best[i] < -1e29f) continue;
        std::size_t at = 0;
        bool cjk = is_cjk(next_code_point(cs[i], at));
        // One character (or any non-Chinese one) always; words of 2 to 4 Chinese characters.
        float one = cjk ? std::max(-8.f, d.unigram(cs[i])) : 0.f;
        if (best[i] + one > best[i + 1]) best[i + 1] = best[i] + one, from[i + 1] = i;
        if (!cjk) continue;
        for (std::size_t len = 2; len <= 4 && i + len <= n; ++len) {
            auto w = join(cs, i, i + len);
            if (!d.codes_of.count(w)) continue;
            float s = best[i] + d.unigram(w);
            if (s > best[i + len]) best[i + len] = s, from[i + len] = i;
        }
    }
    for (std::size_t e = n; e > 0; e = from[e])
        if (e - from[e] >= 2) out.emplace_back(from[e], e);
    std::reverse(out.begin(), out.end());
    return out;
}

std::string band_of(const std::string& w, float unigram, const std::unordered_set<std::string>& clinic) {
    if (clinic.count(w)) return "clinic";
    if (unigram > -4.f) return "common >-4";
    if (unigram > -5.f) return "mid -4..-5";
    return "rare <-5";
}

// The likeliest word the model knows, other than `meant`, among the first candidates of `codes`
// (the IME's list for each pinyin, likeliest first); empty if none.
std::string likeliest_other(const std::vector<std::string>& codes, const std::string& meant, const ime_dictionary& d) {
    std::string written;
    float written_score = -1e30f;
    for (auto& code : codes) {
        auto words = d.words.find(code);
        if (words == d.words.end()) continue;
        for (auto& [score, w] : words->second) {
            if (w == meant) continue;
            if (score > written_score) written_score = score, written = w;
            break;
        }
    }
    return written;
}

// One slip per sentence: among its words of 2 to 4 characters (words_in), those `slip_of` gives a
// written form for (empty: none), one picked at random (seeded: the probe is deterministic) and
// written in its place.
template <typename SlipOf, typename BandOf>
std::vector<probe_case> make_slips(const std::vector<std::string>& sentences, const ime_dictionary& d, std::uint64_t seed,
                                   SlipOf slip_of, BandOf band_of) {
    std::vector<probe_case> out;
    rng r{seed};
    for (auto& s : sentences) {
        auto cs = chars_of(s);
        struct option {
            std::size_t b, e;
            std::string meant, written;
        };
        std::vector<option> options;
        for (auto [b, e] : words_in(cs, d)) {
            auto meant = join(cs, b, e);
            if (auto written = slip_of(meant); !written.empty()) options.push_back({b, e, meant, std::move(written)});
        }
        if (options.empty()) continue;
        auto& o = options[r.below(options.size())];
        out.push_back({s, join(cs, 0, o.b) + o.written + join(cs, o.e, cs.size()), o.b, o.e, o.meant, o.written,
                       band_of(o.meant)});
    }
    return out;
}

// Homophone slips: the IME's list for the meant word's pinyin; the error is its first candidate
// when the meant word is not first, else its second.
std::vector<probe_case> make_cases(const std::vector<std::string>& sentences, const ime_dictionary& d,
                                   const std::unordered_set<std::string>& clinic) {
    return make_slips(
        sentences, d, 0x9E3779B97F4A7C15ull,
        [&](const std::string& meant) { return likeliest_other(d.codes_of.at(meant), meant, d); },
        [&](const std::string& meant) { return band_of(meant, d.unigram(meant), clinic); });
}

// Fuzzy-pinyin slips (fuzzy_pinyin.hpp): in each sentence holding a clinic word (ime_words.txt,
// terms.txt), one such word swapped for the likeliest word the model knows one fuzzy pair away
// (盆腔 -> 喷枪 is a homophone, not this; 内膜 -> 类膜, 妇科 -> 户科 are). The IME check offers only
// clinic words as fuzzy corrections, so only their slips are made here; the clean sentences are
// the same as above, so their alarms are counted there.
std::vector<probe_case> make_fuzzy_cases(const std::vector<std::string>& sentences, const ime_dictionary& d,
                                         const std::unordered_set<std::string>& favoured) {
    return make_slips(
        sentences, d, 0xD1B54A32D192ED03ull,
        [&](const std::string& meant) {
            return favoured.count(meant) ? likeliest_other(fuzzy_codes(d.codes_of.at(meant), 32), meant, d) : std::string();
        },
        [](const std::string&) { return std::string("fuzzy clinic"); });
}

// Nine-key slips (nine_key_pinyin.hpp): the same, with the likeliest word the model knows that types
// the same keys on a phone's nine-key pad, one syllable changed (复查 -> 督查, 包皮 -> 草皮).
// Adjacent-key slips (adjacent_key_pinyin.hpp) likewise: one letter typed as its QWERTY neighbour.
template <typename NearCodes>
std::vector<probe_case> make_near_cases(const std::vector<std::string>& sentences, const ime_dictionary& d,
                                        const std::unordered_set<std::string>& favoured, std::uint64_t seed,
                                        NearCodes near_codes) {
    return make_slips(
        sentences, d, seed,
        [&](const std::string& meant) {
            return favoured.count(meant) ? likeliest_other(near_codes(d.codes_of.at(meant), 32), meant, d) : std::string();
        },
        [](const std::string&) { return std::string("near clinic"); });
}

bool set_field(ime_settings& s, const std::string& name, double v) {
    if (name == "margin") s.margin = v;
    else if (name == "clinic_margin") s.clinic_margin = v;
    else if (name == "clinic_alone_margin") s.clinic_alone_margin = v;
    else if (name == "common_margin") s.common_margin = v;
    else if (name == "common_word") s.common_word = v;
    else if (name == "clinic_bonus") s.clinic_bonus = v;
    else if (name == "medical_margin") s.medical_margin = v;
    else if (name == "word_margin") s.word_margin = v;
    else if (name == "fuzzy_margin") s.fuzzy_margin = v;
    else if (name == "nine_key_margin") s.nine_key_margin = v;
    else if (name == "adjacent_key_margin") s.adjacent_key_margin = v;
    else if (name == "abbreviated_margin") s.abbreviated_margin = v;
    else if (name == "abbreviated_lead") s.abbreviated_lead = v;
    else return false;
    return true;
}

// The typos labelled in the read splits' consultant messages (same length as their correction):
// the IME check alone on the errors writers made, beside the generated ones.
struct real_typo {
    std::string split, text, right;
    std::size_t begin, end;  // the label's span in the message, in characters
};

std::vector<real_typo> labelled_typos() {
    std::vector<real_typo> out;
    for_each_read_conversation([&](const char* split, const std::filesystem::path& path, const rapidjson::Document& labels) {
        if (!labels.IsObject() || !labels.HasMember("findings")) return;
        std::vector<std::string> texts;
        std::ifstream in(path);
        for (std::string line; std::getline(in, line);) {
            rapidjson::Document d;
            d.Parse(line.c_str());
            if (d.IsObject() && d.HasMember("text")) texts.emplace_back(d["text"].GetString());
        }
        for (auto& f : labels["findings"].GetArray()) {
            if (!f.HasMember("kind") || std::string(f["kind"].GetString()) != "typo" || !f.HasMember("right")) continue;
            auto seq = static_cast<std::size_t>(f["seq"].GetInt());
            if (seq == 0 || seq > texts.size()) continue;
            std::string wrong = f["text"].GetString(), right = f["right"].GetString();
            auto at = texts[seq - 1].find(wrong);
            if (at == std::string::npos || utf8_length(wrong) != utf8_length(right)) continue;
            auto b = utf8_length(std::string_view(texts[seq - 1]).substr(0, at));
            out.push_back({split, texts[seq - 1], right, b, b + utf8_length(wrong)});
        }
    });
    return out;
}

struct tally {
    std::size_t cases = 0, caught = 0, corrected = 0;
};

// What the check found in `text` against a slip over characters [begin, end): caught if a finding
// overlaps it, corrected if that finding's suggestion, put in place, gives back `meant`; `others`
// counts the findings elsewhere.
struct judged {
    bool caught = false, corrected = false;
    std::size_t others = 0;
};
judged judge(const std::vector<finding>& found, const std::string& text, std::size_t begin, std::size_t end,
             const std::string& meant) {
    judged j;
    auto cs = chars_of(text);
    for (auto& f : found) {
        if (!(f.begin < end && begin < f.end)) {
            ++j.others;
            continue;
        }
        j.caught = true;
        auto fixed = chars_of(join(cs, 0, f.begin) + f.suggestion + join(cs, f.end, cs.size()));
        j.corrected |= fixed.size() == cs.size() && join(fixed, begin, end) == meant;
    }
    return j;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::pair<std::string, ime_settings>> settings;
    for (int i = 1; i < argc; ++i) {
        ime_settings s;
        std::string spec = argv[i];
        for (std::size_t pos = spec == "defaults" ? spec.size() : 0; pos < spec.size();) {
            auto comma = spec.find(',', pos);
            auto item = spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            auto eq = item.find('=');
            if (eq == std::string::npos || !set_field(s, item.substr(0, eq), std::atof(item.c_str() + eq + 1))) {
                std::fprintf(stderr, "ime_probe: bad setting %s\n", item.c_str());
                return 2;
            }
            pos = comma == std::string::npos ? spec.size() : comma + 1;
        }
        settings.emplace_back(spec, s);
    }
    if (settings.empty()) settings.emplace_back("defaults", ime_settings{});

    const std::string lexicon_dir = std::string(LINGTING_SOURCE_DIR) + "/lexicon";
    auto loaded = load_lexicon(lexicon_dir);
    if (!loaded.lex) return 1;
    opencc_t t2s = opencc_open("t2s.json");
    auto sentences = clean_sentences(t2s);
    opencc_close(t2s);
    ime_settings defaults;
    ime_dictionary dict(defaults.dictionary, defaults.model);
    if (const char* words = std::getenv("IME_PROBE_UNIGRAMS")) {  // log10 unigram of each word, to read a case
        std::string all = words;
        for (std::size_t pos = 0; pos < all.size();) {
            auto sp = all.find(' ', pos);
            auto w = all.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
            std::printf("%s %.2f%s\n", w.c_str(), dict.unigram(w), dict.codes_of.count(w) ? "" : " (no word)");
            pos = sp == std::string::npos ? all.size() : sp + 1;
        }
    }
    auto clinic_words = read_clinic_words(lexicon_dir + "/ime_words.txt");
    auto medical = read_word_list(lexicon_dir + "/medical_terms.txt");
    std::unordered_set<std::string> clinic;
    for (auto& w : clinic_words) clinic.insert(w.word);
    for (auto& t : loaded.lex->terms) clinic.insert(t);
    for (auto& t : medical) clinic.insert(t);
    auto cases = make_cases(sentences, dict, clinic);
    std::unordered_set<std::string> favoured;
    for (auto& w : clinic_words) favoured.insert(w.word);
    for (auto& t : loaded.lex->terms) favoured.insert(t);
    auto fuzzy_cases = make_fuzzy_cases(sentences, dict, favoured);
    auto nine_key_cases = make_near_cases(sentences, dict, favoured, 0x94D049BB133111EBull, nine_key_codes);
    auto adjacent_key_cases = make_near_cases(sentences, dict, favoured, 0xBF58476D1CE4E5B9ull, adjacent_key_codes);
    // Abbreviated (简拼) slips: the likeliest word the model knows whose syllables begin as the meant
    // word's do (流产 -> 流程, 妇科 -> 反馈): the IME's first candidate for the initials typed.
    abbreviation_index every_word;
    for (auto& [code, ws] : dict.words) every_word.add(code);
    auto abbreviated_cases = make_near_cases(
        sentences, dict, favoured, 0x2545F4914F6CDD1Dull, [&](const std::vector<std::string>& exact, std::size_t) {
            std::vector<std::string> out;
            for (auto& code : exact)
                for (auto& c : every_word.codes_like(code))
                    if (std::find(exact.begin(), exact.end(), c) == exact.end()) out.push_back(c);
            return out;
        });
    auto reals = labelled_typos();
    std::map<std::string, std::size_t> per_band;
    for (auto& c : cases) ++per_band[c.band];
    std::printf("%zu clean sentences (dev, fresh, fresh3, fresh4), %zu with an IME error made in them:", sentences.size(),
                cases.size());
    for (auto& [b, n] : per_band) std::printf(" %s %zu,", b.c_str(), n);
    std::printf("\n");
    if (std::getenv("IME_PROBE_LIST"))
        for (auto& c : cases) std::printf("  %s  %s->%s  [%s]\n", c.typo.c_str(), c.meant.c_str(), c.written.c_str(), c.band.c_str());

    for (auto& [name, s] : settings) {
        std::string error;
        auto checker = libime_checker::load(s, clinic_words, error, medical);
        if (!checker) {
            std::fprintf(stderr, "ime_probe: %s\n", error.c_str());
            return 1;
        }
        std::size_t clean_alarms = 0, extra_alarms = 0;
        std::map<std::string, tally> bands;
        tally all;
        for (auto& c : cases) {
            clean_alarms += checker->check(c.clean, *loaded.lex).size();
            auto& t = bands[c.band];
            ++t.cases, ++all.cases;
            auto [caught, corrected, others] = judge(checker->check(c.typo, *loaded.lex), c.typo, c.begin, c.end, c.meant);
            extra_alarms += others;
            t.caught += caught, all.caught += caught;
            t.corrected += corrected, all.corrected += corrected;
            if (std::getenv("IME_PROBE_MISSES") && !caught)
                std::printf("  miss %s  %s->%s [%s]\n", c.typo.c_str(), c.meant.c_str(), c.written.c_str(), c.band.c_str());
        }
        if (std::getenv("IME_PROBE_ALARMS"))
            for (auto& c : cases)
                for (auto& f : checker->check(c.clean, *loaded.lex))
                    std::printf("  alarm %s  %s->%s\n", c.clean.c_str(), f.matched.c_str(), f.suggestion.c_str());
        auto near_slips = [&](const std::vector<probe_case>& near_cases, const char* what) {
            tally t;
            for (auto& c : near_cases) {
                ++t.cases;
                auto j = judge(checker->check(c.typo, *loaded.lex), c.typo, c.begin, c.end, c.meant);
                t.caught += j.caught;
                t.corrected += j.corrected;
                if (std::getenv("IME_PROBE_MISSES") && !j.caught)
                    std::printf("  %s miss %s  %s->%s\n", what, c.typo.c_str(), c.meant.c_str(), c.written.c_str());
            }
            return t;
        };
        tally fuzzy = near_slips(fuzzy_cases, "fuzzy");
        tally nine_key = near_slips(nine_key_cases, "nine-key");
        tally adjacent_key = near_slips(adjacent_key_cases, "adjacent-key");
        tally abbreviated = near_slips(abbreviated_cases, "abbreviated");
        std::map<std::string, tally> real;
        for (auto& t : reals) {
            auto& r = real[t.split];
            ++r.cases;
            auto j = judge(checker->check(t.text, *loaded.lex), t.text, t.begin, t.end, t.right);
            r.caught += j.caught;
            r.corrected += j.corrected;
            if (std::getenv("IME_PROBE_REAL_MISSES") && !j.caught)
                std::printf("  real miss [%s] %s -> %s in %s\n", t.split.c_str(), join(chars_of(t.text), t.begin, t.end).c_str(),
                            t.right.c_str(), t.text.c_str());
        }
        auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; };
        std::printf("\n%s\n  recall %.1f%% (%zu/%zu), right correction %.1f%% of caught, clean alarms %.2f per 100 (%zu),"
                    " other alarms in typo sentences %.2f per 100\n",
                    name.c_str(), pct(all.caught, all.cases), all.caught, all.cases, pct(all.corrected, all.caught),
                    pct(clean_alarms, cases.size()), clean_alarms, pct(extra_alarms, cases.size()));
        for (auto& [b, t] : bands)
            std::printf("    %-12s recall %5.1f%% (%3zu/%3zu)  right %5.1f%%\n", b.c_str(), pct(t.caught, t.cases), t.caught,
                        t.cases, pct(t.corrected, t.caught));
        std::printf("    %-12s recall %5.1f%% (%3zu/%3zu)  right %5.1f%%  (fuzzy-pinyin slips of clinic words)\n",
                    "fuzzy", pct(fuzzy.caught, fuzzy.cases), fuzzy.caught, fuzzy.cases, pct(fuzzy.corrected, fuzzy.caught));
        std::printf("    %-12s recall %5.1f%% (%3zu/%3zu)  right %5.1f%%  (nine-key slips of clinic words)\n", "nine-key",
                    pct(nine_key.caught, nine_key.cases), nine_key.caught, nine_key.cases,
                    pct(nine_key.corrected, nine_key.caught));
        std::printf("    %-12s recall %5.1f%% (%3zu/%3zu)  right %5.1f%%  (adjacent-key slips of clinic words)\n",
                    "adjacent", pct(adjacent_key.caught, adjacent_key.cases), adjacent_key.caught, adjacent_key.cases,
                    pct(adjacent_key.corrected, adjacent_key.caught));
        std::printf("    %-12s recall %5.1f%% (%3zu/%3zu)  right %5.1f%%  (abbreviated slips of clinic words)\n",
                    "abbreviated", pct(abbreviated.caught, abbreviated.cases), abbreviated.caught, abbreviated.cases,
                    pct(abbreviated.corrected, abbreviated.caught));
        std::printf("  labelled typos of the read splits, the IME check alone:");
        for (auto& [split, t] : real) std::printf(" %s %zu/%zu (%zu right),", split.c_str(), t.caught, t.cases, t.corrected);
        std::printf("\n");
    }
    return 0;
}
