// The CSV exports as a clinic opens them: a BOM for Excel, times in the clinic's time zone
// (clinic-utc-offset), Chinese labels taken from the one vocabulary the pages load
// (web/js/labels.json). Real server, real SQLite file.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

// 2026-11-22 16:30:00 UTC: already the 23rd in China, still the 22nd in New York.
const time_point started{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 16h + 30min};

// Rows of cells as a spreadsheet reads them: CRLF rows, RFC 4180 quoting, after the BOM.
std::vector<std::vector<std::string>> rows_of(const std::string& body) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 3; i < body.size(); ++i) {
        char c = body[i];
        if (quoted) {
            if (c == '"' && i + 1 < body.size() && body[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().emplace_back();
        else if (c == '\r') continue;
        else if (c == '\n') rows.emplace_back(1);
        else rows.back().back() += c;
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

// One ended conversation straight into the store: rated satisfied, a critical finding, and
// QA's "fail" on it.
void seed(test_server& srv, const std::string& qa) {
    auto& s = srv.store();
    s.submit(open_conversation{"csv1", "男科", "resume-csv1", started, {}}, [](bool) {});
    s.submit(assign_conversation{"csv1", "li"}, [](bool) {});
    s.submit(append_message{"csv1", {1, sender::consultant, "li", "你烦不烦", started + 10s, "c1"}}, [](bool) {});
    finding f;
    f.kind = "forbidden_phrase";
    f.rule = "phrase:你烦不烦";
    f.level = severity::critical;
    f.seq = 1;
    f.at = started + 10s;
    s.submit(record_finding{"csv1", f}, [](bool) {});
    s.submit(end_conversation{"csv1", ending::visitor, started + 90s, close_trigger::visitor_left, false}, [](bool) {});
    s.submit(rate_conversation{"csv1", true, "=医生很耐心"}, [](bool) {});
    s.flush();
    ASSERT_EQ(srv.http("POST", "/api/conversations/csv1/verdict", R"({"verdict":"fail"})", qa).status, 200);
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << "no column " << name;
    return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

TEST(qa_csv, times_are_the_clinics_and_every_label_is_chinese) {
    test_server srv;  // clinic-utc-offset: +08:00 by default
    srv.add_staff("qa1", role::qa);
    auto qa = srv.login("qa1");
    seed(srv, qa);
    auto r = srv.http("GET", "/api/qa/conversations.csv", {}, qa);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF") << "Excel reads UTF-8 only with a BOM";
    auto rows = rows_of(r.body);
    ASSERT_EQ(rows.size(), 2u);
    auto& h = rows[0];
    EXPECT_EQ(h, (std::vector<std::string>{"会话", "咨询师", "科室", "开始时间(UTC+08:00)", "结束时间(UTC+08:00)",
                                           "时长(秒)", "结束方式", "访客消息", "咨询师消息", "提示", "警告", "严重",
                                           "满意度", "评价留言", "浪费成本", "质检结论", "经手咨询师"}));
    auto& row = rows[1];
    ASSERT_EQ(row.size(), h.size());
    EXPECT_EQ(row[column(h, "经手咨询师")], "li") << "who wrote its replies";
    EXPECT_EQ(row[column(h, "开始时间(UTC+08:00)")], "2026-11-23 00:30:00") << "the clinic's date, not UTC's";
    EXPECT_EQ(row[column(h, "结束时间(UTC+08:00)")], "2026-11-23 00:31:30");
    EXPECT_EQ(row[column(h, "结束方式")], "客户结束");
    EXPECT_EQ(row[column(h, "严重")], "1");
    EXPECT_EQ(row[column(h, "满意度")], "满意");
    EXPECT_EQ(row[column(h, "评价留言")], "'=医生很耐心") << "the visitor's words, never a formula";
    auto list = srv.http("GET", "/api/qa/conversations", {}, qa);
    EXPECT_NE(list.body.find("\"rating_comment\":\"=医生很耐心\""), std::string::npos) << list.body;
    EXPECT_EQ(row[column(h, "质检结论")], "不合格") << "not the API's 'fail'";

    auto cards = srv.http("GET", "/api/reports/scorecards?group=day&format=csv", {}, qa);
    ASSERT_EQ(cards.body.substr(0, 3), "\xEF\xBB\xBF");
    auto c = rows_of(cards.body);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[1][0], "2026-11-23") << "the clinic's day by default";
    EXPECT_EQ(c[1][column(c[0], "服务忌语(每百条咨询师消息)")], "100.0");
    EXPECT_EQ(c[1][column(c[0], "客户结束")], "1");
}

// The labels are the pages' own file: a clinic that renames one sees it in the export too;
// and the time zone is a setting.
TEST(qa_csv, labels_come_from_the_pages_vocabulary_and_the_zone_from_the_setting) {
    namespace fs = std::filesystem;
    auto web = fs::temp_directory_path() / ("lingting-web-" + std::to_string(::getpid()));
    fs::remove_all(web);
    fs::copy(fs::path(LINGTING_SOURCE_DIR) / "web", web, fs::copy_options::recursive);
    {
        std::ifstream in(web / "js/labels.json");
        std::stringstream text;
        text << in.rdbuf();
        std::string s = text.str();
        auto at = s.find("\"客户结束\"");
        ASSERT_NE(at, std::string::npos);
        s.replace(at, std::string("\"客户结束\"").size(), "\"访客离开\"");
        at = s.find("\"服务忌语\"");
        ASSERT_NE(at, std::string::npos);
        s.replace(at, std::string("\"服务忌语\"").size(), "\"忌语\"");
        std::ofstream(web / "js/labels.json", std::ios::trunc) << s;
    }
    test_server srv([&](server_config& c) {
        c.web_dir = web.string();
        ASSERT_EQ(apply_setting(c, "clinic-utc-offset", "-05:00"), "");
    });
    srv.add_staff("qa1", role::qa);
    auto qa = srv.login("qa1");
    seed(srv, qa);
    auto rows = rows_of(srv.http("GET", "/api/qa/conversations.csv", {}, qa).body);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1][column(rows[0], "开始时间(UTC-05:00)")], "2026-11-22 11:30:00");
    EXPECT_EQ(rows[1][column(rows[0], "结束方式")], "访客离开");
    auto c = rows_of(srv.http("GET", "/api/reports/scorecards?group=day&format=csv", {}, qa).body);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[1][0], "2026-11-22");
    EXPECT_EQ(c[1][column(c[0], "访客离开")], "1");
    column(c[0], "忌语(每百条咨询师消息)");
    fs::remove_all(web);
}
