// Text that is valid JSON but not valid text, over real sockets: a JSON escape of a lone low
// surrogate (\udc00-\udfff) decodes to bytes that are not UTF-8. RapidJSON validates the raw bytes
// and refuses a lone high surrogate itself, but not a lone low one. Before, such a `say` was acked
// and kept as ED B0 80 in SQLite (PostgreSQL refuses those bytes, so the other backend would have
// answered `unavailable`), relayed as U+FFFD; the same for a rating comment and a QA verdict note.
#include "test_server.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

}  // namespace

TEST(hostile_text, a_lone_surrogate_escape_is_refused_as_bad_json_and_nothing_is_kept) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));

    // The visitor's say, its rating comment, and the consultant's say, each with a lone low
    // surrogate somewhere (a NUL in another field must not hide it).
    v.send(R"({"type":"say","text":"\udc00 你好","id":"v-lone-low-0001"})");
    auto e1 = v.next_of("error");
    ASSERT_TRUE(e1);
    EXPECT_EQ(str(*e1, "code"), "bad_json");
    EXPECT_FALSE(str(*e1, "message").empty());
    v.send(R"({"type":"say","x":"a\u0000b","text":"好\udfff","id":"v-lone-low-0002"})");
    auto e2 = v.next_of("error");
    ASSERT_TRUE(e2);
    EXPECT_EQ(str(*e2, "code"), "bad_json");
    li.send(R"({"type":"say","conversation":")" + conv + R"(","text":"您好\udcff","id":"c-lone-1"})");
    auto e3 = li.next_of("error");
    ASSERT_TRUE(e3);
    EXPECT_EQ(str(*e3, "code"), "bad_json");

    // A proper surrogate pair is one character and passes.
    v.send(R"({"type":"say","text":"好的\ud83d\ude00","id":"v-pair-000001"})");
    auto ack = v.next_of("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ(str(*ack, "id"), "v-pair-000001");
    auto m = li.next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), "好的\xF0\x9F\x98\x80");

    v.send(R"({"type":"rate","satisfied":true,"comment":"\udc01"})");
    auto e4 = v.next_of("error");
    ASSERT_TRUE(e4);
    EXPECT_EQ(str(*e4, "code"), "bad_json");

    srv.store().flush();
    auto stored = srv.store().conversation(conv);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->messages.size(), 1u) << "a lone surrogate was kept";
    EXPECT_EQ(stored->messages[0].text, "好的\xF0\x9F\x98\x80");
    EXPECT_FALSE(stored->satisfied) << "a rating with a lone surrogate was kept";
}

TEST(hostile_text, an_api_body_with_a_lone_surrogate_escape_is_refused_with_400) {
    test_server srv;
    srv.add_staff("li", role::consultant);
    srv.add_staff("qa1", role::qa);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    v.send(say("你好", "v-first-0000001"));
    ASSERT_TRUE(v.next_of("ack"));
    v.send(R"({"type":"leave"})");
    ASSERT_TRUE(v.next_of("ended"));

    auto qa = srv.login("qa1");
    auto path = "/api/conversations/" + conv + "/verdict";
    auto bad = srv.http("POST", path, R"({"verdict":"pass","note":"\udc02 好"})", qa);
    EXPECT_EQ(bad.status, 400) << bad.body;
    auto err = parse(bad.body);
    ASSERT_TRUE(!err.HasParseError() && err.IsObject() && err.HasMember("error")) << bad.body;
    EXPECT_EQ(str(err, "error"), "bad_request");
    EXPECT_EQ(str(err, "message"), "请求含有无效字符。");
    srv.store().flush();
    auto stored = srv.store().conversation(conv);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->verdict.empty()) << "a verdict with a lone surrogate was kept: " << stored->verdict_note;

    // The same verdict with a proper pair is kept.
    auto good = srv.http("POST", path, R"({"verdict":"pass","note":"好\ud83d\udc4d"})", qa);
    EXPECT_EQ(good.status, 200) << good.body;
}
