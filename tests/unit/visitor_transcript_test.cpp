// The conversation's running copy of what the visitor wrote (core/analysis/copied_text.hpp): what
// a consultant message's IME check reads, without walking the conversation's messages.
#include "core/analysis/copied_text.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace lingting;

TEST(visitor_transcript, a_check_reads_the_visitor_messages_before_its_own) {
    visitor_transcript said;
    EXPECT_EQ(said.before(1), "");
    said.add(1, "请问胃镜多少钱");
    said.add(3, "要空腹吗");
    EXPECT_EQ(said.before(2), "请问胃镜多少钱\n");
    EXPECT_EQ(said.before(4), "请问胃镜多少钱\n要空腹吗\n");
    EXPECT_EQ(said.before(3), "请问胃镜多少钱\n");  // not the message the check is about
    EXPECT_EQ(said.before(1), "");
}

TEST(visitor_transcript, it_reads_whole_messages_within_the_budget_newest_last) {
    visitor_transcript said;
    // Two of these and "last\n" fill the budget but for a byte.
    const std::string half((copied_from_bytes - 8) / 2, 'a');
    said.add(1, "first");
    said.add(2, half);
    said.add(3, half);
    said.add(4, "last");
    // "first" does not fit beside the two long ones and "last": it is left out whole.
    EXPECT_EQ(said.before(5), half + "\n" + half + "\n" + "last\n");
    EXPECT_EQ(said.before(3), "first\n" + half + "\n");
}

TEST(visitor_transcript, a_message_longer_than_the_budget_leaves_nothing_to_read) {
    visitor_transcript said;
    said.add(1, "胃镜");
    said.add(2, std::string(copied_from_bytes, 'x'));
    EXPECT_EQ(said.before(3), "");
    EXPECT_EQ(said.before(2), "胃镜\n");
}

TEST(visitor_transcript, it_keeps_a_bounded_tail_and_still_answers_a_late_check) {
    visitor_transcript said;
    const std::string line(100, 'v');
    for (std::uint64_t seq = 1; seq <= 1000; ++seq) said.add(2 * seq, line + std::to_string(seq));
    // The newest read is whole: as many of the latest messages as fit.
    const std::string newest(said.before(2001));
    EXPECT_LE(newest.size(), copied_from_bytes);
    EXPECT_GT(newest.size(), copied_from_bytes - 2 * (line.size() + 5));
    EXPECT_TRUE(newest.ends_with(line + "1000\n"));
    // A check a few messages back (the IME worker's, arriving late) reads what came before it.
    const std::string late(said.before(2 * 990));
    EXPECT_TRUE(late.ends_with(line + "989\n"));
    EXPECT_EQ(late.find(line + "990\n"), std::string::npos);
    EXPECT_GT(late.size(), copied_from_bytes / 2);
}

TEST(ended_visitor_texts, a_late_check_reads_an_ended_conversation_and_the_oldest_is_forgotten) {
    ended_visitor_texts ended;
    visitor_transcript said;
    said.add(1, "沈欣怡");
    said.add(3, "明天上午");
    ended.remember("c0", std::move(said));
    ASSERT_TRUE(ended.before("c0", 2).has_value());
    EXPECT_EQ(*ended.before("c0", 2), "沈欣怡\n");
    EXPECT_FALSE(ended.before("nobody", 2).has_value());
    ended.remember("silent", visitor_transcript{});  // a visitor who wrote nothing takes no place
    EXPECT_FALSE(ended.before("silent", 2).has_value());
    for (std::size_t i = 1; i <= ended_visitor_texts::kept_conversations; ++i) {
        visitor_transcript other;
        other.add(1, "hi");
        ended.remember("c" + std::to_string(i), std::move(other));
    }
    EXPECT_FALSE(ended.before("c0", 2).has_value());
    EXPECT_TRUE(ended.before("c1", 2).has_value());
}
