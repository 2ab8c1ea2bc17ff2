#include "analysis/hunspell_speller.hpp"

#include <hunspell.hxx>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace lingting {

namespace {
std::mutex construction;  // Hunspell 1.7.1 is not safe to construct concurrently
}

hunspell_speller::hunspell_speller(const std::string& dictionary_dir, const std::vector<std::string>& extra_dics,
                                   const std::string& word_list_file) {
    namespace fs = std::filesystem;
    auto aff = fs::path(dictionary_dir) / "en_US.aff";
    auto dic = fs::path(dictionary_dir) / "en_US.dic";
    if (!fs::exists(aff) || !fs::exists(dic))
        throw std::runtime_error("Hunspell dictionary not found in " + dictionary_dir + " (install hunspell-en-us)");
    std::lock_guard lock(construction);
    h_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
    auto gb_aff = fs::path(dictionary_dir) / "en_GB.aff";
    auto gb_dic = fs::path(dictionary_dir) / "en_GB.dic";
    if (fs::exists(gb_aff) && fs::exists(gb_dic)) british_ = std::make_unique<Hunspell>(gb_aff.c_str(), gb_dic.c_str());
    for (auto& extra : extra_dics)
        if (fs::exists(fs::path(dictionary_dir) / extra)) h_->add_dic((fs::path(dictionary_dir) / extra).c_str());
    std::ifstream words(word_list_file);
    for (std::string w; std::getline(words, w);) {
        if (!w.empty() && w.back() == '\r') w.pop_back();
        if (!w.empty() && w[0] != '#') h_->add(w);
    }
}

hunspell_speller::~hunspell_speller() = default;

bool hunspell_speller::correct(std::string_view word) {
    std::string w(word);
    if (auto it = cache_.find(w); it != cache_.end()) return it->second;
    if (cache_.size() >= 50'000) cache_.clear();
    bool ok = known(w) || regular_inflection(w);
    cache_.emplace(std::move(w), ok);
    return ok;
}

bool hunspell_speller::known(const std::string& w) const { return h_->spell(w) || (british_ && british_->spell(w)); }

bool hunspell_speller::regular_inflection(const std::string& w) const {
    constexpr std::size_t min_stem = 6;  // medical stems are long; short ones (run, begin) inflect in en_US
    for (std::string suffix : {"ing", "ed"}) {
        if (w.size() < suffix.size() + min_stem - 1 || w.compare(w.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        std::string base = w.substr(0, w.size() - suffix.size());
        // genotyp+ing -> genotype, genotyp+ed -> genotype, biopsi+ed is left alone.
        for (std::string stem : {base, base + "e"}) {
            if (stem.size() < min_stem || !known(stem)) continue;
            // Does the stem have a form of its own? Then that one is right and this one is not.
            std::string dropped_e = stem.back() == 'e' ? stem.substr(0, stem.size() - 1) : stem;
            bool own = false;
            for (const std::string& form : {stem + suffix, dropped_e + suffix, stem + stem.back() + suffix})
                if (form != w && known(form)) own = true;
            if (!own) return true;
        }
    }
    return false;
}

std::vector<std::string> hunspell_speller::suggest(std::string_view word) { return h_->suggest(std::string(word)); }

std::unique_ptr<hunspell_speller> make_default_speller(const std::string& lexicon_dir) {
    return std::make_unique<hunspell_speller>("/usr/share/hunspell", std::vector<std::string>{"en_med_glut.dic"},
                                              (std::filesystem::path(lexicon_dir) / "medical_words.txt").string());
}

}  // namespace lingting
