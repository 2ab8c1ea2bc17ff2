// The relay's per-message frames (ack, message) are written by a lean writer of their own, not
// json_writer: they must be the very bytes json_writer writes, whatever the text holds.
#include "core/frames.hpp"
#include "core/json_writer.hpp"
#include "core/protocol.hpp"

#include <gtest/gtest.h>

using namespace lingting;

namespace {

// The frames as json_writer wrote them before the lean writer (the reference).
std::string reference_message(const std::string& conversation, const message& m) {
    json_writer w;
    w.begin_object()
        .field("type", "message")
        .field("conversation", conversation)
        .field("seq", m.seq)
        .field("from", to_string(m.from))
        .field("text", m.text)
        .field("at", iso8601(m.at));
    if (!m.client_id.empty()) w.field("id", m.client_id);
    w.end_object();
    return w.str();
}

std::string reference_ack(const message& m) {
    json_writer w;
    w.begin_object().field("type", "ack").field("id", m.client_id).field("seq", m.seq).field("at", iso8601(m.at));
    w.end_object();
    return w.str();
}

time_point at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{s} + std::chrono::milliseconds{ms};
}

}  // namespace

TEST(frames, the_committed_frames_are_the_bytes_json_writer_wrote) {
    const std::vector<std::string> texts = {
        "你好，我想咨询一下。",
        "quote \" backslash \\ slash / tab \t newline \n return \r",
        std::string("controls \x01\x08\x0c\x1f\x7f end"),
        "emoji 😀 and 𠀋",
        "bad utf-8 \xff\xfe then \xe4\xbd then ok",
        "",
    };
    const std::vector<time_point> times = {
        at(2026, 11, 30, 21, 40, 5, 7),   at(1970, 1, 1, 0, 0, 0, 0),       at(2024, 2, 29, 23, 59, 59, 999),
        // The last year the server accepts (parse_iso8601: 1970..2200); year 9999 is past what the
        // nanosecond clock holds (2262), and building it overflowed (UBSan, tests/sanitize.sh).
        at(2099, 12, 31, 23, 59, 59, 1), at(2000, 3, 1, 12, 0, 0, 500),    at(2200, 12, 31, 23, 59, 59, 999),
        at(1969, 12, 31, 23, 59, 59, 250),
    };
    std::uint64_t seq = 1;
    for (auto& text : texts)
        for (auto t : times) {
            for (std::string id : {"t1764538000000000001", "", "id \"quoted\""}) {
                message m{seq++, seq % 2 ? sender::visitor : sender::consultant, "li", text, t + std::chrono::microseconds{321}, id};
                auto both = frames::committed("c\"1", m);
                EXPECT_EQ(*both.relay, reference_message("c\"1", m)) << text;
                EXPECT_EQ(*both.ack, reference_ack(m)) << text;
                EXPECT_EQ(*frames::message_frame("c\"1", m), reference_message("c\"1", m));
                EXPECT_EQ(*frames::ack(m.client_id, m.seq, m.at), reference_ack(m));
            }
        }
}

TEST(frames, a_frame_larger_than_the_decoders_stack_buffers_still_decodes) {
    // The decoder parses into buffers on its stack (4 KB of values, 1 KB of parser stack) and
    // grows into the heap beyond them: a long text, many members and deep nesting all decode.
    std::string text(12'000, 'a');
    std::string frame = R"({"type":"say","id":"x","text":")" + text + R"(","extra":[)";
    for (int i = 0; i < 300; ++i) frame += R"({"k":[[[[1,2,"three"]]]]},)";
    frame += R"(0]})";
    auto r = proto::decode(frame);
    ASSERT_TRUE(std::holds_alternative<proto::client_frame>(r));
    auto& say = std::get<proto::say>(std::get<proto::client_frame>(r));
    EXPECT_EQ(say.text, text);
    EXPECT_EQ(say.id, "x");
}
