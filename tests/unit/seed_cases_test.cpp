// Every case of ../shared/seeds/003 as a transcript, run through the offline audit (the same
// analyzer code the server runs live), with its expected findings and ending; and clean, polite
// conversations that must produce no finding at all.
#include "core/analysis/transcript.hpp"
#include "real_lexicon.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace lingting;
using lingting::testing::real_lexicon;
using lingting::testing::real_speller;

namespace {

struct line {
    int at_s;  // seconds after 22:55 Beijing time
    const char* from;  // "visitor", "consultant", or an event: "leave", "end", "drop"
    const char* text;
};

std::string jsonl(const std::string& department, std::initializer_list<line> lines) {
    auto at = [](int s) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "2026-11-22T22:%02d:%02d+08:00", 55 + s / 60 % 5, s % 60);
        if (s >= 300) std::snprintf(buf, sizeof buf, "2026-11-22T23:%02d:%02d+08:00", (s - 300) / 60, s % 60);
        return std::string(buf);
    };
    std::string out;
    if (!department.empty()) out += R"({"department":")" + department + "\"}\n";
    for (auto& l : lines) {
        std::string from = l.from;
        if (from == "leave" || from == "end" || from == "drop")
            out += R"({"at":")" + at(l.at_s) + R"(","event":")" + from + "\"}\n";
        else
            out += R"({"at":")" + at(l.at_s) + R"(","from":")" + from + R"(","text":")" + l.text + "\"}\n";
    }
    return out;
}

audit_result run(const std::string& department, std::initializer_list<line> lines) {
    auto parsed = parse_transcript(jsonl(department, lines));
    if (auto* e = std::get_if<transcript_error>(&parsed)) {
        ADD_FAILURE() << "line " << e->line << ": " << e->reason;
        return {ending::system, {}, {}};
    }
    return audit(std::get<transcript>(parsed), real_lexicon(), real_speller());
}

int count(const audit_result& r, std::string_view kind, std::string_view rule = {}) {
    return static_cast<int>(std::count_if(r.findings.begin(), r.findings.end(), [&](const finding& f) {
        return f.kind == kind && (rule.empty() || f.rule == rule);
    }));
}

const finding* first(const audit_result& r, std::string_view kind) {
    for (auto& f : r.findings)
        if (f.kind == kind) return &f;
    return nullptr;
}

std::string describe(const audit_result& r) {
    std::string s = std::string(to_string(r.how)) + ":";
    for (auto& f : r.findings) s += " [" + f.kind + "/" + f.rule + " '" + f.matched + "' " + std::string(to_string(f.level)) + "]";
    return s;
}

constexpr const char* V = "visitor";
constexpr const char* C = "consultant";

}  // namespace

TEST(seed_003, eleven_pm_brush_off_with_two_minutes_of_silence) {
    auto r = run("不孕不育", {
        {0, V, "为什么我跟我爱人在一起一年了她都没有怀孕呢?"},
        {20, C, "我这边系统快要关闭了,一句两句咱们也分析不清楚,你打我办公室免费电话或留个你的联系方式,咱们电话分析"},
        {40, V, "我就想现在问清楚"},
        {170, "leave", ""},
    });
    EXPECT_EQ(r.how, ending::consultant) << describe(r);  // gave up after 130 s unanswered
    EXPECT_GE(count(r, "forbidden_phrase"), 2) << describe(r);
    EXPECT_EQ(first(r, "forbidden_phrase")->category, "brush_off");
    EXPECT_EQ(count(r, "idle_gap", "idle_warning"), 1) << describe(r);
    EXPECT_EQ(count(r, "idle_gap", "idle_critical"), 1) << describe(r);
    auto* wasted = first(r, "wasted_intent");
    ASSERT_NE(wasted, nullptr) << describe(r);
    EXPECT_EQ(wasted->level, severity::critical);
    EXPECT_EQ(wasted->cost, 200);  // conversation_cost.不孕不育
}

TEST(seed_003, eight_characters_in_a_whole_conversation) {
    auto r = run("", {
        {0, V, "你好,我想问一下我老公最近总是腰疼,晚上起夜三四次,是不是前列腺有问题?"},
        {25, C, "您好"},
        {40, V, "需要做什么检查吗?大概要花多少钱?你们那边周末可以看吗?"},
        {55, C, "嗯"},
        {70, V, "那我周六上午带他过去可以吗?要不要提前空腹?"},
        {80, C, "可以的"},
        {90, V, "好吧"},
        {95, C, "好的"},
        {100, "leave", ""},
    });
    EXPECT_EQ(r.how, ending::visitor) << describe(r);
    EXPECT_EQ(count(r, "low_effort"), 1) << describe(r);
    // 嗯 and 好的 (fillers only), and 可以的: a bare yes to two questions (可以吗? 要不要空腹?), half
    // an answer with no time and nothing on fasting (rule bare_answer, issue 12).
    EXPECT_EQ(count(r, "terse_reply"), 3) << describe(r);
    EXPECT_EQ(count(r, "wasted_intent"), 1) << describe(r);
}

// Two real answers to a visitor's long story are little beside it but no "eight characters":
// low_effort needs a handful in all (rules.conf low_effort_max_consultant_chars).
TEST(seed_003, short_real_answers_to_a_long_story_are_not_low_effort) {
    auto r = run("", {
        {0, V, "你好，我今年三十二岁，结婚四年了一直没怀上，去年在老家医院查过输卵管，说左边不太通，右边是通的，"
               "我老公也查过精液，说活力有点低，医生让我们先吃药调理半年，可是吃了也没有用，现在很着急，"
               "另外我月经也不太规律，经常推迟一个星期左右，不知道有没有关系，想问一下你们这边能不能直接做试管？"},
        {25, C, "您好，可以做，先带上之前的检查单和精液报告来面诊。"},
        {40, V, "好的，那周六可以过去吗？"},
        {55, C, "周六上午有专家坐诊，可以直接来。"},
        {70, "leave", ""},
    });
    EXPECT_EQ(count(r, "low_effort"), 0) << describe(r);
}

// "From start to end eight characters" is a consultant who kept answering in a word: one or two short
// replies are terse replies, each reported, not the whole conversation's effort (rules.conf
// low_effort_min_replies; issue 12, recall4: QA marked low effort only over three replies or more).
TEST(seed_003, two_short_replies_are_terse_not_low_effort) {
    auto r = run("", {
        {0, V, "你好，我怀孕四十多天了，想做药流，你们这里大概多少钱，需要做哪些检查？"},
        {20, C, "一千多"},
        {50, V, "药流安全吗，会不会流不干净，我周六上午可以过来吗？"},
        {75, C, "可以"},
        {115, "leave", ""},
    });
    EXPECT_EQ(count(r, "low_effort"), 0) << describe(r);
    EXPECT_GE(count(r, "terse_reply"), 1) << describe(r);
}

TEST(seed_003, one_fallopian_tube_answered_with_good_luck_goodbye) {
    auto r = run("不孕不育", {
        {0, V, "我是替女朋友问的,一侧输卵管切除还能怀孕吗?"},
        {20, C, "只要他另一侧正常就可以怀孕的,祝你好孕,再见"},
        {25, "end", ""},
    });
    EXPECT_EQ(r.how, ending::consultant) << describe(r);
    auto* wasted = first(r, "wasted_intent");
    ASSERT_NE(wasted, nullptr) << describe(r);
    EXPECT_EQ(wasted->level, severity::critical);
    EXPECT_NE(wasted->matched.find("输卵管"), std::string::npos);
    EXPECT_EQ(wasted->seq, 1u);
}

TEST(seed_003, shirking_and_sell_your_phone) {
    auto r = run("", {
        {0, V, "我在住院部,欠费没钱交了,该怎么办?"},
        {15, C, "关咱们什么事,把手机卖了,就有钱交话费了。"},
        {30, "end", ""},
    });
    ASSERT_EQ(count(r, "forbidden_phrase"), 2) << describe(r);
    for (auto& f : r.findings)
        if (f.kind == "forbidden_phrase") {
            EXPECT_EQ(f.category, "shirking");
            EXPECT_EQ(f.level, severity::critical);
        }
    auto* f = first(r, "forbidden_phrase");
    EXPECT_EQ(f->matched, "关咱们什么事");
    EXPECT_EQ(f->begin, 0u);
    EXPECT_EQ(f->end, 6u);
    EXPECT_EQ(r.how, ending::consultant);
}

TEST(seed_003, you_cannot_read_chinese) {
    auto r = run("", {
        {0, V, "我问的问题你为什么不回答"},
        {10, C, "你看不懂中文吗"},
        {20, "leave", ""},
    });
    auto* f = first(r, "forbidden_phrase");
    ASSERT_NE(f, nullptr) << describe(r);
    EXPECT_EQ(f->category, "interrogating");
    EXPECT_EQ(f->level, severity::critical);
    EXPECT_FALSE(f->suggestion.empty());
}

TEST(seed_003, profanity_tmd_in_every_disguise) {
    for (const char* text : {"TMD", "T M D", "T.M.D", "ｔｍｄ", "你这人TMD有病"}) {
        auto found = check_consultant_text(text, "", real_lexicon(), real_speller());
        ASSERT_FALSE(found.empty()) << text;
        EXPECT_EQ(found[0].category, "profanity") << text;
        EXPECT_EQ(found[0].level, severity::critical) << text;
        EXPECT_TRUE(blocks(found, real_lexicon().rules)) << text;
    }
    // Inside a Latin word it is no profanity.
    EXPECT_TRUE(check_consultant_text("atmdx", "", real_lexicon(), nullptr).empty());
}

TEST(seed_003, colloquial_sorry_becomes_we_apologise) {
    auto found = check_consultant_text("不好意思，打扰一下，麻烦您留个电话。", "", real_lexicon(), real_speller());
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].matched, "不好意思");
    EXPECT_EQ(found[0].suggestion, "很抱歉");
    EXPECT_EQ(found[0].category, "colloquial");
    EXPECT_EQ(found[0].level, severity::info);
    EXPECT_EQ(found[1].matched, "打扰一下");
    EXPECT_EQ(found[2].matched, "麻烦您");
    EXPECT_FALSE(blocks(found, real_lexicon().rules));
}

TEST(seed_003, um_ah_oh_replies) {
    for (const char* text : {"嗯", "啊", "哦", "嗯嗯", "哦哦好的", "OK", "嗯。"}) {
        auto found = check_consultant_text(text, "", real_lexicon(), real_speller());
        ASSERT_EQ(found.size(), 1u) << text;
        EXPECT_EQ(found[0].kind, "terse_reply") << text;
    }
    EXPECT_TRUE(check_consultant_text("好的，我马上为您查询。", "", real_lexicon(), real_speller()).empty());
}

TEST(seed_003, ime_typo_bp_in_andrology) {
    auto found = check_consultant_text("报批手术恢复很快。", "男科", real_lexicon(), real_speller());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, "typo");
    EXPECT_EQ(found[0].suggestion, "包皮");
    // In another department 报批 is an ordinary word.
    EXPECT_TRUE(check_consultant_text("报批手续已经办好了。", "口腔", real_lexicon(), real_speller()).empty());
}

TEST(seed_003, the_proper_greeting_close) {
    auto r = run("男科", {
        {0, V, "你好，包皮过长需要做手术吗？"},
        {12, C, "您好，包皮过长是否需要手术要看具体情况，建议您来院让医生检查一下再决定。"},
        {40, V, "那我明天上午过去可以吗？"},
        {50, C, "可以的，已为您预约明天上午十点的专家号，到院报您的名字就可以。"},
        {70, C, "请问您还有什么疑问吗？"},
        {85, V, "没有了，谢谢"},
        {95, C, "某某医院祝您健康，再见。"},
        {100, "leave", ""},
    });
    EXPECT_EQ(r.how, ending::greeting) << describe(r);
    EXPECT_TRUE(r.findings.empty()) << describe(r);
}

TEST(clean_conversations, produce_no_finding_at_all) {
    struct { const char* name; std::string department; std::initializer_list<line> lines; ending expected; } cases[] = {
        {"gynecology with appointment", "妇科", {
            {0, V, "医生你好，我最近白带有点发黄，还有异味，是怎么回事？"},
            {15, C, "您好，白带发黄伴有异味多见于阴道炎症，需要做白带常规检查才能确定。"},
            {45, V, "检查一下要多少钱？"},
            {55, C, "白带常规检查费用是六十元左右，当天就能出结果。"},
            {80, V, "好的，那我周六上午过去。"},
            {90, C, "好的，已为您预约周六上午九点半，请您带上身份证。"},
            {100, C, "请问您还有其他问题吗？"},
            {110, V, "没有了"},
            {115, C, "祝您早日康复，再见。"},
            {120, "end", ""}}, ending::greeting},
        {"dental with phone left", "口腔", {
            {0, V, "你们种植牙一颗多少钱？"},
            {10, C, "您好，种植牙的费用和所选种植体品牌有关，国产的大约四千元起，进口的八千元左右。"},
            {40, V, "我想先了解一下，你们有医生可以打电话跟我说吗？我的电话是13912345678"},
            {50, C, "好的，我们的医生会在今天下午给您回电话，请您保持电话畅通。"},
            {60, V, "好的谢谢"},
            {65, "leave", ""}}, ending::visitor},
        {"fertility with WeChat", "不孕不育", {
            {0, V, "备孕一年了还没怀上，需要检查什么？"},
            {14, C, "您好，备孕一年未孕建议夫妻双方都做检查，女方查激素六项和输卵管，男方查精液常规。"},
            {50, V, "能加个微信吗？我的微信是lucy_2024"},
            {60, C, "可以的，我这就加您，稍后把检查项目和注意事项发给您。"},
            {75, "leave", ""}}, ending::visitor},
        {"general question answered", "综合", {
            {0, V, "你们周日上班吗"},
            {8, C, "您好，我们周日正常上班，时间是上午八点到下午五点。"},
            {20, V, "谢谢"},
            {22, "leave", ""}}, ending::visitor},
        {"visitor steps away and comes back", "男科", {
            {0, V, "前列腺炎能根治吗？"},
            {10, C, "您好，慢性前列腺炎经过规范治疗，大多数患者症状可以明显改善。"},
            {20, V, "稍等，我去拿一下检查报告"},
            {200, V, "报告上写白细胞加号，严重吗？"},
            {215, C, "白细胞升高提示有炎症，需要医生结合症状判断，建议您来院面诊，我为您预约好吗？"},
            {230, V, "好的，我电话是13800138000"},
            {240, C, "好的，已为您预约明天上午，医生会提前和您电话确认。"},
            {250, C, "请问您还有什么不清楚的地方吗？"},
            {260, V, "没有了，谢谢"},
            {265, C, "祝您身体健康，再见。"},
            {270, "leave", ""}}, ending::greeting},
        {"English drug names spelled right", "男科", {
            {0, V, "tadalafil和sildenafil有什么区别？"},
            {12, C, "您好，tadalafil作用时间较长，sildenafil起效较快，具体用药请遵医嘱。"},
            {30, V, "明白了"},
            {35, "leave", ""}}, ending::visitor},
    };
    for (auto& c : cases) {
        auto r = run(c.department, c.lines);
        EXPECT_TRUE(r.findings.empty()) << c.name << ": " << describe(r);
        EXPECT_EQ(r.how, c.expected) << c.name << ": " << describe(r);
    }
}

// 好的 to a visitor who said no more to the closing question, or thanked, closes the chat: nothing
// was asked, so it is no non-answer. The same 好的 to a question still is one.
TEST(terse_reply, fillers_after_a_no_more_or_thanks_close_the_chat) {
    for (const char* last : {"暂时没有了", "没了", "冇啦", "好的谢谢医生", "谢了"}) {
        auto r = run("口腔", {
            {0, V, "洗牙一次多少钱"},
            {10, C, "洗牙是¥180一次，含抛光。请问还有别的想了解的吗？"},
            {30, V, last},
            {35, C, "好的"},
            {50, "leave", ""},
        });
        EXPECT_EQ(count(r, "terse_reply"), 0) << last << describe(r);
    }
    auto asked = run("口腔", {
        {0, V, "洗牙一次多少钱"},
        {10, C, "洗牙是¥180一次，含抛光。请问还有别的想了解的吗？"},
        {30, V, "没了，谢谢，周末能洗吗"},
        {35, C, "好的"},
        {50, "leave", ""},
    });
    EXPECT_EQ(count(asked, "terse_reply"), 1) << describe(asked);
}

// The consultant announces a pause on the visitor's business (我帮您查一下排班, 稍等) and the visitor
// only acknowledges it: nobody was left unanswered while she looked. A question in between starts
// the wait as usual, and so does the same 好的 when no pause was announced.
TEST(idle_gap, an_acknowledged_pause_the_consultant_announced_is_no_gap) {
    // Session 16 (fresh29): a phone call taken first, back to the visitor's business after it.
    for (const char* pause : {"您稍等，我帮您查一下下周的排班。", "我去问问主任能不能加号，马上回来", "麻烦等我一下，我把费用明细整理一下发您",
                              "好的，我先去回个电话，回来就帮您看排班。",
                              // Session 20 (fresh35): where the consultant goes to look.
                              "好的，我去系统里帮您查一下，大概两三分钟。", "我到后台给您看下这个月的排班。",
                              "我进档案室调一下您上次的片子。"}) {
        auto r = run("口腔", {
            {0, V, "想约下周拔智齿"},
            {10, C, pause},
            {15, V, "好的"},
            {130, C, "下周三上午和周五下午都可以，您看哪个方便？"},
            {150, V, "周三上午吧"},
            {160, C, "好的，请留一下您的姓名和电话，帮您约周三上午。"},
            {200, "leave", ""},
        });
        EXPECT_EQ(count(r, "idle_gap"), 0) << pause << describe(r);
    }
    // Several fillers in a row acknowledge it as one does (嗯嗯, 好的好的, 嗯嗯好).
    for (const char* ack : {"嗯嗯", "好的好的", "嗯嗯好", "ok好的"}) {
        auto r = run("口腔", {
            {0, V, "想约下周拔智齿"},
            {10, C, "您稍等，我帮您查一下下周的排班。"},
            {15, V, ack},
            {130, C, "下周三上午和周五下午都可以，您看哪个方便？"},
            {200, "leave", ""},
        });
        EXPECT_EQ(count(r, "idle_gap"), 0) << ack << describe(r);
    }
    auto asked = run("口腔", {
        {0, V, "想约下周拔智齿"},
        {10, C, "您稍等，我帮您查一下下周的排班。"},
        {15, V, "好的，顺便问下拔完要请几天假"},
        {130, C, "下周三上午可以。一般休息一两天就行。"},
        {200, "leave", ""},
    });
    EXPECT_EQ(count(asked, "idle_gap", "idle_warning"), 1) << describe(asked);
    auto unannounced = run("口腔", {
        {0, V, "想约下周拔智齿"},
        {10, C, "可以的，下周都有医生。"},
        {15, V, "好的"},
        {130, C, "下周三上午可以吗？"},
        {200, "leave", ""},
    });
    EXPECT_EQ(count(unannounced, "idle_gap", "idle_warning"), 1) << describe(unannounced);
    // A search already done is no pause announced.
    auto searched = run("口腔", {
        {0, V, "想约下周拔智齿"},
        {10, C, "我在系统里帮您查了，下周的号都满了。"},
        {15, V, "好的"},
        {130, C, "下下周三上午可以吗？"},
        {200, "leave", ""},
    });
    EXPECT_EQ(count(searched, "idle_gap", "idle_warning"), 1) << describe(searched);
}

// A contact given as the consultant asked, in the forms visitors give it: a surname alone, the name
// of the child or parent the visit is for, a Hong Kong, Macau or Taiwan number. The line dropped
// after it: nothing was wasted. With no contact at all, the same drop still is.
TEST(wasted_intent, surnames_relatives_names_and_other_regions_numbers_are_contacts) {
    for (const char* given : {"姓黄", "免贵姓欧", "我女儿叫林可欣，周六上午有空", "陳小姐 9134 2276", "+852 6018 3345",
                              "0933-218-765 姓蔡"}) {
        auto r = run("口腔", {
            {0, V, "孩子牙齿不齐想做矫正，大概多少钱？周六可以带他过去面诊吗？要带什么？"},
            {10, C, "金属托槽一般一万二到一万六，要先拍片面诊。方便留一下姓名电话吗？我帮您约个面诊。"},
            {40, V, given},
            {60, "drop", ""},
        });
        EXPECT_EQ(count(r, "wasted_intent"), 0) << given << describe(r);
    }
    auto none = run("口腔", {
        {0, V, "孩子牙齿不齐想做矫正，大概多少钱？周六可以带他过去面诊吗？要带什么？"},
        {10, C, "金属托槽一般一万二到一万六，要先拍片面诊。方便留一下姓名电话吗？我帮您约个面诊。"},
        {40, V, "我先看看孩子暑假哪天有空"},
        {60, "drop", ""},
    });
    EXPECT_EQ(count(none, "wasted_intent"), 1) << describe(none);
}

// 003's heart case in other words: whether the visitor can still conceive, however put, answered
// with a bare farewell and the end, is a need let go (critical).
TEST(seed_003, can_i_still_conceive_in_any_wording_answered_with_a_farewell) {
    for (const char* asked : {"右边输卵管切掉了，以后还可以怀上吗", "我做过两次人流，还有机会生孩子吗", "子宫肌瘤剔除后还能不能自然怀孕"}) {
        auto r = run("不孕不育", {
            {0, V, asked},
            {20, C, "一般是可以的，祝您好孕，再见"},
            {25, "end", ""},
        });
        EXPECT_EQ(r.how, ending::consultant) << asked;
        ASSERT_EQ(count(r, "wasted_intent"), 1) << asked << describe(r);
        EXPECT_EQ(first(r, "wasted_intent")->level, severity::critical) << asked;
    }
}

// Asking whether one may come at a time (那我今晚能去吗, 明早可以过来吗) is wanting to come: told the
// opening hours and goodbye, then ended, the visitor was let go.
TEST(wasted_intent, asking_whether_one_may_come_is_intent) {
    for (const char* asked : {"那我今晚能去吗 你们几点关门", "明早可以过来吗", "周六能过去不"}) {
        auto r = run("男科", {
            {0, V, "下面有点肿痛"},
            {15, C, "您好，这种情况建议尽快来检查一下。"},
            {40, V, asked},
            {55, C, "我们早上八点开门，再见。"},
            {60, "end", ""},
        });
        ASSERT_EQ(count(r, "wasted_intent"), 1) << asked << describe(r);
        // QA reads what the visitor wrote, not the lexicon's pattern behind it.
        EXPECT_EQ(first(r, "wasted_intent")->matched.find('('), std::string::npos) << first(r, "wasted_intent")->matched;
    }
    auto r = run("男科", {{0, V, "下面有点肿痛"}, {15, C, "您好，这种情况建议尽快来检查一下。"}, {40, V, "那我今晚能去吗"},
                          {55, C, "我们早上八点开门，再见。"}, {60, "end", ""}});
    ASSERT_EQ(count(r, "wasted_intent"), 1) << describe(r);
    EXPECT_NE(first(r, "wasted_intent")->matched.find("今晚能去吗"), std::string::npos) << first(r, "wasted_intent")->matched;
}

// An offline transcript names a supervisor's end as its own event, which audits as `system`; an
// event it does not know is refused with the events it knows.
TEST(offline_transcript, a_supervisor_end_event_is_read_and_an_unknown_event_is_refused) {
    const std::string lines = R"({"at":"2026-11-22T22:50:00+08:00","from":"visitor","text":"你们周六上班吗"})" "\n"
                              R"({"at":"2026-11-22T22:50:20+08:00","from":"consultant","text":"周六上午有门诊。"})" "\n";
    auto parsed = parse_transcript(lines + R"({"at":"2026-11-22T22:55:00+08:00","event":"supervisor_end"})" "\n");
    ASSERT_TRUE(std::holds_alternative<transcript>(parsed));
    EXPECT_EQ(std::get<transcript>(parsed).closed_by, close_trigger::supervisor_ended);
    EXPECT_EQ(audit(std::get<transcript>(parsed), real_lexicon(), real_speller()).how, ending::system);
    auto refused = parse_transcript(lines + R"({"at":"2026-11-22T22:55:00+08:00","event":"kick"})" "\n");
    ASSERT_TRUE(std::holds_alternative<transcript_error>(refused));
    EXPECT_NE(std::get<transcript_error>(refused).reason.find("supervisor_end"), std::string::npos);
}
