// A lexicon whose word_dictionary file is missing still loads (word boundaries off) but says so,
// once, instead of silently matching short entries as substrings (#12 item 4).
#include "core/analysis/lexicon_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace lingting;

namespace {

// A copy of the project's lexicon/ with one line added to rules.conf.
std::string lexicon_copy_with(const std::string& rules_line) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("lingting-lexwarn-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::copy(std::string(LINGTING_SOURCE_DIR) + "/lexicon", dir, fs::copy_options::recursive);
    std::ofstream(dir / "rules.conf", std::ios::app) << '\n' << rules_line << '\n';
    return dir.string();
}

}  // namespace

TEST(lexicon_warnings, a_missing_word_dictionary_loads_with_a_warning_naming_it) {
    auto dir = lexicon_copy_with("word_dictionary = /nonexistent/dict.txt");
    auto r = load_lexicon(dir);
    ASSERT_TRUE(r.lex) << (r.errors.empty() ? "" : r.errors[0].to_string());
    EXPECT_TRUE(r.lex->words->empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("/nonexistent/dict.txt"), std::string::npos) << r.warnings[0];
    std::filesystem::remove_all(dir);
}

TEST(lexicon_warnings, the_shipped_lexicon_loads_without_warnings) {
    auto r = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon");
    ASSERT_TRUE(r.lex);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}
