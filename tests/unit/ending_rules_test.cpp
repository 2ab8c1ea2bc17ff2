#include "core/ending_rules.hpp"
#include "real_lexicon.hpp"

#include <gtest/gtest.h>

using namespace lingting;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

struct line {
    int at_s;
    sender from;
    const char* text;
};

std::vector<message> transcript(std::initializer_list<line> lines) {
    std::vector<message> out;
    std::uint64_t seq = 1;
    for (auto& l : lines) out.push_back({seq++, l.from, {}, l.text, t0 + seconds{l.at_s}, {}});
    return out;
}

constexpr auto V = sender::visitor;
constexpr auto C = sender::consultant;

}  // namespace

TEST(ending_rules, system_trigger_is_always_system) {
    auto t = transcript({{0, V, "你好"}, {5, C, "您好,请问有什么可以帮您?"}});
    EXPECT_EQ(classify_ending(t, close_trigger::system, t0 + seconds{10}, default_ending_lexicon()), ending::system);
}

TEST(ending_rules, seed_greeting_close) {
    // 003: "请问您还有什么疑问吗?" ... "没有了" ... "某某医院祝你健康,再见"
    auto t = transcript({{0, V, "做个检查要多少钱?"}, {10, C, "检查费用是200元,已为您预约明天上午。"},
                         {20, C, "请问您还有什么疑问吗?"}, {30, V, "没有了,谢谢"},
                         {35, C, "某某医院祝你健康,再见"}});
    auto lex = default_ending_lexicon();
    EXPECT_EQ(classify_ending(t, close_trigger::consultant_ended, t0 + seconds{40}, lex), ending::greeting);
    EXPECT_EQ(classify_ending(t, close_trigger::visitor_left, t0 + seconds{40}, lex), ending::greeting);
}

TEST(ending_rules, a_question_after_the_closing_question_must_be_answered) {
    auto lex = default_ending_lexicon();
    auto unanswered = transcript({{0, C, "请问您还有什么不清楚的地方吗?"}, {10, V, "那周末上班吗?"}});
    EXPECT_EQ(classify_ending(unanswered, close_trigger::consultant_ended, t0 + seconds{20}, lex), ending::consultant);
    auto answered = transcript({{0, C, "请问您还有什么不清楚的地方吗?"}, {10, V, "那周末上班吗?"},
                                {15, C, "周末正常上班。"}});
    EXPECT_EQ(classify_ending(answered, close_trigger::consultant_ended, t0 + seconds{20}, lex), ending::greeting);
}

TEST(ending_rules, seed_bare_farewell_after_a_need_is_consultant) {
    // 003: 一侧输卵管切除还能怀孕吗 answered with 祝你好孕,再见 and the end.
    auto t = transcript({{0, V, "一侧输卵管切除还能怀孕吗?"},
                         {30, C, "只要他另一侧正常就可以怀孕的,祝你好孕,再见"}});
    EXPECT_EQ(classify_ending(t, close_trigger::consultant_ended, t0 + seconds{35}, default_ending_lexicon()),
              ending::consultant);
}

TEST(ending_rules, visitor_leaving_is_visitor_unless_abandoned) {
    auto lex = default_ending_lexicon();
    auto answered = transcript({{0, V, "你们地址在哪?"}, {10, C, "我们在人民路88号。"}});
    EXPECT_EQ(classify_ending(answered, close_trigger::visitor_left, t0 + seconds{500}, lex), ending::visitor);
    // 003: the 11 pm case: the visitor waited two minutes unanswered and closed the window.
    auto waiting = transcript({{0, V, "为什么我跟我爱人在一起一年了她都没有怀孕呢?"},
                               {20, C, "我这边系统快要关闭了,你留个联系方式"},
                               {30, V, "我想现在就问清楚"}});
    EXPECT_EQ(classify_ending(waiting, close_trigger::visitor_left, t0 + seconds{30 + 119}, lex), ending::visitor);
    EXPECT_EQ(classify_ending(waiting, close_trigger::visitor_left, t0 + seconds{30 + 120}, lex), ending::consultant);
}

TEST(ending_rules, abandonment_threshold_is_data) {
    auto lex = default_ending_lexicon();
    lex.abandon_after = seconds{30};
    auto t = transcript({{0, V, "在吗"}});
    EXPECT_EQ(classify_ending(t, close_trigger::visitor_left, t0 + seconds{31}, lex), ending::consultant);
}

TEST(ending_rules, question_detection) {
    auto lex = default_ending_lexicon();
    EXPECT_TRUE(is_question("多少钱", lex));
    EXPECT_TRUE(is_question("周末上班吗", lex));
    EXPECT_TRUE(is_question("可以?", lex));
    EXPECT_TRUE(is_question("可以？", lex));
    EXPECT_FALSE(is_question("没有了,谢谢", lex));
    EXPECT_FALSE(is_question("好的", lex));
}

// A sentence inside the message that ends in 吗/呢 asks, whether a comma or a space ends it; 在哪
// asks without a mark.
TEST(ending_rules, a_question_inside_the_message_asks) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"周六有专家吗，停车方便不", "能刷医保吗 我下午过去", "你们诊所在哪", "药房在哪儿 我到了"})
        EXPECT_TRUE(is_question(text, lex)) << text;
    for (const char* text : {"好的 我明天过去", "知道了，周六上午见"}) EXPECT_FALSE(is_question(text, lex)) << text;
}

// A yes-no question with the negation last (Northern and Southwestern Mandarin) asks; a decline,
// a "not yet" or a "not now" that ends in the same negation does not (session 25, fresh40).
TEST(ending_rules, a_question_with_the_negation_last_asks) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"那我周末过来查要预约不", "周六能来看不", "做完疼不", "吃药有用没有", "结果出来没",
                             "你们医院礼拜天开门不", "要空腹不"})
        EXPECT_TRUE(is_question(text, lex)) << text;
    for (const char* text : {"先不", "我还没有", "一次都没有", "好 没有", "暂时不", "没有了 谢谢", "我不去了 先不"})
        EXPECT_FALSE(is_question(text, lex)) << text;
}

// ---- closing questions in other words and in traditional script (issue 12) ----------------

TEST(ending_rules, reworded_closing_questions_are_closing_questions) {
    auto lex = default_ending_lexicon();
    for (const char* text : {"还有什么我能帮您的吗？", "您看还有哪方面需要我帮您解答的吗？",
                             "好的，请问您还有什么疑问吗？", "还有其他想了解的吗", "还有啥不清楚的地方吗？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    // A family pattern never reaches across a sentence: 还有 ... 问题 in two sentences is not one.
    EXPECT_FALSE(has_closing_question("还有什么。问题不大", lex));
    EXPECT_FALSE(has_closing_question("祝你好孕，再见", lex));
}

TEST(ending_rules, the_shipped_lexicon_knows_closings_in_traditional_script_and_english) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"請問您還有什麼疑問嗎？", "請問還有什麼疑問嗎？", "還有什麼我能幫您的嗎？",
                             "您看還有哪方面需要我幫您解答的嗎？", "Is there anything else I can help you with?",
                             "请问您还有什么疑问吗", "还有其他问题吗", "还有什么不明白的", "还有什么顾虑吗",
                             "还有什么需要我帮忙的吗", "还有什么可以为您服务的吗", "其他还有什么问题吗"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    EXPECT_TRUE(is_question("這個要多少錢", lex));
    EXPECT_TRUE(is_question("點樣去？", lex));
    EXPECT_TRUE(is_question("為什麼會這樣", lex));
}

// Closing questions as families, not lists: what the visitor might still want (a matter, a wish
// to know, help) after a marker of "anything more", in any wording, script or mix of scripts.
TEST(ending_rules, closing_questions_are_recognised_as_a_family_in_any_wording) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"请问您还有其他想咨询的吗？", "好的，还有其他要了解的吗？", "请问您还有其他事情吗？",
                             "您还有哪些地方需要我解释的？", "还有疑问吗？", "有没有其他需要帮忙的？",
                             "仲有冇其他嘢想了解？", "仲有冇其他問題？", "請問仲有邊方面需要幫手？",
                             // Hong Kong writers mix: traditional 還 with the simplified-looking 了解
                             // (OpenCC's phrase conversion alone gives only 瞭解).
                             "請問還有其他想了解的嗎？", "請問您還有什麼想了解的嗎？",
                             "Do you have any other questions?", "Is there anything more you would like to know?",
                             // What is still unclear, or a wish to ask again, in the words people use.
                             "您看还有哪儿不太明白的吗？", "还有什么地方想再问问的？", "还有哪块不懂的您尽管说～",
                             "還有哪裡不太清楚的嗎？", "有没有其他疑惑？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    // Clinical questions and statements are not closings.
    for (const char* text : {"还有哪里不舒服吗？", "还有其他症状吗？", "这颗牙还有问题，要重新治疗。", "还有哪里疼得厉害？",
                             "Don't eat for two hours."})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}

// ---- a decline answers the closing question: its question words ask nothing ---------------

TEST(ending_rules, a_decline_sentence_is_a_whole_sentence_of_the_decline_list) {
    auto lex = default_ending_lexicon();
    EXPECT_TRUE(is_decline("没有了，我知道怎么走", lex));
    EXPECT_TRUE(is_decline("没有了 我知道怎么走", lex));  // a space separates sentences here
    EXPECT_TRUE(is_decline("暂时没有了", lex));
    EXPECT_TRUE(is_decline("no thats all thx", lex));
    EXPECT_FALSE(is_decline("没有怎么办", lex));  // 没有 is a part of the sentence, not the sentence
    EXPECT_FALSE(is_decline("我知道怎么走", lex));
}

TEST(ending_rules, a_statement_answering_the_closing_question_is_not_a_question) {
    auto lex = default_ending_lexicon();
    auto declined = transcript({{0, C, "您看还有哪方面需要我帮您解答的吗？"}, {10, V, "没有了，我知道怎么走"}});
    EXPECT_EQ(classify_ending(declined, close_trigger::visitor_left, t0 + seconds{20}, lex), ending::greeting);
    // Without the decline, 怎么 still makes it a question the consultant left unanswered.
    auto asks = transcript({{0, C, "您看还有哪方面需要我帮您解答的吗？"}, {10, V, "我到了怎么走"}});
    EXPECT_EQ(classify_ending(asks, close_trigger::consultant_ended, t0 + seconds{20}, lex), ending::consultant);
    // A question mark asks, decline or not.
    auto marked = transcript({{0, C, "还有什么我能帮您的吗？"}, {10, V, "没有了，停车场怎么走？"}});
    EXPECT_EQ(classify_ending(marked, close_trigger::consultant_ended, t0 + seconds{20}, lex), ending::consultant);
    // And so does a final 吗/呢/么.
    auto particle = transcript({{0, C, "还有什么我能帮您的吗？"}, {10, V, "没有了，周末也上班吗"}});
    EXPECT_EQ(classify_ending(particle, close_trigger::consultant_ended, t0 + seconds{20}, lex), ending::consultant);
}

// Issue 12: Cantonese closing questions and Cantonese question words, and more rewordings.
TEST(ending_rules, cantonese_and_reworded_closing_questions_are_closing_questions) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"仲有冇其他問題想問？", "仲有咩想了解呀？", "有冇其他嘢需要幫手？", "仲有乜嘢唔明？",
                             "您还需要了解什么吗？", "有没有其他想咨询的？", "還需要知道哪些呢？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"仲有啲痛", "有冇發燒？", "还需要做一个B超", "有没有其他症状？"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
    for (const char* text : {"打完針可唔可以即刻懷孕", "幾多錢", "診所喺邊度", "係咪要空肚"})
        EXPECT_TRUE(is_question(text, lex)) << text;
    auto cantonese = transcript({{0, C, "已經幫你約好聽日下晝3點。仲有冇其他問題想問？"}, {10, V, "冇喇 唔該"}});
    EXPECT_EQ(classify_ending(cantonese, close_trigger::visitor_left, t0 + seconds{20}, lex), ending::greeting);
}

// Issue 12, fresh3: a closing question without a marker word (什么, 其他): "still need help + a
// question particle", Taiwan's 請問還有需要協助的地方嗎 among them. An instruction is no closing.
TEST(ending_rules, still_need_help_without_a_marker_is_a_closing_question) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"請問還有需要協助的地方嗎？", "还有需要我帮您的吗？", "还有想了解的吗"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"还有需要注意的是术后别吃辣。", "还有要问医生的地方，我帮您记下来"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
    auto declined = transcript({{0, C, "已經幫您約好16號上午10點。請問還有需要協助的地方嗎？"}, {10, V, "沒有了，謝謝你～"}});
    EXPECT_EQ(classify_ending(declined, close_trigger::visitor_left, t0 + seconds{20}, lex), ending::greeting);
}

// Chat lines ask without ？ and end in 啊/呀/哈 as often as in 吗: when, which and what words make
// them questions, in both scripts. Unanswered after the closing question, the visitor was left
// with a question: not a greeting close.
TEST(ending_rules, when_which_and_what_questions_without_a_question_mark_are_questions) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"啥时候能出报告啊", "那复查定在什么时间呀", "哪些项目要空腹哈", "打哪种针比较好",
                             "你们主任是哪位", "这个指标是什么意思", "咋办啊", "孩子多大可以做窝沟封闭",
                             "甚麼時候可以拆線啊", "哪天可以过来"})
        EXPECT_TRUE(is_question(text, lex)) << text;
    for (const char* text : {"好的我知道了", "那我下周过去", "谢谢医生"}) EXPECT_FALSE(is_question(text, lex)) << text;
    // Hong Kong and Taiwan writers' everyday 甚麼 and 麽 (OpenCC's standards write 什麼).
    EXPECT_TRUE(has_closing_question("請問還有甚麼想了解的嗎？", lex));
    EXPECT_TRUE(has_closing_question("還有什麽問題嗎", lex));
    auto t = transcript({{0, V, "拔完牙能刷牙吗"}, {10, C, "当天别刷拔牙那一侧，第二天可以轻轻刷。还有别的想了解的吗？"},
                         {30, V, "那啥时候能吃辣啊"}});
    EXPECT_EQ(classify_ending(t, close_trigger::visitor_left, t0 + seconds{70}, lex), ending::visitor);
}

// "Anything else I can assist with": 协助 and 效劳 as well as 帮 (Taiwan writes 還有什麼我可以協助的嗎).
TEST(ending_rules, closing_questions_offering_assistance) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"還有什麼我可以協助的嗎？", "还有其他需要协助的吗", "请问还有什么可以为您效劳的吗", "有没有别的需要我协助的"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
}

// Session 20 (fresh35): what may still worry the visitor (还有别的不放心的不), and Hebei's and Tianjin's
// 嘛 for 啥 (还有嘛不明白的不). A worry or a particle that asks nothing more is no closing question.
TEST(ending_rules, closing_questions_about_worries_and_with_northern_ma) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"您看还有哪里不放心的吗？", "还有嘛不清楚的您尽管问", "阿姨您还有嘛要问的不？", "還有其他不放心的地方嗎？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"不放心的话可以再来复查一次。", "还有两项没出来嘛，出来我发您。", "您要是不放心，我让医生给您打个电话。"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}

// A supervisor closing a chat (a spam visitor, one left open) is neither party's choice: system,
// counted against nobody, unless the conversation had already closed with a greeting.
TEST(ending_rules, a_supervisor_ending_is_counted_against_nobody) {
    auto lex = default_ending_lexicon();
    auto open = transcript({{0, V, "你们周六上班吗?"}, {10, C, "周六上午有门诊。"}, {20, V, "那要带什么"}});
    EXPECT_EQ(classify_ending(open, close_trigger::supervisor_ended, t0 + seconds{400}, lex), ending::system);
    auto closed = transcript({{0, V, "你们周六上班吗?"}, {10, C, "周六上午有门诊。请问您还有什么疑问吗?"}, {20, V, "没有了"}});
    EXPECT_EQ(classify_ending(closed, close_trigger::supervisor_ended, t0 + seconds{30}, lex), ending::greeting);
    EXPECT_EQ(parse_close_trigger("supervisor_ended"), close_trigger::supervisor_ended);
    EXPECT_EQ(to_string(close_trigger::supervisor_ended), "supervisor_ended");
}

// Session 26 (fresh44): a closing question about what the consultant has not yet made clear (还有没弄
// 明白的地方吗, 还有哪里没说清楚的) asks for anything more; a sentence that only says something was not
// explained, or that a result is not yet clear, does not.
TEST(ending_rules, closing_questions_about_what_is_not_yet_clear) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"这块还有没弄明白的地方吗？", "您看还有哪里没说清楚的？", "还有没听懂的吗", "還有哪裡沒講清楚的嗎？",
                             "您还有什么没搞明白的，随时问我"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"上次医生没说清楚，这次我帮您约主任。", "结果还没出来，暂时还不清楚。", "还有两项没查清楚，出来我发您。"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}

// Session 26 (fresh45): 哪样 and 哪项, Wuhan's 么事, something to report, and still uneasy make closing
// questions too.
TEST(ending_rules, closing_questions_with_regional_markers_and_worries) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"这几项里还有哪样没说明白的吗？", "还有么事要问的吗？", "路上或者检查方面还有不放心的吗？",
                             "今天给您添堵了，再次抱歉。您还有其他要反映的吗？", "还有么子想了解的冇？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"么事都别想，先好好休息。", "还有两样检查要空腹。", "不放心的话明天再来复查。"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}

// Session 28 (fresh49): something the consultant should still explain (仲有冇啲咩要我同您講清楚), Cantonese 边样,
// still wanting to ask me (还有要问我的吗), and an English closing offering to check something; an
// instruction to tell the doctor (还有哪里不舒服要跟医生说清楚) is none.
TEST(ending_rules, closing_questions_asking_what_to_explain_or_check) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"仲有冇啲咩要我同您講清楚？", "其他方面还有要问我的吗？", "请问仲有边样想问清楚？",
                             "还有什么需要我解释的吗？", "Anything else you want me to check for you before Sunday?"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"还有哪里不舒服要跟医生说清楚。", "这个我跟您解释一下。", "边样都得，睇您方便。"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}

// Session 30 (fresh54, fresh55): what the consultant may still do after 帮您 (还有需要我帮您查的吗), the
// northwestern 不 as the closing's particle (还有要问的不), help asked after 有没有 by who would give it; and
// 有没有 over a means, in a sentence about what the doctor will look for, is no closing.
TEST(ending_rules, closing_questions_with_a_task_the_northwestern_particle_and_help_by_whom) {
    const auto& lex = lingting::testing::real_lexicon().endings();
    for (const char* text : {"请问还有需要我帮您查的吗？", "还有要我帮你问的吗", "还有要问的不？", "还有想了解的不",
                             "有没有其他需要我帮您的？", "有没有什么我可以帮您的", "有没有别的能帮到您的？",
                             "您看有没有其他问题？"})
        EXPECT_TRUE(has_closing_question(text, lex)) << text;
    for (const char* text : {"医生会评估后开药，也会看有没有其他办法帮您改善睡眠。", "看看有没有什么药能帮您缓解一下",
                             "还有要注意的是术后别吃辣"})
        EXPECT_FALSE(has_closing_question(text, lex)) << text;
}
