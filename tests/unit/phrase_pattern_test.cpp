// The lexicon's pattern syntax (lexicon/README.md, "Patterns").
#include "core/phrase_pattern.hpp"
#include "core/text_normalize.hpp"

#include <gtest/gtest.h>

using namespace lingting;

namespace {

phrase_pattern compile(const char* src) {
    std::string err;
    auto p = phrase_pattern::parse(src, err);
    EXPECT_TRUE(p.has_value()) << src << ": " << err;
    return p ? *p : *phrase_pattern::parse("x", err);
}

}  // namespace

TEST(phrase_pattern, alternatives_optional_parts_and_bounded_gaps) {
    auto p = compile("你{0,3}(看|听)(不)?懂{0,4}(没有|吗|没)");
    EXPECT_TRUE(p.matches("你到底看懂没有"));
    EXPECT_TRUE(p.matches("你是不是听不懂啊吗"));
    EXPECT_TRUE(p.matches("你听懂了吗"));
    EXPECT_FALSE(p.matches("你到底能不能再多看一下懂吗"));  // gap of more than 3
    EXPECT_FALSE(p.matches("你看，懂吗"));                  // never across a sentence break
}

TEST(phrase_pattern, a_repeated_slot_must_repeat_the_same_text) {
    auto p = compile("爱(.)不\\1");
    EXPECT_TRUE(p.matches("爱等不等"));
    EXPECT_TRUE(p.matches("嫌慢就别问了，爱来不来"));
    EXPECT_FALSE(p.matches("爱等不来"));
}

TEST(phrase_pattern, anchors_are_literals_every_match_contains) {
    auto p = compile("(已|已经)?(帮|给|为)您(预)?约(好|上)?");
    ASSERT_EQ(p.anchors().size(), 1u);
    EXPECT_EQ(p.anchors()[0], "您");  // the one mandatory literal (the group of 帮/给/为 is shorter in count)
    auto q = compile("还有{0,3}(什么问题|哪些疑问)");
    EXPECT_EQ(q.anchors(), (std::vector<std::string>{"什么问题", "哪些疑问"}));
    std::string err;
    EXPECT_FALSE(phrase_pattern::parse("{0,3}(.)?", err));
    EXPECT_NE(err.find("no literal"), std::string::npos);
}

TEST(phrase_pattern, malformed_patterns_are_refused_with_a_reason) {
    for (const char* bad : {"(a|b", "a)b", "{3,1}x", "{0,99}x", "x\\2", "?x", "{,}x"}) {
        std::string err;
        EXPECT_FALSE(phrase_pattern::parse(bad, err)) << bad;
        EXPECT_FALSE(err.empty()) << bad;
    }
}

TEST(phrase_pattern, width_case_and_spaces_fold_like_messages) {
    auto p = compile("anything else{0,10}(help|know)");
    EXPECT_TRUE(p.matches("Is there ANYTHING ELSE I can help you with?"));
    auto q = compile("看不懂");
    EXPECT_TRUE(q.matches("看 不 懂"));
}

TEST(phrase_pattern, sentences_split_at_punctuation_but_not_inside_single_letters) {
    auto s = compact_sentences("好的，T.M.D。你看 不懂");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[1], U"tmd");
    EXPECT_EQ(s[2], U"你看不懂");
    EXPECT_TRUE(crosses_sentence("活，该"));
    EXPECT_FALSE(crosses_sentence("T.M.D"));
    EXPECT_TRUE(crosses_sentence("tm.dd"));
}

// The analyzer splits each message with a hit into the same thread-local vector: what a longer
// message left there (more sentences, longer ones) must not show through in a shorter one.
TEST(phrase_pattern, splitting_into_a_reused_vector_gives_what_a_fresh_split_gives) {
    std::vector<compact_sentence> reused;
    for (std::string_view text : {"第一句很长很长，第二句。第三句？T.M.D 第四句！", "短句", "", "，。", "a,b 你好，再见",
                                  "第一句很长很长，第二句。第三句？"}) {
        split_sentences(text, reused);
        auto fresh = split_sentences(text);
        ASSERT_EQ(reused.size(), fresh.size()) << text;
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            EXPECT_EQ(reused[i].text, fresh[i].text) << text;
            EXPECT_EQ(reused[i].origin, fresh[i].origin) << text;
        }
    }
}

// Round two of issue 12: ^ and $ anchor a pattern to the whole message, so a reply that is only
// a brush-off (去吧, 随便) is caught without catching the same words inside an answer.
TEST(phrase_pattern, caret_and_dollar_anchor_the_whole_message) {
    auto p = compile("^(你|您|那你)?(去吧|去呗)$");
    EXPECT_TRUE(p.matches("去吧"));
    EXPECT_TRUE(p.matches("那你去吧。"));
    EXPECT_TRUE(p.matches("  去吧！！😊"));      // punctuation, spaces and emoji around it are trimmed
    EXPECT_TRUE(p.matches("👋 去吧"));
    EXPECT_TRUE(p.matches("去吧。。。🙂"));      // an emoji-only sentence after it is no sentence
    EXPECT_FALSE(p.matches("您直接去吧"));       // more words before
    EXPECT_FALSE(p.matches("去吧，在三楼"));     // an answer after it
    EXPECT_FALSE(p.matches("好的，去吧"));       // a sentence before it
    EXPECT_EQ(p.anchors(), (std::vector<std::string>{"去吧", "去呗"}));
    auto start_only = compile("^问医生");
    EXPECT_TRUE(start_only.matches("问医生吧，我不清楚"));
    EXPECT_FALSE(start_only.matches("我帮您问医生"));
    auto end_only = compile("再说$");
    EXPECT_TRUE(end_only.matches("今天先这样，明天再说"));
    EXPECT_FALSE(end_only.matches("明天再说，您先休息"));
    EXPECT_TRUE(phrase_pattern::is_pattern("^随便$"));
    std::string err;
    EXPECT_FALSE(phrase_pattern::parse("^?随便", err));
}

TEST(phrase_pattern, edges_say_where_a_sentence_sits_in_its_message) {
    auto list = compact_sentences("🙂。好的，去吧。😊");
    ASSERT_EQ(list.size(), 4u);
    EXPECT_TRUE(edges_of(list, 1).first);
    EXPECT_FALSE(edges_of(list, 1).last);
    EXPECT_FALSE(edges_of(list, 2).first);
    EXPECT_TRUE(edges_of(list, 2).last);
    auto p = compile("^去吧$");
    EXPECT_TRUE(p.match_in(list[2]));  // a sentence matched on its own is a whole message
    EXPECT_FALSE(p.match_in(list[2], edges_of(list, 2)));
}

TEST(phrase_pattern, a_traditional_spelling_of_the_same_shape_merges_into_one_pattern) {
    auto p = compile("(别|不用)(不好意思)(的|说出口)");
    ASSERT_TRUE(p.absorb(compile("(別|不用)(不好意思)(的|說出口)")));
    EXPECT_TRUE(p.matches("别不好意思的"));
    EXPECT_TRUE(p.matches("別不好意思說出口"));
    EXPECT_TRUE(p.matches("別不好意思说出口"));  // the two scripts mixed in one message
    EXPECT_FALSE(p.matches("不好意思说出口"));
    // The anchor both spellings share is listed once; each new one is added.
    EXPECT_EQ(p.anchors(), (std::vector<std::string>{"不好意思"}));
    auto q = compile("(这个问题|这问题)问了(两|三)遍");
    ASSERT_TRUE(q.absorb(compile("(這個問題|這問題)問了(兩|三)遍")));
    EXPECT_TRUE(q.matches("這個問題问了兩遍"));
    EXPECT_EQ(q.anchors().size(), 4u);  // the leading group in both scripts
}

TEST(phrase_pattern, a_spelling_of_another_shape_is_refused_and_changes_nothing) {
    auto p = compile("(什么|啥)都(不)?懂");
    EXPECT_FALSE(p.absorb(compile("(甚麼|乜嘢)都(唔)?識{0,2}")));  // a gap more
    EXPECT_FALSE(p.absorb(compile("(甚麼|乜嘢|啥)都(不)?懂")));   // a third alternative
    EXPECT_FALSE(p.absorb(compile("(甚麼|啥)都不懂")));          // 不 no longer optional
    EXPECT_TRUE(p.matches("你什么都不懂"));
    EXPECT_FALSE(p.matches("你甚麼都不懂"));
}

TEST(phrase_pattern, a_match_is_tried_only_where_its_first_character_can_stand) {
    // The first characters come from optional parts and every alternative of a leading group;
    // a leading gap or '.' can begin anywhere.
    auto p = compile("(我|你)?(先|再)去问");
    EXPECT_TRUE(p.matches("好的我先去问"));
    EXPECT_TRUE(p.matches("好的先去问"));
    EXPECT_TRUE(p.matches("好再去问"));
    auto q = compile("{1,2}去问");
    EXPECT_TRUE(q.matches("好的去问"));
    auto r = compile("(.)不\\1");
    EXPECT_TRUE(r.matches("来不来"));
    auto covering = compile("(我|你)?(先|再)去问").match_covering(U"好的我先去问", 4, 6);
    ASSERT_TRUE(covering.has_value());
    EXPECT_EQ(covering->begin, 2u);
}

TEST(phrase_pattern, a_text_without_a_needed_character_cannot_hold_a_match) {
    // Needed: 我, one of 请/让/找, one of 医/主 (the two alternatives' first needs), 看.
    auto p = compile("我(先|这就)?(请|让|找)(医生|主任)(看|看看)(一下)?");
    auto holds = [&](const char* text) {
        char_presence present;
        present.assign(text);
        return p.may_occur_in(present);
    };
    EXPECT_TRUE(holds("好的我请医生看一下"));
    EXPECT_TRUE(holds("看医生之前我找了"));  // all there, in another order: the matcher decides
    EXPECT_FALSE(holds("医生会看的，我们这边"));  // no 请, 让 or 找
    EXPECT_FALSE(holds("我请医生"));             // no 看
    // A group with an alternative that needs nothing needs nothing; nor do gaps and '.'.
    auto q = compile("(您|)好{0,2}.了");
    char_presence present;
    present.assign("好了");
    EXPECT_TRUE(q.may_occur_in(present));
    present.assign("您好");
    EXPECT_FALSE(q.may_occur_in(present));  // 了 is needed
}

TEST(phrase_pattern, the_needed_characters_never_turn_away_a_text_that_matches) {
    // Texts that match, edited at random (a character dropped, doubled, replaced or put in):
    // whatever still matches must pass may_occur_in. Merged spellings included: a traditional
    // character is needed where its simplified one is.
    struct example {
        phrase_pattern pattern;
        std::vector<std::u32string> matching;
    };
    std::vector<example> examples;
    auto add = [&](const char* src, std::vector<std::u32string> matching) {
        examples.push_back({compile(src), std::move(matching)});
    };
    add("你{0,3}(看|听)(不)?懂{0,4}(没有|吗|没)", {U"你到底看懂没有", U"你听不懂吗"});
    add("爱(.)不\\1", {U"爱等不等", U"爱来不来"});
    add("(已|已经)?(帮|给|为)您(预)?约(好|上)?", {U"已经帮您预约好", U"给您约上"});
    add("还有{0,3}(什么|哪些|其他|别的){0,6}(问题|疑问|需要|想了解|帮)", {U"还有什么问题", U"还有别的我能帮"});
    add("^(去吧|随便)$", {U"去吧", U"随便"});
    add("(我|你)?(先|再)去问", {U"我先去问", U"再去问"});
    add("什么(.|..)不\\1的", {U"什么好不好的", U"什么可以不可以的"});
    add("(催|吵|急)(啥|什么)\\2", {U"催啥啥", U"急什么什么"});
    add("(这个问题|这问题)问了(两|三)遍", {U"这个问题问了两遍"});
    ASSERT_TRUE(examples.back().pattern.absorb(compile("(這個問題|這問題)問了(兩|三)遍")));
    examples.back().matching.push_back(U"這問題問了兩遍");
    const std::u32string others = U"的了吗不好您我，。问题";
    std::uint32_t seed = 12345;
    auto next = [&] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7FFF;
    };
    int matched = 0, turned_away = 0;
    for (auto& ex : examples)
        for (int round = 0; round < 2000; ++round) {
            std::u32string text = ex.matching[next() % ex.matching.size()];
            for (auto edits = next() % 3; edits > 0 && !text.empty(); --edits) {
                std::size_t at = next() % text.size();
                switch (next() % 4) {
                case 0: text.erase(at, 1); break;
                case 1: text.insert(at, 1, text[at]); break;
                case 2: text[at] = others[next() % others.size()]; break;
                default: text.insert(at, 1, others[next() % others.size()]); break;
                }
            }
            std::string utf8;
            for (char32_t c : text) append_utf8(utf8, c);
            char_presence present;
            present.assign(utf8);
            if (ex.pattern.matches(utf8)) {
                ++matched;
                EXPECT_TRUE(ex.pattern.may_occur_in(present)) << ex.pattern.source() << " on " << utf8;
            } else {
                turned_away += !ex.pattern.may_occur_in(present);
            }
        }
    EXPECT_GT(matched, 2000);      // edited texts still match often: the property is exercised
    EXPECT_GT(turned_away, 1000);  // and the test does turn texts away
}
