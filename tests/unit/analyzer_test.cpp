// The analyzer's rules one by one, with time set by hand (no sleeping) and the real lexicon.
#include "core/analysis/analyzer.hpp"
#include "core/frames.hpp"
#include "core/protocol.hpp"
#include "real_lexicon.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using lingting::testing::real_lexicon;
using lingting::testing::real_speller;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};

message msg(std::uint64_t seq, sender from, const char* text, int at_s) {
    return {seq, from, {}, text, t0 + seconds{at_s}, {}};
}

std::vector<finding> kinds(std::vector<finding> fs, std::string_view kind) {
    std::erase_if(fs, [&](const finding& f) { return f.kind != kind; });
    return fs;
}

// The category of the first forbidden phrase the inline check finds in `text`; empty if none.
std::string forbidden_category(const char* text) {
    auto found = kinds(check_consultant_text(text, "", real_lexicon(), nullptr), "forbidden_phrase");
    return found.empty() ? std::string() : found[0].category;
}

// A consultant reply's findings once it stands alone: a bare answer is reported only if no other
// reply follows it within rules.conf terse_follow_up_seconds, so the clock is moved past that.
std::vector<finding> reply_alone(conversation_analyzer& a, std::uint64_t seq, const char* text, int at_s,
                                 const lexicon& lex) {
    auto found = a.on_message(msg(seq, sender::consultant, text, at_s), lex, nullptr);
    auto later = a.advance(t0 + seconds{at_s} + lex.rules.terse_follow_up, lex);
    found.insert(found.end(), later.begin(), later.end());
    return found;
}

// Whether a conversation of `department` whose visitor wrote only `text` has intent.
bool intent_in(const char* text, const char* department = "综合") {
    conversation_analyzer a(department);
    a.on_message(msg(1, sender::visitor, text, 0), real_lexicon(), nullptr);
    return a.had_intent(real_lexicon());
}

// Idle gaps open 190 s after a visitor's question (at 0 s), the consultant's reply to it (at 10 s) and the visitor's
// answer to that (at `reply_at` s): how the pause tests ask whether an announced pause keeps running.
std::size_t idle_gaps_after(const char* department, const char* question, const char* pause, const char* reply,
                            int reply_at) {
    const auto& lex = real_lexicon();
    conversation_analyzer a(department);
    a.on_message(msg(1, sender::visitor, question, 0), lex, nullptr);
    a.on_message(msg(2, sender::consultant, pause, 10), lex, nullptr);
    a.on_message(msg(3, sender::visitor, reply, reply_at), lex, nullptr);
    return kinds(a.advance(t0 + seconds{reply_at + 180}, lex), "idle_gap").size();
}

// How a conversation of `department` ends when `trigger` closes it: its lines sent 10 s apart, the close 20 s after
// the last.
ending ending_of(const char* department, std::initializer_list<std::pair<sender, const char*>> lines,
                 close_trigger trigger) {
    const auto& lex = real_lexicon();
    conversation_analyzer a(department);
    std::vector<message> transcript;
    int at = 0;
    for (auto& [from, text] : lines) {
        transcript.push_back(msg(transcript.size() + 1, from, text, at));
        a.on_message(transcript.back(), lex, nullptr);
        at += 10;
    }
    return a.finish(transcript, trigger, t0 + seconds{at + 10}, lex).how;
}

// The typo findings of one consultant message in a conversation of `department`.
std::vector<finding> typos_in(const char* department, const char* text) {
    conversation_analyzer a(department);
    return kinds(a.on_message(msg(1, sender::consultant, text, 0), real_lexicon(), nullptr), "typo");
}

}  // namespace

// One wait is one finding that escalates in place: a warning, the same wait critical (one alert
// per step), then its real length when it closes (info: no third alert).
TEST(analyzer, one_wait_is_one_finding_that_escalates_in_place) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("男科");
    EXPECT_TRUE(a.on_message(msg(1, sender::visitor, "在吗？", 0), lex, nullptr).empty());
    // The idle warning at 60 s and critical at 120 s; the first response is settled by the reply.
    EXPECT_EQ(a.next_deadline(lex), t0 + seconds{60});
    EXPECT_TRUE(a.advance(t0 + seconds{30}, lex).empty()) << "no separate first-response finding";
    EXPECT_TRUE(a.advance(t0 + seconds{59}, lex).empty());
    auto at60 = a.advance(t0 + seconds{60}, lex);
    ASSERT_EQ(at60.size(), 1u);
    EXPECT_EQ(at60[0].kind, "idle_gap");
    EXPECT_EQ(at60[0].rule, "idle_warning");
    EXPECT_EQ(at60[0].level, severity::warning);
    EXPECT_EQ(at60[0].seq, 1u);
    EXPECT_FALSE(at60[0].escalates);
    EXPECT_EQ(a.next_deadline(lex), t0 + seconds{120});
    auto at120 = a.advance(t0 + seconds{125}, lex);
    ASSERT_EQ(at120.size(), 1u);
    EXPECT_EQ(at120[0].kind, "idle_gap");
    EXPECT_EQ(at120[0].rule, "idle_critical");
    EXPECT_EQ(at120[0].level, severity::critical);
    EXPECT_EQ(at120[0].seq, 1u) << "the same wait";
    EXPECT_TRUE(at120[0].escalates);
    EXPECT_EQ(at120[0].at, t0 + seconds{120}) << "stamped at its deadline, not when noticed";
    EXPECT_FALSE(a.next_deadline(lex));
    auto reply = a.on_message(msg(2, sender::consultant, "您好，请问有什么可以帮您？", 150), lex, nullptr);
    ASSERT_EQ(reply.size(), 1u) << "the wait was the first response too: one finding for it";
    EXPECT_EQ(reply[0].kind, "idle_gap");
    EXPECT_EQ(reply[0].rule, "gap_closed");
    EXPECT_EQ(reply[0].level, severity::info) << "the closing step raises no alert";
    EXPECT_TRUE(reply[0].escalates);
    EXPECT_EQ(reply[0].seq, 1u);
    EXPECT_EQ(reply[0].duration_ms, 150'000) << "the real length";
}

// 首次响应慢 says how long the visitor really waited for the first reply, not the threshold.
TEST(analyzer, a_slow_first_response_carries_the_real_delay) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("男科");
    a.on_message(msg(1, sender::visitor, "你好，想咨询一下", 0), lex, nullptr);
    auto reply = a.on_message(msg(2, sender::consultant, "您好，请讲。", 45), lex, nullptr);
    ASSERT_EQ(reply.size(), 1u);
    EXPECT_EQ(reply[0].kind, "slow_first_response");
    EXPECT_EQ(reply[0].level, severity::warning);
    EXPECT_EQ(reply[0].seq, 1u);
    EXPECT_EQ(reply[0].duration_ms, 45'000);
    EXPECT_EQ(reply[0].at, t0 + seconds{45});

    conversation_analyzer quick("");
    quick.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    EXPECT_TRUE(quick.on_message(msg(2, sender::consultant, "您好，请讲。", 20), lex, nullptr).empty());

    // Never answered: the end settles it with the time the visitor waited.
    conversation_analyzer unanswered("");
    unanswered.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    std::vector<message> transcript{msg(1, sender::visitor, "你好", 0)};
    auto end = unanswered.finish(transcript, close_trigger::visitor_left, t0 + seconds{50}, lex);
    auto slow = kinds(end.findings, "slow_first_response");
    ASSERT_EQ(slow.size(), 1u);
    EXPECT_EQ(slow[0].duration_ms, 50'000);
}

TEST(analyzer, a_quick_reply_raises_nothing_and_a_second_question_opens_a_new_gap) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("");
    a.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    EXPECT_TRUE(a.on_message(msg(2, sender::consultant, "您好，请讲。", 5), lex, nullptr).empty());
    a.on_message(msg(3, sender::visitor, "还有个问题", 100), lex, nullptr);
    EXPECT_EQ(a.next_deadline(lex), t0 + seconds{160});
}

TEST(analyzer, a_visitor_stepping_away_opens_no_gap) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("");
    a.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    a.on_message(msg(2, sender::consultant, "您好，请讲。", 5), lex, nullptr);
    a.on_message(msg(3, sender::visitor, "稍等，我去拿一下报告", 10), lex, nullptr);
    EXPECT_FALSE(a.next_deadline(lex));
    EXPECT_TRUE(a.advance(t0 + seconds{600}, lex).empty());
}

TEST(analyzer, thresholds_are_data) {
    auto lex = std::make_shared<lexicon>(real_lexicon());
    lex->rules.idle_warning = seconds{5};
    lex->rules.idle_critical = seconds{10};
    lex->compile();
    conversation_analyzer a("");
    a.on_message(msg(1, sender::visitor, "在吗", 0), *lex, nullptr);
    auto f = a.advance(t0 + seconds{10}, *lex);
    EXPECT_EQ(kinds(f, "idle_gap").size(), 2u);
}

TEST(analyzer, forbidden_phrases_survive_width_spacing_and_traditional_script) {
    const auto& lex = real_lexicon();
    for (const char* text : {"你看不懂中文吗", "你 看 不 懂 中 文 吗", "你看不懂中文嗎", "你*看不懂~中文吗",
                             "關咱們什麼事", "不好意思"}) {
        auto found = check_consultant_text(text, "", lex, nullptr);
        ASSERT_FALSE(kinds(found, "forbidden_phrase").empty()) << text;
    }
}

TEST(analyzer, spans_point_at_the_exact_characters_as_written) {
    const auto& lex = real_lexicon();
    std::string text = "好的，不 好 意 思让您久等了。";
    auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].matched, "不 好 意 思");
    EXPECT_EQ(found[0].begin, 3u);
    EXPECT_EQ(found[0].end, 10u);
}

// The page inserts a suggestion only when the finding says it is a replacement.
TEST(analyzer, findings_say_whether_the_suggestion_replaces_or_advises) {
    const auto& lex = real_lexicon();
    auto found = kinds(check_consultant_text("不好意思，你到底懂不懂？", "", lex, nullptr), "forbidden_phrase");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_TRUE(found[0].replaces);
    EXPECT_EQ(found[0].suggestion, "很抱歉");
    EXPECT_FALSE(found[1].replaces) << found[1].matched;
    EXPECT_NE(frames::finding_json(found[0]).find(R"("replacement":"很抱歉")"), std::string::npos) << frames::finding_json(found[0]);
    EXPECT_EQ(frames::finding_json(found[0]).find(R"("advice")"), std::string::npos);
    EXPECT_NE(frames::finding_json(found[1]).find(R"("advice":")"), std::string::npos) << frames::finding_json(found[1]);
    EXPECT_EQ(frames::finding_json(found[1]).find(R"("replacement")"), std::string::npos);
    auto typo = kinds(check_consultant_text("您可以先来做个检察", "", lex, nullptr), "typo");
    ASSERT_EQ(typo.size(), 1u);
    EXPECT_TRUE(typo[0].replaces);
}

TEST(analyzer, typos_from_ime_punctuation_and_hunspell) {
    const auto& lex = real_lexicon();
    auto ime = kinds(check_consultant_text("您可以先来做个检察，再预越专家。", "", lex, nullptr), "typo");
    ASSERT_EQ(ime.size(), 2u);
    EXPECT_EQ(ime[0].suggestion, "检查");
    EXPECT_EQ(ime[1].suggestion, "预约");
    auto punct = kinds(check_consultant_text("真的吗？？？好的。。", "", lex, nullptr), "typo");
    ASSERT_EQ(punct.size(), 2u);
    EXPECT_EQ(punct[0].rule, "repeated_question_marks");
    EXPECT_EQ(punct[1].rule, "repeated_full_stops");
    auto comma = kinds(check_consultant_text("您好,请讲", "", lex, nullptr), "typo");
    ASSERT_EQ(comma.size(), 1u);
    EXPECT_EQ(comma[0].suggestion, "，");
    auto spell = kinds(check_consultant_text("建议服用 tadalafil，不是 tadalafill。", "", lex, real_speller()), "typo");
    ASSERT_EQ(spell.size(), 1u);
    EXPECT_EQ(spell[0].matched, "tadalafill");
    EXPECT_EQ(spell[0].rule, "spelling");
    // Abbreviations and codes are not words to spell-check.
    EXPECT_TRUE(check_consultant_text("HPV 和 TCT 检查，B2 型", "", lex, real_speller()).empty());
}

// Medical stems that en_med_glut lists without affix flags: their regular -ing/-ed forms are
// words (issue #12, fresh2's genotyping); a stem with its own form keeps the misspelled one wrong.
TEST(analyzer, spelling_accepts_regular_forms_of_medical_stems) {
    const auto& lex = real_lexicon();
    for (const char* text : {"这个要做 genotyping 检测。", "两个样本都已经 genotyped 了。", "karyotyping 需要抽血。"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "typo").empty()) << text;
    for (const char* text : {"the transfering of embryos", "begining"}) {
        auto spell = kinds(check_consultant_text(text, "", lex, real_speller()), "typo");
        EXPECT_EQ(spell.size(), 1u) << text;
    }
}

// A word with a Latin letter beyond ASCII (fresh35: Mrs. Müller read as the misspelling "ller") is
// a name or a borrowing, read whole and not spelled; an ASCII misspelling beside one still is.
TEST(analyzer, a_latin_word_with_a_letter_beyond_ascii_is_not_spelled) {
    const auto& lex = real_lexicon();
    for (const char* text : {"Thank you, Mrs. Müller. See you on Saturday.", "麻烦您转告 müller 太太，报告已经出来了。",
                             "José 先生您好，预约在周五上午。", "术后可以喝一杯 café latte，不要太烫。"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "typo").empty()) << text;
    auto spell = kinds(check_consultant_text("Müller 太太的 apointment 在周五。", "", lex, real_speller()), "typo");
    ASSERT_EQ(spell.size(), 1u);
    EXPECT_EQ(spell[0].matched, "apointment");
}

// typos.tsv lists the simplified pinyin IME's confusions: their traditional forms are another
// region's own spelling (Hong Kong writes 綜合症), not typos.
TEST(analyzer, listed_typos_match_simplified_script_only) {
    const auto& lex = real_lexicon();
    EXPECT_EQ(kinds(check_consultant_text("多囊卵巢综合症要长期调理。", "", lex, nullptr), "typo").size(), 1u);
    EXPECT_TRUE(kinds(check_consultant_text("多囊卵巢綜合症要長期調理。", "", lex, nullptr), "typo").empty());
}

// Every paste from the second on is a repeat instead of an answer (rules.conf
// repeated_reply_count = 2, as QA auditors mark it); a text resent because the visitor asked for it
// again is not.
TEST(analyzer, repeated_reply_from_the_second_paste) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("");
    int t = 0;
    std::vector<finding> all;
    for (std::uint64_t seq = 1; seq <= 6; seq += 2) {
        a.on_message(msg(seq, sender::visitor, "然后呢", t), lex, nullptr);
        auto f = a.on_message(msg(seq + 1, sender::consultant, "您可以来院详细检查一下。", t + 5), lex, nullptr);
        all.insert(all.end(), f.begin(), f.end());
        t += 10;
    }
    auto rep = kinds(all, "repeated_reply");
    ASSERT_EQ(rep.size(), 2u);
    EXPECT_EQ(rep[0].seq, 4u);
    EXPECT_EQ(rep[1].seq, 6u);
    EXPECT_TRUE(a.would_repeat("别的话", lex) == std::nullopt);
    EXPECT_TRUE(a.would_repeat("您可以来院详细检查一下", lex).has_value());
}

TEST(analyzer, a_text_resent_on_the_visitors_request_is_no_repeat) {
    const auto& lex = real_lexicon();
    for (const char* ask : {"刚才的地址能再发一次吗", "没收到，麻烦再发下", "聊天记录刷没了，找不到了", "可唔可以再send多次"}) {
        conversation_analyzer a("");
        a.on_message(msg(1, sender::visitor, "你们地址在哪", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, "地址：天河区中山大道88号三楼。", 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, ask, 20), lex, nullptr);
        EXPECT_FALSE(a.would_repeat("地址：天河区中山大道88号三楼。", lex).has_value()) << ask;
        auto f = a.on_message(msg(4, sender::consultant, "地址：天河区中山大道88号三楼。", 30), lex, nullptr);
        EXPECT_TRUE(kinds(f, "repeated_reply").empty()) << ask;
        // Pasted once more without being asked: a repeat again.
        a.on_message(msg(5, sender::visitor, "好的，停车方便吗", 40), lex, nullptr);
        f = a.on_message(msg(6, sender::consultant, "地址：天河区中山大道88号三楼。", 50), lex, nullptr);
        EXPECT_EQ(kinds(f, "repeated_reply").size(), 1u) << ask;
    }
}

TEST(analyzer, contact_capture) {
    EXPECT_TRUE(contains_contact("我的电话13912345678"));
    EXPECT_TRUE(contains_contact("139 1234 5678"));
    EXPECT_TRUE(contains_contact("微信号是 lucy_2024"));
    EXPECT_TRUE(contains_contact("QQ：123456789"));
    EXPECT_TRUE(contains_contact("座机 021-12345678"));
    EXPECT_FALSE(contains_contact("我今年32岁，结婚3年"));
    EXPECT_FALSE(contains_contact("费用是12000元"));
    EXPECT_FALSE(contains_contact("加微信可以吗"));
}

TEST(analyzer, send_policy_blocks_profanity_only_by_default) {
    const auto& lex = real_lexicon();
    EXPECT_TRUE(blocks(check_consultant_text("TMD", "", lex, nullptr), lex.rules));
    EXPECT_FALSE(blocks(check_consultant_text("你看不懂中文吗", "", lex, nullptr), lex.rules));
}

TEST(analyzer, only_entries_marked_block_can_block_everything_else_warns) {
    const auto& lex = real_lexicon();
    // 去死 and 尼玛 are critical profanity but ambiguous (去死皮, a Tibetan name): found, never blocking.
    for (const char* text : {"你去死吧", "尼玛，这都不懂"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        // (这都不懂 is the rude-reply classifier's scolding, a warning of its own.)
        std::erase_if(found, [](const finding& f) { return f.category != "profanity"; });
        ASSERT_EQ(found.size(), 1u) << text;
        EXPECT_EQ(found[0].level, severity::critical) << text;
        EXPECT_FALSE(blocks(found, lex.rules)) << text;
    }
    EXPECT_TRUE(blocks(check_consultant_text("傻逼", "", lex, nullptr), lex.rules));
}

TEST(analyzer, issue_12_false_alarms_stay_clean) {
    const auto& lex = real_lexicon();
    for (const char* text : {
             "尼玛女士您好，报告已经出来了。", "藏语护士尼玛会在一楼等您。", "不建议用磨砂膏去死皮。",
             "建议平时有意识地闭嘴呼吸，用鼻子呼吸。", "拔牙后尽量闭嘴用鼻子呼吸。",
             "下巴弹响可能是颞下颌关节紊乱（TMD），可以来拍个关节片看看。", "注意规律生活，该换药的时候来换药。",
             "需要寻找死精的原因。", "我们的治疗成功率比较高。", "他在检察院上班，周末可以来。",
             "门诊短信会提前一天发给您。", "打夜针的时间是晚上九点。", "单颗种植牙的活动价是3800元。"}) {
        auto found = check_consultant_text(text, "", lex, nullptr);
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty() && kinds(found, "typo").empty())
            << text << ": " << (found.empty() ? "" : found[0].matched);
    }
}

// `unless:@NAME` reaches past the comma: an entry stands down when the message, elsewhere, says
// the message_modifier NAME of reply_cues.tsv (an offer of help, a hand-over); alone it stands.
TEST(analyzer, an_entry_stands_down_when_the_message_takes_the_matter_on) {
    const auto& lex = real_lexicon();
    auto phrase_rules = [&](const char* text) {
        std::vector<std::string> rules;
        for (auto& f : kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase"))
            if (f.rule.rfind("phrase:", 0) == 0) rules.push_back(f.rule);
        return rules;
    };
    for (const char* text : {"优惠这块我做不了主，但我可以帮您问问主任能不能申请。",
                             "这个价格我说了不算，我帮您转给主任，稍后联系您。",
                             "这个我也不清楚，我帮您问一下医生。", "具体费用我也不知道，您稍等，我帮您查一下。"})
        EXPECT_TRUE(phrase_rules(text).empty()) << text;
    for (const char* text : {"这个我做不了主。", "我说了不算，你去问别人吧。", "我也不清楚。",
                             "这个我也不知道，你问医生吧。"})
        EXPECT_FALSE(phrase_rules(text).empty()) << text;
}

namespace {

// The correction the first typo finding of a consultant line suggests, or "" if none.
std::string typo(const char* text, const char* department) {
    auto found = kinds(check_consultant_text(text, department, real_lexicon(), nullptr), "typo");
    return found.empty() ? std::string() : found[0].suggestion;
}

}  // namespace

// An everyday word that is a slip only in its context (typos.tsv `only:`): 搞完 is 睾丸 beside a
// side of the body or a symptom, and the verb and its complement anywhere else; 主人 is 主任 after
// a surname or before what a 主任 does.
TEST(analyzer, a_real_word_typo_stands_only_in_the_contexts_its_entry_names) {
    EXPECT_EQ(typo("左侧搞完坠胀多久了？", "男科"), "睾丸");
    EXPECT_EQ(typo("建议做个搞完彩超看看。", "男科"), "睾丸");
    EXPECT_EQ(typo("右边搞完摸着有硬块吗？", "不孕不育"), "睾丸");
    EXPECT_EQ(typo("您在惊奇干净后三到七天来复查。", "妇科"), "经期");
    EXPECT_EQ(typo("明天王主人坐诊，我帮您约上。", "综合"), "主任");
    EXPECT_EQ(typo("这周主人医生都在。", "综合"), "主任");
    // Session 25 (fresh42): 麻要 is 麻药 as the noun only; 麻 then the modal 要 is no slip.
    EXPECT_EQ(typo("打了麻要多久能退？", "口腔"), "麻药");
    EXPECT_EQ(typo("局部麻要过敏的话提前说。", "口腔"), "麻药");
    EXPECT_EQ(typo("超过一天还麻要注意，及时回来复查。", "口腔"), "");
    EXPECT_EQ(typo("我们主人明天上午坐诊。", "综合"), "主任");
    for (const char* text : {"检查搞完了就可以回家。", "手续搞完再来找我。", "先把化验搞完，结果出来我告诉您。",
                             "您搞完彩超再来找我。"})
        EXPECT_EQ(typo(text, "男科"), "") << text;
    EXPECT_EQ(typo("左侧搞完坠胀多久了？", "口腔"), "") << "睾丸 is a 男科 and 不孕不育 word";
    for (const char* text : {"很多人听到都很惊奇。", "这个结果让医生也很惊奇。"})
        EXPECT_EQ(typo(text, "妇科"), "") << text;
    for (const char* text : {"宠物的主人要陪同吗？", "您是这家店的主人吧。", "主人公的名字我记不清了。",
                             "请把主人的号码留一下。", "宠物主人亲自陪同就可以。"})
        EXPECT_EQ(typo(text, "综合"), "") << text;
    // A reviewer's look-alikes: 一边…一边, 大小便, 炎症, 后来, 第一个, 起来 and 显得 are no slip contexts,
    // and a typo's contexts keep to simplified script as its wrong side does.
    for (const char* text : {"您一边搞完检查一边问我就行。", "搞完大小便化验再来找我。", "等搞完炎症指标复查再决定。"})
        EXPECT_EQ(typo(text, "男科"), "") << text;
    for (const char* text : {"她很惊奇后来怎么就好了。", "很多患者都惊奇第一个疗程就见效了。"})
        EXPECT_EQ(typo(text, "妇科"), "") << text;
    for (const char* text : {"牙齿发黄笑起来不雅，可以考虑美白。", "牙缝太大显得不雅，建议做个贴面。"})
        EXPECT_EQ(typo(text, "口腔"), "") << text;
    EXPECT_EQ(typo("陳主人明天坐診。", "综合"), "");
    EXPECT_EQ(typo("月经第三天来查激素，惊奇第二天也可以。", "妇科"), "经期");
}

// Session 27: the real-word slips that recur across writers (影视, 好玩, 解压, 资料, 圣经, 出牌, 打拿药, 鲸鱼,
// 隐形, 威信; 萌芽, 取暖, 场景, 续约, 手速 from fresh48), in sentences of their own, and the same words where they are meant.
TEST(analyzer, recurring_real_word_slips_stand_in_their_contexts_only) {
    EXPECT_EQ(typo("拔完牙这几天影视要清淡一点。", "口腔"), "饮食");
    EXPECT_EQ(typo("右侧好玩有点偏小，要做个彩超。", "男科"), "睾丸");
    EXPECT_EQ(typo("半年做一次解压就可以了。", "口腔"), "洁牙");
    EXPECT_EQ(typo("霉菌性的要资料一个疗程。", "妇科"), "治疗");
    EXPECT_EQ(typo("根管是把发炎的圣经抽掉。", "口腔"), "神经");
    EXPECT_EQ(typo("这个月开始出牌的话月经第二天来。", "不孕不育"), "促排");
    EXPECT_EQ(typo("拔之前会打拿药，不会疼。", "口腔"), "打麻药");
    EXPECT_EQ(typo("取精前要鲸鱼三到五天。", "男科"), "禁欲");
    EXPECT_EQ(typo("您的TCT报告隐形，放心。", "妇科"), "阴性");
    EXPECT_EQ(typo("您加一下客服威信，发定位给您。", "综合"), "微信");
    EXPECT_EQ(typo("照片上萌芽磕掉了一小块。", "口腔"), "门牙");
    EXPECT_EQ(typo("取暖前一晚十点后别吃东西。", "不孕不育"), "取卵");
    EXPECT_EQ(typo("五十岁以上建议约个场景。", "综合"), "肠镜");
    EXPECT_EQ(typo("已经帮您续约周三上午九点。", "综合"), "预约");
    EXPECT_EQ(typo("手速大概四十分钟。", "男科"), "手术");
    for (const char* text : {"最近的影视剧挺多的。", "小朋友觉得这里挺好玩的。", "听点音乐解压一下。", "资料带齐了吗？",
                             "到了不用重新填资料。", "他在科室里很有威信。", "隐形矫正大概三万。",
                             "先去一楼拿药，再去打针。", "春天万物萌芽。",
                             "冬天注意取暖。", "这个场景很常见。", "合同到期要续约。", "您手速真快。"})
        for (const char* department : {"口腔", "男科", "妇科", "综合"})
            EXPECT_EQ(typo(text, department), "") << text << " " << department;
}

// Session 28 (fresh49, blind; eight labels of 督查 by several writers): a follow-up's 督查, 辛辣吃鸡性的食物, and
// 地屈孕酮 wherever it is taken; an inspection, chicken and a region stay clean.
TEST(analyzer, session28_follow_ups_irritants_and_a_progestogen_as_slips) {
    EXPECT_EQ(typo("您这个情况建议您过来督查一下。", "妇科"), "复查");
    EXPECT_EQ(typo("一周后来督查。", "口腔"), "复查");
    EXPECT_EQ(typo("饮食上避免辛辣吃鸡性的食物。", "妇科"), "刺激");
    EXPECT_EQ(typo("可以用雌激素配合地区孕酮做黄体支持。", "不孕不育"), "地屈孕酮");
    EXPECT_EQ(typo("阿莫希林一天三次。", "口腔"), "阿莫西林");
    for (const char* text : {"术后可以吃鸡蛋。", "这个地区孕酮偏低的人比较多。", "喝点鸡汤没关系，吃鸡肉也行。"})
        for (const char* department : {"不孕不育", "妇科", "综合"})
            EXPECT_EQ(typo(text, department), "") << text << " " << department;
    EXPECT_NE(typo("卫健委上周来督查了一下。", "综合"), "复查") << "the typos.tsv entry yields to an inspection";
}

TEST(analyzer, no_match_spans_sentence_punctuation_except_single_latin_letters) {
    const auto& lex = real_lexicon();
    EXPECT_TRUE(kinds(check_consultant_text("注意规律生活，该换药了", "", lex, nullptr), "forbidden_phrase").empty());
    // No lexicon phrase across the full stop (你看不懂中文吗); 你看不懂 alone is the classifier's to judge.
    for (auto& f : kinds(check_consultant_text("你看不懂。中文吗", "", lex, nullptr), "forbidden_phrase"))
        EXPECT_EQ(f.rule.rfind("phrase:", 0), std::string::npos) << f.rule;
    EXPECT_FALSE(kinds(check_consultant_text("T.M.D", "", lex, nullptr), "forbidden_phrase").empty());
    EXPECT_FALSE(kinds(check_consultant_text("活该", "", lex, nullptr), "forbidden_phrase").empty());
}

TEST(analyzer, short_typo_sides_count_only_as_words_of_their_own) {
    const auto& lex = real_lexicon();
    // 检察 is a typo of 检查 as a word, not inside 检察院 (jieba's dictionary says which).
    EXPECT_FALSE(kinds(check_consultant_text("您可以先来做个检察。", "", lex, nullptr), "typo").empty());
    EXPECT_TRUE(kinds(check_consultant_text("他在检察院工作。", "", lex, nullptr), "typo").empty());
    // A word the dictionary barely counts (子花, 4 times) does not hide a wrong side (花票 for 发票) ...
    EXPECT_FALSE(kinds(check_consultant_text("可以给您开电子花票，发到邮箱。", "", lex, nullptr), "typo").empty());
    // ... while a rare word still cuts a forbidden phrase (我靠 in 我靠窗; 靠窗 is counted 3 times).
    EXPECT_TRUE(kinds(check_consultant_text("到了找我靠窗那个咨询台就行。", "", lex, nullptr), "forbidden_phrase").empty());
}

TEST(analyzer, unknown_department_uses_every_departments_keywords) {
    lexicon lex = real_lexicon();
    lex.rules.intent_threshold = 0.5;  // a topic alone is no intent in the shipped weights
    conversation_analyzer a("");
    a.on_message(msg(1, sender::visitor, "种植牙", 0), lex, nullptr);
    EXPECT_TRUE(a.had_intent(lex));
    conversation_analyzer b("男科");
    b.on_message(msg(1, sender::visitor, "种植牙", 0), lex, nullptr);
    EXPECT_FALSE(b.had_intent(lex)) << "口腔 keywords do not count in 男科";
}

TEST(analyzer, the_servers_own_chinese_messages_pass_its_own_checks) {
    // What users read from the server must not commit the slips it flags in consultants.
    for (int i = 0; i <= static_cast<int>(proto::error_code::conversation_full); ++i) {
        auto text = proto::user_message(static_cast<proto::error_code>(i));
        EXPECT_TRUE(check_consultant_text(text, "", real_lexicon(), real_speller()).empty()) << text;
    }
}

TEST(analyzer, appointments_in_varied_words_and_scripts_mean_intent_was_not_wasted) {
    const auto& lex = real_lexicon();
    for (const char* text : {"已经帮您预约了明天上午", "好的，帮您约好明天下午3点", "已經幫您約好下週六上午10點",
                             "王女士已经帮您登记好了", "I have booked you with Dr. Wang"})
        EXPECT_TRUE(check_consultant(text, "", lex, nullptr).appointment) << text;
    EXPECT_FALSE(check_consultant("我可以帮您约一下专家，您看什么时间方便？", "", lex, nullptr).appointment);
    // The visitor booked through the public account: no intent wasted.
    conversation_analyzer a("综合");
    a.on_message(msg(1, sender::visitor, "你们地址在哪？怎么走？我想预约体检", 0), lex, nullptr);
    a.on_message(msg(2, sender::consultant, "我们在人民路88号。", 10), lex, nullptr);
    a.on_message(msg(3, sender::visitor, "好的 已经在公众号上约好了", 20), lex, nullptr);
    auto t = std::vector<message>{};
    auto r = a.finish(t, close_trigger::visitor_left, t0 + seconds{30}, lex);
    for (auto& f : r.findings) EXPECT_NE(f.kind, "wasted_intent");
}

TEST(analyzer, asking_a_price_is_no_intent_asking_to_come_is) {
    const auto& lex = real_lexicon();
    conversation_analyzer price("口腔");
    price.on_message(msg(1, sender::visitor, "补牙多少钱？根管治疗呢？", 0), lex, nullptr);
    EXPECT_FALSE(price.had_intent(lex));
    conversation_analyzer visit("口腔");
    visit.on_message(msg(1, sender::visitor, "我想预约明天上午补牙，地址在哪里？", 0), lex, nullptr);
    EXPECT_TRUE(visit.had_intent(lex));
}

TEST(analyzer, away_phrases_are_families_not_a_list) {
    const auto& lex = real_lexicon();
    for (const char* text : {"你等我会儿", "我先去接个电话", "等我一下哈", "我去打个电话问问", "待会儿回来",
                             "我先忙，晚点再回来", "我去问问我老公", "先离开一下", "來電話了，等我一下"}) {
        conversation_analyzer a("");
        a.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, "您好，请讲。", 5), lex, nullptr);
        a.on_message(msg(3, sender::visitor, text, 10), lex, nullptr);
        EXPECT_FALSE(a.next_deadline(lex)) << text;
    }
    // Mentioning a phone or a later visit is not stepping away: the visitor still waits.
    for (const char* text : {"你们有电话吗？", "我打电话过去可以吗", "我去拿药要排队吗"}) {
        conversation_analyzer a("");
        a.on_message(msg(1, sender::visitor, text, 0), lex, nullptr);
        EXPECT_TRUE(a.next_deadline(lex)) << text;
    }
}

TEST(analyzer, more_ordinary_sentences_from_issue_12_stay_clean) {
    const auto& lex = real_lexicon();
    for (const char* text : {"入口在大楼靠北一侧。", "术后疤很小，基本看不出来。", "打完麻药嘴唇发麻最多两个小时。",
                             "方便的话留个电话号吗？", "退款已经报批了，三个工作日到账。",
                             "验血查一下 hCG 就知道了。", "Yasmin 是短效避孕药。", "Differin 晚上薄涂一层。"}) {
        auto found = check_consultant_text(text, "", lex, real_speller());
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty() && kinds(found, "typo").empty())
            << text << ": " << (found.empty() ? "" : found[0].matched);
    }
    for (const char* text : {"帮您约好了，明天上午九点。", "已经帮您预约了周六的号"})
        EXPECT_TRUE(check_consultant(text, "", lex, nullptr).appointment) << text;
}

TEST(analyzer, a_typo_entry_is_not_flagged_in_the_contexts_its_unless_columns_name) {
    const auto& lex = real_lexicon();
    EXPECT_FALSE(kinds(check_consultant_text("报批手术恢复很快。", "男科", lex, nullptr), "typo").empty());
    EXPECT_TRUE(kinds(check_consultant_text("退款已经报批了，三个工作日到账。", "男科", lex, nullptr), "typo").empty());
    EXPECT_FALSE(kinds(check_consultant_text("我们的电话号吗是8888", "", lex, nullptr), "typo").empty());
    EXPECT_TRUE(kinds(check_consultant_text("方便的话留个电话号吗？", "", lex, nullptr), "typo").empty());
}

// Session 14 (fresh22, fresh23): homophones whose wrong side looks like a word (地质, 回复, 少等, 未经,
// 通经, 有会), each beside the ordinary use its unless columns spare.
TEST(analyzer, everyday_looking_homophones_are_typos_only_outside_their_ordinary_use) {
    const auto& lex = real_lexicon();
    auto typo = [&](const char* text, const char* department = "") {
        return kinds(check_consultant_text(text, department, lex, nullptr), "typo");
    };
    for (const char* text : {"稍后把医院地质和乘车路线一起发给您", "拔智齿以后一般一周基本回复", "麻烦您少等，我去问一下主任",
                             "明早做个无痛未经就清楚了", "这个月有会活动，洗牙送抛光", "麻烦留一个收集号方便联系", "名天上午八点前到"}) {
        auto found = typo(text);
        EXPECT_EQ(found.size(), 1u) << text;
    }
    EXPECT_EQ(typo("这种程度的通经建议先做个B超", "妇科").size(), 1u);
    EXPECT_EQ(typo("小白点长在归头冠状沟的话多半是珍珠疹", "男科").size(), 1u);
    EXPECT_EQ(typo("孩子十岁了还是报警的话可以考虑手术", "男科").size(), 1u);
    EXPECT_TRUE(typo("遇到这种敲诈建议直接报警", "男科").empty());
    for (const char* text : {"他以前在地质队工作过", "客服会在两小时内基本回复您的留言", "为了让您少等，建议先在线挂号",
                             "未经本人同意我们不会透露病情", "我们有会粤语的同事可以接待您"})
        EXPECT_TRUE(typo(text).empty()) << text;
    EXPECT_TRUE(typo("中药里活血通经的方子不建议自己吃", "妇科").empty());
}

// Session 15 (fresh27): fuzzy-pinyin slips (n/l, f/h, in/ing) of clinic words, which the same-pinyin
// IME model cannot find, are listed; beside the ordinary words that hold the same characters.
TEST(analyzer, fuzzy_pinyin_slips_of_clinic_words_are_typos) {
    const auto& lex = real_lexicon();
    auto typo = [&](const char* text) { return kinds(check_consultant_text(text, "", lex, nullptr), "typo"); };
    for (const char* text : {"B超看类膜厚度要在月经干净后", "反复料道炎的话先查个尿常规", "明天早上挂户科的号就行",
                             "这个新期六休息", "一个月后过来胡查", "检查抱告出来我第一时间告诉您", "方便留个点话吗",
                             "有事随时年系我", "胡诊的时候带上病历本"}) {
        EXPECT_EQ(typo(text).size(), 1u) << text;
    }
    for (const char* text : {"孩子平时不爱讲话，可以让他多说点话", "系统更新期间暂停挂号", "客户科室在二楼", "这是材料道具间",
                             "内膜厚度正常", "星期三下午主任坐诊"})
        EXPECT_TRUE(typo(text).empty()) << text;
}

namespace {

// Runs a whole conversation through the analyzer and returns the findings of `kind` at its end.
std::vector<finding> wasted(std::initializer_list<std::pair<sender, const char*>> lines, close_trigger how,
                            const char* department = "综合") {
    const auto& lex = real_lexicon();
    conversation_analyzer a(department);
    std::vector<message> transcript;
    int at = 0;
    std::uint64_t seq = 1;
    for (auto& [from, text] : lines) {
        transcript.push_back(msg(seq++, from, text, at += 20));
        a.on_message(transcript.back(), lex, nullptr);
    }
    return kinds(a.finish(transcript, how, t0 + seconds{at + 10}, lex).findings, "wasted_intent");
}

constexpr auto V = sender::visitor;
constexpr auto C = sender::consultant;

}  // namespace

// Issue 12, d203's class: a consultant who answered the visitor's intent with an attempt to book
// or to take a contact did not waste the visitor, whatever the visitor then did (went silent,
// declined). Offers are a family in closings.tsv, in both scripts.
TEST(analyzer, an_offer_to_book_or_a_request_for_a_contact_answers_the_visitors_intent) {
    for (const char* offer : {"需要我帮您约个号吗？", "方便的话留个电话，我帮您预约。", "请留一下您的姓名和手机号。",
                              "您想约哪一天过来？", "您看什么时间方便？", "可以加一下我们的微信 lt-kq01。",
                              "請留個聯絡電話，我幫您約醫生。", "明天上午专家还有号，要不要给您安排？",
                              "您怎么称呼？电话多少？"}) {
        auto found = wasted({{V, "牙疼了一个星期，想这周末过去看看，地址在哪"},
                             {C, "您好，我们在人民路88号，周末正常上班。"},
                             {C, offer},
                             {C, "您可能在忙，有需要随时找我。"}},
                            close_trigger::consultant_ended, "口腔");
        EXPECT_TRUE(found.empty()) << offer;
    }
    // Without the offer it is wasted, critical when the consultant ended.
    auto none = wasted({{V, "牙疼了一个星期，想这周末过去看看，地址在哪"}, {C, "您好，我们在人民路88号，周末正常上班。"}},
                       close_trigger::consultant_ended, "口腔");
    ASSERT_EQ(none.size(), 1u);
    EXPECT_EQ(none[0].level, severity::critical);
}

TEST(analyzer, an_offer_counts_only_as_a_fresh_answer_to_the_last_intent) {
    // The opening template asked for a contact; the visitor then said when they would come and
    // got nothing: wasted.
    auto before = wasted({{V, "最近硬度不够，时间也短"},
                          {C, "您好，这个原因很多，请问您方便留个联系方式吗？医生会给您详细分析。"},
                          {V, "那我周日过去吧，周日有医生吗，地址在哪"}},
                         close_trigger::visitor_left, "男科");
    EXPECT_EQ(before.size(), 1u);
    // The same template pasted again after the intent answers nothing either.
    const char* paste = "您好，您的情况需要医生面诊才能明确，建议您留下联系方式，我们安排专家为您详细解答。";
    auto pasted = wasted({{V, "月经十几天不干净"}, {C, paste}, {V, "我明天能直接去吗 要挂什么号 地址在哪"}, {C, paste}},
                         close_trigger::visitor_left, "妇科");
    EXPECT_EQ(pasted.size(), 1u);
    // A line that dropped while booking still lost the visitor: said, but only as info.
    auto dropped = wasted({{V, "想这周末过去看看，地址在哪"}, {C, "我们在人民路88号。需要帮您预约吗？"}},
                          close_trigger::system);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].level, severity::info);
}

// An offer in a message that brushes the visitor off or shirks (一句两句说不清，你留个联系方式) answers
// nothing; one after a rude question (fresh21: 你是想治还是不想治？想治就留个电话) is still an offer, the
// rudeness its own finding.
TEST(analyzer, an_offer_after_a_rude_question_still_answers_a_brush_off_with_one_does_not) {
    auto rude_question = wasted({{V, "想这周末过去看看早泄，地址在哪"}, {C, "你是想治还是不想治？想治就留个电话"},
                                 {V, "我再想想吧"}},
                                close_trigger::visitor_left, "男科");
    EXPECT_TRUE(rude_question.empty());
    auto brushed = wasted({{V, "想这周末过去看看早泄，地址在哪"}, {C, "网上一查都有，想来就留个电话"}, {V, "我再想想吧"}},
                          close_trigger::visitor_left, "男科");
    EXPECT_EQ(brushed.size(), 1u);
}

// A visitor who was answered, then thanked and took leave, closed the conversation themselves:
// the consultant's goodbye and end after it wastes nobody (two independent corpus writers label
// these clean). Giving up unanswered (算了 谢谢) still counts, and so does a thanks that asks.
TEST(analyzer, a_visitor_who_thanks_and_leaves_after_an_answer_was_not_wasted) {
    for (const char* thanks : {"好的 了解 我下禮拜回去再安排 謝謝", "行 那我周末带他去看看 谢谢哈",
                               "好的明白 我先把之前的根管做完再说 谢谢", "掰掰", "ok thanks, I'll think about it"}) {
        auto found = wasted({{V, "烤瓷牙多少钱一颗，周末能做吗"},
                             {C, "您好，全瓷的2800一颗，周末正常上班。"},
                             {V, thanks},
                             {C, "不客气，祝您生活愉快，再见。"}},
                            close_trigger::consultant_ended, "口腔");
        EXPECT_TRUE(found.empty()) << thanks;
    }
    auto gave_up = wasted({{V, "烤瓷牙多少钱一颗，周末能做吗"}, {V, "算了 谢谢"}, {C, "您好，全瓷的2800一颗。"}},
                          close_trigger::consultant_ended, "口腔");
    EXPECT_EQ(gave_up.size(), 1u) << "thanks while still waiting is giving up";
    auto asks = wasted({{V, "烤瓷牙多少钱一颗，周末能做吗"}, {C, "您好，全瓷的2800一颗。"}, {V, "谢谢，那周六几点开门？"}},
                       close_trigger::consultant_ended, "口腔");
    EXPECT_EQ(asks.size(), 1u) << "a thanks that asks is no leave-taking";
    auto dropped = wasted({{V, "烤瓷牙多少钱一颗，周末能做吗"}, {C, "您好，全瓷的2800一颗。"}, {V, "好的 谢谢"}},
                          close_trigger::system, "口腔");
    EXPECT_EQ(dropped.size(), 1u) << "a drop is judged as before";
}

// Issue 12: paraphrased forbidden phrases are families (patterns), not sentences. None of these is
// a line of the lexicon or of the corpus.
TEST(analyzer, paraphrase_families_of_forbidden_phrases_are_caught) {
    const auto& lex = real_lexicon();
    for (const char* text : {
             "这个问题我都讲过好几遍了",            // impatience
             "还要我说几遍？",                     //
             "这还要我手把手教你吗",               //
             "刚才不是都发给你了吗",               // rhetorical: I said it already
             "我上面写的是中文吧",                 // scolding
             "你看不明白吗",                       //
             "一直问个没完",                       //
             "是你自己不按医嘱吃药，还怪医生",     // blame
             "自己不复查能怪谁",                   //
             "谁叫你拖了半年才来",                 //
             "难道我们还会害你吗",                 //
             "抗生素能随便吃吗",                   //
             "百度说的你也信",                     //
             "你是来看病还是来砍价的",             // interrogating motives
             "她自己怎么不来咨询",                 //
             "我只是个前台，这个要问医生",         // shirking
             "退费是财务的事",                     //
             "跟我们讲也没用",                     //
             "你找我也没用",                       //
             "这个我们也管不着",                   //
             "那我们也没辙",                       //
             "没人给你打包票",                     //
             "你自己上网查去",                     //
             "这些百度上都有",                     //
             "你爱咋样就咋样",                     // brush-off
             "三言两语讲不清",                     //
             "特喵的，又断网了",                   // disguised profanity
             "艹，电脑又卡了",                     //
             "麻烦稍等，我查一下",                 // colloquial request
             "说了你也听不懂",                     // and more, not from the corpus
             "连这个都不知道吗",                   //
             "你不会自己查一下吗",                 //
             "哪来那么多问题",                     //
             "嫌贵就去别家",                       //
             "爱找谁找谁",                         //
             "我草，又卡了",                       //
             "woc 系统又崩了",                     // 我操 in pinyin and stretched
             "Wocao，页面又白了",                  //
             "卧了个槽，消息全没了",               //
         }) {
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
}

TEST(analyzer, ordinary_sentences_near_the_new_families_stay_clean) {
    const auto& lex = real_lexicon();
    for (const char* text : {
             "报告看不懂没关系，我来为您解释。", "图片您看不清楚吗？我再发一张。", "打完麻药嘴唇会特麻的，两小时就好。",
             "这个不能怪您，很多人都会这样。", "请问是您本人还是家人要做检查？", "抽血室在一楼WC旁边。",
             "一点都不麻烦，带上身份证就可以。", "医生会告诉您具体怎么吃药。", "刚才说的费用包含麻醉。",
             "术后一周内不能随便揉眼睛。", "您可以在公众号上自己查报告。", "这个我们需要先检查才能确定。",
             "您说的情况我明白了。", "很多人会问我们做什么检查。", "那您明天再来复查一下。",
             "这没有什么好担心的。", "您妈妈的报告出来了。", "我先草拟一份方案发给您。", "我操作一下系统。",
             "老妈的血压也可以一起量。", "WOCS评分是医生用的量表。", "我了解您的顾虑。"}) {
        auto found = check_consultant_text(text, "", lex, real_speller());
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty()) << text << ": "
                                                              << (found.empty() ? "" : found[0].matched);
    }
}

// "Over 30 s", as a supervisor means it: a first reply at exactly the threshold is in time.
TEST(analyzer, a_first_reply_at_exactly_the_threshold_is_in_time) {
    const auto& lex = real_lexicon();
    conversation_analyzer on_time("");
    on_time.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    EXPECT_TRUE(on_time.on_message(msg(2, sender::consultant, "您好，请讲。", 30), lex, nullptr).empty());
    conversation_analyzer late("");
    late.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
    EXPECT_EQ(kinds(late.on_message(msg(2, sender::consultant, "您好，请讲。", 31), lex, nullptr), "slow_first_response").size(),
              1u);
}

// Issue 12: a reply made only of fillers and non-answers (可能, 看情况, 不知道, 来了才知道) is terse,
// reported once (terse, not also a brush-off); a short reply that does answer is not.
TEST(analyzer, non_answers_are_terse_and_short_answers_are_not) {
    const auto& lex = real_lexicon();
    for (const char* text : {"可能", "哦，看情况吧", "我也不知道", "来了才知道", "嗯，都差不多", "来院细谈", "那就来医院看"}) {
        auto found = check_consultant_text(text, "", lex, nullptr);
        EXPECT_EQ(kinds(found, "terse_reply").size(), 1u) << text;
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty()) << text;
    }
    for (const char* text : {"可以淋浴", "一般两三天", "不用空腹", "可以的，周六也上班", "可能是前列腺炎，建议做个尿常规"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").empty()) << text;
}

// Issue 12 (fresh3's terse replies): a bare answer to a real question is terse: a word or three
// (能, 看人, 荨麻疹), or a filler and a word (可以挂号, 好的，再见), to a visitor who asked or described
// their trouble at length. A short reply in kind (去哪个科 -> 皮肤科), with a number (￥2800), a
// courtesy (您, 谢) or a lively mark (～), or after the visitor only declined, is not; nor 在的 to 在吗.
TEST(analyzer, a_bare_answer_to_a_real_question_is_terse) {
    const auto& lex = real_lexicon();
    auto terse = [&](const char* visitor, const char* reply) {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, visitor, 0), lex, nullptr);
        auto found = kinds(reply_alone(a, 2, reply, 10, lex), "terse_reply");
        return found.size() == 1 && found[0].level == severity::warning;
    };
    // From the corpus (fresh3) and written here.
    EXPECT_TRUE(terse("你们那能治前列腺炎吗，我尿频尿急好几个月了，吃了好多药都不见好", "能"));
    EXPECT_TRUE(terse("那手术会影响以后怀孕吗", "看人"));
    EXPECT_TRUE(terse("我身上起了一片一片的红疙瘩，特别痒，晚上更厉害", "荨麻疹"));
    EXPECT_TRUE(terse("你好，我们结婚三年了一直没怀，想约个专家号夫妻一起检查", "可以挂号"));
    EXPECT_TRUE(terse("那要提前多久空腹，能喝水吗", "好的，再见"));
    EXPECT_TRUE(terse("我牙龈一直出血，刷牙的时候特别多，要不要紧？", "不要紧"));
    EXPECT_TRUE(terse("宝宝发烧39度，能直接带过来挂急诊吗？", "能挂"));
    // Not bare, or not asked for more.
    EXPECT_FALSE(terse("在吗", "在的"));
    EXPECT_FALSE(terse("你好，请问现在在吗？", "在的"));
    EXPECT_FALSE(terse("去哪个科", "皮肤科"));
    EXPECT_FALSE(terse("做个宫腔镜检查多少钱", "￥2800"));
    EXPECT_FALSE(terse("周末上班吗？我只有周末有空", "上班～"));
    EXPECT_FALSE(terse("那明天上午可以过去吗？", "可以，您来吧"));
    EXPECT_FALSE(terse("没有了，谢谢", "好的，再见"));
    EXPECT_FALSE(terse("能刷医保吗？我是本地的", "能刷医保"));
    EXPECT_FALSE(terse("抽血要空腹吗", "要空腹"));
    // A number in words answers "when, how long, how many" as digits do; a word with 一 in it does not.
    EXPECT_FALSE(terse("你们晚上几点关门，我下班才能过去", "九点半"));
    EXPECT_FALSE(terse("促排的话一个周期大概要来医院几次啊", "五六次"));
    EXPECT_FALSE(terse("拔完智齿多久能吃辣的东西", "两个礼拜"));
    EXPECT_FALSE(terse("你们哪天有专家坐诊，我想挂个号", "礼拜三"));
    EXPECT_FALSE(terse("你们哪天有专家坐诊，我想挂个号", "星期天"));
    EXPECT_TRUE(terse("这个药吃了会不会有副作用，我有点担心肝功能", "不一定"));
    EXPECT_TRUE(terse("复查的时候要不要再抽一次血，我怕疼", "一般吧"));
    // An amount in words (a digit times 十, 百, 千, 万) answers as ￥2800 does; a vague one does not.
    EXPECT_FALSE(terse("拔一颗阻生的智齿大概要花多少钱啊，我预算不多", "六百"));
    EXPECT_FALSE(terse("种一颗进口的种植牙全部下来要多少钱", "九千五"));
    EXPECT_FALSE(terse("孩子几岁可以开始做牙齿矫正，现在上小学", "十二"));
    EXPECT_FALSE(terse("一个疗程下来总共大概要多少钱呢，我想先准备一下", "两万左右"));
    EXPECT_TRUE(terse("一个疗程下来总共大概要多少钱呢，我想先准备一下", "几千吧"));
    EXPECT_TRUE(terse("一个疗程下来总共大概要多少钱呢，我想先准备一下", "三千多"));
    // Reported once: a brush-off that is a whole reply stays a brush-off, not also terse.
    conversation_analyzer a("综合");
    a.on_message(msg(1, sender::visitor, "断掉的那一半要泡在牛奶里吗", 0), lex, nullptr);
    auto found = reply_alone(a, 2, "随便", 10, lex);
    EXPECT_TRUE(kinds(found, "terse_reply").empty());
    EXPECT_EQ(kinds(found, "forbidden_phrase").size(), 1u);
}

// fresh43 (g003): 在的 to "在吗" and a question is a bare answer when nothing follows it; a bare answer
// followed by the answer before the visitor writes again (在的。/ 您这种情况……) was one answer in two
// messages. A held bare answer is reported when the visitor writes again, at the end, or once
// terse_follow_up_seconds pass (a deadline, so the hub wakes for it).
TEST(analyzer, a_bare_answer_followed_by_the_answer_is_one_answer_in_two_messages) {
    const auto& lex = real_lexicon();
    const char* asked = "在吗 我去年宫外孕切了左边输卵管 右边查出来有点积水 还能怀上不";
    auto start = [&](conversation_analyzer& a) {
        a.on_message(msg(1, sender::visitor, asked, 0), lex, nullptr);
        return kinds(a.on_message(msg(2, sender::consultant, "在的", 10), lex, nullptr), "terse_reply");
    };
    {  // the visitor writes again: the bare answer was all they got
        conversation_analyzer a("不孕不育");
        EXPECT_TRUE(start(a).empty()) << "held, not yet reported";
        EXPECT_EQ(a.next_deadline(lex), t0 + seconds{10} + lex.rules.terse_follow_up);
        auto found = kinds(a.on_message(msg(3, sender::visitor, "那我这种是不是只能做试管了", 25), lex, nullptr), "terse_reply");
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0].seq, 2u);
        EXPECT_EQ(found[0].matched, "在的");
        EXPECT_EQ(found[0].at, t0 + seconds{10});
    }
    {  // the answer follows: nothing to report, ever
        conversation_analyzer a("不孕不育");
        EXPECT_TRUE(start(a).empty());
        auto next = a.on_message(msg(3, sender::consultant, "一侧输卵管切除、另一侧积水，自然怀孕的机会会低一些，建议先做个造影看看右侧通不通。", 18), lex, nullptr);
        EXPECT_TRUE(kinds(next, "terse_reply").empty());
        EXPECT_TRUE(kinds(a.on_message(msg(4, sender::visitor, "造影多少钱", 40), lex, nullptr), "terse_reply").empty());
        EXPECT_TRUE(kinds(a.advance(t0 + seconds{600}, lex), "terse_reply").empty());
    }
    {  // no one writes: reported when the wait for a follow-up runs out
        conversation_analyzer a("不孕不育");
        EXPECT_TRUE(start(a).empty());
        EXPECT_TRUE(kinds(a.advance(t0 + seconds{10} + lex.rules.terse_follow_up - seconds{1}, lex), "terse_reply").empty());
        EXPECT_EQ(kinds(a.advance(t0 + seconds{10} + lex.rules.terse_follow_up, lex), "terse_reply").size(), 1u);
        EXPECT_TRUE(kinds(a.advance(t0 + seconds{600}, lex), "terse_reply").empty()) << "once";
    }
    {  // the conversation ends at once: reported with the end
        conversation_analyzer a("不孕不育");
        EXPECT_TRUE(start(a).empty());
        std::vector<message> transcript{msg(1, sender::visitor, asked, 0), msg(2, sender::consultant, "在的", 10)};
        auto end = a.finish(transcript, close_trigger::consultant_ended, t0 + seconds{12}, lex);
        EXPECT_EQ(kinds(end.findings, "terse_reply").size(), 1u);
    }
    {  // another bare line after it adds nothing: the first stands
        conversation_analyzer a("不孕不育");
        EXPECT_TRUE(start(a).empty());
        EXPECT_EQ(kinds(a.on_message(msg(3, sender::consultant, "能", 12), lex, nullptr), "terse_reply").size(), 1u);
    }
}

// fresh36 (u085): after the closing question, a visitor's "no more" with a statement that holds a
// question word (没了 结果哪天出到时候看短信就行) asks nothing, as it does for the ending; 好的，再见
// to it is no bare answer. The same words without the closing question before them, or with a
// question mark, still ask.
TEST(analyzer, a_no_more_to_the_closing_question_is_not_a_question_a_bare_goodbye_answers) {
    const auto& lex = real_lexicon();
    auto terse_after = [&](const char* consultant, const char* visitor) {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, "甲状腺结节4a类是不是要穿刺", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, consultant, 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, visitor, 20), lex, nullptr);
        return !kinds(reply_alone(a, 4, "好的，再见。", 30, lex), "terse_reply").empty();
    };
    const char* closing = "下周三上午9点已约好。请问还有其他想问的吗？";
    EXPECT_FALSE(terse_after(closing, "没了 结果哪天出到时候看短信就行"));
    EXPECT_FALSE(terse_after(closing, "没有了，地址在哪我导航过去就行"));
    EXPECT_TRUE(terse_after(closing, "没了 就是想问一下结果哪天能出来？"));
    EXPECT_TRUE(terse_after(closing, "结果哪天出，我到时候看短信"));
    EXPECT_TRUE(terse_after("下周三上午9点已约好。", "没了 结果哪天出到时候看短信就行"));
}

// Issue 12 (recall4, fresh4's class): a visitor who asked for a number or a contact is not answered by a
// bare reply naming none, however short the question (财务电话多少 -> 前台有; 多少钱 -> 不贵); a number in
// words answers (多少钱 -> 八百), and a short question of another kind still gets a short answer in kind.
TEST(analyzer, a_bare_reply_to_a_question_for_a_number_is_terse) {
    const auto& lex = real_lexicon();
    auto terse = [&](const char* visitor, const char* reply) {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, visitor, 0), lex, nullptr);
        return kinds(reply_alone(a, 2, reply, 10, lex), "terse_reply").size() == 1;
    };
    EXPECT_TRUE(terse("财务电话多少", "前台有。"));
    EXPECT_TRUE(terse("洗牙多少钱", "不贵"));
    EXPECT_TRUE(terse("客服電話係幾多", "前台有"));
    EXPECT_FALSE(terse("洗牙多少钱", "八百"));
    EXPECT_FALSE(terse("去哪个科", "皮肤科"));
    // How to reach someone asks for a contact: 加微信 or 打电话 with no id or number gives none.
    EXPECT_TRUE(terse("复诊怎么找医生", "打电话"));
    EXPECT_TRUE(terse("出院后怎么联系你们", "加微信"));
}

// Issue 12 (recall4): the pre-send check judges a draft as the reply would be judged: a bare answer
// to what the visitor asked since the last reply is terse there too (would_be_bare), and not to a
// greeting or after the visitor's question was answered.
TEST(analyzer, the_pre_send_check_sees_a_bare_answer_to_the_visitors_question) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("男科");
    a.on_message(msg(1, sender::visitor, "你们能治前列腺炎吗，我尿频好几个月了，吃药也没用", 0), lex, nullptr);
    auto draft = [&](const char* text) { return a.would_be_bare(text, check_consultant(text, "男科", lex, nullptr), lex); };
    auto bare = draft("能");
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(bare->kind, "terse_reply");
    EXPECT_EQ(bare->rule, "bare_answer");
    EXPECT_EQ(bare->matched, "能");
    EXPECT_FALSE(draft("能治，慢性前列腺炎一般先做个前列腺液检查，再定用药。").has_value());
    EXPECT_FALSE(draft("￥380").has_value());
    // Once the question is answered, the next short line is not bare to it.
    a.on_message(msg(2, sender::consultant, "能治的，您方便的话先来做个前列腺液检查。", 10), lex, nullptr);
    EXPECT_FALSE(draft("好的").has_value());
    conversation_analyzer greeted("男科");
    greeted.on_message(msg(1, sender::visitor, "在吗", 0), lex, nullptr);
    EXPECT_FALSE(greeted.would_be_bare("在的", check_consultant("在的", "男科", lex, nullptr), lex).has_value());
}

// Issue 12: wanting to come, said in other words and in Cantonese, is intent; a plan that does not
// involve the clinic is not.
TEST(analyzer, wanting_to_come_in_other_words_is_intent) {
    const auto& lex = real_lexicon();
    for (const char* text : {"明天几点开门？我要挂哪个科", "下周二能约吗", "好，我星期日10點左右到", "你哋星期日開唔開？我想嚟睇下",
                             "我现在过去来得及吗"}) EXPECT_TRUE(intent_in(text)) << text;
    conversation_analyzer plan("综合");
    plan.on_message(msg(1, sender::visitor, "我明天去上班，晚上再说", 0), lex, nullptr);
    EXPECT_FALSE(plan.had_intent(lex));
}

// Asking whether a named test or procedure can be done on a day (周六可以拍牙片吗, 下午能做个彩超) is
// asking to come then; whether everyday things can be done on a day (晚上能做运动吗) is aftercare.
TEST(analyzer, asking_for_a_test_on_a_day_is_intent) {
    for (const char* text : {"周六可以拍牙片吗", "下午能做个彩超不", "我后天能不能查激素六项", "今晚还能打HPV疫苗吗"})
        EXPECT_TRUE(intent_in(text)) << text;
    for (const char* text : {"拔牙后晚上能做运动吗", "手术后明天能洗澡吗", "检查完了，明天能出报告吗"})
        EXPECT_FALSE(intent_in(text)) << text;
}

// Issue 12 (recall4, fresh4's class): the visitor saying when they will come (a time, then 来/去 at the
// end of the message, or a day that suits them) is intent; 来/去 inside a sentence (周六来的月经) is not.
// A visitor who already holds an appointment (我下午3点有预约) is on file: a contact, as a phone is.
TEST(analyzer, announcing_a_visit_is_intent_and_a_held_appointment_is_a_contact) {
    const auto& lex = real_lexicon();
    for (const char* text : {"那我周六早上过去", "好 明天下班去", "行，那我后天上午来吧", "下周三下午可以"})
        EXPECT_TRUE(intent_in(text)) << text;
    for (const char* text : {"周六来的月经，到现在还没干净", "我明天去上班，晚上再说"})
        EXPECT_FALSE(intent_in(text)) << text;
    conversation_analyzer held("口腔");
    held.on_message(msg(1, sender::visitor, "我明天上午10点有预约，能提前到吗", 0), lex, nullptr);
    EXPECT_TRUE(held.contact_captured());
    conversation_analyzer asking("口腔");
    asking.on_message(msg(1, sender::visitor, "明天有号吗", 0), lex, nullptr);
    EXPECT_FALSE(asking.contact_captured());
}

// Issue 12, round two: a reply that is only a brush-off or a non-answer (去吧, 随便, 那个要问医生,
// 那你明天再来, 自己看吧, and their family with particles, traditional script and Cantonese) is a
// forbidden phrase; the same words inside an answer are not. None of these is a corpus line.
TEST(analyzer, whole_reply_brush_offs_are_caught_and_the_same_words_in_an_answer_are_not) {
    const auto& lex = real_lexicon();
    for (const char* text : {"去吧", "那你去吧。", "去呗😊", "随便", "随你吧", "無所謂啦", "这个要问医生", "问医生吧",
                             "你得去问大夫", "問醫生啦", "那你明天再来", "改天再说吧", "过两天再问", "聽日再嚟啦",
                             "自己看吧", "你自己查一下吧", "自己睇啦", "等着吧", "没办法", "那我也没辙了"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        EXPECT_EQ(found.size(), 1u) << text;
    }
    for (const char* text : {"您直接去吧，在三楼右转", "好的，去吧，路上注意安全", "那您明天再来复查一下。",
                             "这个要问医生看过片子才能定，我先帮您约周六上午", "我帮您问医生", "您可以随便选一个时间",
                             "报告您可以自己看，我也给您解释一下", "您稍等着，我马上查", "这个情况没办法一次治好，需要三个疗程",
                             "明天再来的话记得空腹", "医生说可以，您明天再来拆线就行"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        EXPECT_TRUE(found.empty()) << text << ": " << (found.empty() ? "" : found[0].matched);
    }
}

// Issue 12, round two: when the consultant ends, one need stated (怀不上, weight 1) let go is wasted
// intent; topic and price questions (0.5 each) are asking for information, however many of them.
// Topic and price questions add up to intent when the consultant ends: asking how to treat it and
// what it costs, then being told 您来了再说 and cut off, is the 003 case. (Session 5 tried "one
// stated need must reach the threshold alone": holdout wasted-intent recall fell from 50 % to 31 %;
// the information-only chats it meant to spare are the visitor's own sign-off, handled there.)
TEST(analyzer, a_consultant_ending_wastes_topic_and_price_questions_and_a_stated_need) {
    auto info = wasted({{V, "尿完还滴几滴，是前列腺炎吗"}, {C, "有可能。"}, {V, "那要怎么治，割包皮多少钱，价格贵吗"}, {C, "您来了再说。"}},
                       close_trigger::consultant_ended, "男科");
    ASSERT_EQ(info.size(), 1u);
    EXPECT_EQ(info[0].level, severity::critical);
    auto need = wasted({{V, "结婚三年了一直怀不上"}, {C, "您好。"}}, close_trigger::consultant_ended, "不孕不育");
    ASSERT_EQ(need.size(), 1u);
    EXPECT_EQ(need[0].level, severity::critical);
}

// Issue 12, round two: the families along the axes people vary them on — the polite 您 in a rude
// phrase, particles (啦, 嘛, 呢, 么) after it — none of these a corpus line.
TEST(analyzer, families_cover_the_polite_pronoun_and_other_particles) {
    const auto& lex = real_lexicon();
    for (const char* text : {"您不识字么", "随便您", "您是不是同行来套价的", "谁让您们不早点来", "您问我我问谁", "那个要问医生嘛",
                             "你自己挂号问啦", "我说的是中文啦", "您看不懂呀", "您到底要不要做", "您说不清楚的"}) {
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
    for (const char* text : {"您是不是要预约周六上午？", "您到底是哪天方便，我好给您排号", "您说的情况我记下了"}) {
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
}

// Issue 12, round two: more of the families in other words (look it up yourself, then forget it,
// stop asking, didn't I tell you, what do you know), none of them a corpus line; and the ordinary
// sentences next to them.
TEST(analyzer, more_families_in_other_words_and_their_clean_neighbours) {
    const auto& lex = real_lexicon();
    for (const char* text : {"要问医生的", "自己去百度", "你上网搜搜就知道了", "网上都查得到", "改天吧", "不想做就算了",
                             "算了你别问了", "不要再问了", "不是跟你说了吗", "你没看我发的吗", "这还用问", "说多少遍了",
                             "你到底有没有钱", "你懂什么", "关我屁事", "自己作的"}) {
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
    for (const char* text : {"您不想做手术的话，也可以先保守治疗", "如果不做的话，费用会退给您", "不用问了，直接来就行",
                             "您可以在网上查到我们的地址", "我帮您问医生", "这个药的作用不大", "关于费用我们可以分期",
                             "这还用担心吗？不用担心，很安全", "要是不来的话提前说一声就好", "您懂什么是试管婴儿吗？我给您讲讲"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        EXPECT_TRUE(found.empty()) << text << ": " << (found.empty() ? "" : found[0].matched);
    }
}

// Issue 12, round two: the new families in Cantonese and traditional script (written in
// simplified in the lexicon; the traditional forms come at load time).
TEST(analyzer, the_new_families_in_cantonese_and_traditional_script) {
    const auto& lex = real_lexicon();
    for (const char* text : {"隨便啦", "你去啦", "問醫生啦", "你自己睇下啦", "聽日再嚟", "冇辦法", "等住啦", "自己上網查下啦",
                             "唔好再問啦", "講咗幾多次", "關我咩事", "你識咩"}) {
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
    for (const char* text : {"你識唔識路？我發個地圖俾你", "等住報告出咗再同你講", "我幫你問醫生"}) {
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    }
}

// ---- issue 12, fresh3's false alarms: each a class of ordinary language -------------------------
// Every pair is the corpus's clean sentence (fresh3, fresh, or the one named in the issue) and one
// more of the same class written for this test. The phrases they hold are still flagged where
// they are meant (the second loop).

TEST(analyzer, polite_uses_of_flagged_words_stay_clean_as_a_class) {
    const auto& lex = real_lexicon();
    for (const char* text : {
             // 不好意思 as an adjective (shy), not the apology: the seed's own 有什么不好意思的呢.
             "您好～能治的，您别不好意思，这在男科门诊里非常常见", "很多男士会不好意思开口，您慢慢说就好。",
             // 宝贝 of the visitor's child, a noun, not the address.
             "不客气，祝宝贝顺顺利利，再见～", "您家宝贝几岁了？换牙期间要多注意。",
             // 拜拜: the ordinary farewell (Cantonese chats) and a courteous one elsewhere.
             "唔使客氣，拜拜～", "好的，拜拜，祝您周末愉快。",
             // Looking it up offered as an option beside asking the consultant.
             "您可以自己百度一下，也可以问我。", "您也可以先自己上网查查，有不明白的再问我。",
             // 来了就知道 after an answer reassures; it brushes off only as the answer.
             "我们的治疗都是正规的，您来了就知道了。", "我们的设备都是进口的，您来了就知道。"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        EXPECT_TRUE(found.empty()) << text << ": " << (found.empty() ? "" : found[0].rule);
    }
    // 妈的 after a word is a mother's: 宝妈的 (a new mother's), 我妈的 (my mother's).
    for (const char* text : {"不少宝妈的情况和您一样，是盆底肌还没恢复好。", "我妈的检查结果出来了吗？您帮我看看。",
                             "您妈的血压平时控制得怎么样？", "娃他妈的体检报告也一起带过来吧。",
                             "您和孩子他妈的检查可以安排在同一天。", "孩他妈的血型是O型吗？"}) {
        auto found = kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase");
        EXPECT_TRUE(found.empty()) << text << ": " << (found.empty() ? "" : found[0].rule);
    }
    for (const char* text : {"妈的，又是你。", "真他妈的烦", "你妈的"})
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
    for (const char* text : {"不好意思，让您久等了。", "宝贝，你别急。", "自己百度一下。", "来了就知道。", "你来了就知道了",
                             "难道你不知道吗", "难道是不想治了吗", "难道我们还会害你吗"})
        EXPECT_FALSE(kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase").empty()) << text;
}

// 难道是 + a cause is a consultant guessing at a diagnosis aloud, not a retort: the lexicon's 难道
// entry no longer takes it. (The classifier's `nandao` cue in reply_cues.tsv still scores the first
// one with its question mark; that file is outside this change.)
TEST(analyzer, a_diagnostic_guess_with_nandao_is_not_the_retort_entry) {
    const auto& lex = real_lexicon();
    for (const char* text : {"难道是最近熬夜太多了吗？我们还需要查一下激素。", "难道是上次拔牙的伤口感染了吗？建议您来复查一下。"}) {
        for (auto& f : kinds(check_consultant_text(text, "", lex, nullptr), "forbidden_phrase"))
            EXPECT_NE(f.rule.rfind("phrase:难道", 0), 0u) << text << ": " << f.rule;
    }
}

// ---- issue 12, fresh3's wasted-intent false alarms and misses ------------------------------------

// A visitor who thanked and took leave, then acknowledged the consultant's goodbye (👌, 好的),
// still took leave.
TEST(analyzer, an_acknowledgement_after_a_thanks_keeps_the_leave_taking) {
    for (const char* ack : {"👌", "好的😊"}) {
        auto found = wasted({{V, "洗牙多少钱呀，牙龈老出血"},
                             {C, "您好，超声波洗牙是￥150，喷砂加抛光一共￥280。"},
                             {V, "好哒，那我找个周末去洗 谢啦"},
                             {C, "不客气，欢迎您来～"},
                             {V, ack}},
                            close_trigger::visitor_left, "口腔");
        EXPECT_TRUE(found.empty()) << ack;
    }
}

// Thanks, then a "no more" to the consultant's closing question: still the visitor taking leave
// (session 12: a clinic that cannot serve the request said so and where to go instead). A new
// question after the thanks is not.
TEST(analyzer, a_no_more_to_the_closing_question_after_thanks_keeps_the_leave_taking) {
    for (const char* no_more : {"没有了", "暂时没有了"}) {
        auto found = wasted({{V, "入职体检要查乙肝吗，你们能做吗，在哪"},
                             {C, "您好，入职体检需要去单位指定的体检中心做，我们这里出的报告单位不认。"},
                             {V, "哦 明白了 谢谢"},
                             {C, "不客气，请问您还有其他问题吗？"},
                             {V, no_more}},
                            close_trigger::visitor_left, "综合");
        EXPECT_TRUE(found.empty()) << no_more;
    }
    auto asks = wasted({{V, "入职体检要查乙肝吗，你们能做吗，在哪"},
                        {C, "您好，入职体检需要去单位指定的体检中心做。"},
                        {V, "哦 明白了 谢谢"},
                        {C, "不客气，请问您还有其他问题吗？"},
                        {V, "那你们周六能做吗"}},
                       close_trigger::visitor_left, "综合");
    EXPECT_EQ(asks.size(), 1u);
}

// Declining the consultant's offer in words that name what the visitor will do instead (不用了，
// 我自己挂号; 没了，几点开门我看官网就行) leaves the offer as the answer to the intent.
TEST(analyzer, a_decline_of_the_offer_keeps_the_offer_as_the_answer) {
    for (const char* decline : {"不用了，我自己挂号", "不用啦，地址我自己导航过去"}) {
        auto found = wasted({{V, "尿道口有点痒，会不会得了什么病，周六能过去查吗"},
                             {C, "建议查一下淋球菌、衣原体、支原体。您想约哪天来？留个电话我帮您安排。"},
                             {V, decline}},
                            close_trigger::visitor_left, "男科");
        EXPECT_TRUE(found.empty()) << decline;
    }
    // Not a decline: new intent after the offer still wants an answer.
    auto asks = wasted({{V, "尿道口有点痒，会不会得了什么病"},
                        {C, "您想约哪天来？留个电话我帮您安排。"},
                        {V, "我周六过去，地址在哪"}},
                       close_trigger::visitor_left, "男科");
    EXPECT_EQ(asks.size(), 1u);
}

// Taking up the consultant's offer without asking anything new answers it: told no booking is needed
// and to walk in, the visitor says when they will come (三个 writers label these clean). A new question
// after the offer still wants an answer (above: 我周六过去，地址在哪).
TEST(analyzer, taking_up_a_walk_in_offer_answers_the_intent) {
    for (const char* accept : {"好 那我后天上午过去", "行，周六早上过来"}) {
        auto found = wasted({{V, "洗牙多少钱，要排队吗"},
                             {C, "洗牙￥180，不用预约，工作日早上8点以后直接过来就行。"},
                             {V, accept}},
                            close_trigger::visitor_left, "口腔");
        EXPECT_TRUE(found.empty()) << accept;
    }
    auto asks = wasted({{V, "洗牙多少钱，要排队吗"},
                        {C, "洗牙￥180，不用预约，工作日早上8点以后直接过来就行。"},
                        {V, "那我后天上午过去，停车方便吗 地址在哪"}},
                       close_trigger::visitor_left, "口腔");
    EXPECT_EQ(asks.size(), 1u);
}

// A clinic's opening day asked alone (周六看牙吗) is information, not intent left unanswered, even
// when the consultant ends the chat; nor are the opening hours and a test question when the line
// drops. The visitor saying when they will come, or asking which day it can be done, is intent.
TEST(analyzer, opening_hours_asked_alone_are_no_wasted_intent) {
    auto day = wasted({{V, "请问周六看牙吗"}, {C, "您好，周六全天开诊，早上八点开门。"}, {V, "好的"}}, close_trigger::consultant_ended);
    EXPECT_TRUE(day.empty());
    auto hours = wasted({{V, "你们几点开门，做B超要空腹吗"}, {C, "早上七点半开门，腹部B超要空腹。"}}, close_trigger::system);
    EXPECT_TRUE(hours.empty());
    for (const char* come : {"牙疼好几天了 那我明天下班过去 大概六点", "牙疼好几天了，哪天能拔", "牙疼得睡不着，今晚还能去吗"}) {
        auto found = wasted({{V, come}, {C, "好的。"}}, close_trigger::visitor_left, "口腔");
        EXPECT_EQ(found.size(), 1u) << come;
    }
    // Asking whether one must come back, or wanting a treatment by the number, is wanting to come:
    // enough when the consultant ends the chat on it.
    for (const char* come : {"拆完线还要来复查吗", "我想种两颗，前面的门牙"}) {
        auto found = wasted({{V, come}, {C, "看情况。"}}, close_trigger::consultant_ended, "口腔");
        EXPECT_EQ(found.size(), 1u) << come;
    }
}

// The name asked in other words is an offer (您叫什么名字, 告诉我您的姓名和电话).
TEST(analyzer, asking_the_name_in_other_words_is_an_offer) {
    for (const char* ask : {"急诊在门诊楼东侧。您叫什么名字，我跟急诊那边说一声。", "方便告诉我您的姓名和电话吗？"}) {
        auto found = wasted({{V, "右下腹疼，还有点发烧，急诊在哪，今天能看吗"}, {C, ask}}, close_trigger::consultant_ended);
        EXPECT_TRUE(found.empty()) << ask;
    }
}

// "我帮您约上" said while asking for the contact is a promise, not a booking: a drop right after it
// lost the visitor while booking (info). A booking moved (已经帮您改到明天) is a booking.
TEST(analyzer, a_promise_to_book_is_no_booking_and_a_booking_moved_is_one) {
    for (const char* promise : {"可以的，周一上午有号。请您留一下姓名和手机号，我帮您约上。", "您留个电话，我给您约上周六上午。"}) {
        auto found = wasted({{V, "我想做个胃镜，下周一可以预约吗"}, {C, promise}, {V, "好的 手机是139"}}, close_trigger::system);
        EXPECT_EQ(found.size(), 1u) << promise;
        if (!found.empty()) {
            EXPECT_EQ(found[0].level, severity::info);
        }
    }
    for (const char* moved : {"好的黄先生，已经帮您改到明天上午8点，挂号费不用再交了。", "好的，已经给您调到周四下午了。"}) {
        auto found = wasted({{V, "明天上午想过去抽血，要重新挂号吗，地址在哪"}, {C, moved}}, close_trigger::consultant_ended);
        EXPECT_TRUE(found.empty()) << moved;
    }
}

// A visitor who already booked, gave a name in words, or is a patient on file has nothing to
// capture.
TEST(analyzer, a_visitor_already_booked_named_or_on_file_was_not_wasted) {
    for (const char* known : {"约了今天早上抽血，我刚才吃了个包子，还能抽吗", "我昨天约了周六的号，想问下要空腹吗",
                              "我之前在你们这做的前列腺治疗，想问下复查要挂哪个号", "上次在你们医院看过，档案里有",
                              "谢谢你，好细心👍 我叫古丽米拉，之前的档案里有", "叫我小张就行，我周五晚上过去"}) {
        auto found = wasted({{V, known}, {C, "好的，周六上午专家在，地址是人民路88号。"}, {V, "那我周六过去，地址在哪"}},
                            close_trigger::visitor_left);
        EXPECT_TRUE(found.empty()) << known;
    }
}

// Coming for a treatment asked in other words is intent: 能不能下午过去看一下 + 我下午两点有空;
// 下午可以过去补吗; what to bring; which department to go to; a day asked for.
TEST(analyzer, coming_in_other_words_is_intent) {
    for (const char* ask : {"那要吃什么药，能不能下午过去看一下，我下午两点有空", "下午可以过去补吗，我两点半有空",
                            "明天过来拔可以吗，去哪个科", "做试管需要什么证件，可以先做检查吗",
                            // A day asked for (fresh3's 无痛的吧，下周一可以吗).
                            "无痛的吧，下周一可以吗", "拔智齿的话明天能做吗"}) {
        auto found = wasted({{V, ask}, {C, "可以的。"}}, close_trigger::visitor_left, "口腔");
        EXPECT_EQ(found.size(), 1u) << ask;
    }
}

// A walk-in answer (不用预约，直接来就可以) tells the visitor how to come with nothing to book: the
// intent was answered, as by an offer (dev d021's class).
TEST(analyzer, a_walk_in_answer_answers_the_intent) {
    // Registering on arrival, and a walk-in with what to say at the desk in between, in other words
    // (session 11's writers: 周日可以现场挂号, 您直接过来报名字就可以).
    for (const char* walk_in : {"不用预约，早上7:30-10:30直接来就可以，到二楼体检中心登记。", "无需挂号，周六上午直接过来即可。",
                                "周日可以现场挂号，也可以在公众号上提前挂，都一样的。", "明天上午您直接过来报名字就可以。",
                                "到了再挂号就行，上午人不多。"}) {
        auto found = wasted({{V, "入职体检要带什么"},
                             {C, "请带身份证和一张一寸照片，需要空腹。"},
                             {V, "好的那我明天早上去，地址在哪，要预约吗"},
                             {C, walk_in}},
                            close_trigger::visitor_left);
        EXPECT_TRUE(found.empty()) << walk_in;
    }
}

// A WeChat id, an e-mail address or a web address copied into a reply is a code, not English to
// spell (hzivf_care, lingting-ivf08); a misspelt word next to them still is one.
TEST(analyzer, identifiers_are_not_spell_checked) {
    const auto& lex = real_lexicon();
    for (const char* text : {"您加一下我们的微信 qzclinic_frontdesk，备注姓名就行。", "企业微信：fertilityhelp-gz02",
                             "报告会发到您的邮箱 zhangxiaoli@exmple.cn", "官网 www.exmpleclinic.cn/booking 也能约"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "typo").empty()) << text;
    EXPECT_EQ(kinds(check_consultant_text("您加微信 qzclinic_frontdesk，recieve 之后回复我。", "", lex, real_speller()), "typo").size(), 1u);
}

// MD is the degree as well as the swear: after 的/是 or before a degree word it names a doctor's
// title, and a critical (blocking) profanity there would stop a consultant introducing a doctor.
TEST(analyzer, md_as_a_degree_is_no_profanity) {
    const auto& lex = real_lexicon();
    for (const char* text : {"李主任是香港大学毕业的MD，做宫腔镜很多年了。", "周医生是MD出身，后来又读了PhD。", "我们有两位MD/PhD坐诊。"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "forbidden_phrase").empty()) << text;
    for (const char* text : {"md 系统又卡了", "MD，刚才那条没发出去"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, real_speller()), "forbidden_phrase").size(), 1u) << text;
}

// Lively, ordinary speech that writers of the corpus read as clean (three of them independently).
TEST(analyzer, lively_everyday_words_are_not_colloquial_slips) {
    const auto& lex = real_lexicon();
    for (const char* text : {"好嘞，那周六上午见～", "网上那些偏方不靠谱，还是按医嘱吃药。", "我们这边的医生挺靠谱的，您放心。",
                             "手续我这边帮您搞定了，到了直接去二楼。"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "forbidden_phrase").empty()) << text;
}

// "Come and we'll see" or "it depends" as the whole reply says nothing the visitor can use: a
// terse reply, told once, not also a rude brush-off.
TEST(analyzer, come_and_see_as_the_whole_reply_is_terse_not_a_brush_off) {
    const auto& lex = real_lexicon();
    for (const char* text : {"来了再说", "来了再说吧。", "到时候再说", "要看", "看程度。"}) {
        auto found = check_consultant_text(text, "", lex, real_speller());
        EXPECT_EQ(kinds(found, "terse_reply").size(), 1u) << text;
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty()) << text;
    }
}

// Session 25 (fresh40): "come and see", "the doctor will tell you when you come" and 那 leading them,
// as the whole reply, are terse; with an answer beside them they are not.
TEST(analyzer, come_and_the_doctor_will_tell_you_as_the_whole_reply_is_terse) {
    const auto& lex = real_lexicon();
    for (const char* text : {"来了看", "那来了再说。", "来了医生跟你讲。", "那来了再跟你说"}) {
        auto found = check_consultant_text(text, "", lex, real_speller());
        EXPECT_EQ(kinds(found, "terse_reply").size(), 1u) << text;
        EXPECT_TRUE(kinds(found, "forbidden_phrase").empty()) << text;
    }
    // fresh42: "anything is possible" to a price asked in a range.
    EXPECT_EQ(kinds(check_consultant_text("都有可能", "", lex, real_speller()), "terse_reply").size(), 1u);
    for (const char* text : {"来了医生跟你讲，一般先做个B超，费用两百左右。", "那来了先做个精液常规，半小时出结果。"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "terse_reply").empty()) << text;
}

// An evasion that names no answer (it varies by person, depends on the cause, hard to say, don't know,
// in Mandarin, 川渝 and Cantonese words) is terse as the whole reply; said with the answer it is not.
TEST(analyzer, evasions_naming_no_answer_are_terse_as_the_whole_reply) {
    const auto& lex = real_lexicon();
    for (const char* text : {"因人而异吧", "嗯，说不准", "得看情况", "不晓得", "查了才晓得。", "唔知", "看个人",
                             // Session 22 (fresh38): led by 这个, the situation spelled out, prices alike.
                             "这个要看情况", "每个人情况不一样，不好说", "价格差不多"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, real_speller()), "terse_reply").size(), 1u) << text;
    for (const char* text : {"因人而异，一般三到五天就能恢复", "说不准，最好来做个B超看看卵泡大小", "不晓得您方不方便周六过来？",
                             "这个要看情况，AMH 1.2的话建议直接做试管", "价格差不多，都在两万左右"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "terse_reply").empty()) << text;
}

// Session 13 (fresh20, fresh21): listed homophones of clinic and everyday words (麻药, 地铁, 阳性, 输液,
// 对面, 稍等, 时间, 联系, 通液, 龟头) in sentences of my own, beside the contexts in which the same
// characters are ordinary words (发烧等, 修身养性, 桑树叶, 通夜没睡).
TEST(analyzer, homophones_of_clinic_and_everyday_words_listed_in_session_13) {
    const auto& lex = real_lexicon();
    for (auto [text, dept] : std::initializer_list<std::pair<const char*, const char*>>{
             {"拔牙前会先打马药", "口腔"}, {"坐地贴3号线在东站下", ""}, {"这种情况一般不用树叶", ""},
             {"停车场在超市队面", ""}, {"您烧等，我看一下排班", ""}, {"您看什么实践过来方便", ""},
             {"明天我再练习您", ""}, {"HPV16养性的话要做阴道镜", "妇科"}, {"做通夜前三天不能同房", "不孕不育"},
             {"归头有红点的话先别用药", "男科"}})
        EXPECT_FALSE(kinds(check_consultant_text(text, dept, lex, nullptr), "typo").empty()) << text;
    for (auto [text, dept] : std::initializer_list<std::pair<const char*, const char*>>{
             {"发烧等症状要先去发热门诊", ""}, {"平时修身养性，少熬夜", ""}, {"桑树叶泡水喝没问题", ""},
             {"他那天通夜没睡，精子质量会受影响", "不孕不育"}, {"过了地铁站往左走", ""}})
        EXPECT_TRUE(kinds(check_consultant_text(text, dept, lex, nullptr), "typo").empty()) << text;
}

// Session 13 (fresh20, fresh21): intent in other words. Asking when it is best to come, a holiday as
// the time to come, the visitor's free time with 才/就, a time of day between the day and 能去, and
// saying they want to come, whether a doctor for it is in on a day and asking in person are a visit
// the consultant should have booked; a name opening the line
// (我叫 and a surname) before a drop is a contact given, while 我叫车 (I'll call a taxi) is not a name.
TEST(analyzer, when_to_come_a_holiday_and_wanting_to_come_are_intent_and_a_name_is_a_contact) {
    for (const char* line : {"那我什么时候来比较好", "放暑假能带孩子过来不", "我打算过去一趟", "后天早上能去检查吗",
                             "我礼拜天才有空", "周六有看牙周的医生吗", "我想去当面问问"}) {
        auto found = wasted({{V, line}, {C, "您好，这个要看具体情况。"}}, close_trigger::consultant_ended, "口腔");
        EXPECT_EQ(found.size(), 1u) << line;
    }
    EXPECT_TRUE(wasted({{V, "过年回来看了一下，已经好多了"}, {C, "那就好，按时刷牙。"}}, close_trigger::consultant_ended,
                       "口腔")
                    .empty());
    auto named = wasted({{V, "想约这周六的号，拔智齿"}, {C, "您好，周六上午有号，请问您怎么称呼，手机号多少？"},
                         {V, "我叫林晓燕，电话是"}},
                        close_trigger::system, "口腔");
    EXPECT_TRUE(named.empty());
    auto not_named = wasted({{V, "想约这周六的号，拔智齿"}, {C, "您好，周六上午有号，请问您怎么称呼，手机号多少？"},
                             {V, "我叫车过去，电话是"}},
                            close_trigger::system, "口腔");
    EXPECT_EQ(not_named.size(), 1u);
}

// Session 13 (fresh21): "it's all right" (还行吧, 凑合) and "you have to see it first" with the northern
// 中 and 得 (得看了才中) are non-answers; a reply that says how it is (还行，打的时候有点胀，几秒就过去) answers.
// 上午 typed shangwu after a day (周六商务8点) is an IME slip; a business banquet is not.
TEST(analyzer, northern_non_answers_are_terse_and_shangwu_after_a_day_is_a_slip) {
    const auto& lex = real_lexicon();
    for (const char* text : {"还行吧", "凑合", "一般般", "看了才中", "得看了才知道"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").size(), 1u) << text;
    for (const char* text : {"还行，打的时候有点胀，几秒就过去", "得看了片子才知道要不要拔，您方便周六过来拍吗"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").empty()) << text;
    EXPECT_FALSE(kinds(check_consultant_text("明天商务十点专家在", "", lex, nullptr), "typo").empty());
    EXPECT_TRUE(kinds(check_consultant_text("周六商务宴请不影响复诊", "", lex, nullptr), "typo").empty());
}

// Session 14 (fresh22, fresh23): saying when one is coming to the clinic (下礼拜三会去你们那边), whether
// one may come for the procedure on a day (后天可不可以来拔), whether one can come for a test at all,
// and the day taken off for it are intent; 面诊 counts where it is asked for, never inside 外面诊所.
TEST(analyzer, coming_for_a_test_or_a_day_taken_off_is_intent_and_mianzhen_is_a_word) {
    for (const char* line : {"我下礼拜三会去你们那边拔", "后天可不可以来拔", "想先来面诊一下"}) {
        auto found = wasted({{V, line}, {C, "您好，这个要看具体情况。"}}, close_trigger::visitor_left, "口腔");
        EXPECT_EQ(found.size(), 1u) << line;
    }
    // Each weighs 2: together they are wanting to come.
    EXPECT_EQ(wasted({{V, "能不能过来拍个片看看"}, {C, "您好，拍片要先挂号。"}, {V, "我已经请好假了"}},
                     close_trigger::visitor_left, "口腔")
                  .size(),
              1u);
    for (const char* line : {"外面诊所洗牙才九十多", "我不打算去你们那边了"})
        EXPECT_TRUE(wasted({{V, line}, {C, "您好，价格以院内为准。"}}, close_trigger::visitor_left, "口腔").empty())
            << line;
}

// Session 15 (fresh24, fresh25): homophone families in sentences of my own: 炎 typed 盐 after the organ,
// 恢复 typed 回复 after what recovers, a surname's 主任 typed 主人, 饮食 as 隐士, 牙套 as 牙逃, 嵌体 as
// 前体, 放心 as 方心, 到时候 as 到时后 (also in traditional script); beside a reply promised, the hosts
// of a house, salt in the diet, the chemistry's precursor and "the later numbers".
TEST(analyzer, homophone_families_listed_in_session_15) {
    const auto& lex = real_lexicon();
    for (auto [text, dept] : std::initializer_list<std::pair<const char*, const char*>>{
             {"考虑是盆腔盐，要规范用药", "妇科"}, {"宫颈盐一般不影响怀孕", "妇科"}, {"症状回复得比较慢也别着急", "男科"},
             {"性功能回复得差不多再同房", "男科"}, {"明天是黄主人坐诊", "男科"}, {"治疗期间注意隐士清淡", "男科"},
             {"牙逃每天要戴够22小时", "口腔"}, {"后牙可以做前体修复", "口腔"}, {"您方心，拔完不疼", "口腔"},
             {"到時後直接到二樓掛號", ""}, {"到时后直接去三楼", ""}})
        EXPECT_FALSE(kinds(check_consultant_text(text, dept, lex, nullptr), "typo").empty()) << text;
    for (auto [text, dept] : std::initializer_list<std::pair<const char*, const char*>>{
             {"我们会尽快回复您", "男科"}, {"客服回复得很快", ""}, {"女主人和男主人都要来", ""}, {"口味偏咸的话少放盐", "口腔"},
             {"维生素D前体", "口腔"}, {"到时后面的号就没了", ""}})
        EXPECT_TRUE(kinds(check_consultant_text(text, dept, lex, nullptr), "typo").empty()) << text;
}

// Session 15 (fresh24, fresh25): intent in other words, in sentences of my own. The visitor says on
// which day they go for it, led by who goes (那我下周三去拔), asks whether one must book (用提前约吗),
// names a day with its half (礼拜四上午行吗), asks whether it can be done on a day or at a time
// (晚上可不可以做), whether anyone is in on a day (周日有人吗); beside a past visit (我上周三去拔了) and
// "anyone there today?" (今天有人吗), the visitor's 在吗. Wanting a treatment (打算去做胃镜) is a need
// stated: enough when the consultant ends, not alone when the visitor leaves.
TEST(analyzer, a_day_to_go_booking_asked_and_wanting_a_treatment_are_intent) {
    for (const char* line : {"那我下周三去拔", "用提前约吗", "礼拜四上午行吗", "晚上可不可以做", "周日有人吗 我想去洗牙 多少钱"}) {
        auto found = wasted({{V, line}, {C, "您好，这个要看具体情况。"}}, close_trigger::visitor_left, "口腔");
        EXPECT_EQ(found.size(), 1u) << line;
    }
    for (const char* line : {"我上周三去拔了，现在还有点肿", "今天有人吗"})
        EXPECT_TRUE(wasted({{V, line}, {C, "您好，这个要看具体情况。"}}, close_trigger::visitor_left, "口腔").empty()) << line;
    EXPECT_EQ(wasted({{V, "我打算去做胃镜"}, {C, "您好，这个要看具体情况。"}}, close_trigger::consultant_ended).size(), 1u);
    EXPECT_TRUE(wasted({{V, "我打算去做胃镜"}, {C, "您好，这个要看具体情况。"}}, close_trigger::visitor_left).empty());
}

// "Ask when you get here" / "it's there when you come" as the whole reply is terse (fillers.txt);
// said with the answer it is not.
TEST(analyzer, ask_when_you_come_as_the_whole_reply_is_terse) {
    const auto& lex = real_lexicon();
    for (const char* text : {"来了再问吧", "到了问", "来了就有"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").size(), 1u) << text;
    for (const char* text : {"来了就有停车位，地下二层", "来了问导诊台，她会带您去三楼"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").empty()) << text;
}

// "That's it for now" ending the visitor's line after an answer (好的，那就先这样) takes leave as thanks do:
// the visitor closed it. Said before any answer came, it is a visitor giving up, and the finding stands.
TEST(analyzer, thats_it_for_now_after_an_answer_is_a_sign_off) {
    EXPECT_TRUE(wasted({{V, "周六能过来洗牙吗 地址在哪"}, {C, "周六上午都在，地址是人民路18号三楼。"},
                        {V, "好的，那就先这样"}},
                       close_trigger::visitor_left, "口腔")
                    .empty());
    EXPECT_EQ(wasted({{V, "周六能过来洗牙吗 地址在哪"}, {C, "周六上午都在，地址是人民路18号三楼。"}, {V, "那周日呢"}},
                     close_trigger::visitor_left, "口腔")
                  .size(),
              1u);
    EXPECT_EQ(wasted({{V, "周六能过来洗牙吗 地址在哪"}, {V, "算了，先这样吧"}}, close_trigger::visitor_left, "口腔").size(), 1u);
}

// Session 16 (fresh28, fresh29): inviting the visitor to book here before coming (来之前可以提前在线上
// 挂号) or to register at the desk on arrival (到了直接挂皮肤科就可以) answers the intent as a walk-in
// answer does; a name closing the visitor's message after a question (…有号吗？我叫邝美玲) is a contact
// given, while 我叫王医生看… and 我叫我老公… (叫我老 before no surname) are no name, and a visitor who names
// nobody is still a lead lost.
TEST(analyzer, booking_here_first_registering_on_arrival_and_a_closing_name_answer_the_intent) {
    for (const char* offer : {"来之前可以提前在线上挂号，到了不用排队。", "周六有医生，到了直接挂皮肤科就可以。"}) {
        auto found = wasted({{V, "脸上长了好多痘，想周六过去看看，你们周六有医生吗"}, {C, offer}},
                            close_trigger::consultant_ended);
        EXPECT_TRUE(found.empty()) << offer;
    }
    auto named = wasted({{V, "脸上长了好多痘，想周六过去看看"}, {C, "您好，周六上午皮肤科有医生坐诊。"},
                         {V, "周六上午还有号吗？我叫邝美玲"}},
                        close_trigger::system);
    EXPECT_TRUE(named.empty());
    for (const char* nobody : {"周六上午还有号吗？我叫王医生看可以吗", "周六上午还有号吗？我叫我老公问问", "周六上午还有号吗？"}) {
        auto found = wasted({{V, "脸上长了好多痘，想周六过去看看"}, {C, "您好，周六上午皮肤科有医生坐诊。"}, {V, nobody}},
                            close_trigger::system);
        EXPECT_FALSE(found.empty()) << nobody;
    }
}

// Session 16 (fresh28, fresh29): same-pinyin slips of the booking words every reply holds (周六, 地址,
// 身份证, 费用, 时间) and of frequent clinic words (血压, 血糖, 试管, 龟头) that the IME model let pass
// are listed; beside the words and names that hold the same characters (广州六号线, 天干地支, 身份正确,
// 肺用药, 抽雪茄, 做事关系到, 回归头上).
TEST(analyzer, same_pinyin_slips_of_booking_words_are_typos) {
    const auto& lex = real_lexicon();
    auto typo = [&](const char* text, const char* department = "") {
        return kinds(check_consultant_text(text, department, lex, nullptr), "typo");
    };
    for (const char* text : {"州三下午有专家号", "州五上午有号", "医院地支我发到您微信了", "记得带好身份正原件", "检查肺用大概两百左右",
                             "您看哪个事件方便过来", "再测个雪压", "空腹雪糖超过7要复查"})
        EXPECT_EQ(typo(text).size(), 1u) << text;
    EXPECT_EQ(typo("做事关前要先查激素六项", "不孕不育").size(), 1u);
    EXPECT_EQ(typo("归头上长了红点不要抓", "男科").size(), 1u);
    for (const char* text : {"坐广州六号线到医院门口", "天干地支纪年", "信息核对身份正确后才能取报告", "这个肺用药要遵医嘱",
                             "抽雪茄对精子也有影响", "发生这种事件我们也很抱歉"})
        EXPECT_TRUE(typo(text).empty()) << text;
    EXPECT_TRUE(typo("做事关系到后面的周期安排", "不孕不育").empty());
    EXPECT_TRUE(typo("症状回归头上的位置", "男科").empty());
}

// Session 16 (fresh28, fresh29): "about the same", "see a doctor", "a few hundred" and "either is fine" as
// the whole reply answer nothing (差唔多, 看医生, 几千块, 两个都可以); as part of an answer they are neither.
TEST(analyzer, about_the_same_see_a_doctor_a_few_hundred_and_either_as_the_whole_reply_are_terse) {
    const auto& lex = real_lexicon();
    for (const char* text : {"差唔多", "看医生", "几千块", "两个都可以"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").size(), 1u) << text;
    for (const char* text : {"两种方法效果差不多，区别在恢复时间", "几千块到一万多不等，看用哪种材料", "周六周日都可以，上午九点开始"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").empty()) << text;
}

// Session 16 (fresh28, fresh29): the visitor's intent in Cantonese (冇怀上, 喺边度, 几点收工, 听日过嚟) and the
// day wanted or asked for (我想下周六补, 哪天有专家) is intent as in Mandarin: left with no offer, a lead lost.
TEST(analyzer, cantonese_intent_and_the_day_wanted_are_intent) {
    EXPECT_EQ(wasted({{V, "我哋结婚两年都冇怀上，你哋医院喺边度？"}, {C, "我们在越秀区中山三路。"}},
                     close_trigger::visitor_left, "不孕不育")
                  .size(),
              1u);
    EXPECT_EQ(wasted({{V, "你哋几点收工？我听日过嚟"}, {C, "我们下午六点下班。"}}, close_trigger::visitor_left, "口腔").size(), 1u);
    EXPECT_EQ(wasted({{V, "补牙多少钱 我想下周六补"}, {C, "树脂补牙两百左右。"}}, close_trigger::visitor_left, "口腔").size(), 1u);
    EXPECT_EQ(wasted({{V, "皮肤科哪天有专家"}, {C, "周二和周四。"}}, close_trigger::visitor_left).size(), 1u);
    EXPECT_TRUE(wasted({{V, "皮肤科哪天有专家"}, {C, "周二和周四，需要帮您预约吗？"}}, close_trigger::visitor_left).empty());
}

// Session 16 (fresh28): a visitor on the way now (没有了，我现在过去) is a walk-in under way and closed the
// chat, as thanks do; a later visit announced (好，我周末过去) is a lead the consultant should have captured.
TEST(analyzer, on_the_way_now_closes_the_chat_and_a_later_visit_is_a_lead) {
    EXPECT_TRUE(wasted({{V, "孩子烧到39度了，你们儿科急诊在哪，地址发我"}, {C, "儿科急诊在门诊楼一楼东侧，地址是人民路18号。"},
                        {V, "我现在就过去"}},
                       close_trigger::visitor_left)
                    .empty());
    EXPECT_EQ(wasted({{V, "孩子烧到39度了，你们儿科急诊在哪，地址发我"}, {C, "儿科急诊在门诊楼一楼东侧，地址是人民路18号。"},
                      {V, "好，我周末过去"}},
                     close_trigger::visitor_left)
                  .size(),
              1u);
}

// Session 16 (fresh28): a visitor overcharged (上次做完B超多收了我150块) was billed here, a patient on file and no
// lead to lose; one who only suspects it before any visit (是不是想多收钱) is still a lead.
TEST(analyzer, an_overcharge_complaint_is_a_patient_on_file) {
    EXPECT_TRUE(wasted({{V, "上次做完B超多收了我150块，手术费用怎么退，你们地址在哪"}, {C, "退费要到一楼收费处办理。"}},
                       close_trigger::consultant_ended)
                    .empty());
    EXPECT_EQ(wasted({{V, "拔牙为啥还要拍片，是不是想多收钱，你们地址在哪"}, {C, "拍片是为了看牙根，地址是人民路18号。"}},
                     close_trigger::consultant_ended, "口腔")
                  .size(),
              1u);
}

// Session lexfix6 (fresh6): where to do the insurer's paperwork (报销去哪办, 社保在哪交) is no question about
// the way to the clinic; 你们医院在哪 still is.
TEST(analyzer, where_to_file_the_insurance_paperwork_is_no_address_question) {
    for (const char* where : {"报销在哪儿办", "社保在哪里交", "異地就醫要到哪裡申請"})
        EXPECT_TRUE(wasted({{V, "门诊的费用能走外地医保吗"}, {C, "可以，先在参保地备案。"}, {V, where},
                            {C, "在参保地医保局的公众号上就能办。"}},
                           close_trigger::visitor_left)
                        .empty())
            << where;
    EXPECT_EQ(wasted({{V, "门诊的费用能走外地医保吗"}, {C, "可以，先在参保地备案。"}, {V, "那你们医院在哪里"},
                      {C, "人民路18号。"}},
                     close_trigger::visitor_left)
                  .size(),
              1u);
}

// Session lexfix6 (fresh5): registration refused (不想挂号: the pills without a visit) is no wish to come;
// asking whether one must register (要挂号吗) still is.
TEST(analyzer, refusing_to_register_is_no_wish_to_come) {
    EXPECT_TRUE(wasted({{V, "那个降压药能直接寄给我吗，懒得挂号"}, {C, "处方药要医生面诊后才能开。"}, {V, "行吧"}},
                       close_trigger::visitor_left)
                    .empty());
    EXPECT_EQ(wasted({{V, "那个降压药能直接寄给我吗，要挂号吗"}, {C, "处方药要医生面诊后才能开。"}, {V, "行吧"}},
                     close_trigger::visitor_left)
                  .size(),
              1u);
}

// Session lexfix6 (fresh5): an English title and a romanised surname (Mr Lau, Miss Ng) answer 點稱呼 as
// 我姓刘 does: a contact captured, even if the line then drops. Letters that only begin like a title
// (msg, MRT) are no name.
TEST(analyzer, an_english_title_and_surname_is_a_name_given) {
    for (const char* name : {"Mr Lau", "miss ng 吳"})
        EXPECT_TRUE(wasted({{V, "洗牙幾錢 我想約星期六"}, {C, "洗牙￥280，請問點稱呼？留個電話我幫你約。"}, {V, name}},
                           close_trigger::system, "口腔")
                        .empty())
            << name;
    for (const char* other : {"msg me", "MRT站近嗎"})
        EXPECT_EQ(wasted({{V, "洗牙幾錢 我想約星期六"}, {C, "洗牙￥280，請問點稱呼？留個電話我幫你約。"}, {V, other}},
                         close_trigger::system, "口腔")
                      .size(),
                  1u)
            << other;
}

// Each text of `typos` (with its department) flagged as exactly one typo, each of `clean` as none:
// the table shape of the IME-slip tests, with the real lexicon.
namespace {

using text_in_department = std::pair<const char*, const char*>;
void expect_typos(std::initializer_list<text_in_department> typos, std::initializer_list<text_in_department> clean) {
    const auto& lex = real_lexicon();
    auto typo = [&](const char* text, const char* department) {
        return kinds(check_consultant_text(text, department, lex, nullptr), "typo");
    };
    for (auto [text, department] : typos) EXPECT_EQ(typo(text, department).size(), 1u) << text;
    for (auto [text, department] : clean) EXPECT_TRUE(typo(text, department).empty()) << text;
}

}  // namespace

// Session lexfix6 (fresh5, fresh6): everyday words several corpus writers typed as IME slips for a clinic word
// (政绩 正畸, 铜镜 痛经, 幽会 优惠, 验证 炎症, 口福 口服, 高玩 睾丸, 股份 骨粉, 背运 备孕, 正轨 正规, 精子火力,
// 烤炉 考虑), in their department; their own sense (股份制医院, 步入正轨, 有口福, 验证码) stays clean.
TEST(analyzer, everyday_words_typed_for_a_clinic_word_are_typos_in_its_department) {
    expect_typos({
                   {"隐形政绩大概要戴两年", "口腔"},
                   {"经期铜镜可以先热敷", "妇科"},
                   {"周末做胃镜有幽会吗", "综合"},
                   {"宫颈验证严重的话要先治疗", "妇科"},
                   {"这个药饭后口福就行", "综合"},
                   {"高玩有点偏小不用太担心", "男科"},
                   {"植骨的股份是进口的", "口腔"},
                   {"背运前三个月开始吃叶酸", "妇科"},
                   {"我们是正轨的公立医院", "男科"},
                   {"精子火力要三天后复查", "男科"},
                   {"您再烤炉一下，不急", "综合"}},
                  {{"我们是股份制医院", "口腔"}, {"一切已经步入正轨", "男科"}, {"您真有口福", "综合"},
                   {"手机上有验证码吗", "口腔"}, {"官员的政绩", "口腔"}});
}

// Session lexfix6 (fresh5, fresh6): a procedure wanted at a date is wanting to come, in the words the day patterns
// lacked: 可不可以下周就安排, 排期要几个月, 什么时候能轮上, 想赶在国庆之前, 我们打算年后就开始. Planning to try at
// home (打算下个月开始备孕) and a drug started on a day (这个药可以下个月开始吃吗) are not.
TEST(analyzer, a_procedure_wanted_at_a_date_is_wanting_to_come) {
    for (const char* asked : {"宫腔镜可不可以下周就安排", "做手术的话排期要几个月，什么时候能轮上", "我想赶在国庆之前做完",
                              "我们打算年后就开始"})
        EXPECT_EQ(wasted({{V, asked}, {C, "这个要看您的检查结果。"}}, close_trigger::consultant_ended, "妇科").size(), 1u)
            << asked;
    EXPECT_TRUE(wasted({{V, "我们打算下个月开始备孕，要注意什么"}, {C, "提前三个月吃叶酸，戒烟戒酒。"},
                        {V, "这个药可以下个月开始吃吗"}, {C, "可以的。"}},
                       close_trigger::visitor_left, "不孕不育")
                    .empty());
}

// Session lexfix6 (fresh15): a bare 姓 and a surname opening the reply to 您贵姓 (姓刘 手机是…) is a name given even
// when the line drops before the number; 姓名要写全吗 asks.
TEST(analyzer, a_bare_surname_answering_the_name_question_is_a_name_given) {
    EXPECT_TRUE(wasted({{V, "想后天下午来洗牙 能约吗"}, {C, "可以的，请问您贵姓？"}, {V, "姓刘 手机是"}}, close_trigger::system, "口腔")
                    .empty());
    EXPECT_EQ(wasted({{V, "想后天下午来洗牙 能约吗"}, {C, "可以的，请问您贵姓？"}, {V, "姓名要写全吗"}}, close_trigger::system, "口腔")
                  .size(),
              1u);
}

// Session lexfix6, second target (fresh15, fresh26; most also typed by another split's writer): a clinic word typed
// as an everyday word of its sound, inside the phrase it sits in (做场景, 宫颈火箭, 给您愉悦, 治疗反感, 的结过) or
// alone where its own sense is spared (遗嘱, 牙关, 通房), and 做 for 坐 before a means of transport.
TEST(analyzer, clinic_words_typed_as_everyday_words_of_their_sound) {
    expect_typos({
                   {"术后一周内请遵遗嘱服药", "综合"},
                   {"五十岁以上建议做场景检查", "综合"},
                   {"活检就是宫颈火箭，不疼", "妇科"},
                   {"您做火车过来的话在北站下", "综合"},
                   {"烤瓷牙关一般能用十年", "口腔"},
                   {"明天上午给您愉悦的是王主任", "综合"},
                   {"抽血的结过下午出", "不孕不育"},
                   {"术后一个月内不要通房", "妇科"},
                   {"有问题随时练习我", "男科"},
                   {"下周再定治疗反感", "妇科"}},
                  {{"写遗嘱要去公证处", "综合"}, {"牙关紧闭张不开嘴要来看", "口腔"}, {"咬紧牙关忍一下", "口腔"},
                   {"结过婚的要查TCT", "妇科"},
                   // Session 17: the words in their own sense (an independent look-alike hunt).
                   {"老人家手术前想先写好遗嘱，这个我们完全理解", "综合"}, {"很多女性对治疗反感，主要是怕疼", "妇科"},
                   {"您可以随时练习我说的呼吸方法", "综合"}, {"短信验证反应慢的话，您刷新一下页面", "综合"},
                   {"系统提示有验证失败，您重新输一下手机号", "综合"}, {"这个地区孕酮偏低的人比较多", "不孕不育"},
                   {"术后几天牙关可能会有点酸胀，属于正常反应", "口腔"}, {"您问的是公司股份的事吗", "口腔"},
                   {"您说最近总是背运，先放松心情", "不孕不育"}, {"您儿子是游戏高玩，熬夜会影响精子质量", "男科"},
                   {"附近的茶馆有晒茶的，那个不是我们医院", "综合"}});
}

// Session lexfix6, second target (fresh15, fresh26): coming at a date said with a gap (我打算下周把手头的事忙完就过去),
// starting as soon as possible, an extra slot asked for today: wanting to come. A trip away (下个月去外地出差) and
// adding a WeChat (加一个微信) are not.
TEST(analyzer, coming_after_something_soon_or_on_an_extra_slot_is_wanting_to_come) {
    for (const char* asked : {"我打算下周把手头的事忙完就过去", "我们想暑假带孩子过来矫正", "想尽早安排，越快越好",
                              "今天下午能不能帮我加个号"})
        EXPECT_EQ(wasted({{V, asked}, {C, "这个要看医生的安排。"}}, close_trigger::consultant_ended).size(), 1u) << asked;
    EXPECT_TRUE(wasted({{V, "我想下个月去外地出差，药够吗"}, {C, "够的，一盒能吃一个月。"}}, close_trigger::consultant_ended).empty());
    EXPECT_TRUE(wasted({{V, "能加一个微信吗"}, {C, "可以，微信号lt01。"}}, close_trigger::consultant_ended).empty());
}

// Session lexfix6 (fresh6): the visitor naming the day to book in answer to an offer (那就约星期四下午吧) wants to
// come, so a drop before the number is a visitor lost while booking (info).
TEST(analyzer, naming_the_day_to_book_is_wanting_to_come) {
    auto dropped = wasted({{V, "补牙多少钱"}, {C, "树脂的三百左右，我帮您约个时间？"}, {V, "那就约星期四下午吧"}},
                          close_trigger::system, "口腔");
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].level, severity::info);
}

// Session lexfix6 (fresh6, fresh29): "the doctor has to see it" and "the price when you come" as the whole reply
// answer nothing; with an answer before them they are neither.
TEST(analyzer, the_doctor_has_to_see_it_or_the_price_when_you_come_is_terse) {
    const auto& lex = real_lexicon();
    for (const char* text : {"嗯，这个得医生看", "费用来了再说", "好的，医生看了才知道"})
        EXPECT_EQ(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").size(), 1u) << text;
    for (const char* text : {"像是湿疹，具体要医生看一下才能开药", "一般三千左右，具体价格来了面诊才知道"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, nullptr), "terse_reply").empty()) << text;
}

// Session 18 (fresh30, fresh31): handwriting look-alikes (末 for 未, 己 for 已), nine-key 4-2-6 slips (感码), everyday
// words in the context that makes them slips (医院的未知, 医院威信, 发言了, 自助机报道, 放便, 专家家坐诊) and a
// Taiwanese desk's traditional-script slips; the words in their own sense, and 周末/自己 before 末/己, stay clean.
TEST(analyzer, handwriting_nine_key_and_context_slips) {
    expect_typos({
                   {"当然可以，末婚的话也可以来查", "男科"},
                   {"己经帮您约好周二上午8点", "不孕不育"},
                   {"麻烦留个手机感码和姓名", "不孕不育"},
                   {"我们医院的未知在吴兴区红旗路", "口腔"},
                   {"您可以加一下医院威信，客服会发券给您", "口腔"},
                   {"牙龈肿可能是发言了，要先洗牙", "口腔"},
                   {"早上到了先去一楼自助机报道，再去抽血窗口", "综合"},
                   {"您哪天放便过来", "综合"},
                   {"周三有专家家坐诊", "综合"},
                   {"可以做活動價牙，費用低", "口腔"},
                   {"婦科簡查要空腹嗎", "妇科"}},
                  {{"周末婚检也可以做", "妇科"}, {"您自己经常熬夜吗", "男科"}, {"结果还未知，等报告出来我通知您", "综合"},
                   {"我们医院在当地威信很高", "口腔"}, {"他在会上发言了", "综合"}, {"新闻报道说的那种情况不常见", "综合"},
                   {"专家家属也可以陪同", "综合"}, {"周末孕检的人比较多", "妇科"}, {"做活动价牙套八折", "口腔"}});
}

// Session 22 (fresh38, fresh39): wanting to come said as a plan (我明天想来做, 我想带孩子来看看), whether
// the clinic can still see them tonight, whether a doctor is in at the weekend, whether a package is
// still to be had: intent, let go by a bare answer. Asking whether one must come (要来看吗) and a
// refusal (不想来做了) are not.
TEST(analyzer, session22_plans_to_come_and_a_doctor_in_on_a_day_are_intent) {
    for (const char* ask : {"阴道B超和腹部B超有什么区别，我明天想来做", "你们周末有正畸医生吗，我想带孩子来看看",
                            "牙齿裂了一块 很痛 今天晚上还能看吗", "国庆体检套餐还有没有，我和老公两个人，可以刷医保卡不"}) {
        auto found = wasted({{V, ask}, {C, "有的。"}}, close_trigger::visitor_left, "综合");
        EXPECT_EQ(found.size(), 1u) << ask;
    }
    for (const char* ask : {"张嘴的时候耳朵前面咔咔响，要来看吗", "算了，我不想来做了"}) {
        auto found = wasted({{V, ask}, {C, "有的。"}}, close_trigger::visitor_left, "综合");
        EXPECT_TRUE(found.empty()) << ask;
    }
}

// A record number given (档案号是SZ2026-0413) is a patient the clinic knows; the consultant's own
// WeChat given (我的微信是 …) is an offer, and the visitor adding it (那我先加你微信) a contact.
TEST(analyzer, session22_a_record_number_and_a_wechat_exchanged_are_no_lead_lost) {
    auto on_file = wasted({{V, "你好 我想约周六取卵前的检查"}, {C, "请问您是在我们这里建档的吗？"}, {V, "是的 档案号是SZ2026-0413"},
                           {C, "查到了，周六上午7点半抽血，空腹。"}},
                          close_trigger::visitor_left, "不孕不育");
    EXPECT_TRUE(on_file.empty());
    auto wechat = wasted({{V, "想来你们这边做试管 需要提前准备什么"}, {C, "带上身份证、结婚证和之前的检查报告。"},
                          {V, "好的 那我先加你微信发报告"}, {C, "好的，我的微信是 lingting-ivf08，加的时候备注名字就行。"}},
                         close_trigger::visitor_left, "不孕不育");
    EXPECT_TRUE(wechat.empty());
}

// Session 26 (fresh43, read): whether coming at a time is all right (明天上午去行不) and whether to
// book first (用不用先约) are wanting to come; an offer put as a retort (我咋给你约？) offers nothing,
// so the consultant who then ends the chat let the visitor go; 我帮你约 still offers.
TEST(analyzer, session26_coming_at_a_time_is_intent_and_a_retort_is_no_offer) {
    for (const char* ask : {"得禁欲几天啊 明天上午去行不 用不用先约", "周六来行吗", "要不要先预约"}) {
        auto found = wasted({{V, ask}, {C, "看情况。"}}, close_trigger::visitor_left, "不孕不育");
        EXPECT_EQ(found.size(), 1u) << ask;
    }
    EXPECT_TRUE(wasted({{V, "这个药一天吃几次，去行不"}, {C, "一天两次。"}}, close_trigger::visitor_left, "综合").empty());
    const auto ask = std::pair{V, "那我这个月能做不 我是15号来的 能帮我约一下吗"};
    auto retort = wasted({ask, {C, "你都不知道自己哪天干净，我咋给你约？"}, {V, "大概20号能干净"}, {C, "那就20号以后再说吧，再见"}},
                         close_trigger::consultant_ended, "不孕不育");
    ASSERT_EQ(retort.size(), 1u);
    EXPECT_EQ(retort[0].level, severity::critical);
    EXPECT_TRUE(wasted({ask, {C, "好的，我帮你约20号以后，您先留个电话。"}, {V, "大概20号能干净"}, {C, "好的，再见"}},
                       close_trigger::consultant_ended, "不孕不育")
                    .empty());
}

// Session 26 (fresh43, read): the classes of its missed forbidden phrases, in other words than its own,
// and the sentences beside them that must stay clean.
TEST(analyzer, session26_sent_to_a_colleague_sincerity_doubted_and_sarcasm) {
    EXPECT_EQ(forbidden_category("我这马上下班了，你这个事明天找白班的同事问吧"), "brush_off");
    EXPECT_EQ(forbidden_category("这个你改天找别的客服问吧"), "brush_off");
    EXPECT_EQ(forbidden_category("你是真打算做还是先打听打听？"), "interrogating");
    EXPECT_EQ(forbidden_category("您是真的想治还是随便问问？"), "interrogating");
    EXPECT_EQ(forbidden_category("都肿成这样了，不拔留着过年啊？"), "rhetorical");
    EXPECT_EQ(forbidden_category("您打的字我看不太明白，能不能打清楚点再发"), "scolding");
    EXPECT_EQ(forbidden_category("你写明白了再问"), "scolding");
    EXPECT_EQ(forbidden_category("你跟你对象这个月到底同没同房？"), "interrogating");
    EXPECT_EQ(forbidden_category("打扰您下，还在线吗？"), "colloquial");
    EXPECT_EQ(forbidden_category("大哥，您这个情况要做个精液常规。"), "colloquial");
    for (const char* clean : {"我下班了，同事会继续为您服务，您放心。", "明天您来了直接找值班的同事就行。",
                              "您是打算近期做还是先了解一下？", "看看卵泡到底有没有排。", "好的于大哥，已经约好下周一下午。",
                              "王大姐您好，报告已经出来了。", "不打扰您休息了，有问题随时找我。", "这个药要留着下次复诊时带来。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 26 (fresh44, read after its blind runs): an offer refused (我这边没法替你安排) offers nothing;
// a preferred day (最好是周四) is wanting to come; the retorts and brush-offs of its consultants, in
// other words, and the honest sentences beside them that must stay clean.
TEST(analyzer, session26_a_refused_offer_a_preferred_day_and_more_retorts) {
    auto refused = wasted({{V, "我送外卖的 这周没空 等周末去行不行"}, {C, "晚上没有医生，我这边没法替你安排。"},
                           {V, "那我明早七点去行不行"}, {C, "好的，拜拜。"}},
                          close_trigger::consultant_ended, "男科");
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].level, severity::critical);
    EXPECT_EQ(wasted({{V, "我跑单时间不固定 最好是周四 周四我休息"}, {C, "好的。"}}, close_trigger::visitor_left, "不孕不育").size(), 1u);
    EXPECT_EQ(forbidden_category("都肿成这样了还等什么下个月？"), "rhetorical");
    EXPECT_EQ(forbidden_category("哪家诊所敢给你打这个包票？"), "rhetorical");
    EXPECT_EQ(forbidden_category("时间你自己去协调一下"), "brush_off");
    EXPECT_EQ(forbidden_category("嫌贵的话可以去别家问问"), "brush_off");
    EXPECT_EQ(forbidden_category("光吃药能好的话还要医生干嘛？"), "rhetorical");
    for (const char* clean : {"现在没有哪家医院敢给你打包票，我们会尽力。", "您自己安排好时间再来就行。",
                              "周日不上班，不能帮您约周日，周一可以吗？", "您要是觉得贵，我们也有团购套餐。",
                              "都检查完了还要等报告，大概两天。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 26 (fresh45, read after its first blind run): a pause given its length (一两分钟就回来) keeps
// the visitor's "ok" from starting a wait; a jab denied (不是瞎操心) reassures; wanting it done here
// (想在你们那边做试管) and bringing someone on a day are intent; the
// shirking and retorts of its consultants in other words, and their honest neighbours.
TEST(analyzer, session26_pauses_denied_jabs_and_shirking_in_other_words) {
    const auto& lex = real_lexicon();
    {
        conversation_analyzer a("男科");
        a.on_message(msg(1, sender::visitor, "严重不 会不会影响生娃", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, "轻度的一般不影响。我翻一下明天彩超的号，一两分钟就回来。", 20), lex, nullptr);
        a.on_message(msg(3, sender::visitor, "ok", 30), lex, nullptr);
        EXPECT_TRUE(kinds(a.advance(t0 + seconds{130}, lex), "idle_gap").empty()) << "the visitor waits for what was announced";
    }
    EXPECT_EQ(forbidden_category("早上血压160已经偏高了，不是瞎操心，需要重视。"), "");
    EXPECT_EQ(forbidden_category("你这就是瞎操心"), "scolding");
    EXPECT_EQ(forbidden_category("阿姨，我刚才都说了，女方查排卵和输卵管"), "scolding");
    EXPECT_EQ(forbidden_category("我刚才说了，女方查排卵和输卵管。"), "");
    EXPECT_EQ(forbidden_category("你问你们当地那边的医生吧。"), "shirking");
    EXPECT_EQ(forbidden_category("您可以问问当地的医生，急的话先去急诊。"), "");
    EXPECT_EQ(forbidden_category("我这边就管预约，别的不清楚。"), "shirking");
    EXPECT_EQ(forbidden_category("我们只负责预约挂号，具体治疗方案需要医生面诊后确定。"), "");
    EXPECT_EQ(forbidden_category("你打我们的电话问吧。"), "shirking");
    EXPECT_EQ(forbidden_category("您可以打医院电话预约，号码是0371-12345678。"), "");
    EXPECT_EQ(forbidden_category("退费的事归财务管，你找他们去。"), "shirking");
    EXPECT_EQ(forbidden_category("这个归医保报销，门诊统筹。"), "");
    EXPECT_EQ(forbidden_category("几十块的牙套能好到哪去？"), "rhetorical");
    EXPECT_EQ(wasted({{V, "我下个月回郑州 想在你们那边做试管"}, {C, "好的。"}}, close_trigger::visitor_left, "不孕不育").size(), 1u);
    EXPECT_EQ(wasted({{V, "他在外头跑车哩 星期天能带他俩一块儿去不"}, {C, "能。"}}, close_trigger::visitor_left, "不孕不育").size(), 1u);
}

// Session 27 (fresh46, read after its second blind run): sent back to the doctor who ordered the test, a
// refusal to read a report (an offer refused is no offer), the lab's business, "can surgery not hurt?",
// "would we have lasted if we were no good?", in other words than its own, and the honest sentences
// beside them; wanting a treatment for someone else, the visitor's own day to come, and no second
// booking needed as a walk-in answer.
TEST(analyzer, session27_sent_back_the_labs_business_and_rhetorical_pain) {
    EXPECT_EQ(forbidden_category("这个结果你还是回去找给你开检查的大夫吧。"), "shirking");
    EXPECT_EQ(forbidden_category("外院的片子我们没法帮您解读，我们这边也催不动那边。"), "shirking");
    EXPECT_EQ(forbidden_category("发票慢是财务科那边的事，您别问我了"), "shirking");
    EXPECT_EQ(forbidden_category("切开缝针的手术哪能不疼啊？"), "rhetorical");
    EXPECT_EQ(forbidden_category("不正规还能做到现在吗？"), "rhetorical");
    for (const char* clean : {"建议您带着报告问问开单的医生，他最了解您的情况。", "报告结果要问检验科那边，我帮您打电话催一下。",
                              "拔牙能不疼吗？打了麻药就不疼了。", "我帮您问问医生能不能解读。", "没效果的话我们也不会推荐给您。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
    EXPECT_EQ(wasted({{V, "我妈牙掉了好几颗 想带她镶几颗"}, {C, "可以的。"}}, close_trigger::consultant_ended, "口腔").size(), 1u);
    EXPECT_EQ(wasted({{V, "俺后天过来看 要带啥不"}, {C, "带身份证。"}}, close_trigger::consultant_ended, "男科").size(), 1u);
    EXPECT_EQ(wasted({{V, "不想要了 想尽快打掉"}, {C, "嗯。"}}, close_trigger::visitor_left, "妇科").size(), 1u);
    EXPECT_TRUE(wasted({{V, "我过两天再来问问"}, {C, "好的。"}}, close_trigger::consultant_ended, "男科").empty());
    EXPECT_TRUE(wasted({{V, "我想这周六过来看牙"}, {C, "周六上午有医生，不用另外挂号，到了报名字就行。"}},
                       close_trigger::visitor_left, "口腔")
                    .empty());
}

// Session 27 (fresh47, read after its first blind run): a line that drops while the visitor is giving a
// number or asking to be put down is a lead lost (info), as two writers labelled it; coming after a named
// time (月尾去你们那看得吗) is intent; "up to them", a bare "tomorrow", "what are you waiting for?" closing
// a reply, blamed for worrying only now, and "get in touch tomorrow" as the answer, in other words than
// its own.
TEST(analyzer, session27_a_lead_lost_mid_number_and_tomorrow_as_the_answer) {
    auto dropped = wasted({{V, "想问问割包皮要住院吗"}, {C, "不用住院，您留个电话我帮您约。"}, {V, "我电话是186"}}, close_trigger::system, "男科");
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].level, severity::info);
    EXPECT_EQ(dropped[0].rule, "dropped_while_booking");
    EXPECT_EQ(wasted({{V, "那我先登记一下吧"}, {C, "好的，您的姓名是？"}}, close_trigger::system, "妇科").size(), 1u);
    EXPECT_EQ(wasted({{V, "国庆过来行不行"}, {C, "嗯。"}}, close_trigger::visitor_left, "口腔").size(), 1u);
    EXPECT_EQ(forbidden_category("看你们自己吧"), "brush_off");
    EXPECT_EQ(forbidden_category("改天说"), "brush_off");
    EXPECT_EQ(forbidden_category("都三十五了，还犹豫什么？"), "rhetorical");
    EXPECT_EQ(forbidden_category("拖了半年，这会儿疼了才知道着急"), "scolding");
    EXPECT_EQ(forbidden_category("这么晚了，明早上班您再联系吧"), "brush_off");
    for (const char* clean : {"看您自己时间安排，周末也有医生。", "您还等什么结果？我帮您查一下。", "明天上班后您再联系我，我帮您确认医生排班。",
                              "现在才来也不晚，我们先做个检查。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 27 (fresh48, read after its first blind run): a visitor who was answered and leaves (没了 咋走我导航就行
// 谢谢, 现在就去), the desk to go to, and a procedure already scheduled waste no lead; its writer's retorts in
// other words.
TEST(analyzer, session27_answered_visitors_who_leave_and_the_way_to_come_given) {
    const auto ask = std::pair{V, "做个胃镜多少钱 要空腹吗"};
    const auto answer = std::pair{C, "普通胃镜￥380，无痛的￥880，前一晚十点后不吃东西。请问还有其他问题吗？"};
    EXPECT_TRUE(wasted({ask, answer, {V, "没有了 地址在哪我自己导航 谢谢"}}, close_trigger::visitor_left, "综合").empty());
    EXPECT_TRUE(wasted({ask, answer, {V, "那我现在就去"}}, close_trigger::visitor_left, "综合").empty());
    EXPECT_EQ(wasted({ask, answer, {V, "明白了吗这个要预约吗"}}, close_trigger::consultant_ended, "综合").size(), 1u);
    EXPECT_TRUE(wasted({{V, "想来拔智齿 周六可以吗"}, {C, "可以，周六直接过来挂口腔科就行。"}, {V, "嗯"}},
                       close_trigger::consultant_ended, "口腔")
                    .empty());
    EXPECT_TRUE(wasted({{V, "后天就要移植了 今天能洗澡吗 想问问"}, {C, "可以淋浴。"}}, close_trigger::consultant_ended, "不孕不育")
                    .empty());
    EXPECT_EQ(forbidden_category("能不能别老叫我反复解释"), "scolding");
    EXPECT_EQ(forbidden_category("这都几点了，有事明儿个再问"), "brush_off");
    EXPECT_EQ(forbidden_category("都烂成这样了还能没事吗？"), "rhetorical");
    EXPECT_EQ(forbidden_category("麻烦问下您今年多大？"), "colloquial");
    EXPECT_NE(forbidden_category("你非要做我也拦不住，不放心就去别家。"), "");  // 不放心 is no reassurance
    for (const char* clean : {"吃了药能没事吗？其实这个药很安全。", "您不用反复解释，我都记下了。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 28 (fresh49, read after its first blind run; fresh50's clean critical): not my business with the
// topic after the verb, comparing left to the visitor, Cantonese "however often I tell you"; boiling water
// and a hedged "usually once is enough" are clean. Intent: a scan on a day or coming back for one, Cantonese
// "tomorrow OK?", a check-up for one's parents with items to add and leaving for another clinic, asking the
// clinic to do the work; not wanting to come is none, and booking here when decided is an offer.
TEST(analyzer, session28_topics_left_to_others_and_what_the_visitor_comes_for) {
    EXPECT_EQ(forbidden_category("具体吃什么药得医生定 我这边不管开药的"), "shirking");
    EXPECT_EQ(forbidden_category("套餐都在页面上列着的 您自己对比一下看哪个合适吧"), "brush_off");
    EXPECT_EQ(forbidden_category("講極你都唔聽 我都話咗唔使急"), "scolding");
    for (const char* clean : {"内裤要单独洗，用滚开的水烫一下再晒干。", "激光¥380一次，一般一次就好，伤口小。", "我这边不管开药，医生面诊后会开。",
                              "时间您自己挑一个合适的吧。", "我话咗几次佢都唔理，你帮我劝下佢。", "我不管多晚都在线。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
    EXPECT_EQ(wasted({{V, "体检照到甲状腺结节 想上嚟再照一次"}, {C, "3类一般系良性嘅。"}, {V, "咁你哋礼拜六有冇得照"}, {C, "有"}},
                     close_trigger::visitor_left, "综合")
                  .size(),
              1u);
    EXPECT_EQ(wasted({{V, "根管治疗几钱 听日得唔得"}, {C, "我院位于福田区。"}}, close_trigger::visitor_left, "口腔").size(), 1u);
    EXPECT_EQ(wasted({{V, "想给我爸妈做个体检 哪个套餐合适"}, {C, "都在页面上。"}, {V, "要不要加胃肠镜"}, {C, "可以加"}, {V, "算了 我去别家问问"}},
                     close_trigger::visitor_left, "综合")
                  .size(),
              1u);
    EXPECT_EQ(wasted({{V, "烤瓷牙掉了 你们能帮我粘回去吗 多少钱"}, {C, "得来看了。"}, {V, "周日开门吗 粘一下大概多少"}, {C, "周日开"}},
                     close_trigger::visitor_left, "口腔")
                  .size(),
              1u);
    EXPECT_TRUE(wasted({{V, "能不能直接寄药 我不想去医院"}, {C, "处方药要面诊。"}, {V, "那我考虑一下去面诊"},
                        {C, "好的，想好了可以直接在这里约。"}},
                       close_trigger::visitor_left, "男科")
                    .empty());
    EXPECT_TRUE(wasted({{V, "脚上长了鸡眼 你们能处理吗 多少钱"}, {C, "可以处理，两百左右。"}}, close_trigger::consultant_ended, "综合").empty());
}

// Session 28 (fresh50 and fresh51, read after their first blind runs): more retorts in their writers' words,
// each with a look-alike that stays clean; a booking read back is an appointment; a phrase weighing "no
// intent" (想想看要在哪做) is no new intent for an offer to answer.
TEST(analyzer, session28_retorts_of_two_more_writers_and_no_intent_after_an_offer) {
    EXPECT_EQ(forbidden_category("地址官网上有，自己去看。"), "brush_off");
    EXPECT_EQ(forbidden_category("等明天医生上班了你再打电话问"), "brush_off");
    EXPECT_EQ(forbidden_category("那你做这个假牙图什么？"), "interrogating");
    EXPECT_EQ(forbidden_category("做好了一直放着算怎么回事？"), "rhetorical");
    EXPECT_EQ(forbidden_category("这个我也不太清楚，要问财务。"), "shirking");
    EXPECT_EQ(forbidden_category("不来检查谁知道要不要紧？"), "rhetorical");
    EXPECT_EQ(forbidden_category("你现在才第二天过来做什么？"), "scolding");
    EXPECT_EQ(forbidden_category("4公分了还想吃药消？"), "rhetorical");
    EXPECT_EQ(forbidden_category("自己不会避孕的吗？"), "interrogating");
    EXPECT_EQ(forbidden_category("拔还是不拔，您给句准话？"), "interrogating");
    EXPECT_EQ(forbidden_category("医生术后不是都交代过了吗"), "scolding");
    EXPECT_EQ(forbidden_category("3类就是良性可能大，您怕什么呢？"), "rhetorical");
    for (const char* clean : {"接种记录可以在公众号上自己查。", "明天上班您再打电话确认一下时间。", "您图个方便的话可以约周末。",
                              "我去问财务，稍等。", "您最怕什么呢？", "您明天过来做什么检查？", "抱歉，问几次是医生要评估子宫情况。",
                              "您带着处方和过敏史回去找开药的医生换一下就行。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
    EXPECT_EQ(wasted({{V, "早泄能治好吗 多少钱"}, {C, "需要到院检查。"}, {V, "我周末本来想去的 算了"}}, close_trigger::visitor_left, "男科").size(),
              1u);
    EXPECT_TRUE(wasted({{V, "你们单位体检套餐 抽血要空腹吗 明天早上去"}, {C, "要空腹。"}, {V, "胃肠镜加项呢 姓冯"},
                        {C, "冯先生，查到了，您明天上午8点体检，胃肠镜加项排在后天上午9点。"}},
                       close_trigger::visitor_left, "综合")
                    .empty());
    EXPECT_TRUE(wasted({{V, "想做子宫颈抹片 要先挂号吗"}, {C, "要先挂妇科门诊喔，医师看诊后开单，当天就可以做。"},
                        {V, "了解 3Q 我再想想看要在哪做"}},
                       close_trigger::visitor_left, "妇科")
                    .empty());
}

// Session 29 (fresh52 and fresh53, read after two blind runs each): rude-reply cues said to 您 as to 你; a
// paste repeated instead of an answer leaves the visitor's question open for the bare reply after it; a
// line of question marks after a pause is a nudge that starts the wait; a greeting is no answer.
TEST(analyzer, session29_cues_to_nin_pastes_that_answer_nothing_and_nudges_after_a_pause) {
    const auto& lex = real_lexicon();
    EXPECT_EQ(forbidden_category("没有特效药。谁跟您说治几次就能转阴的？"), "rhetorical");
    EXPECT_EQ(forbidden_category("谁跟你说治几次就能转阴的？"), "rhetorical");
    EXPECT_EQ(forbidden_category("您好，请问是哪位医生跟您说的？我帮您核实一下。"), "");
    {
        conversation_analyzer a("妇科");
        const char* paste = "您好，建议您到院抽血查HCG和孕酮，结果更准确。";
        a.on_message(msg(1, sender::visitor, "月经推迟十天了 验孕棒一深一浅", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, paste, 15), lex, nullptr);
        a.on_message(msg(3, sender::visitor, "抽血多少钱 今天周六能查吗", 40), lex, nullptr);
        a.on_message(msg(4, sender::consultant, paste, 50), lex, nullptr);
        a.on_message(msg(5, sender::visitor, "……", 80), lex, nullptr);
        EXPECT_EQ(kinds(reply_alone(a, 6, "能", 100, lex), "terse_reply").size(), 1u)
            << "the price and Saturday, asked before the paste, are still unanswered";
    }
    for (const char* nudge : {"？", "??", "？？？"}) {
        conversation_analyzer a("男科");
        a.on_message(msg(1, sender::visitor, "周日开不开门 要带什么", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, "稍等", 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, nudge, 40), lex, nullptr);
        EXPECT_FALSE(kinds(a.advance(t0 + seconds{170}, lex), "idle_gap").empty()) << nudge;
    }
    {
        conversation_analyzer a("男科");
        a.on_message(msg(1, sender::visitor, "周日开不开门 要带什么", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, "稍等，我查一下周日的排班。", 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, "好的", 40), lex, nullptr);
        EXPECT_TRUE(kinds(a.advance(t0 + seconds{170}, lex), "idle_gap").empty()) << "好的 waits for what was announced";
    }
    {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, "你好 我想做个全身体检 明早能去吗 你们朝阳的地址在哪", 0), lex, nullptr);
        EXPECT_EQ(kinds(reply_alone(a, 2, "您好，可以的。", 150, lex), "terse_reply").size(), 1u) << "a greeting is no answer";
    }
    {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, "你好", 0), lex, nullptr);
        EXPECT_TRUE(kinds(reply_alone(a, 2, "您好，请说。", 10, lex), "terse_reply").empty());
    }
}

// Session 29: the retorts, brush-offs and shirking of fresh52's and fresh53's consultants in other words, each
// beside an honest sentence that stays clean.
TEST(analyzer, session29_retorts_of_a_night_desk_and_a_desk_for_malaysia) {
    EXPECT_EQ(forbidden_category("那就这样吧，我这还有别人等着呢。"), "brush_off");
    EXPECT_EQ(forbidden_category("我这马上交班了，有事您明天问白班吧。"), "brush_off");
    EXPECT_EQ(forbidden_category("先吃点布洛芬扛着吧"), "brush_off");
    EXPECT_EQ(forbidden_category("别东一句西一句的"), "scolding");
    EXPECT_EQ(forbidden_category("三千八那种便宜的您敢用吗？"), "rhetorical");
    EXPECT_EQ(forbidden_category("出了问题您找药房去。"), "shirking");
    EXPECT_EQ(forbidden_category("周六人多，你到时候看吧。再见"), "brush_off");
    EXPECT_EQ(forbidden_category("不然你以为要多少？"), "rhetorical");
    EXPECT_EQ(forbidden_category("你问这么细，是准备来做还是只是问问价格？"), "interrogating");
    EXPECT_EQ(forbidden_category("你有意见可以去跟院长讲。"), "shirking");
    EXPECT_EQ(forbidden_category("价钱来了问前台"), "shirking");
    EXPECT_EQ(forbidden_category("你自己先观察几个月吧。"), "brush_off");
    EXPECT_EQ(forbidden_category("在吗？不在我先关了"), "brush_off");
    EXPECT_EQ(forbidden_category("做完一次宫腔镜还怕痛吗？"), "rhetorical");
    EXPECT_EQ(forbidden_category("为什么现在才说？"), "interrogating");
    EXPECT_EQ(forbidden_category("植体要是质量问题你得找厂家。"), "shirking");
    EXPECT_EQ(forbidden_category("什么can不can的"), "scolding");
    EXPECT_EQ(forbidden_category("你打中文行吗"), "scolding");
    EXPECT_EQ(forbidden_category("现在发黑了怪谁呢"), "scolding");
    EXPECT_EQ(forbidden_category("本人不来医生怎么开药？"), "rhetorical");
    EXPECT_EQ(forbidden_category("paiseh ah，处方药不能寄出国外"), "colloquial");
    for (const char* clean : {"疼得厉害别硬扛着，可以先吃布洛芬，明早八点来。", "吃甲硝唑期间绝对不能喝酒，这一条没得商量。",
                              "慢性前列腺炎很难说一次根治，但规范治疗后症状能控制得很好。", "您到时候看哪天方便，提前一天跟我说就行。",
                              "如果您暂时不在，我先结束会话，有需要随时找我。", "现在才来也不晚，我们先检查。", "这个不怪谁，现在处理还来得及。",
                              "本人不来的话，家属可以先带病历来咨询。", "okay lah, 我帮你问 lor"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 29 (fresh52, fresh53): real words the IME model keeps, listed where only the clinic word is meant, and
// the same words where they are themselves.
TEST(analyzer, session29_real_word_slips_in_their_contexts_only) {
    EXPECT_EQ(typo("那建议月经干净后来做个阴曹。", "妇科"), "阴超");
    EXPECT_EQ(typo("顺便查个私立，戴眼镜矫正到0.8以上就可以。", "综合"), "视力");
    EXPECT_EQ(typo("感冒好了一周以上、现在没有花哨就可以打。", "综合"), "发烧");
    EXPECT_EQ(typo("建议同房安排在评论区前后，隔天一次。", "不孕不育"), "排卵期");
    EXPECT_EQ(typo("如果牙齿有点歪，以后也可以考虑整机。", "口腔"), "正畸");
    EXPECT_EQ(typo("带上报告和生分证就可以。", "男科"), "身份证");
    for (const char* clean : {"阴曹地府的故事孩子别看。", "私立医院和公立医院都可以做。", "衣服不用太花哨。", "评论区有其他患者的反馈。",
                              "孩子牙齿不齐可以早点看。"})
        EXPECT_EQ(typo(clean, "口腔"), "") << clean;
}

// Session 30 (fresh54 and fresh55, read after one blind run each): the retorts of a Hangzhou desk and of a
// Hohhot desk in other words, each beside an honest sentence that stays clean.
TEST(analyzer, session30_retorts_of_a_zhejiang_desk_and_a_northwestern_desk) {
    EXPECT_EQ(forbidden_category("刚才不都跟您说了嘛"), "rhetorical");
    EXPECT_EQ(forbidden_category("你咋又问"), "scolding");
    EXPECT_EQ(forbidden_category("一个月吃三次，您这不是拿自己身体开玩笑吗！"), "scolding");
    EXPECT_EQ(forbidden_category("你都35了还矫正啥？"), "rhetorical");
    EXPECT_EQ(forbidden_category("您都这个年纪了还讲究什么"), "rhetorical");
    EXPECT_EQ(forbidden_category("你到底想咋样"), "rhetorical");
    for (const char* clean : {"肿的地方是整个都大了，还是上面有个硬疙瘩？", "牙齿上面都是黑点的话要尽快补。",
                              "我往上翻了一下记录，您上次是周三来的。", "您往上翻一下就能看到地址。", "身体的事不能开玩笑，我们尽快查一下。",
                              "您都检查完了，还有什么不清楚的吗？", "35岁做矫正完全来得及。", "我再为您说明一下。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 30: real-word slips listed in the contexts that say which was meant (不雅 when a tooth is best filled
// now; 进食 in the fast before a test, the opposite of what was meant), and the same words where they are themselves.
TEST(analyzer, session30_real_word_slips_in_their_contexts_only) {
    EXPECT_EQ(typo("这时候不雅最简单，也最便宜。", "口腔"), "补牙");
    EXPECT_EQ(typo("要的，抽血前8小时进食，早上不要吃早饭。", "综合"), "禁食");
    EXPECT_EQ(typo("冼牙一次168元。", "口腔"), "洗牙");
    for (const char* clean : {"这样的照片不雅，不要发在群里。", "检查前2小时不要进食。", "术后2小时可以进食。",
                              "抽血前8小时不能进食，可以喝少量水。"})
        EXPECT_EQ(typo(clean, "综合"), "") << clean;
}

// Session 30 (fresh55): wanting it done now, asking to book a kind of slot, offering a contact: wanting to come.
TEST(analyzer, session30_wanting_it_now_booking_a_slot_and_a_contact_offered_are_intent) {
    for (const char* text : {"五月？我现在就想洗", "这次能不能约个不排队的", "我留个电话吧", "今天就想拔 疼死了"})
        EXPECT_TRUE(intent_in(text)) << text;
    for (const char* text : {"我现在就想知道结果", "电话我就不留了", "约个啥时间合适我再想想"})
        EXPECT_FALSE(intent_in(text)) << text;
    EXPECT_TRUE(intent_in("我左边二度 下周能不能做", "男科"));
    EXPECT_TRUE(intent_in("要不要现在来急诊 你们夜里有医生吗", "妇科"));
    EXPECT_FALSE(intent_in("孩子发烧38度5 要不要去医院", "综合"));
}

// Session 30 (fresh55 nm057): a brush-off after the offer takes it back; a visitor who had declined it first
// chose before the brush-off.
TEST(analyzer, session30_a_brush_off_after_the_offer_takes_it_back) {
    EXPECT_EQ(wasted({{V, "颈椎病理疗 这次能不能约个不排队的"},
                      {C, "理疗都是现场排队，没法约，您直接过来就行。"},
                      {V, "那你们就不能改改 我上夜班 白天来还要排俩小时"},
                      {C, "爱做不做，又不差你一个。"}},
                     close_trigger::consultant_ended)
                  .size(),
              1u);
    EXPECT_TRUE(wasted({{V, "颈椎病理疗 这次能不能约个不排队的"},
                        {C, "理疗都是现场排队，没法约，您直接过来就行。"},
                        {V, "不用了 我自己看着办"},
                        {C, "那就这样吧。"}},
                       close_trigger::consultant_ended)
                    .empty());
    EXPECT_EQ(forbidden_category("这个你得问当时给你做的医生，我这边不清楚。"), "shirking");
    EXPECT_EQ(forbidden_category("您去看的医生怎么说？"), "");
}

// Session 31 (fresh57 yn007): thanks and patience said to an announced pause (好的 唔该, 嗯嗯 辛苦了, 不急 我等你)
// let it run as a bare 好的 does; a question or a hurry still starts the wait.
TEST(analyzer, session31_thanks_and_patience_keep_an_announced_pause) {
    auto idle_after = [](const char* reply) {
        return idle_gaps_after("不孕不育", "那个要开刀咩 佢好怕", "是微创。我帮您查一下本周的手术排期，大概需要三分钟，请稍等。", reply, 40);
    };
    for (const char* patient : {"好的 唔该", "好的谢谢", "嗯嗯 辛苦了", "不急 我等你", "好 麻烦你了", "好的，謝謝"})
        EXPECT_EQ(idle_after(patient), 0u) << patient;
    for (const char* waiting : {"好 快点哈", "有没有周末的", "谢谢 那要住几天", "？"})
        EXPECT_GT(idle_after(waiting), 0u) << waiting;
}

// Session 31 (fresh57): cursing with 他妈 without 的, shirking as "not mine to handle", and asking whether the
// visitor fooled around; each beside the same words meant plainly.
TEST(analyzer, session31_curses_shirking_and_interrogation_of_a_yunnan_desk) {
    EXPECT_EQ(forbidden_category("你他妈爱信不信，我们资质证书都挂在大厅。"), "profanity");
    EXPECT_EQ(forbidden_category("真他妈麻烦"), "profanity");
    EXPECT_EQ(forbidden_category("这不属于我负责的范围，请您自行咨询体检中心。"), "shirking");
    EXPECT_EQ(forbidden_category("你最近有没有乱来？多久之前？"), "interrogating");
    for (const char* clean : {"您给你他妈妈打个电话问问。", "孩子他妈的报告出来了。", "这个药不属于我们医保范围，需要自费。",
                              "最近有没有同房？", "这个情况不属于急症，可以明天再来。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 31 (fresh59, Guizhou): southwestern where and how much (在遵义哪点, 要好多钱嘛) and passing by on a day
// are intent; 好多钱 as "a lot of money" and 哪点 as "which part" are not.
TEST(analyzer, session31_southwestern_where_how_much_and_passing_by) {
    EXPECT_TRUE(intent_in("你们在遵义哪点 我后天从重庆拉货回来路过", "男科"));
    EXPECT_FALSE(intent_in("上次在别家花了好多钱 哪点都没好", "男科"));
    EXPECT_FALSE(intent_in("我上次路过看到你们的广告", "男科"));
    EXPECT_EQ(wasted({{V, "医生 我帮我男人问 他这半年那个不行了 硬不起来"}, {V, "要好多钱嘛"}, {C, "这个不好说，因人而异。"}},
                     close_trigger::consultant_ended, "男科")
                  .size(),
              1u);
}

// Session 31 (fresh56, Wuhan): 克 for 去 after a day word and which branch is nearest are intent (never 50克, grams);
// 冇用 is 没用 (dialect_forms.tsv); "think before you type" scolds as "think before you ask" does.
TEST(analyzer, session31_a_wuhan_desk_coming_tomorrow_and_typing_scolded) {
    EXPECT_TRUE(intent_in("我在汉口 哪个院近 我明天克", "男科"));
    EXPECT_FALSE(intent_in("每天吃50克 明天吃30克", "男科"));
    EXPECT_EQ(forbidden_category("你打字能不能先想清楚再打"), "scolding");
    for (const char* clean : {"想清楚再打疫苗也不迟。", "您想好了再打电话预约就行。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 31 (fresh57 yn041, yn047): "come back and it is redone free" tells the visitor how to come, as a walk-in
// answer does; "tell me before you come" asks them to come through the consultant, who books it.
TEST(analyzer, session31_come_back_for_a_free_redo_answers_the_visit) {
    EXPECT_TRUE(wasted({{V, "我娃娃8岁 满口蛀牙"},
                        {C, "乳牙蛀了也要治的，不然影响恒牙。"},
                        {V, "暑假回来带他去 大概好多钱"},
                        {C, "一颗补牙一两百，回来前跟我说一声哈。"}},
                       close_trigger::consultant_ended, "口腔")
                    .empty());
    EXPECT_EQ(wasted({{V, "我娃娃8岁 满口蛀牙"},
                      {C, "乳牙蛀了也要治的，不然影响恒牙。"},
                      {V, "暑假回来带他去 大概好多钱"},
                      {C, "一颗补牙一两百。"}},
                     close_trigger::consultant_ended, "口腔")
                  .size(),
              1u);
    EXPECT_TRUE(wasted({{V, "上次补的牙又掉了 补了两个月"},
                        {C, "两个月就脱落属于保修范围内，回来免费重新补。"},
                        {V, "行 我明天中午过去"}},
                       close_trigger::visitor_left, "口腔")
                    .empty());
    EXPECT_EQ(wasted({{V, "上次补的牙又掉了 补了两个月"},
                      {C, "两个月就脱落可能是咬了硬东西。"},
                      {V, "行 我明天中午过去"}},
                     close_trigger::visitor_left, "口腔")
                  .size(),
              1u);
}

// Session 32 (fresh62 hn016, Henan): "send the report, I'll have the doctor look, it takes two or three minutes"
// announces a pause, and the photo sent into it starts no wait of its own; a question sent instead still does.
TEST(analyzer, session32_the_photo_asked_for_keeps_an_announced_pause) {
    const auto& lex = real_lexicon();
    auto idle_after = [&](const char* consultant, const char* reply) {
        conversation_analyzer a("妇科");
        a.on_message(msg(1, sender::visitor, "B超说左边有个囊肿 3.5公分 用开刀不", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, consultant, 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, reply, 40), lex, nullptr);
        return kinds(a.advance(t0 + seconds{190}, lex), "idle_gap").size();
    };
    const char* announced = "能把报告拍个照发过来吗？我请医生看一下，需要等两三分钟。";
    for (const char* sent : {"[图片]", "[图片] 好的", "[文件]"}) EXPECT_EQ(idle_after(announced, sent), 0u) << sent;
    EXPECT_GT(idle_after(announced, "要住院吗"), 0u);
    EXPECT_GT(idle_after("能把报告拍个照发过来吗？", "[图片]"), 0u) << "no pause announced: the photo waits for an answer";
}

// Session 32 (fresh62 hn026): "stop asking nonsense" scolds, "don't ask around for folk remedies" does not.
TEST(analyzer, session32_stop_asking_nonsense) {
    EXPECT_EQ(forbidden_category("看了才知道 别瞎问"), "scolding");
    EXPECT_EQ(forbidden_category("不要乱问了，来了医生会跟你说"), "scolding");
    for (const char* clean : {"不要乱问偏方，网上的说法不靠谱。", "别乱想，放宽心。", "别瞎担心，大部分是良性的。"})
        EXPECT_EQ(forbidden_category(clean), "") << clean;
}

// Session 33 (fresh62 hn003, hn020, hn029): wanting to come said in Henan's 恁 (你们), with a bare 去 after
// the day, or as a company's group checkup; a checkup's result is a topic, not a visit wanted.
TEST(analyzer, session33_a_visit_wanted_in_henan_words_or_for_a_company) {
    auto let_go = [](const char* visitor, const char* department) {
        return wasted({{V, visitor}, {C, "好的"}, {V, "那算了"}}, close_trigger::visitor_left, department).size();
    };
    EXPECT_EQ(let_go("俺家在南阳新野 想去恁那看看", "不孕不育"), 1u);
    EXPECT_EQ(let_go("吃了不管用啊 能不能今天去看看", "口腔"), 1u);
    EXPECT_EQ(let_go("公司体检 能团体的不 二十来个人", "综合"), 1u);
    for (const char* topic : {"公司体检查出来胆结石 要紧不", "这个套餐是公司的吗", "恁大的人了还怕拔牙", "今天去看了别家 说要拔"})
        EXPECT_EQ(let_go(topic, "综合"), 0u) << topic;
}

// Session 33 (fresh62 hn002): a closing question with a listed slip in its key word (资询 for 咨询) is still the
// closing question, and the slip is still reported; a reply without one is read as written.
TEST(analyzer, session33_a_closing_question_with_a_listed_typo_still_closes) {
    const auto& lex = real_lexicon();
    auto end_after = [&](const char* closing) {
        conversation_analyzer a("不孕不育");
        std::vector<message> transcript{msg(1, sender::visitor, "造影多少钱 洛阳那个院能做不", 0),
                                        msg(2, sender::consultant, "可以做的，普通造影680元。", 10),
                                        msg(3, sender::visitor, "中 我明天去", 30),
                                        msg(4, sender::consultant, closing, 40),
                                        msg(5, sender::visitor, "没了 谢谢", 60)};
        std::vector<finding> typos;
        for (auto& m : transcript)
            for (auto& f : kinds(a.on_message(m, lex, nullptr), "typo")) typos.push_back(f);
        auto end = a.finish(transcript, close_trigger::visitor_left, t0 + seconds{70}, lex);
        return std::pair{end.how, typos.size()};
    };
    EXPECT_EQ(end_after("好的，记得空腹，还有其他要咨询的吗？"), std::pair(ending::greeting, std::size_t{0}));
    EXPECT_EQ(end_after("好的，记得空腹，还有其他要资询的吗？"), std::pair(ending::greeting, std::size_t{1}));
    EXPECT_EQ(end_after("好的，记得空腹。"), std::pair(ending::visitor, std::size_t{0}));
}

// Session 35 (fresh66, fresh68, first sight: two clean idle gaps): a pause announced as going now to ask
// (我得问下财务同事，我现在去问) and kept, the visitor's spoken OK (好嘞) or sending the consultant off to look
// (嗯嗯 你查吧) let it run; a question still starts the wait.
TEST(analyzer, session35_going_now_to_ask_and_a_spoken_ok_keep_an_announced_pause) {
    auto idle_after = [](const char* pause, const char* reply) { return idle_gaps_after("口腔", "有无分期", pause, reply, 15); };
    const char* going = "24期手续费我得问下财务同事，我现在去问，大概一两分钟～";
    // fresh71: a Filipino helper's "ok po", a Macanese visitor's "ok obrigada".
    for (const char* patient : {"好", "好嘞", "嗯呐", "得嘞", "嗯嗯 你查吧", "好的 您先忙", "ok po", "ok obrigada", "thanks", "要得",
                                "好 你查", "好的 不急 你慢慢来"})
        EXPECT_EQ(idle_after(going, patient), 0u) << patient;
    EXPECT_GT(idle_after(going, "那12期呢"), 0u);
    // Saying what the fee depends on announces no pause.
    EXPECT_GT(idle_after("24期手续费要看方案总价。", "好"), 0u);
}

// Session 35 (fresh66, fresh67, fresh68: three writers typed 简拼 zl as 资料 for 治疗): treatment done now or
// together, or a course counted in 礼拜, is the slip; papers sent or brought stay papers.
TEST(analyzer, session35_papers_for_treatment_where_the_words_around_say_treatment) {
    auto typos = [](const char* text) { return typos_in("妇科", text).size(); };
    for (const char* slip : {"这个情况建议夫妻一起资料，效果会好一些", "这个要资料两个礼拜，中间别停药", "霉菌性阴道炎的话马上资料就行"})
        EXPECT_EQ(typos(slip), 1u) << slip;
    for (const char* papers : {"检查报告和资料一起发给您", "我马上资料发您微信", "您把之前的资料都带上", "资料我已经发您了"})
        EXPECT_EQ(typos(papers), 0u) << papers;
}

// Session 35 (fresh69 lx007, a clean conversation): following the screen's instructions (自己看着办理) is no
// 看着办, neither as the entry nor as the classifier's cue; the brush-off itself still is.
TEST(analyzer, session35_doing_it_by_the_screen_is_no_suit_yourself) {
    EXPECT_EQ(forbidden_category("到了在一楼自助机取号，按屏幕提示自己看着办理，不会操作的话导诊会帮您。"), "");
    EXPECT_EQ(forbidden_category("价格就这样，你自己看着办吧。"), "brush_off");
    EXPECT_EQ(forbidden_category("做不做看着办。"), "brush_off");
}

// Session 35 (fresh69, fresh70, fresh67, fresh71, fresh74, fresh72, fresh73 read): slips of the same clinic word by
// several writers, each only where the words around it say the clinic word was meant.
TEST(analyzer, session35_result_afternoon_and_department_slips_in_their_contexts) {
    auto typo_of = [](const char* dept, const char* text) {
        auto found = typos_in(dept, text);
        return found.empty() ? std::string() : found[0].suggestion;
    };
    EXPECT_EQ(typo_of("妇科", "如果阴道镜结果是硬性，定期复查就行。"), "阴性");
    EXPECT_EQ(typo_of("妇科", "这是医院的硬性规定，没办法。"), "");
    EXPECT_EQ(typo_of("综合", "周一到周六都能做，周日下雨休息。"), "下午");
    EXPECT_EQ(typo_of("口腔", "周六下去三点可以吗"), "下午");
    EXPECT_EQ(typo_of("综合", "明天下雨，路上慢点。"), "");
    EXPECT_EQ(typo_of("综合", "一般吃下去30分钟开始起效。"), "");
    EXPECT_EQ(typo_of("男科", "我们兰科在三楼"), "男科");
    EXPECT_EQ(typo_of("综合", "兰科植物不能放卧室吗"), "");
}

// Session 35 (fresh72 cq001, fresh37 w009): what the consultant has not made clear, asked with 弄清楚/搞清楚,
// closes as 没弄明白 did.
TEST(analyzer, session35_a_closing_question_about_what_is_still_unclear) {
    const auto& lex = real_lexicon();
    conversation_analyzer a("不孕不育");
    std::vector<message> transcript{msg(1, sender::visitor, "周一能约不", 0),
                                    msg(2, sender::consultant, "已经帮您约好1月12号周一上午9点。您看还有哪里没弄清楚的吗？", 10),
                                    msg(3, sender::visitor, "莫得了 谢谢妹儿", 30)};
    for (auto& m : transcript) a.on_message(m, lex, nullptr);
    EXPECT_EQ(a.finish(transcript, close_trigger::visitor_left, t0 + seconds{40}, lex).how, ending::greeting);
}

// Session 36 (fresh79 lz010, a clean conversation: 好 不急 你慢慢问 to a pause of 两三分钟 → a critical idle gap; the
// same class as session 35's 好嘞 and 你查吧): a short line that asks nothing lets an announced pause run, whatever
// its words. A question, a nudge, 啥 or a word of intent still starts the wait, and so does the answer to a pause
// that itself asked something (fresh3 h059: 我帮您查一下，您的名字是？ … 叫冯婷).
TEST(analyzer, session36_a_short_line_that_asks_nothing_keeps_an_announced_pause) {
    auto idle_after = [](const char* pause, const char* reply) {
        return idle_gaps_after("综合", "套餐多少钱 他72了", pause, reply, 10);
    };
    const char* pause = "原价1280元。您稍等，我去问一下体检中心心脏彩超这周还有没有号，可能要两三分钟。";
    for (const char* patient : {"好 不急 你慢慢问", "中", "行 等你", "嗯 辛苦辛苦", "ok 我等着", "好 你去问吧", "莫麻达"})
        EXPECT_EQ(idle_after(pause, patient), 0u) << patient;
    for (const char* asking : {"带啥啊", "好 快点哈", "周六有吗", "？？", "那要多久", "能约周四不", "很急 今天能做吗",
                               "我上周在你们这做的造影 报告说右侧通而不畅 想找医生看看"})
        EXPECT_GT(idle_after(pause, asking), 0u) << asking;
    EXPECT_GT(idle_after("请问您做造影时登记的名字是？我帮您查一下报告。", "叫冯婷"), 0u);
    EXPECT_EQ(idle_after("我帮您查一下报告，请稍等。", "叫冯婷"), 0u);
}

// Session 36 (fresh79 lz010): 你大爷 of the visitor's uncle (你大爷平时血压控制得怎么样？) is the person, not the
// swear: what follows it in its own sentence, or a verb that takes it, makes it one. The swear still stands alone.
TEST(analyzer, session36_your_uncle_is_a_person_when_a_sentence_goes_on) {
    for (const char* person : {"你大爷平时血压控制得怎么样？在吃降压药吗？", "你大爷的血压多少", "下次陪你大爷来", "你大爷今年多大了"})
        EXPECT_EQ(forbidden_category(person), "") << person;
    for (const char* swear : {"你大爷！", "你大爷的，爱来不来", "去你大爷的"})
        EXPECT_EQ(forbidden_category(swear), "profanity") << swear;
}

// Session 36 (fresh78 he007): what is not yet understood, asked with any verb (没整明白: the Northeast's 整), closes as
// 没弄明白 did.
// A booking, then `closing`, the visitor declining and a farewell: how the conversation ends.
ending after_booking_closing_with(const char* closing) {
    return ending_of("口腔",
                     {{sender::visitor, "明天能去不"}, {sender::consultant, "已经给您约在明天上午8点半。"},
                      {sender::consultant, closing}, {sender::visitor, "没了 就盼着别疼了"},
                      {sender::consultant, "明早见，祝您早点儿消停！"}},
                     close_trigger::visitor_left);
}

TEST(analyzer, session36_not_yet_understood_with_any_verb_is_a_closing_question) {
    for (const char* closing : {"您这边还有哪块儿没整明白的不？", "还有没闹明白的地方吗？", "您看还有啥没听懂的吗"})
        EXPECT_EQ(after_booking_closing_with(closing), ending::greeting) << closing;
}

// Session 36 (fresh81, fresh82, fresh83 first sights): said already to 您 as to 你, believing
// left to the visitor, tomorrow as the whole answer; each beside the same words meant plainly.
TEST(analyzer, session36_said_already_believe_it_or_not_and_tomorrow) {
    EXPECT_EQ(forbidden_category("上面刚跟您讲过了，3到5万"), "scolding");
    EXPECT_EQ(forbidden_category("效果就是这样，信不信由您"), "brush_off");
    EXPECT_EQ(forbidden_category("明天再说，再见"), "brush_off");
    for (const char* plain : {"不急，明天再说也行", "这个我再跟您说一下", "不用麻烦您儿子专门请假", "我们明天再说具体时间"})
        EXPECT_EQ(forbidden_category(plain), "") << plain;
}

// Session 37 (fresh85 ks002: 歹勢喔我們要下班了): a sentence flagged only for its wording (an info entry, 歹勢 ->
// 很抱歉) is still read for what it does; an entry of attitude still stands for its sentence alone.
TEST(analyzer, session37_a_wording_entry_does_not_hide_what_the_sentence_does) {
    auto categories = [](const char* text) {
        std::vector<std::string> c;
        for (auto& f : kinds(check_consultant_text(text, "", real_lexicon(), nullptr), "forbidden_phrase"))
            c.push_back(f.category);
        return c;
    };
    EXPECT_EQ(categories("歹勢喔我們要下班了"), (std::vector<std::string>{"colloquial", "brush_off"}));
    EXPECT_EQ(categories("不好意思我们要下班了"), (std::vector<std::string>{"colloquial", "brush_off"}));
    EXPECT_EQ(categories("不好意思让您久等了"), std::vector<std::string>{"colloquial"});
}

// Session 37 (fresh84 cz002, fresh86 zj002, zj007 first sights): already told, with its 都 and the consultant or the
// visitor in it; left to work out alone; come if you like; who could know without it. Each beside the same words
// meant plainly.
TEST(analyzer, session37_told_already_work_it_out_come_if_you_like_who_could_know) {
    EXPECT_EQ(forbidden_category("我都说了月经干净3-7天"), "scolding");
    EXPECT_EQ(forbidden_category("都跟您讲了要看方案咯"), "scolding");
    EXPECT_EQ(forbidden_category("你让她自己看着算"), "brush_off");
    EXPECT_EQ(forbidden_category("钟意嚟就嚟啦，礼拜日有人。"), "brush_off");
    EXPECT_EQ(forbidden_category("不检查哪个晓得具体价钱嘛？"), "rhetorical");
    for (const char* plain : {"医生都跟您说了吗？", "我都说了没事的，您放心", "您想来就来，不用预约",
                              "欢迎，随时来就来", "不检查的话谁也说不准具体价钱", "听日先讲清楚注意事项再做"})
        EXPECT_EQ(forbidden_category(plain), "") << plain;
}

// Session 37 (fresh85 ks010: 嗯 -> ？？ -> 電話問): a visitor who only nudges after a terse reply asks the same again,
// and the next reply is judged against that question. A nudge after a real answer asks nothing new.
TEST(analyzer, session37_a_nudge_after_a_terse_reply_asks_the_question_again) {
    const auto& lex = real_lexicon();
    auto terse_at = [&](const char* first_reply, const char* nudge, const char* next_reply) {
        conversation_analyzer a("综合");
        a.on_message(msg(1, sender::visitor, "我是真的想预约 下礼拜六可以吗 两个人", 0), lex, nullptr);
        reply_alone(a, 2, first_reply, 10, lex);
        a.on_message(msg(3, sender::visitor, nudge, 60), lex, nullptr);
        return !kinds(reply_alone(a, 4, next_reply, 70, lex), "terse_reply").empty();
    };
    EXPECT_TRUE(terse_at("嗯", "？？", "电话问"));
    EXPECT_TRUE(terse_at("嗯", "人呢", "电话问"));
    EXPECT_FALSE(terse_at("可以的，下周六上午两位都能约，请留一下您的姓名和电话。", "？？", "在的"));
    EXPECT_FALSE(terse_at("嗯", "好的", "电话问"));
}

// Session 37 (fresh85 ks001): a closing question asking what the visitor still wants to confirm, in Taiwan's 哪邊.
TEST(analyzer, session37_what_else_to_confirm_is_a_closing_question) {
    for (const char* closing : {"請問還有哪邊想再確認的嗎？", "还有哪边需要确认的吗？", "您还有什么要核对的吗"})
        EXPECT_EQ(ending_of("不孕不育",
                            {{sender::visitor, "好啊幫我約"}, {sender::consultant, "已經幫您約好了：12/12（六）上午 9:30。"},
                             {sender::consultant, closing}, {sender::visitor, "沒了 謝謝你"},
                             {sender::consultant, "不客氣，12/12 見喔！"}},
                            close_trigger::visitor_left),
                  ending::greeting)
            << closing;
}

// Session 37 (fresh85 ks004, fresh86 zj007): the time off a procedure needs plans it; a doctor on a day asked in
// Cantonese (礼拜日有冇医生) asks for a day as Mandarin does.
TEST(analyzer, session37_time_off_and_a_doctor_on_a_day_in_cantonese_are_intent) {
    // Let go by the consultant, a procedure asked about (0.5) is no need; its time off too (1) is one.
    EXPECT_TRUE(wasted({{V, "包皮手术做完要注意什么"}, {C, "看情况"}}, close_trigger::consultant_ended, "男科").empty());
    EXPECT_EQ(wasted({{V, "包皮手术做完要休息几天"}, {C, "看情况"}}, close_trigger::consultant_ended, "男科").size(), 1u);
    EXPECT_TRUE(intent_in("种牙几钱 礼拜日有冇医生", "口腔"));
    EXPECT_TRUE(intent_in("种牙几钱 礼拜日有没有医生", "口腔"));
    EXPECT_FALSE(intent_in("种牙几钱", "口腔"));
}

// Session 37 (fresh88 hd006, fresh67 xz004): a template sent first inside a longer message and then alone is its
// second paste; a short stock sentence (我查一下) said twice is none.
TEST(analyzer, session37_a_template_sent_inside_a_message_and_then_alone_is_a_repeat) {
    const auto& lex = real_lexicon();
    const char* tmpl = "您好，HPV感染是女性常见的病毒感染，大部分可在1-2年内被自身免疫系统清除，请您不要过于担心。";
    auto repeats = [&](std::string first, const char* second) {
        conversation_analyzer a("妇科");
        a.on_message(msg(1, sender::visitor, "HPV52阳性要紧不", 0), lex, nullptr);
        a.on_message(msg(2, sender::consultant, first.c_str(), 10), lex, nullptr);
        a.on_message(msg(3, sender::visitor, "那我要做阴道镜吗", 40), lex, nullptr);
        return kinds(a.on_message(msg(4, sender::consultant, second, 50), lex, nullptr), "repeated_reply").size();
    };
    EXPECT_EQ(repeats(std::string("不好意思，让您久等了。") + tmpl, tmpl), 1u);
    EXPECT_EQ(repeats(tmpl, tmpl), 1u);
    EXPECT_EQ(repeats("好的，我查一下。您稍等。", "我查一下"), 0u);
    EXPECT_EQ(repeats(std::string("不好意思，让您久等了。") + tmpl, "不好意思，让您久等了"), 0u);
}

// Session 37 (fresh86 zj009, fresh87 yw006, fresh88 hd008): tomorrow as the answer after going off shift, across a
// comma; being sent to read up; being blamed for not making it clear. Each beside the same words meant plainly.
TEST(analyzer, session37_off_until_tomorrow_read_up_and_not_made_clear) {
    EXPECT_EQ(forbidden_category("我哋夜晚冇门诊，十一点收工啦，听日先讲啦。"), "brush_off");
    EXPECT_EQ(forbidden_category("我前面都写了，你仔细看看上面"), "scolding");
    EXPECT_EQ(forbidden_category("你说了半天也没说清楚到底哪里疼"), "scolding");
    for (const char* plain : {"抱歉，我说了半天也没说清楚，我重新整理一下", "听日先讲清楚注意事项再做", "我们晚上十点下班"})
        EXPECT_EQ(forbidden_category(plain), "") << plain;
}

// Session 37 (fresh87 yw002): chat interjections and a young consultant's slang are neither misspellings nor IME slips.
TEST(analyzer, session37_chat_slang_is_no_typo) {
    const auto& lex = real_lexicon();
    for (const char* text : {"emmm 通而不畅的话自然怀的几率会低一点", "在哒宝子～ 能的能的，另一边通就有机会哈", "hhh 别紧张"})
        EXPECT_TRUE(kinds(check_consultant_text(text, "", lex, real_speller()), "typo").empty()) << text;
}

// Session 38 (fresh90 aq002, fresh91 yi003, fresh92 bh003 first sights): told once and still not remembered; "you
// haven't even X'd" (an entry with a back-reference, whose unless: context must renumber it: the entry is wrapped
// in a group of its own there); the Sichuan swear 日嘛 opening its sentence. Each beside the same words meant plainly.
TEST(analyzer, session38_told_once_not_even_done_and_a_swear_opening_its_sentence) {
    EXPECT_EQ(forbidden_category("跟你讲了一次还记不住吗"), "scolding");
    EXPECT_EQ(forbidden_category("说了两遍你还不明白"), "scolding");
    EXPECT_EQ(forbidden_category("打不打针要看检查结果，您连查都没查，我怎么跟您说？"), "rhetorical");
    EXPECT_EQ(forbidden_category("你连看都没看就问"), "rhetorical");
    EXPECT_EQ(forbidden_category("日嘛，系统又卡起了"), "profanity");
    EXPECT_EQ(forbidden_category("这还用寻思吗"), "rhetorical");
    EXPECT_EQ(forbidden_category("价格问前台"), "shirking");
    for (const char* plain : {"讲了一遍还不明白的话可以再问我", "你连吃都吃不下吗", "你连喝水都不敢喝啊", "开的，周日嘛，李医生在",
                              "生日嘛，可以理解", "您连续两天都没来月经吗", "这个不用想，肯定能做",
                              "价格问前台就行，她们那边有价目表，我这边也可以帮您查"})
        EXPECT_EQ(forbidden_category(plain), "") << plain;
}

// Session 38 (fresh91 yi002): "it depends on the specifics" as the whole reply is terse, as 这个要看情况 was.
TEST(analyzer, session38_it_depends_on_the_specifics_alone_is_terse) {
    const auto& lex = real_lexicon();
    EXPECT_FALSE(kinds(check_consultant_text("这个要看具体情况", "", lex, nullptr), "terse_reply").empty());
    EXPECT_TRUE(kinds(check_consultant_text("这个要看具体情况，一般一个疗程两周左右", "", lex, nullptr), "terse_reply").empty());
}

// Session 38 (fresh94 as010): 再 typed 在 after what puts it off (来了在说), never 现在说 or 正在问.
TEST(analyzer, session38_zai_for_zai_after_what_puts_it_off) {
    const auto& lex = real_lexicon();
    for (const char* slip : {"来了在说", "明天在问吧"})
        EXPECT_FALSE(kinds(check_consultant_text(slip, "", lex, nullptr), "typo").empty()) << slip;
    for (const char* plain : {"现在说不好", "医生正在问诊", "我在问一下主任"})
        EXPECT_TRUE(kinds(check_consultant_text(plain, "", lex, nullptr), "typo").empty()) << plain;
}

// Session 38 (fresh93 wx006): Wu's 清爽 for 清楚 in a closing question (您看还有哪里没讲清爽的吗) closes as 清楚 does.
TEST(analyzer, session38_a_wu_closing_question_closes) {
    EXPECT_EQ(after_booking_closing_with("带身份证、医保卡。您看还有哪里没讲清爽的吗？"), ending::greeting);
}
