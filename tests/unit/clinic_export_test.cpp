// What the CSV exports are made of: the pages' vocabulary of labels, the clinic's wall-clock
// time, the clinic-utc-offset setting, and the cells themselves.
#include "core/clinic_time.hpp"
#include "core/config.hpp"
#include "core/vocabulary.hpp"
#include "net/qa_csv.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace lingting;

TEST(vocabulary, reads_the_pages_labels_file_and_falls_back_to_the_key) {
    std::ifstream in(std::string(LINGTING_SOURCE_DIR) + "/web/js/labels.json");
    std::stringstream text;
    text << in.rdbuf();
    auto v = vocabulary::parse(text.str());
    ASSERT_TRUE(v);
    EXPECT_EQ(v->label("endings", "visitor"), "客户结束");
    EXPECT_EQ(v->label("severity", "critical"), "严重");
    EXPECT_EQ(v->label("verdicts", "fail"), "不合格");
    EXPECT_EQ(v->label("kinds", "idle_gap"), "等待过久");
    EXPECT_EQ(v->label("kinds", "brand_new_kind"), "brand_new_kind") << "an unknown key stays readable";
    EXPECT_EQ(v->label("no_such_group", "x"), "x");
    ASSERT_FALSE(v->group("kinds").empty());
    EXPECT_EQ(v->group("kinds").front().first, "idle_gap") << "the file's order";
    EXPECT_FALSE(vocabulary::parse("[1,2]"));
    EXPECT_FALSE(vocabulary::parse(R"({"endings": {"visitor": 3}})"));
    EXPECT_FALSE(vocabulary::parse("{"));
}

TEST(clinic_time, wall_clock_time_at_the_clinics_offset) {
    time_point t{std::chrono::sys_days{std::chrono::year{2026} / 12 / 31} + std::chrono::hours{16} +
                 std::chrono::minutes{30} + std::chrono::milliseconds{999}};
    EXPECT_EQ(clinic_time(t, 480), "2027-01-01 00:30:00") << "a new year in China";
    EXPECT_EQ(clinic_time(t, 0), "2026-12-31 16:30:00");
    EXPECT_EQ(clinic_time(t, -330), "2026-12-31 11:00:00");
    EXPECT_EQ(utc_offset_name(480), "UTC+08:00");
    EXPECT_EQ(utc_offset_name(-330), "UTC-05:30");
    EXPECT_EQ(utc_offset_name(0), "UTC+00:00");
}

TEST(config, clinic_utc_offset_takes_the_ways_people_write_it) {
    server_config c;
    EXPECT_EQ(c.clinic_utc_offset_minutes, 480) << "China by default";
    for (auto [text, minutes] : std::vector<std::pair<std::string, int>>{
             {"+08:00", 480}, {"8", 480}, {"UTC+8", 480}, {"-05:30", -330}, {"+0", 0}, {"+14:00", 840}}) {
        EXPECT_EQ(apply_setting(c, "clinic-utc-offset", text), "") << text;
        EXPECT_EQ(c.clinic_utc_offset_minutes, minutes) << text;
    }
    for (auto bad : {"+15", "-13", "+08:60", "+8:5", "eight", "", "+08:00x", "Asia/Shanghai"})
        EXPECT_NE(apply_setting(c, "clinic-utc-offset", bad), "") << bad;
    EXPECT_EQ(apply_setting(c, "rule-min-precision", "0.8"), "");
    EXPECT_DOUBLE_EQ(c.rule_min_precision, 0.8);
    EXPECT_NE(apply_setting(c, "rule-min-precision", "1.5"), "");
    EXPECT_EQ(apply_setting(c, "rule-min-judged", "20"), "");
    EXPECT_EQ(c.rule_min_judged, 20);
}

TEST(csv_cell, formulas_are_neutralised_and_quoting_is_rfc4180) {
    EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
    EXPECT_EQ(csv_cell("@SUM(1)"), "'@SUM(1)");
    EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_cell("说\"好\""), "\"说\"\"好\"\"\"");
    EXPECT_EQ(csv_cell("客户结束"), "客户结束");
}
