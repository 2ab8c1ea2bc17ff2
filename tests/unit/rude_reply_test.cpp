// Forbidden phrases by meaning (issue 12): disguised profanity as whole tokens, and the rude-reply
// classifier (lexicon/reply_cues.tsv) on wordings no phrase list holds, each class beside a clean
// sentence that shares its words. The real lexicon, as the server loads it.
#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "core/frames.hpp"
#include "real_lexicon.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

using namespace lingting;
using lingting::testing::real_lexicon;
using lingting::testing::real_speller;

namespace {

// The inline check's findings and, when rules.conf switches it on, the rude-reply n-gram model's,
// which the server adds after relay (reply_model.hpp): what a supervisor gets for the message.
std::vector<finding> forbidden(std::string_view text, const lexicon& lex = real_lexicon()) {
    auto fs = check_consultant_text(text, "", lex, real_speller());
    for (auto& f : rude_model_findings(text, lex, fs)) fs.push_back(std::move(f));
    std::erase_if(fs, [](const finding& f) { return f.kind != "forbidden_phrase"; });
    return fs;
}

// The classifier's finding of `category` in text (rule classifier:...), or a failure that says
// what was found instead.
::testing::AssertionResult classified(std::string_view text, std::string_view category) {
    auto fs = forbidden(text);
    for (auto& f : fs)
        if (f.rule.starts_with("classifier:") && f.category == category) {
            if (f.level != severity::warning || f.unambiguous || blocks({f}, real_lexicon().rules))
                return ::testing::AssertionFailure() << text << ": the classifier's finding must warn, never block";
            return ::testing::AssertionSuccess();
        }
    auto r = ::testing::AssertionFailure() << text << ": no classifier:" << category << " finding; found";
    for (auto& f : fs) r << " [" << f.rule << " " << f.category << " '" << f.matched << "']";
    return r;
}

// A finding of `category` by any rule: a lexicon entry or the classifier.
::testing::AssertionResult rude(std::string_view text, std::string_view category) {
    auto fs = forbidden(text);
    for (auto& f : fs)
        if (f.category == category) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << text << ": no " << category << " finding";
}

::testing::AssertionResult clean(std::string_view text) {
    auto fs = forbidden(text);
    if (fs.empty()) return ::testing::AssertionSuccess();
    auto r = ::testing::AssertionFailure() << text << ": expected no forbidden phrase; found";
    for (auto& f : fs) r << " [" << f.rule << " " << f.category << " '" << f.matched << "']";
    return r;
}

// A family of phrasings: each rude one found in its category, each look-alike clean.
struct rude_case {
    std::string_view text, category;
};
void expect_family(std::initializer_list<rude_case> rude_ones, std::initializer_list<std::string_view> look_alikes) {
    for (auto [text, category] : rude_ones) EXPECT_TRUE(rude(text, category));
    for (auto text : look_alikes) EXPECT_TRUE(clean(text));
}

bool has_profanity(std::string_view text) {
    auto fs = forbidden(text);
    return std::any_of(fs.begin(), fs.end(), [](const finding& f) { return f.category == "profanity"; });
}

}  // namespace

TEST(rude_reply, disguised_profanity_is_a_list_of_whole_tokens) {
    for (const char* t : {"mmp，系统又卡了", "nnd 又掉线", "你个on9", "真是sha比", "他丫的又来了", "你麻痹的别问了",
                          "頂你個肺", "黐線", "mlgb", "卧草"})
        EXPECT_TRUE(has_profanity(t)) << t;
    // Unambiguous ones may block; 麻痹 (a medical word too) only warns.
    auto mmp = forbidden("mmp");
    ASSERT_EQ(mmp.size(), 1u);
    EXPECT_TRUE(blocks(mmp, real_lexicon().rules));
    auto mabi = forbidden("你麻痹");
    ASSERT_EQ(mabi.size(), 1u);
    EXPECT_EQ(mabi[0].level, severity::warning);
    // The same letters inside a code, a URL or a medical word are not profanity.
    EXPECT_TRUE(clean("MMP-9 检测结果正常"));
    EXPECT_TRUE(clean("牙周 MMP8 偏高，建议洁治"));
    EXPECT_TRUE(clean("详情见 https://example.com/mmp/index.html"));
    EXPECT_TRUE(clean("面部神经麻痹需要尽早治疗"));
    EXPECT_TRUE(clean("小儿麻痹疫苗已经接种过了"));
    EXPECT_TRUE(clean("麻痹的感觉一般三到五天会消失。"));
    EXPECT_TRUE(clean("术后嘴唇麻痹是正常的，麻药过了就好。"));
    EXPECT_TRUE(clean("脚丫的伤口要保持干燥"));
}

TEST(rude_reply, profanity_tokens_are_not_also_english_typos) {
    for (const char* t : {"mmp 系统又卡了", "nnd 又掉线", "tnnd 怎么回事"}) {
        auto fs = check_consultant_text(t, "", real_lexicon(), real_speller());
        EXPECT_TRUE(std::none_of(fs.begin(), fs.end(), [](const finding& f) { return f.rule == "spelling"; })) << t;
        EXPECT_TRUE(has_profanity(t)) << t;
    }
    // An ordinary misspelling next to it is still one.
    auto fs = check_consultant_text("mmp 建议服用 tadalafill", "", real_lexicon(), real_speller());
    EXPECT_EQ(std::count_if(fs.begin(), fs.end(), [](const finding& f) { return f.rule == "spelling"; }), 1);
}

TEST(rude_reply, rhetorical_retorts) {
    EXPECT_TRUE(classified("不然呢？肿着谁敢给你拔", "rhetorical"));
    EXPECT_TRUE(classified("我能骗你吗？", "rhetorical"));
    EXPECT_TRUE(rude("我刚才不是说了按医嘱吗", "rhetorical"));  // a lexicon family
    EXPECT_TRUE(classified("不是早就讲过要空腹吗", "rhetorical"));
    EXPECT_TRUE(classified("拔牙哪有不疼的？", "rhetorical"));
    EXPECT_TRUE(clean("不然的话，炎症可能会反复，建议您按时复查。"));
    EXPECT_TRUE(clean("医生不是不给您拔，是要等消肿以后再拔。"));
}

TEST(rude_reply, scolding_for_not_reading) {
    EXPECT_TRUE(classified("你自己往上翻翻", "scolding"));
    EXPECT_TRUE(classified("写那么大你没看到？", "scolding"));
    EXPECT_TRUE(rude("能不能先把我发的看完再问", "scolding"));  // a lexicon family
    EXPECT_TRUE(rude("你都没看我发的吗？", "rhetorical"));  // a lexicon family
    EXPECT_TRUE(classified("价目表写得那么清楚你不看的吗", "scolding"));
    EXPECT_TRUE(classified("講咗幾次㗎喇，你有冇睇㗎", "scolding"));
    EXPECT_TRUE(clean("您往上翻一下就能看到地址"));
    EXPECT_TRUE(clean("你有没有看到我发的定位？"));
    EXPECT_TRUE(clean("报告看不懂没关系，我帮您解读一下。"));
    EXPECT_TRUE(clean("你看不懂的话，我再解释一遍。"));
}

TEST(rude_reply, shirking_sends_the_visitor_elsewhere) {
    EXPECT_TRUE(classified("那你去问开药的医生呗", "shirking"));
    EXPECT_TRUE(classified("这种事你找疾控，别来问我们", "shirking"));
    EXPECT_TRUE(classified("这个我管不着，你找我们领导去", "shirking"));
    EXPECT_TRUE(classified("收费的事情我不清楚", "shirking"));
    // The same disclaimer with an offer of help, and polite guidance, are service.
    EXPECT_TRUE(clean("收费的事情我不清楚，我帮您问一下收费处。"));
    EXPECT_TRUE(clean("您可以联系前台，她们会帮您安排。"));
}

TEST(rude_reply, brush_offs_and_impatience) {
    EXPECT_TRUE(classified("不信拉倒", "brush_off"));
    EXPECT_TRUE(classified("有话快说", "brush_off"));
    EXPECT_TRUE(classified("快点说重点，我这边好几个人等着", "brush_off"));
    EXPECT_TRUE(classified("爱咋样咋样吧", "brush_off"));
    EXPECT_TRUE(clean("你自己决定时间就行，我们周末也上班。"));
    EXPECT_TRUE(clean("您自己看着时间安排就行。"));
}

TEST(rude_reply, interrogating_and_judging_the_patient) {
    EXPECT_TRUE(classified("你是不是在外面乱来了？", "interrogating"));
    EXPECT_TRUE(classified("没结婚怎么会得这个", "interrogating"));
    EXPECT_TRUE(clean("用药不能乱来，请按医嘱服用。"));
    EXPECT_TRUE(clean("未婚也可以做HPV检查，不影响的。"));
}

TEST(rude_reply, colloquial_courtesies_in_other_words) {
    for (const char* t : {"打搅一下，您方便留个电话吗", "劳驾您再发一次", "唔好意思，要等一阵"}) {
        auto fs = forbidden(t);
        ASSERT_FALSE(fs.empty()) << t;
        EXPECT_EQ(fs[0].category, "colloquial") << t;
        EXPECT_EQ(fs[0].level, severity::info) << t;
    }
}

// The rule names the classifier and the cue family, one rule for QA whatever cues fired (one
// precision row per family, not one per combination); the cues are in the finding's detail. The
// threshold is data.
TEST(rude_reply, the_rule_is_the_cue_family_the_cues_are_its_detail_and_the_threshold_is_a_setting) {
    auto fs = forbidden("你自己往上翻翻");
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].rule, "classifier:scolding");
    EXPECT_NE(fs[0].detail.find("scroll_up"), std::string::npos);
    EXPECT_NE(fs[0].detail.find("second_person"), std::string::npos);
    EXPECT_NE(frames::finding_json(fs[0]).find(R"("detail":")" + fs[0].detail + "\""), std::string::npos) << frames::finding_json(fs[0]);
    // Another combination of cues of the same family is the same rule.
    auto other = forbidden("写那么大你没看到？");
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(other[0].rule, "classifier:scolding");
    EXPECT_NE(other[0].detail, fs[0].detail);
    EXPECT_FALSE(fs[0].suggestion.empty());
    lexicon strict = real_lexicon();
    strict.rules.reply_cue_threshold = 100;
    strict.rules.reply_model_enabled = false;  // the n-gram model is another rule (reply_model_test)
    EXPECT_TRUE(forbidden("你自己往上翻翻", strict).empty());
}

TEST(rude_reply, a_malformed_cue_line_is_refused_with_its_place) {
    lexicon lex;
    std::vector<lexicon_error> errors;
    parse_lexicon_file("reply_cues.tsv",
                       "cue\tok\tscolding\t1\t1\t往上翻\n"
                       "cue\tswear\tprofanity\t1\t1\tmmp\n"
                       "modifier\tyou\tx\t1\t你\n",
                       lex, errors);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].line, 2);
    EXPECT_EQ(errors[1].line, 3);
    EXPECT_EQ(lex.cues.size(), 1u);
}

// Ordinary clinic replies that hold a cue's words (往上翻, 不是, 找前台, 到底, 有没有看到, 说重点,
// 麻痹): written as a consultant would, not from any corpus. Beside them, the rude sentence each
// family was written for is still caught.
TEST(rude_reply, ordinary_replies_with_the_cues_words_stay_clean) {
    for (const char* t : {
        "您可以往上翻一下聊天记录，地址我之前发过了。",
        "这个问题医保局那边更清楚，您可以打12345咨询一下。",
        "不是所有人拔牙都会疼，现在都是局部麻醉。",
        "我们这边不清楚您的具体情况，需要医生面诊才能判断。",
        "下班了也可以留言，我们明天一早回复您。",
        "你可以往上看一下我发的价格表。",
        "你没听错，是三千八。",
        "你先别着急，慢慢说。",
        "报告上写得很清楚，各项指标都在正常范围，不用担心。",
        "医生说得很明白，术后一周拆线。",
        "这种情况很常见，不是您的问题。",
        "药的事情您可以问一下开药的医生，也可以问我，我帮您查。",
        "那个要看医生怎么安排，我帮您问一下。",
        "您说的这个我也不太清楚，我帮您确认后回复您。",
        "随您方便，周末也可以来。",
        "您看着时间安排就行，我们都在。",
        "不然的话，建议您先做个检查。",
        "如果您怕疼，可以选择无痛拔牙。",
        "嫌麻烦的话也可以线上先预约。",
        "没钱的话可以先做基础检查，费用不高。",
        "你到底是哪天来月经的呢？我帮您算一下排卵期。",
        "这个不归我们科室，我帮您转到妇科的同事。",
        "上面有我们的地址和电话，您到了打电话就行。",
        "您要是看不懂报告，可以拍照发给我。",
        "您有没有看到我发的定位？",
        "你有没有看到我发的定位？",
        "刚才说的几次复查您记一下：术后一周、一个月、三个月。",
        "这个药一天吃两次，一次一片。",
        "治疗需要打三次针，每次间隔一周。",
        "医生会跟你说清楚的，别担心。",
        "这个要问一下收费处，我帮您转接。",
        "你的情况需要本人来面诊，怎么不方便来吗？",
        "未婚也可以做检查，不影响的。",
        "麻痹的感觉一般三到五天会消失。",
        "术后嘴唇麻痹是正常的，麻药过了就好。",
        "您可以自己查一下报告单上的编号。",
        "我们这边好几个医生在等您，现在过来就可以直接看。",
        "快点过来的话今天还能排上号。",
        "说重点的话，就是需要先做个B超。",
        "你好，你说的情况我了解了，建议先做个B超。",
        "你放心，这个手术很成熟。",
        "你可以先吃点东西再来，不用空腹。",
        "你的报告我看了，问题不大。",
        "不是说一定要做手术，可以先保守治疗。",
        "我们不是不给你做，是要先消炎。",
        "这个价格不是最终的，医生面诊后才能确定。",
        "你别担心，我帮你问一下医生。",
        "你问的这个问题很好，很多人都关心。",
        "你问这个是想了解费用吗？",
        "你要是不方便来，也可以先线上问诊。",
        "这个我们做不了，需要去三甲医院，我帮你查一下附近的。",
        "你找我们张医生就行，她最擅长这个。",
        "你问问家里人的意见，商量好了再约。",
        "你可以问一下你的主治医生，看能不能停药。",
        "你到了以后找前台就行，报我的名字。",
        "你随时来都可以，不用预约。",
        "你怕疼的话，可以选择无痛的。",
        "你等不了的话，也可以约明天早上的号。",
        "这个你自己决定就好，我们尊重你的选择。",
        "你快点过来吧，医生今天只到五点。",
        "说几次都没关系，有问题随时问我。",
        "你没结婚的话，有些检查可以不做。",
        "你之前有没有做过这个检查？",
        "你有没有对什么药过敏？",
        "你老公知道你在做这个检查吗？需要家属签字的。",
        "你是不是最近压力比较大？",
        "你是不是之前有过同房？",
        "不就是一个小手术嘛，别紧张，很快就好。",
        "这个不就是我们说的宫颈糜烂，其实是正常的生理现象。",
        "哪有那么可怕，放轻松。",
        "你还有什么想问的都可以问我。",
        "这个事情你不用管，我们来安排。",
        "医生管这个，你到时候直接问医生就行。",
        "你慢慢说，不着急。",
        "你说重点就行，不用太详细。",
        "你不信的话，可以先来看看我们的环境。",
         })
        EXPECT_TRUE(clean(t));
    EXPECT_TRUE(classified("你自己往上翻翻", "scolding"));
    EXPECT_TRUE(classified("那你去问开药的医生呗", "shirking"));
    EXPECT_TRUE(classified("快点说重点，我这边好几个人等着", "brush_off"));
}

// Issue 12, fresh3's misses as classes: each class by a corpus sentence and one written here, and a
// clean sentence that shares its words.
TEST(rude_reply, shirking_back_to_the_source_not_on_us_between_you_your_own_body) {
    for (const char* t : {"药是哪家医院开的你就去问哪家", "哪家医院做的手术你就回去找哪家",  // the source
                          "出了问题也怪不到我们头上", "这个后果可赖不到我们医院",            // not on us
                          "报不报得了是你跟保险公司之间的事", "退不退钱是你和商家之间的事情",  // between you
                          "反正身体是你自己的", "反正到时候难受的是你自己的"})               // your own body
        EXPECT_TRUE(rude(t, "shirking")) << t;
    for (const char* t : {"您之前在那家医院做的检查，可以把报告发给我看看", "这不怪您，很多人都会这样",
                          "您和医生之间有什么不清楚的，我可以帮您转达", "身体是自己的，您多注意休息"})
        EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, rhetorical_what_else_no_gods_who_can_guarantee) {
    for (const char* t : {"不等还能怎么办？", "不做手术还能怎样？", "医生又不是神仙", "我们也不是算命的，哪能一眼看出来",
                          "谁能保证一点问题都没有？", "谁敢打包票一定能怀上？"})
        EXPECT_TRUE(rude(t, "rhetorical")) << t;
    for (const char* t : {"如果不方便来，我们还能安排视频问诊。", "医生会根据检查结果判断，不是靠猜的",
                          "我们不能保证百分之百成功，但会尽力"})
        EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, scolding_a_hyperbolic_number_of_times) {
    for (const char* t : {"问了八百遍了", "我都解释了一百遍了"}) EXPECT_TRUE(rude(t, "scolding")) << t;
    EXPECT_TRUE(clean("这个药一次吃一片，一天两次"));
}

TEST(rude_reply, brush_offs_whatever_you_like_and_decide_yourself) {
    for (const char* t : {"你想去哪家就去哪家", "你想选哪个就选哪个", "那你自己考虑吧", "你们自己拿主意吧"})
        EXPECT_TRUE(rude(t, "brush_off")) << t;
    for (const char* t : {"您想约哪天都可以", "您自己决定就好", "您可以自己考虑一下，想好了随时联系我"})
        EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, interrogating_the_couple_and_demanding_the_truth) {
    for (const char* t : {"你们先说清楚到底是不是正经夫妻", "你老实讲，你们领证了没？"})
        EXPECT_TRUE(rude(t, "interrogating")) << t;
    EXPECT_TRUE(clean("做试管需要带结婚证和身份证，请您提前准备"));
}

TEST(rude_reply, colloquial_trouble_with_an_address_and_disturbing_the_visitor) {
    for (const char* t : {"麻烦亲留一下名字和电话", "麻烦美女发一下报告", "麻煩晒你畀個名我", "打扰到您了，我插一句",
                          "打扰你了，想再确认一下时间"})
        EXPECT_TRUE(rude(t, "colloquial")) << t;
    for (const char* t : {"拖着不处理的话，那就麻烦了", "那就不打扰您休息了，祝您早日康复"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, exclamations_read_as_swearing) {
    for (const char* t : {"我擦，这破系统又卡了", "卧擦，又断线了", "淦，网页又卡住了", "淦！页面又崩了"})
        EXPECT_TRUE(has_profanity(t)) << t;
    for (const char* t : {"伤口我擦了碘伏，现在不红了", "您先用棉签擦一下再涂药"}) EXPECT_TRUE(clean(t)) << t;
}

// recall4 (issue 12): the families a clinic QA lead lists, as language. Each class beside a clean
// sentence that shares its words; the sentences are new (not from the probe or any corpus split).
TEST(rude_reply, impatience_counts_demands_enough_and_you_again) {
    for (const char* t : {"这个我都解释你四遍了", "你能不能别一直发问号", "行了行了，别说了", "怎么又是你，刚才不是问过了",
                          "没看我在回别人吗，等着"})
        EXPECT_TRUE(classified(t, "scolding") || classified(t, "brush_off")) << t;
    for (const char* t : {"我已经帮您确认过了，周三上午有号", "您可以不用空腹，正常吃早饭就行"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, blame_self_inflicted_counterfactual_and_still_asking) {
    for (const char* t : {"这牙就是你自己拖坏的", "要不是你自己停药根本不会复发", "自己不复查，还好意思问我们",
                          "你偏要吃辣的，现在又肿了", "你出了问题才想到来问", "你自己乱买药吃，现在更严重了"})
        EXPECT_TRUE(classified(t, "scolding")) << t;
    for (const char* t : {"您不要自己乱吃药，有问题随时联系我们", "早发现早治疗，效果会更好"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, shirking_not_our_duty_and_ask_them) {
    for (const char* t : {"开发票这种我们一概不管", "这不在我的职责范围", "你去找你们当地的卫生院", "你问他们去，我弄不了"})
        EXPECT_TRUE(classified(t, "shirking")) << t;
    EXPECT_TRUE(clean("发票的事我帮您联系财务，稍后回复您"));
}

TEST(rude_reply, brush_offs_anyway_luck_no_need_to_ask) {
    for (const char* t : {"反正来了医生会给你看的", "能不能怀上就看运气了", "这种小事别问那么多", "你想清楚要不要做再来找我"})
        EXPECT_TRUE(classified(t, "brush_off")) << t;
    for (const char* t : {"您考虑好了再联系我们就行", "您想好了随时告诉我，我帮您约"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, rhetorical_negated_conditions_who_said_so_and_obvious) {
    for (const char* t : {"不拍片子怎么知道牙根长什么样？", "哪家医院不要先交押金？", "这不是最基本的吗？", "谁告诉你做完不用复查的？",
                          "你以为这是超市打折啊", "医院还会为了几十块钱坑你不成"})
        EXPECT_TRUE(rude(t, "rhetorical") || rude(t, "scolding")) << t;
    for (const char* t : {"不拍片的话医生没法判断牙根的情况，建议您先拍一个", "您以为的那种疼，其实打了麻药就感觉不到"})
        EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, interrogating_motives_confession_and_moral_judgement) {
    for (const char* t : {"你是来看病的还是来消遣的", "你老实交代之前在哪做的", "一个大男人还怕打针", "你年纪轻轻怎么会搞成这样",
                          "你们当家长的怎么不早点带孩子来", "怎么这么不小心，也不做措施"})
        EXPECT_TRUE(classified(t, "interrogating")) << t;
    for (const char* t : {"请问您之前在哪家医院做的检查？", "年纪轻轻得这个病也不少见，您别太担心"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, condescension_layman_and_you_wont_get_it) {
    for (const char* t : {"三岁小孩都知道的道理", "讲了你也不明白，来了再说", "你别瞎琢磨了，又不是医生", "你比医生还懂啊",
                          "你的价目表一个字都没看吧"})
        EXPECT_TRUE(classified(t, "scolding") || rude(t, "scolding")) << t;
    EXPECT_TRUE(clean("您不用自己琢磨，我把医生的意见整理给您"));
}

TEST(rude_reply, threats_to_end_the_chat) {
    for (const char* t : {"再这样我就不回你了", "没空陪你耗", "你要是这种态度那就别聊了"})
        EXPECT_TRUE(rude(t, "brush_off") || rude(t, "scolding")) << t;
    EXPECT_TRUE(clean("这边先结束对话了，您有需要再联系我们，祝您生活愉快"));
}

TEST(rude_reply, colloquial_jabs_and_as_you_like_it) {
    for (const char* t : {"你咋这么磨磨唧唧的", "你别在这儿叨叨了", "你钟意点就点", "不做就别问了"})
        EXPECT_TRUE(rude(t, "scolding") || rude(t, "brush_off")) << t;
    for (const char* t : {"您想怎么安排都可以，我们配合您", "您怎么方便怎么来"}) EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, over_promising_a_cure_and_its_denials) {
    for (const char* t : {"来我们这保证治好", "包你一次怀上", "我们的治愈率高达百分之百", "一次根治，永不复发"})
        EXPECT_TRUE(rude(t, "colloquial")) << t;
    for (const char* t : {"没有哪家医院能保证治好，我们会尽力", "不能说零风险，但并发症很少见", "效果因人而异，医生会评估"})
        EXPECT_TRUE(clean(t)) << t;
}

TEST(rude_reply, apologies_in_other_words_and_a_written_disguise) {
    for (const char* t : {"让您久等了，实在不好意思", "叨扰一下，请问您贵姓", "bhys，刚才在忙"}) EXPECT_TRUE(rude(t, "colloquial")) << t;
    EXPECT_TRUE(has_profanity("屮，页面又白了"));
    for (const char* t : {"男士有点不好意思开口很正常", "您别不好意思，我们见得多了"}) EXPECT_TRUE(clean(t)) << t;
}

// 难道是 + a cause is a consultant guessing at a diagnosis aloud; the classifier's nandao cue now asks,
// like the lexicon entry, for a person, a negation or a modal (难道你们不知道吗 stays a retort).
TEST(rude_reply, nandao_with_a_cause_is_a_diagnostic_guess) {
    for (const char* t : {"难道是最近熬夜太多了吗？", "难道是换季过敏了吗？我们先查个过敏原"}) EXPECT_TRUE(clean(t)) << t;
    for (const char* t : {"难道医生会故意害你吗？", "难道你不想早点好起来吗？"}) EXPECT_TRUE(rude(t, "rhetorical")) << t;
}

// 擦 as a verb goes on to its result or object (擦破皮, 擦红了, 擦碘伏): 我擦 there is no exclamation.
TEST(rude_reply, wo_ca_followed_by_a_result_is_wiping) {
    for (const char* t : {"我擦破皮的时候也是涂碘伏", "我擦红了一块，过两天就消了", "上次我擦酒精消毒就好了"}) EXPECT_TRUE(clean(t)) << t;
    EXPECT_TRUE(has_profanity("我擦，又掉线了"));
}

// Session 10 classes (reply_cues.tsv "session 10"), each in words of its own beside a clean reply that
// shares its words: leaving at the end of a shift (a handover to a colleague takes it back), "didn't I
// already say", "asking me is no use", "at this hour", "how would I know", "still don't get it", "just
// asking?", "why back then", "what for", weigh it / nobody forces you / we don't need you / go elsewhere,
// look it up / ask there yourself, not my area / only the desk, over and over, "not even this".
TEST(rude_reply, leaving_retorts_and_dismissals_in_new_words) {
    const std::pair<const char*, const char*> cases[] = {
        {"我这边马上要下班了哈", "brush_off"},
        {"我们要收工了", "brush_off"},
        {"午休了回头再聊", "brush_off"},
        {"刚刚不都讲过了嘛", "rhetorical"},
        {"我咪同你讲咗要空肚", "rhetorical"},
        {"找我们也白搭", "brush_off"},
        {"大半夜的还来问", "scolding"},
        {"我在这边哪晓得你吃了啥", "rhetorical"},
        {"讲这么多遍你怎么还不懂", "scolding"},
        {"你到底是要来还是随便问问", "interrogating"},
        {"你当时咋不先去查个血", "interrogating"},
        {"你买这些干嘛", "interrogating"},
        {"价格就摆在这，你看着办", "brush_off"},
        {"反正随你决定", "brush_off"},
        {"又没人拦着你", "brush_off"},
        {"觉得不值就算了", "brush_off"},
        {"我们不缺你这一单", "brush_off"},
        {"那你换一家吧", "brush_off"},
        {"单子上都有，你自己翻去", "brush_off"},
        {"这种事自己上网上查", "shirking"},
        {"这些我们客服不懂", "shirking"},
        {"我只是个接线的", "shirking"},
        {"颠来倒去地问同一个事", "scolding"},
        {"连这都不明白啊", "rhetorical"},
    };
    for (auto& [text, category] : cases) EXPECT_TRUE(rude(text, category)) << text;
    for (const char* t : {"医生下班了，明天上午8点再来复诊就行", "我要交班了，后面由值班的同事继续为您服务", "我马上要交班了，明天一早回复您检查结果",
                          "我们这边不清楚您的检查结果，帮您问一下医生", "那边有没有给你做过B超？",
                          "你自己看一下报告上这个数值", "您可以自己去药店买点碘伏", "觉得贵的话我们也有分期",
                          "当时医生怎么说的？", "我哪天都在，您随时来", "去别家医院做的检查我们也认",
                          "这两天还没来得及问医生，明天给您答复"})
        EXPECT_TRUE(clean(t)) << t;
}

// Entries whose words are also ordinary clinic advice: rice porridge after surgery (稀饭), how often
// (隔天一次就好). 不用管它 is no entry at all: two writers of session 11 wrote it as advice about a faint
// test line and a harmless finding, and none as a brush-off (a bare 不用管它 is the terse rule's).
TEST(rude_reply, advice_that_shares_an_entrys_words_stays_clean) {
    for (const char* t : {"这个大小暂时不用管它，半年后复查", "这种小囊肿不用管它定期复查就行", "术后先喝点稀饭、米汤",
                          "早饭可以吃稀饭和鸡蛋", "隔天一次就好，不用天天做", "每周一次就好",
                          "浅的那条线不用管它，继续每天同一时间测", "结果正常的话就不用管它，一年查一次就可以"})
        EXPECT_TRUE(clean(t)) << t;
    EXPECT_TRUE(rude("我们这个药一次就好，不会复发", "colloquial"));
}

// Going off shift (session 11): sending the visitor away until tomorrow is a brush-off, heavier when
// the consultant says they are leaving; handing over to a colleague is service, for the cues and for
// the n-gram model alike (a handover takes the whole message back).
TEST(rude_reply, off_shift_brush_offs_and_handovers) {
    for (const char* t : {"下班了，有啥明天再说", "你明天再来问吧", "我快下班了，你明天再问吧", "我们这不管这个，你问社保局去"})
        EXPECT_TRUE(rude(t, t == std::string("我们这不管这个，你问社保局去") ? "shirking" : "brush_off")) << t;
    for (const char* t : {"我要下班了，后面由同事小王继续为您服务", "我下班了，明天一早我同事会联系您，有问题明天再问也行",
                          "您明天再来复查一下就行", "这个检查明天再做也可以"})
        EXPECT_TRUE(clean(t)) << t;
}

// Mocking the visitor's worry (session 11): "it's not me who hurts anyway", "how painful can it be?",
// "and you still find it dear?", "without a check how would I know?"; the same words said kindly stay clean.
TEST(rude_reply, mocking_the_visitors_worry) {
    EXPECT_TRUE(rude("反正痛的不是我", "brush_off"));
    for (const char* t : {"拔个牙能有多疼？", "这么便宜还嫌贵？", "不做检查我咋晓得是什么问题？"}) EXPECT_TRUE(rude(t, "rhetorical")) << t;
    for (const char* t : {"其实不会有多疼，打了麻药的", "您要是嫌贵，我们也有分期", "不来检查的话，医生也没法判断是哪种炎症"})
        EXPECT_TRUE(clean(t)) << t;
}

// Regional profanity (session 11): Minnan 靠夭/靠腰, Beijing 丫挺的, Nanjing 呆逼, 我日 as an outburst, 懂个卵;
// and the same characters in ordinary words (靠腰部, 呆在B超室, 我日常, 三个卵用于培养).
TEST(rude_reply, regional_profanity_and_its_look_alikes) {
    for (const char* t : {"靠夭，系统又卡住了", "靠腰喔又断线", "丫挺的又来抢号", "这人真是个呆逼", "我日，刚才那条没发出去",
                          "我日了，图片传不上", "你懂个卵，听医生的", "说了也是有个卵用"})
        EXPECT_TRUE(has_profanity(t)) << t;
    for (const char* t : {"靠腰部的位置有点酸是正常的", "检查前请先呆在候诊区", "我日常在二楼门诊", "我日后会再跟进您的情况",
                          "这次取了三个卵用于培养", "我们的排卵监测一般要来三次", "结果出来我日夜都会盯着"})
        EXPECT_FALSE(has_profanity(t)) << t;
}

// 尼玛 as a Tibetan name: its first or last part (尼玛次仁, 格桑尼玛) or a title after the given name.
TEST(rude_reply, a_tibetan_name_is_no_profanity) {
    for (const char* t : {"尼玛次仁您好，报告出来了", "格桑尼玛的复诊约在周五", "尼玛央宗女士，明天上午见"})
        EXPECT_FALSE(has_profanity(t)) << t;
    EXPECT_TRUE(has_profanity("尼玛，又掉线了"));
}

// "Nothing to do with us", read the website first, call tomorrow, should the doctor guess, why ask
// so closely, come or not is your call, asked n times, read what I wrote carefully; each beside a
// clean reply sharing its words.
TEST(rude_reply, not_our_business_guessing_and_asked_n_times_in_new_words) {
    const std::pair<const char*, const char*> cases[] = {
        {"报销的事跟我们这边没关系", "shirking"},
        {"你自己先看下官网上的介绍", "brush_off"},
        {"你明天白天打医院电话问", "brush_off"},
        {"没见到人你让我靠猜吗？", "rhetorical"},
        {"您问得这么细干嘛", "interrogating"},
        {"做不做你自己定", "brush_off"},
        {"这个问题你都问了三遍了", "scolding"},
        {"你能不能认真看一下我上面写的", "scolding"},
    };
    for (auto& [text, category] : cases) EXPECT_TRUE(rude(text, category)) << text;
    for (const char* t : {"跟您没关系，是药物的正常反应", "医生不能靠猜，所以需要先做个B超", "做不做您可以回去和家人商量一下",
                          "您问得很仔细，我一条一条回答"})
        EXPECT_TRUE(clean(t)) << t;
}

// 您 softens no cue (session 11): a scolding, a jab at a grown man or a question about the visitor's
// life is as rude in the courteous register. What the consultant offers still softens.
TEST(rude_reply, the_courteous_pronoun_softens_no_cue) {
    EXPECT_TRUE(rude("您一个大男人还怕抽血", "interrogating"));
    EXPECT_TRUE(rude("您是不是在外头乱来了？", "interrogating"));
    EXPECT_TRUE(rude("您再问八百遍也没号", "scolding"));
    for (const char* t : {"您可以往上翻一下看看地址", "请您稍等，我帮您问一下医生", "您如果看不清楚的话，我再发一遍"})
        EXPECT_TRUE(clean(t)) << t;
}

// Rude whatever the courtesy around it (您 softens no cue: lexicon/README.md): "are you just asking?",
// "you're overthinking it"; Cantonese "didn't I say" with 咪…咗.
TEST(rude_reply, polite_words_around_a_retort_do_not_soften_it) {
    EXPECT_TRUE(rude("您是今天想做还是就随便问问？", "interrogating"));
    EXPECT_TRUE(rude("麻药打了怎么会疼，您想多了", "rhetorical"));
    EXPECT_TRUE(rude("我咪同你讲咗要空肚", "rhetorical"));
    EXPECT_TRUE(rude("洗牙边有唔酸㗎？", "rhetorical"));  // 边有 before 唔 is still Cantonese "where is there…"
    for (const char* t : {"别想太多，好好休息", "您不用担心会想太多，有问题随时问我", "随便问，我都会解答的"}) EXPECT_TRUE(clean(t)) << t;
}


// Session 12's classes, in words of my own beside look-alikes: doubting the doctor is unthinkable,
// "how could those compare", which of the couple is defective, "how would I know?", "at your age",
// "so stubborn", "which extraction doesn't hurt", "which hospital sent you", "then go to the big
// hospital", and 甚 (晋语 "what") where Mandarin says 嘛.
TEST(rude_reply, doubt_the_doctor_compare_blame_the_couple_and_age) {
    EXPECT_TRUE(rude("专家开的方子还会有错？", "rhetorical"));
    EXPECT_TRUE(rude("进口的和国产的哪能一样呢？", "rhetorical"));
    EXPECT_TRUE(rude("你们两口子谁的问题先搞清楚", "interrogating"));
    EXPECT_TRUE(rude("他什么时候有号我哪能知道啊", "rhetorical"));
    EXPECT_TRUE(rude("你都多大的人了还不会看化验单？", "scolding"));
    EXPECT_TRUE(rude("跟你说了要空腹，你怎么这么倔", "scolding"));
    EXPECT_TRUE(rude("种牙哪里有不疼的", "rhetorical"));
    EXPECT_TRUE(rude("你是哪家诊所派来的？", "interrogating"));
    EXPECT_TRUE(rude("那你就去三甲医院看吧", "shirking"));
    EXPECT_TRUE(rude("三年了才来看，早干甚了", "rhetorical"));
    EXPECT_TRUE(rude("你打听得这么清楚干哈", "interrogating"));
    for (const char* t : {"报告上的姓名不会有错，您放心", "两种牙冠的寿命不一样，我给您列一下", "谁有疑问都可以随时问我",
                          "我们能知道您大概几点到吗？", "宝宝多大了？还没打过疫苗的话可以一起约", "这个轴承式开口器不会疼",
                          "哪有不舒服的地方您随时说", "您之前是在哪家医院做的手术？", "如果情况紧急，您就去当地医院急诊",
                          "您那边是哪个医院开的单子？"})
        EXPECT_TRUE(clean(t)) << t;
}

// Session 13 (fresh20, fresh21), class 1: reassurance is neither a retort nor shirking. 急什么 is a
// retort only as such (急什么啊, 急什么急), never 不用急 before 什么时候…都行; telling the visitor there is
// no need to look it up alone is the opposite of sending them to look it up.
TEST(rude_reply, reassurance_is_neither_a_retort_nor_shirking) {
    EXPECT_TRUE(rude("急什么嘛，前面还有人排着", "brush_off"));
    EXPECT_TRUE(rude("你急什么，医生还在手术", "scolding"));
    EXPECT_TRUE(rude("那你自己上网查吧", "shirking"));
    EXPECT_TRUE(rude("自己搜一下就知道了", "shirking"));
    for (const char* t : {"您别着急什么时候有空再来都可以", "不用急什么时候做都来得及", "你急什么时候拿报告？我帮您催一下",
                          "您不必自己上网查，有疑问直接问我", "不用自己去搜那些吓人的帖子", "您没必要自己百度，报告我给您讲"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 2: regional swears (Changsha/Wuhan 个板马, 娘卖批, 日他娘) and a swear heading the message, alone
// as its sentence or glued by a space to the next clause (spaces vanish in matching), beside the
// ordinary words that begin with the same characters.
TEST(rude_reply, regional_and_interjected_profanity) {
    for (const char* t : {"你个板马，又断网了", "娘卖批的电脑", "草 又卡死了", "我日 这破系统", "操，消息又发不出去",
                          "日他娘的打印机", "这鳖孙网页"})
        EXPECT_TRUE(has_profanity(t)) << t;
    for (const char* t : {"草莓味的漱口水也可以用", "草药和西药隔开两小时吃", "操心也没用，先做个检查", "我日常用的牙膏可以吗",
                          "过两个斑马线就是门诊楼", "周日她妈妈陪她来的", "生日她奶奶送的红包不影响"})
        EXPECT_FALSE(has_profanity(t)) << t;
}

// Class 3: frightening the visitor into booking, mocking what the visitor sent, "you can't even
// remember", prying into why the visitor asks, "you believe what X said", "don't pay then forget it";
// beside the same words said kindly or as a condition.
TEST(rude_reply, threats_mockery_prying_and_forget_it) {
    EXPECT_TRUE(rude("再不治有你后悔的", "scolding"));
    EXPECT_TRUE(rude("拖下去媳妇迟早跟别人跑", "scolding"));
    EXPECT_TRUE(rude("你这照片糊成这样", "scolding"));
    EXPECT_TRUE(rude("这种照片谁看得清？", "rhetorical"));
    EXPECT_TRUE(rude("你连自己几号来的月经都记不住", "scolding"));
    EXPECT_TRUE(rude("你总打听这些弄啥", "interrogating"));
    EXPECT_TRUE(rude("邻居说的你也信？", "rhetorical"));
    EXPECT_TRUE(rude("不买拉倒，后面还有人等着", "brush_off"));
    for (const char* t : {"报告上的缩写谁看得懂呢，没关系，我给您一项项解释", "很多人连排卵期都不知道，这很正常",
                          "医生说的您也信不过的话，可以再去别家复查", "不想买的话也没关系", "图片有点模糊，请您再拍一张",
                          "早点治疗效果更好，拖久了恢复会慢一些"})
        EXPECT_TRUE(clean(t)) << t;
}

// Session 14 (fresh22, fresh23), class 1: retorts the earlier entries needed a question mark or a
// 吗-ending for: "isn't that common sense / obvious" written flat, 难道还/就 + a modal ending in 啊,
// "this you still don't know?", "isn't it all written there", "apart from X what else could be done"
// framed by a condition; beside a guess with 难道是, a fact not
// known yet, and the same words telling the visitor where to look.
TEST(rude_reply, retorts_written_without_a_question_mark) {
    EXPECT_TRUE(rude("饭后不能马上剧烈运动，这不是基本常识嘛", "rhetorical"));
    EXPECT_TRUE(rude("这不都是明摆着的嘛", "rhetorical"));
    EXPECT_TRUE(rude("难道还想吃两天药就根治啊", "rhetorical"));
    EXPECT_TRUE(rude("饭前吃还是饭后吃，这都不知道？", "rhetorical"));
    EXPECT_TRUE(rude("须知上不都写着", "rhetorical"));
    EXPECT_TRUE(rude("预约单上不是都标好了", "rhetorical"));
    EXPECT_TRUE(rude("怕疼的话除了打麻药还能怎么办？", "rhetorical"));
    for (const char* t : {"很多人以为这是常识，其实不是", "这不是常识问题，是个人体质不同", "难道是昨天吃了辣的？有这个可能",
                          "这个还不知道，要等病理结果出来", "单子上都写着，您对照着准备就行", "注意事项都写在预约短信里了，您看一下",
                          "除了拔掉还有什么办法？还可以先做根管保留"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 2: "what do you ask so much for" (Mandarin and Cantonese), "what use is being afraid now",
// "have him come and ask himself" of a third-party asker, "we at the desk know nothing of that";
// beside a question about which test to do, calm advice, and an offer to let the patient ask too.
TEST(rude_reply, prying_why_ask_what_use_now_and_sending_the_asker_away) {
    EXPECT_TRUE(rude("打听那么多干啥", "interrogating"));
    EXPECT_TRUE(rude("问咁多嘢做咩", "interrogating"));
    EXPECT_TRUE(rude("事到如今后悔有啥用", "scolding"));
    EXPECT_TRUE(rude("这时候才知道着急有什么用", "scolding"));
    EXPECT_TRUE(rude("让你老公自己来咨询吧", "brush_off"));
    EXPECT_TRUE(rude("我这边哪懂这些，问医生去", "shirking"));
    for (const char* t : {"请问这个做什么检查比较好", "我帮您问这个做什么项目合适", "现在担心也没有用的，先来检查一下就清楚了",
                          "可以让他自己来问，也可以您替他问", "方便的话让她自己来问也行", "我这边不太懂医保政策，帮您问一下财务"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 3: going off shift said with no subject at the head of the reply (a handover or a
// reassurance takes it back), and tm / cao typed as swears, never a trademark sign or a surname.
TEST(rude_reply, off_shift_without_a_subject_and_latin_swears) {
    EXPECT_TRUE(rude("快收工了，就这样吧", "brush_off"));
    EXPECT_TRUE(has_profanity("这网页tm又崩了"));
    EXPECT_TRUE(has_profanity("cao，又掉线了"));
    for (const char* t : {"快下班了，我让同事接着为您服务", "快下班了也没关系，您七点前到就行", "Cao医生明天上午坐诊",
                          "包装上的商标TM是注册标识"})
        EXPECT_TRUE(clean(t)) << t;
}

// Session 15 (fresh24, fresh25), class 1: regional swears, Shaanxi/Gansu (入你先人, 先人板板, 碎怂),
// Shanghai (册那, 瘪三), Sichuan (知道个铲铲) and "know a hammer" with any verb; beside the same
// characters in a manual, a registration day, an injection site, a family tree, 左侧那颗 and 鸡毛蒜皮.
TEST(rude_reply, regional_swears_of_the_northwest_shanghai_and_sichuan) {
    for (const char* t : {"入你先人，网又断了", "先人板板，又卡了", "这个碎怂系统", "册那，页面又白了", "真是个瘪三",
                          "你知道个铲铲", "你晓得个毛线"})
        EXPECT_TRUE(has_profanity(t)) << t;
    for (const char* t : {"使用手册那一页有图解", "注册那天带上医保卡", "护士会查个屁股上的注射点", "十八代祖宗都是本地人",
                          "节日他先人的坟要扫", "左侧那颗智齿要拔", "政策那边我帮您问", "说个鸡毛蒜皮的小事也行"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 2: Shanghainese and Cantonese forms of scoldings and brush-offs Mandarin entries hold
// (看仔细了再来问, 勿要再问了, 来仔再讲), 这不 + 明摆着 without 是, and "I already told you" as the whole
// reply; beside advice to read before deciding, a symptom that is not obvious, and "already told you
// it's fine" or a reply that goes on to explain.
TEST(rude_reply, shanghainese_forms_obvious_and_already_told_you_as_the_whole_reply) {
    EXPECT_TRUE(rude("报告单拿回去看仔细了再来问", "scolding"));
    EXPECT_TRUE(rude("勿要再问了", "scolding"));
    EXPECT_TRUE(rude("来仔再讲", "brush_off"));
    EXPECT_TRUE(rude("那不摆明了嘛", "rhetorical"));
    EXPECT_TRUE(rude("早就讲过了啦", "scolding"));
    for (const char* t : {"您看仔细了再决定也不迟", "这不明显，不用太担心", "医生都说了恢复得不错", "都话咗冇事㗎啦",
                          "来了再讲具体的方案"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 3: blame and suspicion: "why can't you ever understand" said to 你, "only came once it got
// this bad", "you yourself never take it seriously", "are you scouting prices for a rival"; beside a
// memory complaint discussed, the same delay told as common and forgiven, a condition on hygiene, and
// the ordinary question whom the visitor asks for.
TEST(rude_reply, blame_for_the_delay_and_suspecting_a_rival) {
    EXPECT_TRUE(rude("你为啥老听不懂", "scolding"));
    EXPECT_TRUE(rude("拖到这样了才来", "scolding"));
    EXPECT_TRUE(rude("你自己平时不认真吃药", "scolding"));
    EXPECT_TRUE(rude("是不是替同行来套价的", "interrogating"));
    for (const char* t : {"您怎么老记不住事，可能和睡眠有关", "不少人都是拖成这样才来的，您别自责", "如果你自己不按时吃药，效果会打折扣",
                          "您自己平时不好好漱口的话容易发炎", "请问是您自己做还是帮家人问？"})
        EXPECT_TRUE(clean(t)) << t;
}

// Class 4: "it's on the website" as the whole reply, "as long as you're happy", "it's your own
// teeth anyway" (with 您 too), "ask again tomorrow morning" said to the visitor; beside a pointer to the
// website that goes on to offer help, a wish, an exhortation, a follow-up visit, the consultant's own
// promise to ask, and tomorrow offered as an option.
TEST(rude_reply, website_as_the_answer_suit_yourself_and_ask_tomorrow) {
    EXPECT_TRUE(rude("官网上都写着呢", "shirking"));
    EXPECT_TRUE(rude("公众号里有", "shirking"));
    EXPECT_TRUE(rude("你高兴就好", "brush_off"));
    EXPECT_TRUE(rude("反正牙是您自己的", "shirking"));
    EXPECT_TRUE(rude("你明早再来问", "brush_off"));
    for (const char* t : {"公众号上有医生的排班，您也可以直接问我", "只要您开心就好", "颜色您喜欢就好", "身体是自己的，一定要重视",
                          "您明天再来复查一下", "我明天再问问主任回复您", "您明天再问也可以",
                          "您明天再来咨询医生就可以"})
        EXPECT_TRUE(clean(t)) << t;
}

// Session 15 (fresh26, fresh27): "what are you V-ing for" with the verb said twice (催啥子催, 嚷什么嚷,
// 闹个啥闹) beyond the few literal entries, and putting a night visitor off till the day (白天再问吧,
// 天亮再说, 上班时间再问) as the whole reply; beside 叫什么 asking a name or a term, 闹什么别扭 of a child,
// and the day offered with an answer or as an option.
TEST(rude_reply, v_what_v_and_ask_again_in_the_daytime) {
    expect_family({{"嚷啥子嚷", "scolding"},
                   {"闹个啥闹，排着队呢", "scolding"},
                   {"凶什么凶", "scolding"},
                   {"天亮再说吧", "brush_off"},
                   {"那你上班时间再问", "brush_off"}},
                  {"这个名字叫什么叫法比较准", "喊什么都可以，叫我小李就行", "闹什么别扭呢，孩子都这样", "您着急什么我理解",
                   "晚上没有B超，白天再来做检查", "白天再来的话人比较多", "上班时间再联系也可以的"});
}

// Session 16 (fresh28, Guangdong): the scolding, shirking and brush-off frames in written Cantonese
// (识唔识睇字, 你自己唔识…咩, 咁都要问, 你上网查下咯, 冇得减, 你係咪嚟套价), and a one-character swear
// opening the reply as its own sentence (靠，…; 丢，…). Look-alikes: the same words offering help or
// going on as another word (唔识我帮你睇, 靠窗, 丢了的单据).
TEST(rude_reply, cantonese_frames_and_a_one_character_swear) {
    expect_family({{"你识唔识睇中文㗎", "scolding"},
                   {"你自己唔识搵地址咩", "scolding"},
                   {"咁都要问？网上到处都系", "rhetorical"},
                   {"你上网查下咯", "shirking"},
                   {"冇得减，就系咁价", "brush_off"},
                   {"系统咁设定，我哋都冇办法", "shirking"},
                   {"你係咪嚟套价㗎", "interrogating"},
                   {"靠，又断线了", "profanity"},
                   {"丢，网页又冇咗", "profanity"}},
                  {"你识唔识睇报告？唔识我帮你睇", "这个也要问下医生的意见", "您可以上网查一下我们医院的地址，也可以问我",
                   "靠窗那边有座位", "丢了的单据可以补打"});
}

// Session 16 (fresh29, an internet hospital): cold bureaucratic endings. "Nothing I can do" closing
// the reply, sent to look it up alone in an app, the choice left to a visitor who asked for advice,
// the money as the reason, rhetorical put-downs, busy with others, luck as the answer. Their
// look-alikes explain, offer or reassure: 我们也没办法保证…, 您自己在公众号上就能查到, 时间您自己决定吧,
// 没什么好担心的, 门诊有好几个人在等 (informs), 不建议碰运气; an over-promise quoted to warn against it.
TEST(rude_reply, cold_bureaucratic_endings_and_their_fair_look_alikes) {
    expect_family({{"规定如此，我们也没辙", "shirking"},
                   {"你自己去小程序上查", "shirking"},
                   {"这个您自己定夺吧", "brush_off"},
                   {"反正费用都是你们自己掏", "brush_off"},
                   {"我这有一堆客人等着回复", "brush_off"},
                   {"只能赌运气啦", "brush_off"},
                   {"这个有什么好纠结的？", "rhetorical"},
                   {"按时吃药不就结了", "rhetorical"},
                   {"没事就是没事，别再问了", "scolding"}},
                  {"这个我们也没办法保证，效果因人而异", "报告出来后您自己在公众号上就能查到", "时间您自己决定吧，周末也开门",
                   "其实没什么好担心的，很常见", "门诊有好几个人在等，您可能要等半小时", "不建议碰运气，最好提前预约",
                   "号称永不复发的广告不要信", "抱歉，我这边还有几个客户在等，回复稍慢请您见谅",
                   "您有什么好担心的都可以跟我说"});
}

// Session lexfix6 (fresh5, fresh6): the patient's private life judged (the cause guessed as pornography,
// contraception reproached, the family's knowledge or pressure asked). Look-alikes ask the history
// neutrally, advise, or speak of a child's parents coming along.
TEST(rude_reply, judging_the_patients_private_life) {
    expect_family({{"是不是小电影看太多了", "interrogating"},
                   {"上次刚做完，为啥又没戴套？", "interrogating"},
                   {"你爸妈知道吗", "interrogating"},
                   {"你自己想要还是男朋友要求的", "interrogating"}},
                  {"手机视频看多了眼睛容易干", "之前有没有采取避孕措施？", "避孕措施没做好的话要尽快吃紧急避孕药",
                   "别担心，我们会做好防护措施", "孩子牙疼，你爸妈知道的话最好陪着来"});
}

// Session lexfix6 (fresh5, fresh6): retorts that the clinic could not fail (难道 + we + a modal, 还能不懂),
// the visitor told to read properly (倒是, a 行不行 tag, Cantonese 有冇听㗎), the visitor disparaged as a
// nuisance. Look-alikes ask (还能不能保留), instruct, offer to look, or praise.
TEST(rude_reply, retorts_read_properly_and_disparaging_the_visitor) {
    expect_family({{"难道医生还会害你", "rhetorical"},
                   {"这么简单的事我们还能不懂？", "rhetorical"},
                   {"你倒是好好听我说完", "scolding"},
                   {"你先仔细读一下我写的行不行", "scolding"},
                   {"你到底有冇听㗎", "scolding"},
                   {"这位客户也太难缠了", "scolding"}},
                  {"这个还能不能保留要看片子", "您仔细看一下报告单上的箭头", "我给您仔细看一下行吗", "这位医生太耐心了"});
}

// Session lexfix6 (fresh5, fresh6): the visitor shown the door (嫌… + 另请高明, 别跟我磨, off to another
// hospital + 呗), busy with others or off until tomorrow as the answer, the question disowned (跟我们前台
// 没关系, 不能为外院…负责, 自己去翻), and Cantonese 顶佢个肺. Look-alikes give directions, offer another
// hospital as an option, say when to call back, promise responsibility or offer to search.
TEST(rude_reply, shown_the_door_busy_or_disowning_the_question) {
    expect_family({{"嫌远的话另请高明", "brush_off"},
                   {"不要跟我磨叽", "brush_off"},
                   {"那你到别的医院查呗", "brush_off"},
                   {"我这还有其他客户要接待呢", "brush_off"},
                   {"有事改天再说", "brush_off"},
                   {"这跟我们前台没关系", "shirking"},
                   {"我们不能为外院的手术负责", "shirking"},
                   {"自己去翻一翻吧", "shirking"},
                   {"顶佢哋个肺", "profanity"}},
                  {"出门右转就是电梯", "您也可以到别的医院查，结果我们认可", "有事您明天随时找我", "跟我们预约就可以",
                   "我们会为您的治疗负责到底", "我帮您在系统里找找", "您别在这耗着了，赶紧去急诊"});
}

// Session lexfix6 (fresh5): 打扰 said to the visitor with what it interrupts, and Taiwanese 妳 in 麻烦妳:
// colloquial. The courteous 不打扰你午休了 and 以免打扰妳休息 stay clean.
TEST(rude_reply, colloquial_bother_with_its_object_and_taiwanese_ni) {
    expect_family({{"这么晚打扰你睡觉了", "colloquial"}, {"麻烦妳填一下表", "colloquial"}},
                  {"那就不打扰你午休了", "以免打扰妳休息"});
}

// Session lexfix6, second target (fresh15, fresh26): the passive-aggressive desk in the courteous 您 (said N times,
// 倒是 + scroll up, a rival's spy, not my business in a topic's words, could we lie, searching disparaged, 随您便,
// of course it hurts, ask in working hours, just say yes or no, busy with others without 有, forced to come,
// attitude, 还用我说, 您想怎么着, at your age, off to the touts, take it anywhere). Look-alikes give a dosage,
// praise, reassure, point to the website, name a convenient time, warn against touts or offer to book.
// Session 17: an independent look-alike hunt on the session's new entries found them flagging
// reassurance, a patient's worry quoted, warnings against touts, kind closings and offers of help.
// Each entry was narrowed to the accusing or dismissive form (asked of the visitor, or ending the
// reply); the offences stay caught.
TEST(rude_reply, the_sessions_entries_spare_reassurance_quotes_and_offers) {
    expect_family({{"你是不是平时那种片子看多了", "interrogating"},
                   {"怎么又没做好措施", "interrogating"},
                   {"我们还能不知道怎么拔吗", "rhetorical"},
                   {"太晚了，有事明早再找我", "brush_off"},
                   {"你倒是看看啊", "scolding"},
                   {"真等不了就去找黄牛", "brush_off"},
                   {"你是不是被老婆逼着来的", "interrogating"}},
                  {"有些患者担心自己看那种视频看多了会影响生育，其实一般不会的",
                   "很多人会自责为什么没做好避孕措施，您别太有压力", "为什么没做好避孕措施不重要，重要的是尽快处理",
                   "我还能不知道您着急吗，我马上帮您催一下报告", "您问还能不疼吗，打了麻药基本不疼",
                   "有事明天再找我也可以，我明天九点上班", "有事改天再聊，今天先祝您手术顺利",
                   "我们不能替别的医院的检查结果负责，但可以帮您重新评估", "您倒是看看这个方案怎么样，我觉得挺适合您的",
                   "您在网上能搜出什么资料也可以发给我，我帮您看看", "网上找黄牛买号不安全，建议您直接在公众号挂号",
                   "有些患者会问黄牛，我们建议走官方渠道", "哦原来您是被家人逼着来的，能理解，我们慢慢聊"});
}

TEST(rude_reply, the_courteous_desks_retorts_and_brush_offs) {
    expect_family({{"这个我都讲过俩遍了", "scolding"},
                   {"你倒是上面看看啊", "scolding"},
                   {"你是哪个医院派过来的", "interrogating"},
                   {"报销的事情我们不管", "shirking"},
                   {"我们客服只负责约号", "shirking"},
                   {"医院还会坑您吗", "rhetorical"},
                   {"网上又搜出什么了", "scolding"},
                   {"那就随妳便", "brush_off"},
                   {"打针还能不疼", "rhetorical"},
                   {"上班时间再说呗", "brush_off"},
                   {"您直接说做不做吧", "brush_off"},
                   {"我这里还有好多客人等着回复呢", "brush_off"},
                   {"你是不是被老婆逼着来的", "interrogating"},
                   {"跟您讲道理还这种态度", "scolding"},
                   {"这还用我们教？", "rhetorical"},
                   {"你还想怎么着", "rhetorical"},
                   {"这把年纪了还生什么", "rhetorical"},
                   {"真等不了就去找黄牛", "brush_off"},
                   {"你爱去哪治就去哪", "brush_off"},
                   {"这颗牙芭比Q啦", "colloquial"}},
                  {"这个药一天吃三次", "您倒是看得开，心态很重要", "我们不会骗您的，价格都公开", "网上能查到我们的地址",
                   "随您便利的时间过来就行", "拔完还能不能吃饭", "谨防号贩子，一定走官方渠道", "还用我帮您预约吗",
                   "门诊还有好几个人在等，您可能要等半小时", "您想怎么安排都可以",
                   "我们客服只负责预约，具体方案要医生面诊后才能确定", "网上能查出什么来我们都可以帮您核实"});
}

// Session 18 (fresh30, fresh31), as classes: the Wu desk's forms of rules Mandarin has (侬 as 你, 自家 as 自己,
// 随便侬, 侬到底来伐来, 娘希匹), "is your brain broken" to 你/侬, the question not worth asking, "you talk a mess",
// 我又不是开药的, sneers at the visitor's country, 这么基本的东西, 我写得很清楚了, "don't blame us later", 难道等它.
// Look-alikes: a free choice offered, a worry quoted, a question put to someone, reassurance, an honest 我不是,
// a fact about the visitor's place, a check of understanding, a polite 别怪我多嘴, a diagnostic 难道是.
TEST(rude_reply, the_wu_desk_and_the_sneers_at_the_visitors_place) {
    expect_family({{"两个都行，随便侬", "brush_off"},
                   {"侬到底来伐来，一句话", "interrogating"},
                   {"娘希匹，又卡了", "profanity"},
                   {"价格侬自家去问收费处", "shirking"},
                   {"药的事侬自家网上去查", "shirking"},
                   {"侬到底是来体检还是来看病额，讲清爽", "interrogating"},
                   {"侬脑子有毛病伐，讲了今天明天", "scolding"},
                   {"你脑壳有包哦", "scolding"},
                   {"这个还要问的啊？", "rhetorical"},
                   {"这种东西还用问的啊", "rhetorical"},
                   {"侬讲得搞七廿三", "scolding"},
                   {"我又不是开药的", "shirking"},
                   {"你们新加坡那边连促排都没听过啊？", "scolding"},
                   {"你们马来西亚那边医疗这么落后的吗？", "scolding"},
                   {"看不懂就算了，这么基本的东西", "scolding"},
                   {"我写得很清楚了，没症状就观察", "scolding"},
                   {"做多了以后怀不上别怪医院", "scolding"},
                   {"牙疼不来看，难道等它自己好吗？", "rhetorical"}},
                  {"时间随便侬挑，周末也开门", "随便侬啥辰光来都可以", "侬到底哪天方便？我帮侬约",
                   "侬要是想自家来看也可以，我帮侬约", "我们自家医院就能做，不用跑别家",
                   "头晕不一定是脑子有问题，您别担心", "您担心脑子有问题的话，可以先做个头颅CT",
                   "老人家脑子有毛病的话挂神经内科", "这个还要问一下医生", "这种事还要问清楚比较好，您问得对",
                   "这个还要问问主任的意见，我帮您问", "你说得乱七八糟也没关系，我能看懂", "牙齿长得乱七八糟的也能矫正",
                   "我不是开药的医生，具体剂量我帮您问一下主治医生", "我又帮您问了开药的医生，他说可以减量",
                   "你们那边连锁药店应该都买得到", "您那边条件有限的话，也可以回来做",
                   "你们那边医生没讲清楚不要紧，我来解释", "其实没那么复杂，就是这么简单的事",
                   "这么简单的问题都不知道很正常，您别不好意思", "我讲得清楚了吗？有不明白的您再问",
                   "报告单上写得很清楚，您对照就行", "以后怀不上也别怪自己，很多原因都不是您的错",
                   "您别怪医生说话直，他是为您好", "术后以后别怪我多嘴，一定要按时复查",
                   "难道是等的时间太长了吗？我帮您查一下", "新娘希望婚前做个检查的话可以约婚检"});
}

// The independent reviewer's false alarms (session 18): 我们只负责预约挂号 followed by who decides explains, and
// 和我没关系 before the cause warns, never critical; 您明天上午再来问也可以 offers a time. The shirking stays found.
TEST(rude_reply, who_does_what_explained_is_not_shirking_and_disowning_is_not_critical) {
    expect_family({{"报告的事你找医生去，我只管挂号，别的不归我", "shirking"}, {"我们只负责挂号", "shirking"}},
                  {"我们只负责预约挂号，具体治疗方案需要医生面诊后确定。", "您明天上午再来问也可以，医生那时候在。"});
    auto fs = forbidden("这个和我没关系，是系统自动发送的短信。");
    for (auto& f : fs) EXPECT_NE(f.level, severity::critical) << f.rule;
}

// Session 18's independent hunt (precision18), critical first, as classes: a negated or consoling blame
// (这不是你自己的问题, 别总觉得都是你的错, 你也别纠结该怪谁了), a feeling quoted or shared (等结果的时候烦死了), a
// check of one's own speech with an offer to say it again (你能听懂吗？不懂我换个说法), a matter taken on past the
// comma (我去问问主任, 帮您申请), 不用特别找我, kinship (你大爷今年多大), a Tibetan name with a title (尼玛主任), places
// and objects (靠北那一侧, 靠腰枕, 斑马玩偶, 毛线编织), a service (收皮治疗), 我靠经验, and acronyms by context
// (美国CNM资质, which no longer blocks; 您说的TMD就是颞下颌关节紊乱). Then the warnings with several sentences: 包好 as wrapping, 一次就好
// of a procedure, 具体看情况吧, priorities (其他的以后再说), 我在忙着帮您. The rude uses stay found.
TEST(rude_reply, hunt18_negations_kinship_places_acronyms_and_offers_past_the_comma) {
    expect_family({{"烦死了，你别问了", "scolding"},
                   {"退款的事跟我没关系", "shirking"},
                   {"这个我做不了主", "shirking"},
                   {"价格我说了不算", "shirking"},
                   {"这是你自己的问题", "shirking"},
                   {"你能听懂吗？", "interrogating"},
                   {"你看懂没有", "scolding"},
                   {"这事别找我", "shirking"},
                   {"这都是你的错", "shirking"},
                   {"你自己不注意怪谁", "scolding"},
                   {"cnm", "profanity"},
                   {"tmd又卡了", "profanity"},
                   {"你懂个屁", "scolding"},
                   {"收皮啦你", "profanity"},
                   {"我靠，又是你", "profanity"},
                   {"你个斑马", "profanity"},
                   {"靠北喔", "profanity"},
                   {"靠腰喔", "profanity"},
                   {"尼玛，又卡了", "profanity"},
                   {"你大爷的！", "profanity"},
                   {"我们这里包治包好", "colloquial"},
                   {"这个药吃一次就好", "colloquial"},
                   {"要不要做看情况吧", "brush_off"},
                   {"这个以后再说", "brush_off"},
                   {"我在忙，等会", "brush_off"}},
                  {"您说这几天痛经烦死了，我们先帮您看看是什么原因好吗？",
                   "价格我说了不算哈哈，不过我可以帮您申请一下活动价。",
                   "这个价格我做不了主，我去问问主任能不能给您优惠。",
                   "别总觉得都是你的错，胎停大多是胚胎本身的问题。",
                   "我们的助产士有美国CNM资质。",
                   "孕期学个毛线编织打发时间也不错。",
                   "产后肚皮松弛可以做收皮治疗。",
                   "我靠经验也能判断个大概，但还是以检查为准。",
                   "您说的TMD就是颞下颌关节紊乱，需要先拍片看看。",
                   "给小朋友送了个斑马玩偶，他可开心了。",
                   "诊室靠北那一侧是儿童牙科。",
                   "术后平躺或者靠腰枕休息都可以。",
                   "你大爷今年多大年纪了？老人家体检要空腹。",
                   "尼玛主任下午坐诊，藏族同胞可以用藏语跟他交流。",
                   "你大爷的体检报告我帮你看了，问题不大。",
                   "包皮手术后纱布一天换一次，医生会帮您包好。",
                   "药我都给您包好了，到前台直接拿。",
                   "洗牙一次就好，不用反复做。",
                   "补牙一般一次就好，根管治疗要分几次。",
                   "一般要吃两个疗程，具体看情况吧，医生会根据复查结果调整。",
                   "二胎的事可以以后再说，现在先把炎症治好最重要。",
                   "镶牙前要先把牙周治好，其他的以后再说。",
                   "我在忙着帮您挂号，稍等一下哈。"});
    // Not critical any more (the reviewer's class), still flagged at most as a warning.
    for (auto text : {"这不是你自己的问题，是前列腺本身容易充血。", "您别自责，这真不是你自己的问题，是激素水平的原因。",
                      "我发的语音是粤语，你能听懂吗？听不懂我转成文字。", "我刚说的有点专业，你能听懂吗？不懂我换个说法。",
                      "很多姐妹都说等结果的时候烦死了，这种心情我特别理解。", "您不用谢我，跟我没关系，都是医生的功劳😊",
                      "您到了前台不用特别找我，报名字就行。", "你也别纠结该怪谁了，我们一起想办法把身体调理好。"})
        for (auto& f : forbidden(text)) EXPECT_NE(f.level, severity::critical) << text << " " << f.rule;
    // cnm is an acronym with an innocent sense (a certified nurse-midwife): found, never blocking. (TMD keeps
    // `block`: seed_003 requires it; its innocent sense, the jaw disorder, is excepted by context instead.)
    for (auto text : {"cnm"})
        for (auto& f : forbidden(text)) EXPECT_FALSE(f.unambiguous) << text << " " << f.rule;
}

// Session 18's hunt, the classifier's cues read as words of their own sense: a farewell (拜拜了) and a sprain (腰闪了)
// are no threat to leave; an employer asked for an invoice (您是哪个单位的) is no accusation; a kindergarten (幼稚园)
// is no jab; 这种小事不用跟我客气 and 小事不用谢 decline thanks. The threats, jabs and dismissals stay found.
TEST(rude_reply, hunt18_cue_words_in_their_own_sense) {
    expect_family({{"我先闪了，有事留言", "brush_off"},
                   {"我关窗口了，你自己看着办", "brush_off"},
                   {"你是哪家医院派来的？", "interrogating"},
                   {"你真幼稚", "scolding"},
                   {"这种小事也要问", "brush_off"},
                   {"小事不用问我", "brush_off"}},
                  {"听您描述像是腰闪了，建议先别搬重物。", "好的，拜拜了～祝您早日康复！",
                   "您是哪个单位的？发票抬头需要填一下。", "您是哪个单位的？体检可以开团体发票。",
                   "您家小朋友上幼稚园了吗？这个年纪可以做窝沟封闭了。", "这种小事不用跟我客气。",
                   "这点小事不用谢啦，应该的。"});
}

// Session 18's hunt, single warnings as classes: the consultant explaining their own question (觉得我问这个干嘛),
// the visitor's "what is it for" echoed (您问这个干嘛用), an invitation to share worries, a search declined or a folk
// remedy answered honestly, others' habit described (很多人想着来了再说), an instruction (你随便吃点东西), the web's
// rumours, a doctor's follow-up plan, permission (看完了再问我就行), small talk (是来出差还是来玩的), a question still to put to the doctor, the
// infertility complaint quoted, and the visitor's kin (您大姐, 您大哥). The retorts stay found.
TEST(rude_reply, hunt18_self_explanation_quotation_kinship_and_instructions) {
    expect_family({{"你问这个干嘛", "interrogating"},
                   {"问这么多干什么", "scolding"},
                   {"打听这些干什么", "interrogating"},
                   {"这是医生的事", "shirking"},
                   {"我怎么知道", "rhetorical"},
                   {"这有什么好担心的", "rhetorical"},
                   {"自己去查", "brush_off"},
                   {"没听说过", "brush_off"},
                   {"这个问题来了再说", "brush_off"},
                   {"你随便", "brush_off"},
                   {"网上都有", "brush_off"},
                   {"到时候再看", "brush_off"},
                   {"看完再问", "scolding"},
                   {"你是来看病还是来玩的", "interrogating"},
                   {"这还用问吗", "rhetorical"},
                   {"怎么不做措施", "interrogating"},
                   {"大哥，在吗", "colloquial"},
                   {"大姐你好", "colloquial"}},
                  // The phrase entries spare 您可能会觉得我问这个干嘛，其实是因为… and 您问这个干嘛用的？这是…, but the
                  // classifier's ask_nonstop+what_for cues still flag both (cues take no unless: yet): left.
                  {"您有什么好担心的地方都可以跟我说，我们一起想办法。", "您不用自己去查资料，我直接发给您。",
                   "这个偏方我们确实没听说过，建议您不要自己用，先问问医生。",
                   "很多人想着来了再说，其实提前预约能省不少时间。", "检查前你随便吃点东西就行，不用空腹。",
                   "网上都有很多不实说法，您别太担心，以医生面诊为准。",
                   "要不要做第二次，医生说到时候再看B超结果决定。",
                   "您慢慢看，看完了再问我就行，我一直在。",
                   "您是来出差还是来玩的呀？如果周末要走，我们可以把检查安排在周五。",
                   "这还要问下医生才能确定，我现在就去问。",
                   "您说的是为什么没采取措施一年多也没怀上，对吧？这种情况建议夫妻双方都查一下。",
                   "您大姐的检查报告出来了吗？可以一起发给我看看。", "您大哥之前也是在我们这里做的吗？"});
}

// Session 20 (fresh34, fresh35 read): their missed forbidden language as classes, in other words than
// the splits'; the look-alikes each entry leaves alone (concern, advice, progress, a choice offered).
TEST(rude_reply, session20_internet_reproaches_stereotypes_and_shirking) {
    expect_family({{"这种问题上网一搜一大堆", "shirking"},
                   {"你们乡下人就是不听劝", "scolding"},
                   {"你就图省事", "scolding"},
                   {"都三十多岁的人了还这样", "scolding"},
                   {"谁给您做的牙您就找谁", "shirking"},
                   {"您这是拿健康开玩笑", "scolding"},
                   {"我这边快锁屏了", "brush_off"},
                   {"嫌远的话隔壁也能做", "brush_off"},
                   {"这下知道后悔了", "rhetorical"},
                   {"还不是你自己拖出来的", "scolding"},
                   {"这都第四遍了", "scolding"},
                   {"别老是来问我", "scolding"},
                   {"说了你也记不住", "scolding"},
                   {"前面讲得明明白白", "scolding"},
                   {"凭什么让你先做", "rhetorical"},
                   {"这么晚还开车，不要命了", "rhetorical"},
                   {"这事跟我们医院没关系", "shirking"},
                   {"你到底是要做还是不要做", "interrogating"},
                   {"你个信球", "profanity"}},
                  {"网上一查都有很多说法，但很多不准，您别太担心。", "你们那边的人就是热情，欢迎常来。",
                   "您就图个方便的话，选周末也可以。", "都这么大年纪了，手术前我们会先评估心肺。",
                   "不知道是谁给您开的药，可以拍照发我看看。", "千万别拿身体开玩笑，有不舒服及时来。",
                   "屏幕锁了的话重新扫码就能进来。", "嫌贵的话我们也有分期，您可以了解一下。",
                   "现在知道原因了，就好办了。", "这都第三次复查了，恢复得很好。", "别客气，有问题随时问我。",
                   "我刚才说得不清楚，我再给您讲一遍。", "跟我们医院的医保政策有关系，我帮您查一下。",
                   "疼得不要命了就直接去急诊。", "您是想先做检查还是先看医生？", "上面写得很清楚的地址，我再发您一次。"});
}

// Session 21: pointing to what the report or an earlier message says and then explaining it takes the
// question on (an offer anywhere in the message stands the rhetorical entries down); the same words
// alone, or with a brush-off after them, stay rhetorical.
TEST(rude_reply, session21_pointing_to_the_report_and_then_explaining_is_not_a_retort) {
    expect_family({{"报告上不是写着两项偏高吗", "rhetorical"},
                   {"单子上不是印着吗？自己看", "rhetorical"},
                   {"说明书上不是写了饭后吃吗", "rhetorical"},
                   // An explanation refused is no offer (不负责给您解释: the offer needs 我 as its subject).
                   {"政策的事我们不负责给你讲解", "shirking"}},
                  {"报告上不是写着两项偏高吗？我帮您解释一下", "化验单上不是标着箭头吗？我帮您看看是哪几项",
                   "刚刚不是说了要空腹吗？我再给您说一遍", "你识唔识睇报告？唔识我帮你睇"});
}

// Session 22 (fresh38, fresh39), classes written from their misses and false alarms: asking is no use;
// it is written there and you did not read it, as a negative question; leaf through it or ring the
// hospital yourself; go away if you will not wait; no wonder it hurts; ask again later; just wait and
// stop asking; you cannot even read; a regional word for a fool. Their look-alikes: the same words as
// an option, an instruction, a condition with a handover, the consultant's own errand, 才 after 刚, and
// 自己 as the patient in a question of whom the test is for.
TEST(rude_reply, session22_put_downs_and_send_offs_in_other_words) {
    expect_family({{"你都没来检查，问价格有什么用？", "rhetorical"},
                   {"你病历本上没写吗", "rhetorical"},
                   {"自己翻翻看", "brush_off"},
                   {"自己打医院电话", "shirking"},
                   {"不想等可以改天", "brush_off"},
                   {"海拔这么高，不疼才怪吧？", "rhetorical"},
                   {"吃饭时间你等会再问吧", "brush_off"},
                   {"今天人多，你等就是了", "brush_off"},
                   {"都说了不等于癌变，字都认不到啊？", "scolding"},
                   {"随便你投，憨包一个", "profanity"}},
                  {"您可以自己打医院电话预约，也可以我帮您约。", "我等会再问一下医生，马上回复您。", "您直接来就是了，不用预约。",
                   "刚才怪我没说清楚，我再说一遍。", "报告上没写吗？我帮您看看。", "如果等不及，可以先回去，叫号时给您打电话。",
                   "等不及的话可以改天再约，我帮您登记。", "请问您是自己查还是给小朋友查呢？", "是本人来还是家属来？"});
}

// 你妈的 / 他妈的 before a noun or after a verb that takes it is someone's mother's (把你妈的体检报告带上:
// fresh39's critical clean alarm). Ambiguous, they no longer block; alone or before a complaint they
// still swear.
TEST(rude_reply, session22_a_mothers_report_is_a_possessive_not_a_swear) {
    for (const char* text : {"来的时候把你妈的体检报告和平时吃的药都带上。", "你妈的情况我大概了解了，先做个B超。",
                             "陪你妈的时候注意她的血压。", "他妈的检查结果出来了，您放心。"})
        EXPECT_FALSE(has_profanity(text)) << text;
    for (const char* text : {"你妈的，烦不烦", "真是他妈的烦", "你妈的"}) {
        EXPECT_TRUE(has_profanity(text)) << text;
        auto fs = forbidden(text);
        EXPECT_FALSE(blocks(fs, real_lexicon().rules)) << text << " blocks, but the words are ambiguous";
    }
}

// Session 23 (fresh41), classes written from its misses and its false alarm: answered it N times with
// 回 as the verb; go and read my earlier words again; if it hurts, just put up with it; a drug that
// "can be stopped just like that?" put back at the visitor. Their look-alikes: a count of replies with
// no complaint, rereading a leaflet, the visitor's question repeated before its answer, and 包好 as
// wrapping a wound (用保鲜膜包好再淋浴), not a promised cure.
TEST(rude_reply, session23_answered_again_reread_and_put_up_with_it) {
    expect_family({{"一个问题我都回了好几回了", "scolding"},
                   {"同样的话我回复了三遍了", "scolding"},
                   {"你把上面的话再看一遍行不", "scolding"},
                   {"你把我前面说的再看一遍", "scolding"},
                   {"怕疼就忍着呗", "brush_off"},
                   {"怕痛那就忍着", "brush_off"},
                   {"降压药能随便停吗？", "rhetorical"},
                   {"抗生素能随便吃的吗", "rhetorical"}},
                  {"这个问题医生回了我好几条消息，我整理一下发您。", "建议您回家再看一遍说明书，有疑问随时问我。",
                   "您问降压药能随便停吗？不能，要先问心内科医生。", "一周左右用保鲜膜包好再淋浴，不要泡澡。",
                   "伤口用纱布包好，别沾水。", "手术之前再看一下片子就行。"});
    // 包治包好 is still a promise of a cure.
    EXPECT_FALSE(clean("我们这里包治包好，放心来"));
}

// Everyone is like that: the worry waved away as what all men, all mothers, all the old go through.
// A statement that not all are (不都这样，有的…) is an answer.
TEST(rude_reply, session24_everyone_is_like_that) {
    expect_family({{"男人不都这样嘛，别想太多", "rhetorical"},
                   {"女人生完孩子不也都这样", "rhetorical"},
                   {"上了年纪不都这个样吗", "rhetorical"}},
                  {"其实很多男性都会这样，不用太担心，可以先做个检查。", "女人生完孩子不都这样，有的人恢复得快，有的人慢一些。",
                   "大家的情况不都一样，所以要面诊后再定方案。", "不是每个人都这样，您别自己吓自己。",
                   "生完孩子以后是这样的，慢慢会恢复。"});
}

// Regional spellings come from lexicon/dialect_forms.tsv at load time: an entry written once in
// Mandarin (现在知道着急了, 跟我们没有关系, 别问我) is found as a Chengdu consultant writes it; the
// regional words in everyday sentences stay clean.
TEST(rude_reply, session25_regional_spellings_of_the_same_phrases) {
    expect_family({{"年纪轻轻自己不节制，现在晓得着急了嘛", "rhetorical"},
                   {"叫你早点来你不来，现在晓得痛了嘛", "rhetorical"},
                   {"那是技工厂做的，跟我们没得关系", "shirking"},
                   {"我只管接待，看报告的事莫问我", "shirking"}},
                  {"莫女士您好，您的报告已经出来了。", "您说的情况我晓得了，建议先做个B超看看。",
                   "没得关系，慢慢说，我在听。", "莫急，先把药停了，明天来复查。", "这个问题您问得好，啥子都可以问我。"});
}

// Putting the visitor off until later while busy with something else (我在吃饭，等一下再说), and
// "it is complicated to explain" as the whole answer; explaining right after, or a plain "later"
// that names what is awaited, is not (session 25, fresh40).
TEST(rude_reply, session25_later_while_busy_and_too_complicated_to_explain) {
    expect_family({{"我在吃饭，等一下再说", "brush_off"},
                   {"我在忙，晚点再说", "brush_off"},
                   {"这个说起来复杂得很，你来了就晓得了", "brush_off"}},
                  {"等检查结果出来再说，先别担心。", "这个说起来比较复杂，我简单给您讲一下：主要看精子活力和形态。",
                   "说起来有点复杂，一般来说要先做个精液常规。", "我刚在吃饭，现在回复您，请问有什么可以帮您？",
                   "稍等一下，我帮您查一下排班。"});
}

// 锤子 as the Sichuan exclamation is profanity; the tool is not.
TEST(rude_reply, session25_the_sichuan_exclamation) {
    EXPECT_TRUE(has_profanity("锤子哟，三千块哪里种得到士卓曼"));
    EXPECT_TRUE(has_profanity("锤子，哪有这么便宜的"));
    EXPECT_TRUE(clean("医生会用小锤子轻轻敲一下牙齿，看看疼不疼。"));
    EXPECT_TRUE(clean("叩诊就是用锤子敲一下，不疼的。"));
}

// Session 25 (fresh42): cheap means bad as a retort, "that bad and you still want to keep it?",
// "say it clearly first", and not-our-business with the place named; their explaining neighbours
// stay clean.
TEST(rude_reply, session25_retorts_on_price_and_state_and_say_it_clearly) {
    expect_family({{"便宜能有好东西吗？", "rhetorical"},
                   {"松成那样了还想保？", "rhetorical"},
                   {"你先把话说清楚，一下问这么多，我先回答哪个？", "scolding"},
                   {"那是体检中心的报告，跟我们门诊这边没关系", "shirking"}},
                  {"便宜的有好的也有差的，主要看种植体的品牌和医生的经验。", "松成那样了还能保，但要先拍片看看牙根的情况。",
                   "跟我们说一下也没关系，我们会保护您的隐私。", "您慢慢说，说清楚一点我好帮您判断。"});
}
