// Canned replies (快捷回复): validation, who sees and edits which, and the defaults file. (The
// store's side, every backend: tests/conformance/desk_conformance.cpp.)
#include "auth/password.hpp"
#include "core/canned_replies.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}};

canned_reply department_reply(const std::string& d, const std::string& title = "问候") {
    canned_reply r;
    r.department = d;
    r.title = title;
    r.text = "您好，请问有什么可以帮您？";
    r.updated_at = t0;
    return r;
}

}  // namespace

TEST(canned, validation_caps_lengths_in_characters_and_refuses_bad_text) {
    EXPECT_EQ(canned::invalid("问候", "您好"), "");
    EXPECT_NE(canned::invalid("", "您好"), "");
    EXPECT_NE(canned::invalid("问候", "  \n "), "");
    EXPECT_EQ(canned::invalid("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", "x"), "")
        << "40 CJK characters are 120 bytes and still fit";
    EXPECT_NE(canned::invalid("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", "x"), "");
    std::string long_text;
    for (int i = 0; i < 501; ++i) long_text += "字";
    EXPECT_NE(canned::invalid("t", long_text), "");
    long_text.resize(long_text.size() - 3);
    EXPECT_EQ(canned::invalid("t", long_text), "");
    EXPECT_NE(canned::invalid("t", std::string("a\0b", 3)), "") << "a NUL would cut the text";
    EXPECT_NE(canned::invalid("t", "\xff\xfe"), "") << "invalid UTF-8";
    EXPECT_NE(canned::invalid("两\n行", "x"), "") << "a title is one line";
    EXPECT_EQ(canned::invalid("t", "第一行\n第二行"), "") << "a reply may have lines";
}

TEST(canned, who_sees_and_who_edits) {
    auto dep = department_reply("口腔");
    canned_reply mine = dep;
    mine.department.clear();
    mine.owner = "li";
    EXPECT_TRUE(canned::may_see(dep, "li", role::consultant, {"口腔"}));
    EXPECT_FALSE(canned::may_see(dep, "li", role::consultant, {"男科"}));
    EXPECT_TRUE(canned::may_see(dep, "li", role::consultant, {})) << "serves every department";
    EXPECT_TRUE(canned::may_see(dep, "boss", role::supervisor, {}));
    EXPECT_FALSE(canned::may_see(dep, "q", role::qa, {}));
    EXPECT_TRUE(canned::may_see(mine, "li", role::consultant, {"男科"}));
    EXPECT_FALSE(canned::may_see(mine, "wang", role::consultant, {}));
    EXPECT_FALSE(canned::may_see(mine, "boss", role::supervisor, {})) << "personal means personal";
    EXPECT_FALSE(canned::may_edit(dep, "li", role::consultant));
    EXPECT_TRUE(canned::may_edit(dep, "boss", role::supervisor));
    EXPECT_TRUE(canned::may_edit(mine, "li", role::consultant));
    EXPECT_FALSE(canned::may_edit(mine, "boss", role::supervisor));
}

TEST(canned, defaults_file_expands_star_and_reports_bad_lines) {
    std::vector<std::string> errors;
    auto r = canned::parse_defaults("# comment\n\n*\t问候\t您好\n口腔\t洗牙\t洗牙约半小时。\n火星\t x\t y\nbad line\n",
                                    {"口腔", "男科"}, &errors);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].department, "口腔");
    EXPECT_EQ(r[1].department, "男科");
    EXPECT_EQ(r[2].title, "洗牙");
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_NE(errors[0].find("line 5"), std::string::npos);
}

TEST(canned, the_project_defaults_are_valid_and_cover_every_department) {
    std::ifstream in(std::string(LINGTING_SOURCE_DIR) + "/lexicon/canned_replies.tsv");
    ASSERT_TRUE(in);
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> departments{"不孕不育", "男科", "妇科", "口腔", "综合"};
    std::vector<std::string> errors;
    auto r = canned::parse_defaults(text.str(), departments, &errors);
    EXPECT_TRUE(errors.empty()) << errors.front();
    for (auto& d : departments)
        EXPECT_GE(std::count_if(r.begin(), r.end(), [&](auto& x) { return x.department == d; }), 5) << d;
}
