// The lexicon's pattern syntax (lexicon/README.md, "Patterns").
#include "core/phrase_pattern.hpp"

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
