#include "ime/libime_checker.hpp"

#include "core/analysis/lexicon.hpp"
#include "core/config.hpp"
#include "core/key_set.hpp"
#include "core/text_normalize.hpp"
#include "ime/abbreviated_pinyin.hpp"
#include "ime/adjacent_key_pinyin.hpp"
#include "ime/doubled_character.hpp"
#include "ime/skipped_character.hpp"
#include "ime/fuzzy_pinyin.hpp"
#include "ime/nine_key_pinyin.hpp"

#include <libime/core/languagemodel.h>
#include <libime/core/lattice.h>
#include <libime/pinyin/pinyindictionary.h>
#include <libime/pinyin/pinyinencoder.h>
#include <opencc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <string_view>
#include <type_traits>
#include <unordered_set>

namespace lingting {

namespace {

constexpr std::size_t max_span = 4;       // the spans looked at: 2 to 4 characters
constexpr std::size_t context = 3;        // characters of context scored on each side
constexpr std::size_t max_model_word = 4; // longest word looked up in the model
constexpr float doubled_excess = 100.0f;    // a doubled character is certain: it outranks any model correction there
constexpr std::size_t max_alternatives = 6;  // likeliest homophones tried per span (and every clinic word)
constexpr std::size_t max_readings = 8;   // pinyin combinations tried per span (polyphones)
constexpr float rare_reading = -2.0f;      // log10 likelihood of a character's reading (1 %)
constexpr std::size_t beam = 3;           // segmentations kept per position
constexpr std::size_t max_fuzzy_codes = 32;  // near pinyin (fuzzy, nine-key, adjacent-key) tried per span, each

struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using word_set = std::unordered_set<std::string, text_hash, std::equal_to<>>;


// Characters written in Cantonese and not in Mandarin (standard written Chinese has none of them),
// in their simplified and traditional forms.
constexpr std::string_view cantonese_only = "瞓咗嘅唔冇畀俾㗎啲嗰喺哋嚟嘢佢睇咁乜揾搵啱攞咩嚿諗谂冚嘥瞌噉嗮晒咪";

// Cantonese written in characters standard Chinese also has (留低 leave, 同埋 and, 淨係 only, 係 is):
// a message in traditional script holding one is Cantonese, which the Mandarin model misreads
// (姓名同電話 is name and phone, no 明通). 係 inside 關係, 聯係, 體係 or 維係 is Mandarin.
bool cantonese_words(std::string_view text) {
    constexpr std::string_view words[] = {"留低", "加埋", "同埋", "埋單", "一齊", "淨係", "下晝", "仲有", "仲係", "仲要",
                                          "都得", "鍾意", "點樣", "點解", "點就點", "而家", "邊個", "邊度", "幾多", "琴日",
                                          "聽日", "尋日", "得閒", "返工", "放工", "搞掂", "好彩", "同電話", "同手機", "同地址"};
    for (auto w : words)
        if (text.find(w) != std::string_view::npos) return true;
    constexpr std::string_view is = "係";
    for (std::size_t at = text.find(is); at != std::string_view::npos; at = text.find(is, at + is.size())) {
        std::string_view before = at >= 3 ? text.substr(at - 3, 3) : std::string_view();
        if (before != "關" && before != "联" && before != "聯" && before != "體" && before != "维" && before != "維" &&
            before != "派")
            return true;
    }
    return false;
}

// Characters standard in both scripts that traditional script writes where simplified writes
// another (看著 for 看着, 覆診 for 复诊): OpenCC's t2s keeps them, the model then prefers the
// simplified word, and a correction that only swaps them is no slip in a traditional message.
bool script_variant(char32_t written, char32_t corrected) {
    constexpr std::pair<char32_t, char32_t> pairs[] = {{U'著', U'着'}, {U'覆', U'复'}, {U'乾', U'干'}, {U'瞭', U'了'},
                                                       {U'甚', U'什'}, {U'鍾', U'钟'}, {U'祇', U'只'}, {U'彷', U'仿'}};
    for (auto [t, s] : pairs)
        if (written == t && corrected == s) return true;
    return false;
}

// Two characters that make a phrase by grammar, not a word the IME offered: a numeral and a
// measure (一声, 九价, 三代, 两针), a demonstrative and a measure (哪天, 这次), a verb and a complement or
// measure (挂好, 约个, 看下, 做完), a modal and a preposition (要和, 会跟).
// The model knows such pairs only as they occur, often not as a word, so a homophone word
// (医生 for 一声, 挂号 for 挂好) wins; a consultant typing one meant it.
bool grammatical_pair(char32_t first, char32_t second) {
    constexpr std::u32string_view numerals = U"一二三四五六七八九十两几半每";
    constexpr std::u32string_view measures = U"个次天周月年岁声价针颗片粒支盒瓶位名项回遍种份张条根段步期代级度点号元块分毛斤克";
    constexpr std::u32string_view complements = U"个下好完";
    // ... or a modal verb and the preposition that opens its object (要和骨头长在一起, 会跟您联系,
    // 能给您开): 要和 is no 咬合 (fresh44).
    constexpr std::u32string_view modals = U"要会能想得该应可需";
    constexpr std::u32string_view prepositions = U"和跟与同给把被让对在从向往替为";
    if (modals.find(first) != std::u32string_view::npos && prepositions.find(second) != std::u32string_view::npos)
        return true;
    if (complements.find(second) != std::u32string_view::npos) return true;
    // ... or a demonstrative or question word and a measure (哪天, 那次, 这位): 您看哪天方便 is no 那天 (fresh76).
    constexpr std::u32string_view demonstratives = U"哪那这";
    if (demonstratives.find(first) != std::u32string_view::npos && measures.find(second) != std::u32string_view::npos)
        return true;
    return numerals.find(first) != std::u32string_view::npos && measures.find(second) != std::u32string_view::npos;
}

// A number in Chinese numerals (六百, 三千, 一万二): a quantity written on purpose, never an
// abbreviation of a word that shares its initials (六百 is no 淋病).
bool all_numerals(const std::vector<char32_t>& cps, std::size_t b, std::size_t e) {
    constexpr std::u32string_view numerals = U"零一二三四五六七八九十百千万亿两几半";
    for (std::size_t i = b; i < e; ++i)
        if (numerals.find(cps[i]) == std::u32string_view::npos) return false;
    return true;
}

// A negation and one character (不痛, 没事, 别急): grammar, like the pairs above, and the model
// knows 不同 better than 不痛 whatever the context. Such a pair is corrected only into a clinic word
// (不运 -> 不孕), never into an everyday one.
bool negated_pair(char32_t first) { return first == U'不' || first == U'没' || first == U'别' || first == U'勿'; }

// 越A越B (越烫越痒, 越拖越重, 越来越): a construction, its 越 and the character after it no word
// to correct (越烫 read as 血糖 one nine-key syllable away: fresh25).
bool in_yue_yue(const std::vector<char32_t>& cps, std::size_t b) {
    if (cps[b] != U'越') return false;
    for (std::size_t k = b >= 4 ? b - 4 : 0; k < std::min(cps.size(), b + 5); ++k)
        if (k != b && cps[k] == U'越') return true;
    return false;
}

// V一V (保一保, 看一看, 试一试): the verb said twice around 一, a construction whose 一 and the
// verb after it are no word to correct (一保 read as 医保: fresh20).
bool in_v_yi_v(const std::vector<char32_t>& cps, std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k)
        if (cps[k] == U'一' && k > 0 && k + 1 < cps.size() && cps[k - 1] == cps[k + 1] && cps[k - 1] != U'一')
            return true;
    return false;
}

// 把, its object and the verb after it (把牙劈开, 把药吃完, 把单子都带上): the disposal
// construction, whose 把 and object are no word to correct (把牙 read as the clinic word 拔牙:
// fresh41). `opens_a_predicate(p, n)` says whether the n characters at p are a verb, an adverb or
// a preposition. Where the object is followed by anything else (a particle, a place, a number:
// 把牙的, 把牙后, 智齿把牙多少钱) or by the sentence's edge, no predicate completes it, and 拔牙 may well
// have been meant.
// Two characters right after 把, a one-character object and the verb (把牙洗松: 牙洗 is no 牙线), are no
// word either; a longer stretch there may still be one (把发言单拍给我: 化验单).
template <class Predicate>
bool in_ba_construction(const std::vector<char32_t>& cps, std::size_t b, std::size_t e, std::size_t run_end,
                        const Predicate& opens_a_predicate) {
    if (b > 0 && cps[b - 1] == U'把' && e == b + 2) {
        for (std::size_t n = 1; n <= 4 && b + 1 + n <= run_end; ++n)
            if (opens_a_predicate(b + 1, n)) return true;
        return false;
    }
    if (cps[b] != U'把') return false;
    for (std::size_t n = 1; n <= 4 && b + 2 + n <= run_end; ++n)
        if (opens_a_predicate(b + 2, n)) return true;
    return false;
}

// The greetings and titles that follow a name (帕提古丽您好, 欧阳女士, 郑医生: a clinic's titles were
// added in session 34 after 是郑医生 was "corrected"; over all 64 splits nothing else changed).
constexpr std::u32string_view after_names[] = {U"您好", U"你好", U"女士", U"先生", U"小姐", U"同学", U"阿姨",
                                               U"医生", U"主任", U"大夫", U"护士", U"老师"};

// Where a greeting or title after a name starts at `b`, its length: written as such, it is never
// corrected (柳女士 is no 柳如是, a name the model knows better than the surname and the title).
std::size_t title_at(const std::vector<char32_t>& cps, std::size_t b) {
    std::u32string_view rest(cps.data() + b, cps.size() - b);  // contiguous: a view over the vector
    for (auto w : after_names)
        if (rest.starts_with(w)) return w.size();
    return 0;
}

// A stretch right before a place word (天隆寺站, 软件大道, 乌鲁木齐市) or before the greeting or
// title that follows a name (帕提古丽您好, 欧阳女士): a name, which the model does not hold and
// which a homophone word (天龙寺, 鼓励) would always beat. A consultant copies names and places as
// the visitor or the map wrote them; they are not the IME's words.
// A clinic's branch is named by its district (湖里院区, 未央分院, 思明门诊部, or a bare 湖里院): the same.
bool before_a_name_marker(const std::vector<char32_t>& cps, std::size_t e) {
    constexpr std::u32string_view places = U"站路街道巷镇村市县区省寺桥院";
    constexpr std::u32string_view branches[] = {U"院区", U"分院", U"院部", U"门诊部", U"分店", U"门店", U"校区"};
    if (e >= cps.size()) return false;
    if (places.find(cps[e]) != std::u32string_view::npos) return true;
    std::u32string_view rest(cps.data() + e, cps.size() - e);
    for (auto w : branches)
        if (rest.starts_with(w)) return true;
    return title_at(cps, e) > 0;
}

bool is_digit(char32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); }

// A digit or a Latin letter (ASCII or full-width) next to a run of Chinese characters: the run
// goes on past it within the sentence ("4岁到换牙", "做HPV疫苗"), so the run's edge is no
// sentence edge.
bool is_alnum(char32_t cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

// 约 before a number (环约1200元, 每次约两小时) is yuē, "about": its reading yāo makes 环约 a
// homophone of 换药, but a stretch ending in the 约 of a quantity is no slip for a word (fresh52).
bool ends_in_about(const std::vector<char32_t>& cps, std::size_t e) {
    constexpr std::u32string_view numerals = U"零一二三四五六七八九十百千万两几半";
    return e < cps.size() && cps[e - 1] == U'约' &&
           (is_digit(cps[e]) || numerals.find(cps[e]) != std::u32string_view::npos);
}

// 先 closing a sentence (洗个牙先, 你等下先, 问下医生先啦): the postposed "first" of southwestern Mandarin and
// Cantonese, no part of a word with what goes before it (牙先 read as 牙线: fresh59 gz039).
bool ends_in_postposed_first(const std::vector<char32_t>& cps, std::size_t e, std::size_t run_end) {
    constexpr std::u32string_view particles = U"啦嘛哈啊吧了咯喔哦呀";
    if (cps[e - 1] != U'先') return false;
    while (e < run_end && particles.find(cps[e]) != std::u32string_view::npos) ++e;
    return e == run_end && (e == cps.size() || !is_alnum(cps[e]));  // 原先3天: the sentence goes on
}

}  // namespace

struct libime_checker::model {
    ime_settings settings;
    // The pinyin dictionary's words of 2 to 4 characters, keyed as in libime
    // ("<encoded pinyin>!<hanzi>", 2 bytes a syllable), each valued with its log10 unigram
    // probability in the model (unknown_word if the model does not know it), plus the clinic
    // words: one prefix search gives a span's homophones and how likely each is by itself.
    libime::DATrie<float> homophones;
    static constexpr float unknown_word = -100.f;
    static constexpr float clinic_word = 0.f;
    libime::LanguageModel lm;
    // Each character's readings, encoded the way the dictionary keys words (2 bytes a syllable).
    std::unordered_map<char32_t, std::vector<std::array<char, 2>>> readings;
    std::unordered_map<char32_t, std::vector<std::array<char, 2>>> common_readings;  // without the rare ones
    // Characters the simplified Mandarin model cannot judge a run holding: those written only in
    // traditional script (OpenCC t2s changes them: every traditional word would "correct" to its
    // simplified form), Cantonese-only ones (瞓, 咗, 嘅: 晚瞓 would "correct" to 晚睡) and those the
    // model does not know at all (睪 of 睪酮, a variant of 睾).
    std::unordered_set<char32_t> unmodelled;
    // Of those, the ones that say the message is written in traditional script or Cantonese (not
    // the characters the model merely lacks). A message holding a Cantonese one is not judged at
    // all, not even its runs without one (要隔 in 如果係第一次打，要隔4個星期 is Cantonese
    // written beside them: 咬合 would read better to a Mandarin model); one in traditional script
    // is judged as its simplified form.
    std::unordered_set<char32_t> other_script;
    // A message in traditional-script Mandarin is judged as its simplified form, place for place
    // (做事關嬰兒 is 做事关婴儿, 试管婴儿 misread): OpenCC's t2s, which converts by phrase (反覆 is
    // 反复, 覆蓋 stays 覆盖); where that changes the number of characters, each character written
    // only in traditional script whose simplified form is one character (simplified_of). s2t
    // writes a correction back in the message's script. OpenCC's converters are not documented as
    // thread-safe, so one converts at a time.
    std::unordered_map<char32_t, char32_t> simplified_of;
    using converter = std::unique_ptr<std::remove_pointer_t<opencc_t>, int (*)(opencc_t)>;
    converter t2s{nullptr, opencc_close}, s2t{nullptr, opencc_close};
    mutable std::mutex opencc_lock;
    std::string convert(const converter& c, std::string_view text) const {
        std::lock_guard<std::mutex> hold(opencc_lock);
        char* out = opencc_convert_utf8(c.get(), text.data(), text.size());
        if (!out) return std::string(text);
        std::string s(out);
        opencc_convert_utf8_free(out);
        return s;
    }
    word_set clinic;  // favoured, never flagged
    // Clinic words of some departments only (an ime_words.txt section such as [口腔]): never
    // flagged where written, in any conversation, but favoured as corrections only in a
    // conversation of one of those departments, or of none. A dental chat means 咬合 by yao he; a
    // gynaecology one that asks for a photo of the 药盒 (the pill box) does not.
    std::unordered_map<std::string, std::vector<std::string>, text_hash, std::equal_to<>> departments_of;
    // Proper names the model does not know (python3-jieba's nr/ns/nt/nz words: 次仁多吉,
    // 扎西德勒): never flagged, their characters otherwise read as a run of rare words.
    word_set names;
    // Every proper name of that dictionary (known to the model or not): never offered as a
    // correction (阜新 for the 呋辛 of 头孢呋辛).
    word_set proper_names;
    // The long medical list (medical_terms.txt) as written: never flagged by another word, but a
    // stretch holding one may still be corrected into a clinic word (人参, a herb, inside
    // 生化人参 for 生化妊娠: the clinic word says what was meant).
    word_set protected_terms;
    // The same dictionary's verbs, adverbs and prepositions (tags v, vd, vg, vi, d, ad, p: 劈开,
    // 吃, 都, 给): what follows the object of 把 when the construction goes on.
    word_set predicate_heads;
    std::size_t longest = 0;  // of the words in `clinic` and `names`, in characters
    // The first two (and three) characters of every word above: most stretches of a window are
    // no word, and this answers so without asking the model (whose lookup costs ~100 ns).
    key_set prefixes;
    // The first two characters of every clinic word, and of every word kept as written (clinic
    // words, names, protected terms): a stretch whose first two characters are in neither is no
    // such word, whatever follows, so the checks that look for them stop there.
    key_set clinic_prefixes, kept_prefixes;
    // The clinic words' pinyin by their initials: what an abbreviated (简拼) slip may have meant; and
    // the likeliest word of the whole dictionary per initials: what such a slip shows.
    abbreviation_index clinic_abbreviations;
    // Clinic words with one inner character left out (前列炎 → 前列腺炎: skipped_character.hpp), and
    // the first two characters of each such form.
    std::unordered_map<std::string, shortened_form, text_hash, std::equal_to<>> shortened;
    key_set shortened_prefixes;
    std::size_t longest_shortened = 0;
    // Tells this model's remembered scores from another's (a reload may reuse the address).
    const std::uint64_t generation = next_generation();
    static std::uint64_t next_generation() {
        static std::atomic<std::uint64_t> n{0};
        return ++n;
    }

    static std::uint64_t prefix_key(std::string_view w, std::size_t n) {
        std::uint64_t key = n == 3 ? 1ull << 63 : 0;
        std::size_t pos = 0;
        for (std::size_t i = 0; i < n && pos < w.size(); ++i) key = key << 21 | next_code_point(w, pos);
        return key;
    }
    void add_prefixes(std::string_view w) {
        prefixes.insert(prefix_key(w, 2));
        if (utf8_length(w) >= 3) prefixes.insert(prefix_key(w, 3));
    }
    // The state after a numeral: a run that follows digits ("4岁到换牙") goes on from a number,
    // which the model only knows in Chinese numerals (四岁).
    libime::State after_number;
    explicit model(const ime_settings& s) : settings(s), lm(s.model.c_str()) {
        libime::WordNode node("几", lm.index("几"));
        lm.score(lm.nullState(), node, after_number);
    }

    // Every pinyin (encoded) the word can be typed with, at most max_readings of them; none if a
    // character has no reading.
    // 了 ending a stretch after anything but 不 or 得 (直了, 纸了, 好了) is the particle le: read as
    // liao (了解), 直了 would be a homophone of 治疗. After 不 or 得 (受不了, 得了) it is liao.
    std::array<char, 2> le{};
    std::vector<std::string> codes_of(std::string_view w, bool common_only = false) const {
        const auto& table = common_only ? common_readings : readings;
        std::vector<std::string> codes{std::string()}, next;
        char32_t before = 0;
        for (std::size_t pos = 0; pos < w.size();) {
            const char32_t cp = next_code_point(w, pos);
            auto r = table.find(cp);
            if (r == table.end()) return {};
            next.clear();
            const bool particle = cp == U'了' && pos == w.size() && before != 0 && before != U'不' && before != U'得';
            for (auto& c : codes)
                for (auto& syl : r->second)
                    if (next.size() < max_readings && (!particle || syl == le)) next.push_back(c + std::string(syl.data(), 2));
            codes.swap(next);
            before = cp;
        }
        return codes;
    }

    // A clinic word (or lexicon term) as written: kept, never flagged, whatever the department.
    bool is_clinic(std::string_view w, const word_set& lex_terms) const {
        return clinic.count(w) || lex_terms.count(w);
    }
    // ... and favoured, as a correction and in the scoring, in a conversation of `department`.
    bool favours(std::string_view w, const word_set& lex_terms, std::string_view department) const {
        if (lex_terms.count(w)) return true;
        if (!clinic.count(w)) return false;
        if (department.empty()) return true;
        auto it = departments_of.find(w);
        return it == departments_of.end() ||
               std::find(it->second.begin(), it->second.end(), department) != it->second.end();
    }

    struct word_info {
        libime::WordIndex idx;
        bool known, favoured;
        // No word starts with these first two (or three) characters: nor with any longer stretch
        // from the same place, so a caller trying longer ones can stop.
        bool dead_end = false;
    };
    word_info lookup(std::string_view w, std::size_t len, std::size_t longest, const word_set& lex_terms,
                     const key_set& lex_prefixes, std::string_view department) const {
        word_info r{lm.unknown(), false, false};
        // Most stretches are no word: their first two (three) characters start none.
        std::uint64_t k2 = 0;
        if (len >= 2) {
            k2 = prefix_key(w, 2);
            bool may = (prefixes.count(k2) || lex_prefixes.count(k2));
            if (may && len >= 3) {
                auto k3 = prefix_key(w, 3);
                may = prefixes.count(k3) || lex_prefixes.count(k3);
            }
            if (!may) {
                r.dead_end = true;
                return r;
            }
        }
        if (len <= max_model_word) {
            r.idx = lm.index(w);
            r.known = !lm.isUnknown(r.idx, w);
        }
        r.favoured = len > 1 && len <= longest && (clinic_prefixes.count(k2) || lex_prefixes.count(k2)) &&
                     favours(w, lex_terms, department);
        return r;
    }

    // lm.score(in, word, out), remembered per thread: the windows around neighbouring spans and
    // the alternatives of one span score the same (state, word) pairs again and again, and a
    // trigram lookup in the 20 MB model costs cache misses. The score and the next state depend
    // only on the state and the word's index (libime's LanguageModel::score), so a remembered
    // pair gives exactly what the model would.
    float score(const libime::State& in, libime::WordIndex idx, libime::State& out) const {
        struct slot {
            libime::State in, out;
            libime::WordIndex idx;
            float score;
            std::uint64_t generation;  // 0: empty
        };
        constexpr std::size_t slots = 16384;  // direct-mapped: a collision replaces
        thread_local std::vector<slot> memo(slots, slot{{}, {}, 0, 0.f, 0});
        std::uint64_t words[4] = {0, 0, 0, 0};
        static_assert(sizeof(libime::State) <= sizeof(words));
        std::memcpy(words, in.data(), in.size());
        std::uint64_t h = idx * 0x9E3779B97F4A7C15ull;
        for (auto w : words) h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
        auto& s = memo[h & (slots - 1)];
        if (s.generation == generation && s.idx == idx && s.in == in) {
            out = s.out;
            return s.score;
        }
        thread_local libime::WordNode node({}, 0);  // the model scores by index only
        node.setIdx(idx);
        float r = lm.score(in, node, out);
        s = slot{in, out, idx, r, generation};
        return r;
    }

    // Where each character's word starts and ends in the likeliest cutting of a stretch into words
    // scored by themselves (unigram log10 probabilities; clinic words favoured as in best_score).
    // `info(p, len)` says what the stretch's characters [p, p + len) are as a word; `word_begin` and
    // `word_end` receive, for each position, the edges of the word holding it.
    template <class Info>
    void likeliest_words(std::size_t m, std::size_t longest, Info&& info, std::vector<std::size_t>& word_begin,
                         std::vector<std::size_t>& word_end) const {
        thread_local std::vector<float> best;
        thread_local std::vector<std::size_t> from;
        best.assign(m + 1, -1e30f);
        from.assign(m + 1, 0);
        best[0] = 0;
        const std::size_t longest_word = std::max(longest, max_model_word);
        libime::State ignored;
        for (std::size_t p = 0; p < m; ++p)
            for (std::size_t len = 1; len <= longest_word && p + len <= m; ++len) {
                word_info w = info(p, len);
                if (w.dead_end) break;
                if (!w.known && !w.favoured && len > 1) continue;
                float s = !w.known && w.favoured
                              ? static_cast<float>(settings.clinic_unknown_word + settings.clinic_bonus)
                              : score(lm.nullState(), w.idx, ignored) +
                                    (w.favoured ? static_cast<float>(settings.clinic_bonus) : 0.f);
                if (best[p] + s > best[p + len]) {
                    best[p + len] = best[p] + s;
                    from[p + len] = p;
                }
            }
        word_begin.assign(m, 0);
        word_end.assign(m, 0);
        for (std::size_t e = m; e > 0;) {
            std::size_t b = from[e];
            for (std::size_t k = b; k < e; ++k) {
                word_begin[k] = b;
                word_end[k] = e;
            }
            e = b;
        }
    }

    struct entry {
        float score;
        libime::State state;
    };
    // The segmentations kept at each position of a window.
    using beam_table = std::vector<std::vector<entry>>;

    // The best segmentation's log10 probability of a window of `m` characters: words of the
    // model (and clinic words), a small beam of trigram states per position. `info(p, len)` says
    // what the window's characters [p, p + len) are as a word. `beams` is left holding every
    // position's beam.
    //
    // With `same_before`, the beams of a window whose characters before position `fixed` (and
    // the start) are the same as this one's: positions up to `fixed` are taken from it, and only
    // the words reaching past `fixed` are scored from the positions before it. Each beam then
    // receives the same offers in the same order as from scratch, so the result is identical.
    template <class Info>
    float best_score(std::size_t m, const libime::State& start, bool ends_sentence, std::size_t longest, Info&& info,
                     beam_table& beams, const beam_table* same_before = nullptr, std::size_t fixed = 0) const {
        beams.resize(std::max(beams.size(), m + 1));
        if (same_before) {
            for (std::size_t i = 0; i <= m; ++i) {
                if (i <= fixed) beams[i] = (*same_before)[i];
                else beams[i].clear();
            }
        } else {
            fixed = 0;
            for (std::size_t i = 0; i <= m; ++i) beams[i].clear();
            beams[0].push_back({0.f, start});
        }
        auto offer = [](std::vector<entry>& b, const entry& e) {
            if (b.size() < beam) return b.push_back(e);
            auto worst = std::min_element(b.begin(), b.end(), [](auto& x, auto& y) { return x.score < y.score; });
            if (worst->score < e.score) *worst = e;
        };
        const std::size_t longest_word = std::max(longest, max_model_word);
        for (std::size_t p = 0; p < m; ++p) {
            if (beams[p].empty()) continue;
            for (std::size_t len = 1; len <= longest_word && p + len <= m; ++len) {
                if (p + len <= fixed) continue;  // already in same_before's beams
                word_info w = info(p, len);
                if (w.dead_end) break;  // and every longer stretch from p: none is a word
                if (!w.known && !w.favoured && len > 1) continue;
                for (const auto& e : beams[p]) {
                    entry next{};
                    if (!w.known && w.favoured) {
                        next.score = e.score + static_cast<float>(settings.clinic_unknown_word + settings.clinic_bonus);
                        next.state = lm.nullState();
                    } else {
                        next.score = e.score + score(e.state, w.idx, next.state);
                        if (w.favoured) next.score += static_cast<float>(settings.clinic_bonus);
                    }
                    offer(beams[p + len], next);
                }
            }
        }
        float best = -1e30f;
        for (const auto& e : beams[m]) {
            float s = e.score;
            if (ends_sentence) {
                libime::State out{};
                s += score(e.state, lm.endSentence(), out);
            }
            best = std::max(best, s);
        }
        return best;
    }
};

libime_checker::libime_checker(std::unique_ptr<model> m) : m_(std::move(m)) {}
libime_checker::~libime_checker() = default;

std::unique_ptr<libime_checker> libime_checker::load(const ime_settings& settings,
                                                     std::vector<clinic_word> clinic_words, std::string& error,
                                                     const std::vector<std::string>& protected_words) {
    for (const auto& f : {settings.dictionary, settings.model})
        if (!std::filesystem::is_regular_file(f)) {
            error = f + ": missing (Debian packages libime-data, libime-data-language-model)";
            return nullptr;
        }
    try {
        auto m = std::make_unique<model>(settings);
        libime::PinyinDictionary dictionary;
        dictionary.load(libime::PinyinDictionary::SystemDict, settings.dictionary.c_str(),
                        libime::PinyinDictFormat::Binary);
        // Keys are "<encoded pinyin>!<hanzi>"; single characters give each character's readings.
        const auto* trie = dictionary.trie(libime::PinyinDictionary::SystemDict);
        std::string key;
        std::unordered_map<char32_t, std::vector<std::pair<std::array<char, 2>, float>>> all_readings;
        // The pinyin the dictionary gives a clinic word it knows: the syllables an IME shows it for. Its
        // characters' rare readings would add readings the word never has (单 as shan, a surname: 报告单
        // looked for behind 报告上, shang one fuzzy pair away).
        struct text_hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
        };
        std::unordered_map<std::string, std::vector<std::string>, text_hash, std::equal_to<>> dictionary_codes;
        for (auto& c : clinic_words) dictionary_codes.try_emplace(c.word);
        trie->foreach([&](float likelihood, std::size_t len, libime::DATrie<float>::position_type pos) {
            trie->suffix(key, len, pos);
            auto sep = key.find('!');
            if (sep == std::string::npos) return true;
            std::string_view hanzi = std::string_view(key).substr(sep + 1);
            std::size_t chars = utf8_length(hanzi);
            if (chars >= 2)
                if (auto it = dictionary_codes.find(hanzi); it != dictionary_codes.end())
                    it->second.push_back(key.substr(0, sep));
            if (chars >= 2 && chars <= max_span) {
                auto idx = m->lm.index(hanzi);
                bool known = !m->lm.isUnknown(idx, hanzi);
                m->homophones.set(key, known ? m->lm.singleWordScore(hanzi) : model::unknown_word);
                if (known) {
                    m->add_prefixes(hanzi);
                    m->clinic_abbreviations.note_word(std::string_view(key).substr(0, sep), m->lm.singleWordScore(hanzi));
                }
            }
            if (sep != 2 || chars != 1) return true;  // one syllable: two bytes
            std::size_t at = 0;
            char32_t cp = next_code_point(hanzi, at);
            auto& r = all_readings[cp];
            std::array<char, 2> code{key[0], key[1]};
            if (std::none_of(r.begin(), r.end(), [&](auto& x) { return x.first == code; })) r.emplace_back(code, likelihood);
            return true;
        });
        // A character's rare readings (合 as ge, 和 as hu: log10 likelihood under rare_reading) are
        // kept apart: a slip one fuzzy pair away is not looked for from one (和查 is none for
        // 复查). Its likeliest reading is common whatever its likelihood.
        for (auto& [cp, r] : all_readings) {
            float best = -1e9f;
            for (auto& x : r) best = std::max(best, x.second);
            for (auto& x : r) {
                m->readings[cp].push_back(x.first);
                if (x.second >= rare_reading || x.second == best) m->common_readings[cp].push_back(x.first);
            }
        }
        if (auto le = libime::PinyinEncoder::encodeFullPinyin("le"); le.size() == 2) m->le = {le[0], le[1]};
        opencc_t t2s = opencc_open("t2s.json");
        if (t2s == reinterpret_cast<opencc_t>(-1)) {
            error = "cannot open OpenCC t2s.json";
            return nullptr;
        }
        for (auto& [cp, r] : m->readings) {
            std::string c;
            append_utf8(c, cp);
            char* simplified = opencc_convert_utf8(t2s, c.data(), c.size());
            if (simplified && c != simplified) {
                m->unmodelled.insert(cp);
                m->other_script.insert(cp);
                std::string_view one(simplified);
                std::size_t at = 0;
                char32_t to = next_code_point(one, at);
                if (at == one.size()) m->simplified_of.emplace(cp, to);
            }
            if (m->lm.isUnknown(m->lm.index(c), c)) m->unmodelled.insert(cp);
            opencc_convert_utf8_free(simplified);
        }
        m->t2s.reset(t2s);
        opencc_t s2t = opencc_open("s2t.json");
        if (s2t == reinterpret_cast<opencc_t>(-1)) {
            error = "cannot open OpenCC s2t.json";
            return nullptr;
        }
        m->s2t.reset(s2t);
        for (std::size_t pos = 0; pos < cantonese_only.size();) {
            auto cp = next_code_point(cantonese_only, pos);
            m->unmodelled.insert(cp);
            m->other_script.insert(cp);
        }
        for (auto& [w, departments] : clinic_words) {
            m->longest = std::max(m->longest, utf8_length(w));
            // A word the dictionary knows: its pinyin there and its characters' common readings (抽血 as
            // chou xie, as it is said); one the dictionary lacks (a drug, a coined term): every reading. Its
            // initials (简拼) come from the common readings and the dictionary's, never the rare ones.
            auto common = m->codes_of(w, true);
            const auto& known = dictionary_codes.find(w)->second;
            for (auto& code : known)
                if (std::find(common.begin(), common.end(), code) == common.end()) common.push_back(code);
            for (auto& code : known.empty() ? m->codes_of(w) : common) m->homophones.set(code + "!" + w, model::clinic_word);
            m->add_prefixes(w);
            m->clinic_prefixes.insert(model::prefix_key(w, 2));
            if (utf8_length(w) >= 2 && utf8_length(w) <= max_span)
                for (auto& code : common) m->clinic_abbreviations.add(code);
            m->kept_prefixes.insert(model::prefix_key(w, 2));
            // A word listed in several sections is favoured in each of their departments; in an
            // unscoped section (before any [..] or under [*]) in all.
            if (!m->clinic.count(w) && !departments.empty()) m->departments_of[w] = departments;
            else if (auto it = m->departments_of.find(w); it != m->departments_of.end()) {
                if (departments.empty()) m->departments_of.erase(it);
                else it->second.insert(it->second.end(), departments.begin(), departments.end());
            }
            m->clinic.insert(std::move(w));
        }
        // "word freq tag" lines; a missing file only loses the names and the 把 construction.
        std::ifstream names(settings.names);
        for (std::string word, freq, tag; names >> word >> freq >> tag;) {
            if (tag == "v" || tag == "vd" || tag == "vg" || tag == "vi" || tag == "d" || tag == "ad" || tag == "p") {
                if (utf8_length(word) <= 4) m->predicate_heads.insert(word);
                continue;
            }
            if (tag.size() < 2 || tag[0] != 'n' || !(tag[1] == 'r' || tag[1] == 's' || tag[1] == 't' || tag[1] == 'z'))
                continue;
            auto n = utf8_length(word);
            if (n >= 2 && n <= 4) m->proper_names.insert(word);
            if (n < 2 || n > 6 || !m->lm.isUnknown(m->lm.index(word), word)) continue;
            m->longest = std::max(m->longest, n);
            m->add_prefixes(word);
            m->kept_prefixes.insert(model::prefix_key(word, 2));
            m->names.insert(std::move(word));
        }
        // Medical terms as written (头孢呋辛): never flagged, like the names, and not favoured.
        for (auto& word : protected_words) {
            auto n = utf8_length(word);
            if (n < 2 || n > 8 || m->clinic.count(word)) continue;
            m->longest = std::max(m->longest, n);
            m->add_prefixes(word);
            m->kept_prefixes.insert(model::prefix_key(word, 2));
            m->protected_terms.insert(word);
        }
        {
            std::vector<std::string> words(m->clinic.begin(), m->clinic.end());
            auto is_word = [&](std::string_view w) {
                if (m->clinic.count(w) || m->protected_terms.count(w) || m->proper_names.count(w)) return true;
                return utf8_length(w) <= max_model_word && !m->lm.isUnknown(m->lm.index(w), w);
            };
            for (auto& [form, meant] : shortened_forms(words, is_word)) {
                m->shortened_prefixes.insert(model::prefix_key(form, 2));
                m->longest_shortened = std::max(m->longest_shortened, utf8_length(form));
                m->shortened.emplace(form, meant);
            }
        }
        return std::unique_ptr<libime_checker>(new libime_checker(std::move(m)));
    } catch (const std::exception& e) {
        error = std::string("libime: ") + e.what();
        return nullptr;
    }
}

std::vector<finding> libime_checker::check(std::string_view text, const lexicon& lex, std::string_view department,
                                           std::string_view visitor_said, bool* reads_visitor) const {
    std::vector<finding> out;
    bool read_visitor = false;  // whether a near miss looked at the visitor's words
    if (reads_visitor) *reads_visitor = false;
    const model& m = *m_;
    // The lexicon's protected terms as a set, rebuilt only when the lexicon changes.
    thread_local const lexicon* terms_of = nullptr;
    thread_local word_set lex_terms;
    thread_local std::size_t lex_longest = 0;
    thread_local key_set lex_prefixes;
    // A span's alternatives, remembered while the model and the lexicon stay the same (bounded).
    struct alternative {
        std::string text;
        // 0 for a homophone; for a clinic word one fuzzy pinyin pair, one nine-key or one adjacent-key
        // syllable away (a near slip, not a homophone), the margin that slip adds.
        float near = 0;
        // A slip of the keys (nine-key, adjacent-key): what was written must be a word the IME offers.
        bool keyed = false;
    };
    struct offer {
        std::vector<alternative> alternatives;
        bool common = false;  // what was written is a common word
        bool word = false;    // what was written is a word of the model (one the IME offers)
    };
    thread_local std::unordered_map<std::string, offer, text_hash, std::equal_to<>> offered;
    thread_local std::uint64_t offered_by = 0;  // model generation
    if (offered_by != m.generation || terms_of != &lex || offered.size() > 100'000) {
        offered.clear();
        offered_by = m.generation;
    }
    if (terms_of != &lex) {
        lex_terms.clear();
        lex_prefixes.clear();
        lex_longest = 0;
        for (auto& t : lex.terms) {
            lex_terms.insert(t);
            lex_prefixes.insert(model::prefix_key(t, 2));
            if (utf8_length(t) >= 3) lex_prefixes.insert(model::prefix_key(t, 3));
            lex_longest = std::max(lex_longest, utf8_length(t));
        }
        terms_of = &lex;
    }
    const std::size_t longest = std::max(m.longest, lex_longest);
    std::vector<std::string_view> chars;
    std::vector<char32_t> cps;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t at = pos;
        cps.push_back(next_code_point(text, pos));
        chars.push_back(text.substr(at, pos - at));
    }
    // A message in Cantonese is not judged by the Mandarin model, not even where a run of it holds
    // no Cantonese-only character or word. One in traditional-script Mandarin (two characters
    // written only in that script: one alone may be a name or a quote) is judged as its
    // simplified form.
    std::size_t traditional = 0;
    for (std::size_t i = 0; i < cps.size(); ++i)
        if (m.other_script.count(cps[i])) {
            if (cantonese_only.find(chars[i]) != std::string_view::npos) return out;
            ++traditional;
        }
    // Judged once as simplified: a character whose simplified form is two (kept as written) leaves
    // the converted text still traditional, and it is then not judged again.
    thread_local bool converted = false;
    if (traditional >= 2) {
        if (converted || cantonese_words(text)) return out;
        converted = true;
        try {
            out = check_traditional(chars, lex, department, visitor_said, reads_visitor);
        } catch (...) {
            converted = false;
            throw;
        }
        converted = false;
        return out;
    }
    // The bytes of chars [i, j), a view into the text.
    auto slice = [&](const std::vector<std::string_view>& cs, std::size_t i, std::size_t j) {
        return std::string_view(cs[i].data(), static_cast<std::size_t>(cs[j - 1].data() + cs[j - 1].size() - cs[i].data()));
    };
    // Characters inside a clinic word or a name as written: never flagged. Inside a protected
    // term (medical_terms.txt): flagged only by a correction that makes a clinic word.
    std::vector<char> kept_as_written(cps.size(), 0);
    // Of those, characters inside a name only (kept_as_written is `in_name` there), and the name's
    // edges: a name the model lacks may be part of a clinic word slipped by one character.
    constexpr char in_name = 2;
    std::vector<std::pair<std::size_t, std::size_t>> name_edges(cps.size());
    std::vector<char> protected_here(cps.size(), 0);
    std::vector<char> clinic_here(cps.size(), 0);  // inside a clinic word as written: context
    // Inside quotation or title marks (公众号“健康之家门诊”, 《孕期指南》): a name or someone's words,
    // where no near slip (fuzzy, keyed, abbreviated) is looked for: 之家 is no abbreviation of 专家.
    std::vector<char> quoted(cps.size(), 0);
    for (std::size_t i = 0, open = 0; i < cps.size(); ++i) {
        const char32_t cp = cps[i];
        if (cp == U'“' || cp == U'「' || cp == U'《' || cp == U'『') open = i + 1;
        else if (open && (cp == U'”' || cp == U'」' || cp == U'》' || cp == U'』')) {
            std::fill(quoted.begin() + static_cast<std::ptrdiff_t>(open), quoted.begin() + static_cast<std::ptrdiff_t>(i), 1);
            open = 0;
        }
    }
    // Could a word of two or more characters starting with these two be a clinic word (or a
    // lexicon term)? If not, no need to ask the word sets about any of them.
    auto may_be_clinic = [&](std::uint64_t first_two) {
        return m.clinic_prefixes.count(first_two) || lex_prefixes.count(first_two);
    };
    auto first_two = [](char32_t a, char32_t b) { return static_cast<std::uint64_t>(a) << 21 | b; };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        // A clinic word that starts with Latin letters (B超, X光片, CT室): its Chinese part, written
        // after them, is kept (超室 of B超室 is no 超市).
        if (i + 1 < cps.size() && is_alnum(cps[i]) && !is_digit(cps[i]) && is_han(cps[i + 1])) {
            std::size_t from = i;
            while (from > 0 && is_alnum(cps[from - 1]) && !is_digit(cps[from - 1]) && i - from < 4) --from;
            for (std::size_t n = 1; n <= longest && i + 1 + n <= cps.size() && is_han(cps[i + n]); ++n) {
                auto w = slice(chars, from, i + 1 + n);
                if (m.is_clinic(w, lex_terms) || m.protected_terms.count(w))
                    std::fill(kept_as_written.begin() + static_cast<std::ptrdiff_t>(i + 1),
                              kept_as_written.begin() + static_cast<std::ptrdiff_t>(i + 1 + n), 1);
            }
        }
        if (std::size_t n = title_at(cps, i))
            std::fill(kept_as_written.begin() + static_cast<std::ptrdiff_t>(i),
                      kept_as_written.begin() + static_cast<std::ptrdiff_t>(i + n), 1);
        if (!is_han(cps[i]) || i + 1 >= cps.size()) continue;
        auto key = first_two(cps[i], cps[i + 1]);
        bool maybe_clinic = may_be_clinic(key);
        if (!maybe_clinic && !m.kept_prefixes.count(key)) continue;  // no word kept as written starts here
        for (std::size_t n = 2; n <= longest && i + n <= cps.size() && is_han(cps[i + n - 1]); ++n) {
            auto w = slice(chars, i, i + n);
            bool clinic = maybe_clinic && m.is_clinic(w, lex_terms);
            if (clinic)
                std::fill(kept_as_written.begin() + static_cast<std::ptrdiff_t>(i),
                          kept_as_written.begin() + static_cast<std::ptrdiff_t>(i + n), 1);
            else if (m.names.count(w))
                for (std::size_t k = i; k < i + n; ++k) {
                    if (kept_as_written[k] == 1) continue;
                    if (kept_as_written[k] == in_name)  // overlapping names: the stretch of both
                        name_edges[k] = {std::min(name_edges[k].first, i), std::max(name_edges[k].second, i + n)};
                    else
                        name_edges[k] = {i, i + n};
                    kept_as_written[k] = in_name;
                }
            else if (m.protected_terms.count(w))
                std::fill(protected_here.begin() + static_cast<std::ptrdiff_t>(i),
                          protected_here.begin() + static_cast<std::ptrdiff_t>(i + n), 1);
            if (clinic)
                std::fill(clinic_here.begin() + static_cast<std::ptrdiff_t>(i),
                          clinic_here.begin() + static_cast<std::ptrdiff_t>(i + n), 1);
        }
    }

    struct flagged {
        std::size_t begin, end;
        std::string correction;
        float excess;
        bool clinic;  // the correction makes a clinic word
    };
    std::vector<flagged> hits;
    std::vector<std::string_view> window, changed, alt_chars;
    std::vector<model::word_info> run_info;
    std::vector<std::size_t> word_begin, word_end;  // per character of a run: its likeliest word
    // The run's windows scored as written, by (begin, end): their score, and their beams, from
    // which each alternative's scoring starts at the span (what precedes it is the same).
    struct scored_window {
        float score;
        model::beam_table beams;
    };
    thread_local std::vector<scored_window> windows;
    thread_local std::unordered_map<std::size_t, std::size_t> window_at;  // key -> index in windows
    thread_local model::beam_table scratch;
    std::string hz, w;
    std::vector<std::pair<float, std::string>> ranked;
    std::vector<alternative> near_ranked;  // clinic words of near slips, with their margin
    std::string written, offer_key;
    for (std::size_t run = 0; run < cps.size();) {
        if (!is_han(cps[run])) {
            ++run;
            continue;
        }
        std::size_t run_end = run;
        bool unmodelled = false;
        while (run_end < cps.size() && is_han(cps[run_end])) unmodelled |= m.unmodelled.count(cps[run_end++]) > 0;
        if (unmodelled) {
            run = run_end;
            continue;
        }
        // What every stretch of the run is as a word, looked up once for all its windows.
        const std::size_t longest_word = std::max(longest, max_model_word);
        run_info.assign((run_end - run) * longest_word, {});
        for (std::size_t i = run; i < run_end; ++i)
            for (std::size_t n = 1; n <= longest_word && i + n <= run_end; ++n) {
                auto& info = run_info[(i - run) * longest_word + n - 1];
                // After a dead end every longer stretch is one too (see word_info).
                info = n > 2 && run_info[(i - run) * longest_word + n - 2].dead_end
                           ? run_info[(i - run) * longest_word + n - 2]
                           : m.lookup(slice(chars, i, i + n), n, longest, lex_terms, lex_prefixes, department);
            }
        // The run cut into its likeliest words as written. The IME puts whole words on the screen,
        // so its slips are words (or characters) that sit between the words around them: a
        // stretch whose edge falls inside such a word (出方 of 出|方案) is no slip, whatever a
        // homophone of it (处方) would make. Only words the model knows cut: 留观 is a clinic word.
        m.likeliest_words(run_end - run, longest,
                          [&](std::size_t p, std::size_t n) { return run_info[p * longest_word + n - 1]; },
                          word_begin, word_end);
        // ... a word common enough that the IME would have shown it whole (方案, not 加长 of 胃镜加长镜,
        // where the slip 长 for 肠 happens to make a rarer word with the character before it).
        auto common_word = [&](std::size_t p, std::size_t n) {
            if (n < 2) return false;
            const auto& info = run_info[p * longest_word + n - 1];
            libime::State ignored;
            return info.known && m.score(m.lm.nullState(), info.idx, ignored) > m.settings.cut_word;
        };
        auto cuts_a_common_word = [&](std::size_t b, std::size_t e) {
            return (word_begin[b] < b && common_word(word_begin[b], word_end[b] - word_begin[b])) ||
                   (word_end[e - 1] > e && common_word(word_begin[e - 1], word_end[e - 1] - word_begin[e - 1]));
        };
        // ... nor one that changes part of a common word lying whole in the span and leaves no
        // word in its place: the IME showed that word whole for its syllables, so the writer saw
        // it and kept it (可以 of 可以治的 -> 可|移植). A slip swaps whole words: 一生 -> 医生 and
        // 引导 -> 阴道 stay corrections. (alt_chars: the correction being tried, per character.)
        std::string recut;
        auto recuts_a_written_word = [&](std::size_t b, std::size_t e) {
            for (std::size_t k = b; k < e;) {
                std::size_t p = word_begin[k - run] + run, q = word_end[k - run] + run;
                if (p >= b && q <= e && q - p >= 2 && common_word(p - run, q - p)) {
                    std::size_t kept = 0;
                    recut.clear();
                    for (std::size_t j = p; j < q; ++j) {
                        kept += alt_chars[j - b] == chars[j];
                        recut += alt_chars[j - b];
                    }
                    if (kept > 0 && kept < q - p &&
                        !m.lookup(recut, q - p, longest, lex_terms, lex_prefixes, department).known)
                        return true;
                }
                k = std::max(q, k + 1);
            }
            return false;
        };
        // Whether a word of 2 to 4 characters holding the corrected span (each of its characters
        // from char_at) is one the visitor wrote, and the same stretch as written is not.
        std::string echo, echo_written;
        auto echoes_the_visitor = [&](std::size_t b, std::size_t e, const auto& char_at) {
            if (visitor_said.empty()) return false;
            const std::size_t widest = std::max<std::size_t>(e - b, 4);
            for (std::size_t i = e >= run + widest ? e - widest : run; i <= b; ++i)
                for (std::size_t j = std::max(e, i + 2); j <= run_end && j - i <= widest; ++j) {
                    echo.clear();
                    echo_written.clear();
                    for (std::size_t k = i; k < j; ++k) {
                        echo += char_at(k);
                        echo_written += chars[k];
                    }
                    // A common word the visitor wrote (现在, 想要) says little of what was meant.
                    if (visitor_said.find(echo) != std::string_view::npos &&
                        visitor_said.find(echo_written) == std::string_view::npos &&
                        m.lookup(echo, j - i, longest, lex_terms, lex_prefixes, department).known &&
                        !(m.lm.singleWordScore(echo) > m.settings.common_word))
                        return true;
                }
            return false;
        };
        window_at.clear();
        for (std::size_t b = run; b < run_end; ++b) {
            for (std::size_t len = 2; len <= max_span && b + len <= run_end; ++len) {
                std::size_t e = b + len;
                // A stretch holding a word kept as written is no slip; one holding whole names only may
                // still be a clinic word slipped by one character (see below).
                bool holds_a_name = false, kept = false;
                for (std::size_t k = b; k < e && !kept; ++k) {
                    if (kept_as_written[k] == in_name) {
                        holds_a_name = true;
                        kept = name_edges[k].first < b || name_edges[k].second > e;
                    } else {
                        kept = kept_as_written[k] != 0;
                    }
                }
                if (kept) continue;
                if (cuts_a_common_word(b - run, e - run)) continue;
                if (len == 2 && grammatical_pair(cps[b], cps[b + 1])) continue;
                if (in_yue_yue(cps, b)) continue;
                if (in_v_yi_v(cps, b, e)) continue;
                if (ends_in_about(cps, e)) continue;
                if (ends_in_postposed_first(cps, e, run_end)) continue;
                if (in_ba_construction(cps, b, e, run_end, [&](std::size_t p, std::size_t n) {
                        return m.predicate_heads.count(slice(chars, p, p + n)) > 0;
                    }))
                    continue;
                if (before_a_name_marker(cps, e)) continue;
                // 氏 after a name (佩罗尼氏症, 抗穆勒氏管激素, 唐氏) belongs to it: no slip starts there.
                if (cps[b] == U'氏' && b > run) continue;
                const bool in_quotes = std::any_of(quoted.begin() + static_cast<std::ptrdiff_t>(b),
                                                   quoted.begin() + static_cast<std::ptrdiff_t>(e), [](char c) { return c; });
                const bool only_into_clinic = (len == 2 && negated_pair(cps[b])) ||
                                              std::any_of(protected_here.begin() + static_cast<std::ptrdiff_t>(b),
                                                          protected_here.begin() + static_cast<std::ptrdiff_t>(e),
                                                          [](char c) { return c; });
                written.assign(slice(chars, b, e));
                offer_key.assign(department).append("\x1f").append(written);  // its clinic words rank the offers
                // What the IME offered for the same syllables: words the model or the clinic
                // knows, the likeliest by themselves first, every clinic word among them.
                // Remembered per written span (for this model and lexicon): the same words come
                // back in message after message.
                auto [known_span, first_time] = offered.try_emplace(offer_key);
                offer& o = known_span->second;
                if (first_time) {
                    ranked.clear();
                    near_ranked.clear();
                    // `near` (> 0): the code is one fuzzy pair, one nine-key or one adjacent-key syllable
                    // away, and the margin such a slip adds; only clinic words are kept from it.
                    // `keyed`: a slip of the keys (nine-key, adjacent-key).
                    auto collect = [&](std::string code, float near, bool keyed) {
                        code += '!';
                        m.homophones.foreach(code, [&](float score, std::size_t n, libime::DATrie<float>::position_type pos) {
                            m.homophones.suffix(hz, n, pos);
                            std::size_t at = 0;
                            char32_t c0 = next_code_point(hz, at);
                            bool clinic = (at == hz.size() || may_be_clinic(first_two(c0, next_code_point(hz, at)))) &&
                                          m.is_clinic(hz, lex_terms);
                            // Another department's clinic word is offered as the model knows it.
                            if (clinic && !m.favours(hz, lex_terms, department)) {
                                clinic = false;
                                auto idx = m.lm.index(hz);
                                score = m.lm.isUnknown(idx, hz) ? model::unknown_word : m.lm.singleWordScore(hz);
                            }
                            // ... and of a near code, only clinic words the model knows: not the
                            // surnames ime_words.txt keeps as written (姓俞), which no slip aims at.
                            if (near > 0) {
                                if (clinic && hz != written && !m.lm.isUnknown(m.lm.index(hz), hz) &&
                                    std::none_of(near_ranked.begin(), near_ranked.end(), [&](auto& r) { return r.text == hz; }))
                                    near_ranked.push_back({hz, near, keyed});
                                return true;
                            }
                            // A proper name (a place, a person: 阜新 for the 呋辛 of 头孢呋辛) is not a
                            // correction a clinic's consultant meant; the model would still prefer it.
                            if (!clinic && m.proper_names.count(hz)) return true;
                            if (clinic) score = model::clinic_word;
                            if (score > model::unknown_word && hz != written &&
                                std::none_of(ranked.begin(), ranked.end(), [&](auto& r) { return r.second == hz; }))
                                ranked.emplace_back(score, hz);
                            return true;
                        });
                    };
                    // A word of the dictionary was typed with its own pinyin (合格 as hege, no
                    // slip for 各个), not with every reading of its characters; other stretches
                    // with any (红墙镜 may be 宫腔镜 keyed on nine keys), and one fuzzy pair away
                    // only from their common readings.
                    auto own = [&](std::vector<std::string> codes) {
                        std::vector<std::string> kept;
                        for (auto& c : codes)
                            if (!libime::DATrie<float>::isNoValue(m.homophones.exactMatchSearch(c + "!" + written)))
                                kept.push_back(c);
                        return kept.empty() ? codes : kept;
                    };
                    // A near slip's margin is at least a small positive one, so that 0 still tells it.
                    auto near_margin = [](double margin) { return std::max(static_cast<float>(margin), 1e-3f); };
                    if (m.settings.fuzzy_margin < ime_settings::fuzzy_off)
                        for (auto& c : fuzzy_codes(own(m.codes_of(written, true)), max_fuzzy_codes))
                            collect(std::move(c), near_margin(m.settings.fuzzy_margin), false);
                    if (m.settings.nine_key_margin < ime_settings::fuzzy_off)
                        for (auto& c : nine_key_codes(own(m.codes_of(written, true)), max_fuzzy_codes))
                            collect(std::move(c), near_margin(m.settings.nine_key_margin), true);
                    if (m.settings.adjacent_key_margin < ime_settings::fuzzy_off)
                        for (auto& c : adjacent_key_codes(own(m.codes_of(written, true)), max_fuzzy_codes))
                            collect(std::move(c), near_margin(m.settings.adjacent_key_margin), true);
                    // An abbreviated (简拼) slip: the clinic words whose syllables begin as the written
                    // word's do (流程 for 流产, 反馈 for 妇科); keyed, so only where what was written is a
                    // word the IME offers, and one of the likeliest for its initials (what the IME
                    // shows first for them: 统计 for tj; 统筹 is no such pick), and not from a clinic
                    // word (面诊 was meant, not typed for 门诊), nor from a number (六百).
                    if (m.settings.abbreviated_margin < ime_settings::fuzzy_off && !m.is_clinic(written, lex_terms) &&
                        !all_numerals(cps, b, e)) {
                        std::size_t tried = 0;
                        const float written_score = m.lm.singleWordScore(written);
                        for (auto& typed : own(m.codes_of(written, true))) {
                            if (written_score + m.settings.abbreviated_lead < m.clinic_abbreviations.likeliest(typed)) continue;
                            for (auto& c : m.clinic_abbreviations.codes_like(typed))
                                if (c != typed && tried++ < max_fuzzy_codes)
                                    collect(c, near_margin(m.settings.abbreviated_margin), true);
                        }
                    }
                    for (auto& c : own(m.codes_of(written))) collect(std::move(c), 0.f, false);
                    std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.first > y.first; });
                    for (auto& [score, alt] : ranked)
                        if (o.alternatives.size() < max_alternatives || score == model::clinic_word)
                            o.alternatives.push_back({std::move(alt), 0.f});
                    for (auto& near : near_ranked)
                        if (std::none_of(o.alternatives.begin(), o.alternatives.end(), [&](auto& a) { return a.text == near.text; }))
                            o.alternatives.push_back(std::move(near));
                    // What was written, if a common word, is more likely meant than mistyped.
                    auto idx = m.lm.index(written);
                    o.word = !m.lm.isUnknown(idx, written);
                    o.common = o.word && m.lm.singleWordScore(written) > m.settings.common_word;
                }
                if (o.alternatives.empty()) continue;
                const std::vector<alternative>& alternatives = o.alternatives;
                std::size_t wb = b >= run + context ? b - context : run;
                std::size_t we = std::min(run_end, e + context);
                // The model's sentence start and end only where the run meets punctuation or the
                // message's edge: scored as a sentence start, an unlikely opening (岁到 in
                // "4岁到换牙") reads as a typo for a likely one (尿道).
                const libime::State& starts = wb != run ? m.lm.nullState()
                                              : run == 0 || !is_alnum(cps[run - 1]) ? m.lm.beginState()
                                              : is_digit(cps[run - 1]) ? m.after_number
                                                                       : m.lm.nullState();
                bool ends = we == run_end && (run_end == cps.size() || !is_alnum(cps[run_end]));
                window.assign(chars.begin() + static_cast<std::ptrdiff_t>(wb),
                              chars.begin() + static_cast<std::ptrdiff_t>(we));
                auto as_written = [&](std::size_t p, std::size_t n) {
                    return run_info[(wb + p - run) * longest_word + n - 1];
                };
                auto [slot, fresh] = window_at.try_emplace(wb * 4096 + we, window_at.size());
                if (fresh) {
                    if (windows.size() <= slot->second) windows.emplace_back();
                    auto& sw = windows[slot->second];
                    sw.score = m.best_score(we - wb, starts, ends, longest, as_written, sw.beams);
                }
                const scored_window& as_is = windows[slot->second];
                float original = as_is.score;
                bool common = o.common;
                // What was written is a word the IME itself offers for these syllables (通风, 简易):
                // what a wrong pick in the IME's list looks like. A stretch that is no word of
                // the model (达泊 of 达泊西汀, 子轩, 便检, 奥齿泰) is more often a name, a drug or a
                // term the model lacks, and any word reads better than it: the general margin.
                const bool written_word = o.word;
                for (auto& [alt, near, keyed] : alternatives) {
                    alt_chars.clear();
                    for (std::size_t pos = 0; pos < alt.size();) {
                        std::size_t at = pos;
                        next_code_point(alt, pos);
                        alt_chars.push_back(std::string_view(alt).substr(at, pos - at));
                    }
                    if (alt_chars.size() != len) continue;
                    if (recuts_a_written_word(b, e)) continue;
                    changed = window;
                    for (std::size_t k = 0; k < len; ++k) changed[b - wb + k] = alt_chars[k];
                    // A correction that makes a clinic word (阴道炎, 智齿冠周炎) needs a smaller margin.
                    // Words are looked for around the span as far as the longest word reaches, not
                    // only in the scored window (精索静脉曲张 from 精索静脉区长).
                    const std::size_t xb = b >= run + (longest - 1) ? b - (longest - 1) : run;
                    const std::size_t xe = std::min(run_end, e + longest - 1);
                    auto char_at = [&](std::size_t k) { return k >= b && k < e ? alt_chars[k - b] : chars[k]; };
                    bool clinic_fix = false, medical_fix = false;
                    for (std::size_t i = xb; i < e && !clinic_fix; ++i) {
                        w.clear();  // the changed text's characters are views into two strings
                        for (std::size_t j = i; j < xe && j - i < longest && !clinic_fix; ++j) {
                            w += char_at(j);
                            if (j == i + 1) {
                                std::size_t at = 0;
                                char32_t c0 = next_code_point(char_at(i), at);
                                at = 0;
                                auto key = first_two(c0, next_code_point(char_at(j), at));
                                if (!may_be_clinic(key) && !m.kept_prefixes.count(key)) break;
                            }
                            if (j > i && j >= b) clinic_fix = m.favours(w, lex_terms, department);
                            if (clinic_fix || j == i || !m.protected_terms.count(w)) continue;
                            // ... or a word of the long medical list, of three characters or more, that the
                            // correction completes with the text after it (烂尾 before 炎: 阑尾炎) or before it
                            // (区长 after 静脉: 静脉曲张). Such words only lower the margin: favoured in the
                            // scoring they turned 加急 into 夹脊.
                            if (j >= i + 2 && (j >= e || (i < b && j + 1 >= e))) clinic_fix = true;
                            // A medical-list word the correction makes by itself (通风 -> 痛风): a margin
                            // between the clinic one and the general one.
                            else if (i <= b && j + 1 >= e) medical_fix = true;
                        }
                    }
                    // ... and less still among other clinic words (医生 before 坐诊), the context
                    // where clinic words are meant; alone (退款已经报批了 -> 包皮) a little more.
                    bool clinic_context = std::any_of(clinic_here.begin() + static_cast<std::ptrdiff_t>(wb),
                                                      clinic_here.begin() + static_cast<std::ptrdiff_t>(we),
                                                      [](char c) { return c; });
                    if (only_into_clinic && !clinic_fix) continue;
                    // A near slip is corrected only into a clinic word, by a larger margin, and
                    // never inside a word kept as written (性素 of 尿促性素). A slip of the keys, only
                    // where what was written is a word of the IME's dictionary: it still shows what the
                    // IME offered for the keys pressed (押韵, 督查), while a stretch that is no word (雨桐,
                    // a name; 异症 of 内异症; 牙脆) was not typed so. (A fuzzy slip is typed as the
                    // word's own pinyin and may land on no word: 锦囊炎 for 精囊炎.) None in quotes.
                    // A clinic word of three or more characters with one of them keyed wrong (前列选炎 for
                    // 前列腺炎) is no word as written either, but the rest of it says what was meant.
                    auto one_character_off = [&] {
                        std::size_t differ = 0;
                        for (std::size_t k = 0; k < len; ++k) differ += alt_chars[k] != chars[b + k];
                        return len >= 3 && differ == 1;
                    };
                    // A name of the segmentation dictionary that the model lacks (达拉, nrt) may be part of a
                    // clinic word of three or more characters that one homophone slip hid from the dictionary
                    // (他达拉飞 for 他达拉非): the stretch is corrected only into that word, the name's
                    // characters as written.
                    if (holds_a_name) {
                        bool name_kept = true;
                        for (std::size_t k = 0; k < len; ++k)
                            name_kept &= alt_chars[k] == chars[b + k] || kept_as_written[b + k] != in_name;
                        if (!name_kept || !one_character_off() || !m.favours(alt, lex_terms, department)) continue;
                    }
                    // Nor in a message written in traditional script: its writer types with Zhuyin,
                    // Cangjie or handwriting, where no pinyin key or initial slips (種類 is no 简拼 of
                    // 治療); a homophone still may.
                    if (near > 0 && (!clinic_fix || only_into_clinic || in_quotes || converted ||
                                     (keyed && !written_word && !one_character_off())))
                        continue;
                    // A correction into a medical-list word (亚目 of THUOCL's list for 牙模) lowers the
                    // margin only for a word the IME offered, like any other correction.
                    float need = static_cast<float>(clinic_fix     ? m.settings.clinic_margin
                                                    : !written_word ? m.settings.margin
                                                    : medical_fix   ? m.settings.medical_margin
                                                                    : m.settings.word_margin);
                    if (clinic_fix && !clinic_context) need += static_cast<float>(m.settings.clinic_alone_margin);
                    if (common) need += static_cast<float>(m.settings.common_margin);
                    need += near;
                    std::string word;
                    auto corrected = [&](std::size_t p, std::size_t n) {
                        if (p + n <= b - wb || p >= e - wb) return as_written(p, n);  // away from the span
                        word.clear();
                        for (std::size_t k = p; k < p + n; ++k) word += changed[k];
                        return m.lookup(word, n, longest, lex_terms, lex_prefixes, department);
                    };
                    float gain = m.best_score(changed.size(), starts, ends, longest, corrected, scratch, &as_is.beams,
                                              b - wb) -
                                 original;
                    // ... or at most the echo margin when what was written is a word the IME offered (a
                    // wrong pick in its list) and the correction makes a word the visitor wrote before
                    // (胃镜 for 味精 after 做胃镜要空腹吗), unless the visitor wrote what was written too.
                    // Not for a stretch that is no word: 疤很小 after 会留疤痕吗 reads as 疤痕小. Only
                    // such near misses read the visitor's words (and say so, for the worker's cache).
                    const auto echo_need = static_cast<float>(m.settings.echo_margin) + near;
                    if (gain <= need && written_word && gain > echo_need) {
                        read_visitor = true;
                        if (echoes_the_visitor(b, e, char_at)) need = echo_need;
                    }
                    if (gain > need) hits.push_back({b, e, alt, gain - need, clinic_fix});
                }
            }
        }
        run = run_end;
    }
    // A character typed twice inside a clinic or medical word (甲硝硝唑, 种植植牙), or inside a common
    // two-character word (预预约, 专家家坐诊: the pair 预预 is no word, 预约 is one the IME shows whole):
    // no candidate of the IME, and the model reads it as two words (doubled_character.hpp).
    auto common_pair = [&](std::string_view w) {
        return utf8_length(w) == 2 && m.lm.singleWordScore(w) > m.settings.doubled_word;
    };
    for (auto& d : doubled_characters(
             chars, cps, kept_as_written,
             [&](std::string_view w) { return m.is_clinic(w, lex_terms) || m.protected_terms.count(w) > 0 || common_pair(w); },
             [&](std::string_view w) {
                 if (m.is_clinic(w, lex_terms) || m.names.count(w) || m.protected_terms.count(w)) return true;
                 return m.lookup(w, utf8_length(w), longest, lex_terms, lex_prefixes, department).known;
             },
             2))
        hits.push_back({d.begin, d.end, std::move(d.correction), doubled_excess, true});
    // A character left out inside a clinic word (前列炎, 输卵造影): no IME candidate either. The form
    // must stand as a word of its own in the text (刷牙出血 holds 牙出血 inside 刷牙), none of its
    // characters kept as written, and the whole word must read better in its place by the clinic
    // margin (约主任号 reads well as it is).
    if (!m.shortened.empty()) {
        // Characters i and i + 1 make a word of the model or a clinic word (冻胚 before 胚移植: 冻胚移植).
        auto known_pair = [&](std::size_t i) {
            if (i + 1 >= cps.size() || !is_han(cps[i]) || !is_han(cps[i + 1])) return false;
            const auto pair = slice(chars, i, i + 2);
            return m.is_clinic(pair, lex_terms) || m.protected_terms.count(pair) > 0 ||
                   m.lookup(pair, 2, longest, lex_terms, lex_prefixes, department).known;
        };
        // A word kept as written (a clinic word, a name, a medical term) that runs across an edge of
        // [b, e): the form is part of it (造影 inside 输管造影 is not).
        auto kept_across = [&](std::size_t b, std::size_t e) {
            for (std::size_t a = b >= longest ? b - longest + 1 : 0; a < e; ++a)
                for (std::size_t z = std::max(a + 2, b + 1); z <= std::min(cps.size(), a + longest); ++z) {
                    if ((a >= b && z <= e) || z <= b) continue;  // inside, or before the form
                    if (!std::all_of(cps.begin() + static_cast<std::ptrdiff_t>(a), cps.begin() + static_cast<std::ptrdiff_t>(z),
                                     [](char32_t c) { return is_han(c); }))
                        break;
                    auto x = slice(chars, a, z);
                    if (m.is_clinic(x, lex_terms) || m.names.count(x) || m.protected_terms.count(x)) return true;
                }
            return false;
        };
        std::vector<std::string_view> as_is, whole, word_chars;
        for (std::size_t i = 0; i + 3 <= cps.size(); ++i) {
            if (!is_han(cps[i]) || !is_han(cps[i + 1]) || !m.shortened_prefixes.count(first_two(cps[i], cps[i + 1])))
                continue;
            for (std::size_t n = 3; n <= m.longest_shortened && i + n <= cps.size() && is_han(cps[i + n - 1]); ++n) {
                auto it = m.shortened.find(slice(chars, i, i + n));
                if (it == m.shortened.end() || !m.favours(it->second.word, lex_terms, department)) continue;
                const std::string& meant = it->second.word;
                if ((i > 0 && known_pair(i - 1)) || known_pair(i + n - 1) || kept_across(i, i + n)) continue;
                // The window: up to three characters of the run on each side.
                std::size_t wb = i, we = i + n;
                while (wb > 0 && i - wb < 3 && is_han(cps[wb - 1])) --wb;
                while (we < cps.size() && we - (i + n) < 3 && is_han(cps[we])) ++we;
                as_is.assign(chars.begin() + static_cast<std::ptrdiff_t>(wb), chars.begin() + static_cast<std::ptrdiff_t>(we));
                word_chars.clear();
                for (std::size_t pos = 0; pos < meant.size();) {
                    const std::size_t at = pos;
                    next_code_point(meant, pos);
                    word_chars.push_back(std::string_view(meant).substr(at, pos - at));
                }
                whole.assign(chars.begin() + static_cast<std::ptrdiff_t>(wb), chars.begin() + static_cast<std::ptrdiff_t>(i));
                whole.insert(whole.end(), word_chars.begin(), word_chars.end());
                whole.insert(whole.end(), chars.begin() + static_cast<std::ptrdiff_t>(i + n),
                             chars.begin() + static_cast<std::ptrdiff_t>(we));
                auto score_of = [&](const std::vector<std::string_view>& cs) {
                    auto info = [&](std::size_t p, std::size_t len) {
                        w.clear();
                        for (std::size_t k = p; k < p + len; ++k) w += cs[k];
                        return m.lookup(w, len, longest, lex_terms, lex_prefixes, department);
                    };
                    return m.best_score(cs.size(), m.lm.nullState(), false, longest, info, scratch);
                };
                const float gain = score_of(whole) - score_of(as_is);
                const auto need = static_cast<float>(m.settings.clinic_margin +
                                                     (it->second.part_shortened ? m.settings.shortened_part_margin : 0.0));
                if (gain > need) hits.push_back({i, i + n, meant, gain - need, true});
            }
        }
    }
    // The strongest correction of each place, never two overlapping.
    // A correction inside a longer one that says the same (引导→阴道 within 引导炎→阴道炎) gives
    // way to it: the finding names the whole word.
    auto same_inside = [&](const flagged& small, const flagged& big) {
        if (!(big.begin <= small.begin && small.end <= big.end) || big.end - big.begin <= small.end - small.begin)
            return false;
        std::size_t skip = 0;  // bytes of big's correction before small's place
        std::size_t pos = 0;
        for (std::size_t k = big.begin; k < small.begin; ++k) {
            next_code_point(big.correction, pos);
            skip = pos;
        }
        return big.correction.compare(skip, small.correction.size(), small.correction) == 0;
    };
    std::vector<flagged> whole;
    for (auto& h : hits)
        if (std::none_of(hits.begin(), hits.end(), [&](const flagged& g) { return same_inside(h, g); })) whole.push_back(h);
    hits.swap(whole);
    std::sort(hits.begin(), hits.end(), [](const flagged& x, const flagged& y) {
        if (std::abs(x.excess - y.excess) > 1e-3f) return x.excess > y.excess;
        if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
        return x.begin < y.begin;
    });
    std::vector<flagged> kept;
    for (auto& h : hits)
        if (std::none_of(kept.begin(), kept.end(), [&](const flagged& k) { return h.begin < k.end && k.begin < h.end; }))
            kept.push_back(h);
    std::sort(kept.begin(), kept.end(), [](const flagged& x, const flagged& y) { return x.begin < y.begin; });
    for (auto& k : kept) {
        finding f;
        f.kind = "typo";
        f.rule = "ime_model";
        f.level = severity::warning;
        f.begin = static_cast<std::uint32_t>(k.begin);
        f.end = static_cast<std::uint32_t>(k.end);
        f.matched = slice(chars, k.begin, k.end);
        f.suggestion = k.correction;
        f.replaces = true;
        f.corrects_to_clinic_word = k.clinic;
        out.push_back(std::move(f));
    }
    if (reads_visitor) *reads_visitor = read_visitor;
    return out;
}

std::vector<finding> libime_checker::check_traditional(const std::vector<std::string_view>& chars, const lexicon& lex,
                                                       std::string_view department, std::string_view visitor_said,
                                                       bool* reads_visitor) const {
    const model& m = *m_;
    auto by_character = [&](std::string_view text) {
        std::string s;
        for (std::size_t pos = 0; pos < text.size();) {
            char32_t cp = next_code_point(text, pos);
            auto to = m.simplified_of.find(cp);
            append_utf8(s, to == m.simplified_of.end() ? cp : to->second);
        }
        return s;
    };
    auto simplified = [&](std::string_view text) {
        std::string s = m.convert(m.t2s, text);
        return utf8_length(s) == utf8_length(text) ? s : by_character(text);
    };
    std::string_view text(chars.front().data(),
                          static_cast<std::size_t>(chars.back().data() + chars.back().size() - chars.front().data()));
    auto found = check(simplified(text), lex, department, simplified(visitor_said), reads_visitor);
    // Character places are the same in both forms; what was written and its correction are
    // given in the message's own script. A correction that is what was written, in the other
    // script, is none.
    std::vector<finding> out;
    for (auto& f : found) {
        f.matched.assign(chars[f.begin].data(), static_cast<std::size_t>(chars[f.end - 1].data() + chars[f.end - 1].size() -
                                                                        chars[f.begin].data()));
        bool variant = true;
        for (std::size_t w = 0, c = 0; variant && w < f.matched.size() && c < f.suggestion.size();) {
            char32_t a = next_code_point(f.matched, w), b = next_code_point(f.suggestion, c);
            auto as_simplified = m.simplified_of.find(a);
            variant = a == b || (as_simplified != m.simplified_of.end() && as_simplified->second == b) || script_variant(a, b);
        }
        if (variant) continue;
        f.suggestion = m.convert(m.s2t, f.suggestion);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<std::string> read_word_list(const std::string& path) {
    std::vector<std::string> words;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        words.push_back(line);
    }
    return words;
}

std::vector<clinic_word> read_clinic_words(const std::string& path) {
    std::vector<clinic_word> words;
    std::vector<std::string> departments;  // of the current section; empty: every department
    for (auto& line : read_word_list(path)) {
        if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
            departments.clear();
            std::istringstream names(line.substr(1, line.size() - 2));
            for (std::string d; names >> d;)
                if (d != "*") departments.push_back(d);
            continue;
        }
        words.push_back({std::move(line), departments});
    }
    return words;
}

std::unique_ptr<libime_checker> make_ime_checker(const server_config& cfg, const std::string& lexicon_dir,
                                                 std::string& error) {
    error.clear();
    if (!cfg.ime_check) return nullptr;
    ime_settings s;
    s.dictionary = cfg.ime_dictionary;
    s.model = cfg.ime_model;
    s.margin = cfg.ime_margin;
    s.clinic_margin = cfg.ime_clinic_margin;
    s.word_margin = cfg.ime_word_margin;
    s.medical_margin = cfg.ime_medical_margin;
    s.echo_margin = cfg.ime_echo_margin;
    s.fuzzy_margin = cfg.ime_fuzzy_margin;
    s.nine_key_margin = cfg.ime_nine_key_margin;
    s.adjacent_key_margin = cfg.ime_adjacent_key_margin;
    s.abbreviated_margin = cfg.ime_abbreviated_margin;
    return libime_checker::load(s, read_clinic_words(lexicon_dir + "/ime_words.txt"), error,
                                read_word_list(lexicon_dir + "/medical_terms.txt"));
}

}  // namespace lingting
