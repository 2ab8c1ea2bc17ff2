// The real server over loopback, driven by real WebSocket clients.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

struct staffed : ::testing::Test {
    std::unique_ptr<test_server> srv;

    void boot(std::function<void(server_config&)> tweak = {}) {
        srv = std::make_unique<test_server>(std::move(tweak));
        srv->add_staff("li", role::consultant);
        srv->add_staff("wang", role::consultant);
        srv->add_staff("boss", role::supervisor);
        srv->add_staff("qa1", role::qa);
    }
    void SetUp() override { boot(); }

    std::unique_ptr<ws_client> staff(const std::string& name) {
        auto c = std::make_unique<ws_client>();
        EXPECT_EQ(c->connect(srv->port(), "/ws/staff?token=" + srv->login(name)), 101);
        // The server joins a socket to the hub just after the handshake; consultants and
        // supervisors are told the queue then. Waiting for that keeps the test's order of
        // arrivals the order the server sees.
        if (name != "qa1") {
            EXPECT_TRUE(c->next_of("queue_state"));
        }
        return c;
    }
    // A visitor, and the conversation id from its welcome.
    std::pair<std::unique_ptr<ws_client>, json> visitor(const std::string& query = "") {
        auto c = std::make_unique<ws_client>();
        EXPECT_EQ(c->connect(srv->port(), "/ws/visitor" + query), 101);
        auto w = c->next_of("welcome");
        EXPECT_TRUE(w);
        return {std::move(c), std::move(*w)};
    }
    std::optional<ending> stored_ending(const std::string& conv) {
        srv->store().flush();
        auto c = srv->store().conversation(conv);
        return c ? c->how : std::nullopt;
    }
    // Waits (bounded) until the store records an ending for conv.
    std::optional<ending> wait_ending(const std::string& conv) {
        for (int i = 0; i < 300; ++i) {
            if (auto e = stored_ending(conv)) return e;
            std::this_thread::sleep_for(10ms);
        }
        return std::nullopt;
    }
};

}  // namespace

TEST_F(staffed, two_visitors_and_two_consultants_chat_at_once) {
    auto li = staff("li");
    auto wang = staff("wang");
    auto [v1, w1] = visitor();
    auto [v2, w2] = visitor();
    // Least-loaded routing: one conversation each.
    auto a1 = li->next_of("assigned");
    auto a2 = wang->next_of("assigned");
    ASSERT_TRUE(a1 && a2);
    std::map<std::string, ws_client*> consultant_of = {{str(*a1, "conversation"), li.get()},
                                                       {str(*a2, "conversation"), wang.get()}};
    ASSERT_EQ(consultant_of.size(), 2u);
    std::string c1 = str(w1, "conversation"), c2 = str(w2, "conversation");
    ws_client* s1 = consultant_of.at(c1);
    ws_client* s2 = consultant_of.at(c2);

    for (int round = 0; round < 5; ++round) {
        v1->send(say("访客一 第" + std::to_string(round) + "句", "a" + std::to_string(round)));
        v2->send(say("访客二 第" + std::to_string(round) + "句", "b" + std::to_string(round)));
        auto ack1 = v1->next_of("ack");
        auto ack2 = v2->next_of("ack");
        ASSERT_TRUE(ack1 && ack2);
        EXPECT_EQ(str(*ack1, "id"), "a" + std::to_string(round));
        auto m1 = s1->next_of("message");
        auto m2 = s2->next_of("message");
        ASSERT_TRUE(m1 && m2);
        EXPECT_EQ(str(*m1, "conversation"), c1);
        EXPECT_EQ(str(*m1, "text"), "访客一 第" + std::to_string(round) + "句");
        EXPECT_EQ(str(*m2, "conversation"), c2);
        EXPECT_EQ((*m1)["seq"].GetUint64(), (*ack1)["seq"].GetUint64());

        s1->send(say("回复一", "r1-" + std::to_string(round), c1));
        s2->send(say("回复二", "r2-" + std::to_string(round), c2));
        ASSERT_TRUE(s1->next_of("ack"));
        ASSERT_TRUE(s2->next_of("ack"));
        auto r1 = v1->next_of("message");
        auto r2 = v2->next_of("message");
        ASSERT_TRUE(r1 && r2);
        EXPECT_EQ(str(*r1, "text"), "回复一");
        EXPECT_EQ(str(*r1, "from"), "consultant");
        EXPECT_EQ(str(*r2, "text"), "回复二");
        EXPECT_EQ((*r1)["seq"].GetUint64(), 2u * round + 2);
    }
    // The sender gets the ack and nothing more: after the last ack, no echo of its own message.
    EXPECT_EQ(v1->pending(), 0u);
    auto stored = srv->store().conversation(c1);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->messages.size(), 10u);
}

TEST_F(staffed, routing_queue_and_take) {
    srv.reset();
    boot([](server_config& c) { c.max_conversations_per_consultant = 1; });
    auto li = staff("li");
    auto [v1, w1] = visitor();
    ASSERT_TRUE(li->next_of("assigned"));
    auto [v2, w2] = visitor("?department=%E7%94%B7%E7%A7%91");  // 男科
    auto status = v2->next_of("status");
    ASSERT_TRUE(status);
    EXPECT_EQ(str(*status, "state"), "queued");
    EXPECT_EQ((*status)["position"].GetUint64(), 1u);
    auto q = li->next_of("queue_add");
    ASSERT_TRUE(q);
    EXPECT_EQ((*q)["total"].GetUint64(), 1u);
    EXPECT_EQ(std::string((*q)["entry"]["department"].GetString()), "男科");

    li->send(R"({"type":"take","conversation":")" + str(w2, "conversation") + R"("})");
    auto a = li->next_of("assigned");
    ASSERT_TRUE(a);
    EXPECT_EQ(str(*a, "conversation"), str(w2, "conversation"));
    auto served = v2->next_of("status");
    ASSERT_TRUE(served);
    EXPECT_EQ(str(*served, "state"), "served");

    // A new consultant drains the queue automatically.
    auto [v3, w3] = visitor();
    ASSERT_TRUE(v3->next_of("status"));
    auto wang = staff("wang");
    auto a3 = wang->next_of("assigned");
    ASSERT_TRUE(a3);
    EXPECT_EQ(str(*a3, "conversation"), str(w3, "conversation"));
}

TEST_F(staffed, transfer_to_a_colleague_with_the_transcript) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    v->send(say("想问一下包皮手术", "v1"));
    ASSERT_TRUE(li->next_of("message"));
    auto wang = staff("wang");
    li->send(R"({"type":"transfer","conversation":")" + conv + R"(","to":"wang"})");
    auto gone = li->next_of("unassigned");
    ASSERT_TRUE(gone);
    EXPECT_EQ(str(*gone, "reason"), "transferred");
    auto a = wang->next_of("assigned");
    ASSERT_TRUE(a);
    ASSERT_EQ((*a)["messages"].Size(), 1u);
    EXPECT_EQ(std::string((*a)["messages"][0]["text"].GetString()), "想问一下包皮手术");
    wang->send(say("您好,我来为您解答", "w1", conv));
    ASSERT_TRUE(wang->next_of("ack"));
    auto m = v->next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), "您好,我来为您解答");
    // li no longer may speak in it.
    li->send(say("还在吗", "l9", conv));
    auto err = li->next_of("error");
    ASSERT_TRUE(err);
    EXPECT_EQ(str(*err, "code"), "not_found");
}

TEST_F(staffed, resume_after_tcp_cut_loses_and_doubles_nothing) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation"), token = str(w, "resume");
    ASSERT_TRUE(li->next_of("assigned"));
    v->send(say("第一句", "v1"));
    auto ack = v->next_of("ack");
    ASSERT_TRUE(ack);
    std::uint64_t last_seen = (*ack)["seq"].GetUint64();
    v->drop();
    for (int i = 0; i < 3; ++i) {
        li->send(say("回复" + std::to_string(i), "c" + std::to_string(i), conv));
        ASSERT_TRUE(li->next_of("ack"));
    }
    ws_client back;
    ASSERT_EQ(back.connect(srv->port(), "/ws/visitor?resume=" + token + "&after=" + std::to_string(last_seen)), 101);
    auto welcome = back.next_of("welcome");
    ASSERT_TRUE(welcome);
    EXPECT_EQ(str(*welcome, "conversation"), conv);
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < 3; ++i) {
        auto m = back.next_of("message");
        ASSERT_TRUE(m);
        seqs.push_back((*m)["seq"].GetUint64());
        EXPECT_EQ(str(*m, "text"), "回复" + std::to_string(i));
    }
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{2, 3, 4}));
    // Goes on: the next message is seq 5 and arrives once.
    back.send(say("我回来了", "v2"));
    auto ack2 = back.next_of("ack");
    ASSERT_TRUE(ack2);
    EXPECT_EQ((*ack2)["seq"].GetUint64(), 5u);
    li->send(say("欢迎回来", "c9", conv));
    auto m = back.next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ((*m)["seq"].GetUint64(), 6u);
    EXPECT_FALSE(back.next(200ms)) << "nothing doubled";
    EXPECT_EQ(srv->store().conversation(conv)->messages.size(), 6u);
}

TEST_F(staffed, unknown_resume_token_is_refused_with_a_reason) {
    ws_client c;
    ASSERT_EQ(c.connect(srv->port(), "/ws/visitor?resume=nonsense&after=0"), 101);
    auto e = c.next_of("error");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "code"), "not_found");
    EXPECT_EQ(c.wait_closed(), 4404);
}

TEST_F(staffed, visitor_clean_close_and_leave_are_visitor_endings) {
    auto li = staff("li");
    auto [v1, w1] = visitor();
    auto [v2, w2] = visitor();
    v1->close(1000);
    v2->send(R"({"type":"leave"})");
    auto ended = v2->next_of("ended");
    ASSERT_TRUE(ended);
    EXPECT_EQ(str(*ended, "ending"), "visitor");
    // A clean close may be a move to another page of the site: it ends after the leave grace.
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(stored_ending(str(w1, "conversation")), std::nullopt);
    srv->clk().advance(6s);
    srv->chat().wake();
    EXPECT_EQ(wait_ending(str(w1, "conversation")), ending::visitor);
    EXPECT_EQ(wait_ending(str(w2, "conversation")), ending::visitor);
    // The consultant is told too.
    auto e1 = li->next_of("ended");
    ASSERT_TRUE(e1);
}

TEST_F(staffed, consultant_end_is_a_consultant_ending_for_everyone) {
    auto li = staff("li");
    auto boss = staff("boss");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    boss->send(R"({"type":"watch","conversation":")" + conv + R"("})");
    ASSERT_TRUE(boss->next_of("transcript"));
    v->send(say("一侧输卵管切除还能怀孕吗?", "v1"));
    ASSERT_TRUE(v->next_of("ack"));
    li->send(say("只要他另一侧正常就可以怀孕的,祝你好孕,再见", "c1", conv));
    li->send(R"({"type":"end","conversation":")" + conv + R"("})");
    for (auto* c : {v.get(), li.get(), boss.get()}) {
        auto e = c->next_of("ended");
        ASSERT_TRUE(e);
        EXPECT_EQ(str(*e, "ending"), "consultant");
    }
    EXPECT_EQ(stored_ending(conv), ending::consultant);
}

TEST_F(staffed, abandonment_after_two_minutes_unanswered_is_a_consultant_ending) {
    auto li = staff("li");
    auto [v, w] = visitor();
    v->send(say("为什么我跟我爱人在一起一年了她都没有怀孕呢?", "v1"));
    ASSERT_TRUE(v->next_of("ack"));
    srv->clk().advance(121s);
    v->close(1000);
    std::this_thread::sleep_for(200ms);
    srv->clk().advance(6s);
    srv->chat().wake();
    EXPECT_EQ(wait_ending(str(w, "conversation")), ending::consultant);
}

TEST_F(staffed, drop_then_grace_expiry_is_a_system_ending) {
    auto li = staff("li");
    auto [v, w] = visitor();
    v->drop();
    std::string conv = str(w, "conversation");
    // Within the grace period nothing ends.
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(stored_ending(conv), std::nullopt);
    srv->clk().advance(61s);
    srv->chat().wake();
    EXPECT_EQ(wait_ending(conv), ending::system);
    auto e = li->next_of("ended");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "ending"), "system");
}

TEST_F(staffed, heartbeat_timeout_is_a_drop) {
    srv.reset();
    boot([](server_config& c) {
        c.heartbeat_seconds = 1;
        c.resume_grace_seconds = 0;
    });
    auto li = staff("li");
    ws_client v;
    ASSERT_EQ(v.connect(srv->port(), "/ws/visitor"), 101);
    auto w = v.next_of("welcome");
    ASSERT_TRUE(w);
    v.stop_reading();  // the next read is not issued: pings go unanswered
    v.send(say("在吗", "v1"));  // one frame so the read loop stops after it
    EXPECT_EQ(wait_ending(str(*w, "conversation")), ending::system);
}

TEST_F(staffed, shutdown_ends_open_conversations_as_system) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    srv->stop();
    auto e = v->next_of("ended");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "ending"), "system");
    EXPECT_EQ(v->wait_closed(), 1001);
    srv->start();
    EXPECT_EQ(stored_ending(conv), ending::system);
}

TEST_F(staffed, restart_on_the_same_file_keeps_every_acked_message) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation"), token = str(w, "resume");
    ASSERT_TRUE(li->next_of("assigned"));
    std::vector<std::string> acked;
    for (int i = 0; i < 20; ++i) {
        v->send(say("消息" + std::to_string(i), "v" + std::to_string(i)));
        if (v->next_of("ack")) acked.push_back("消息" + std::to_string(i));
    }
    ASSERT_EQ(acked.size(), 20u);
    srv->stop();
    v.reset();
    li.reset();
    srv->start();
    auto c = srv->store().conversation(conv);
    ASSERT_TRUE(c);
    ASSERT_EQ(c->messages.size(), acked.size());
    for (std::size_t i = 0; i < acked.size(); ++i) EXPECT_EQ(c->messages[i].text, acked[i]);
    EXPECT_EQ(c->how, ending::system);
    // The visitor's resume after the restart replays what it missed, then the ending.
    ws_client back;
    ASSERT_EQ(back.connect(srv->port(), "/ws/visitor?resume=" + token + "&after=18"), 101);
    ASSERT_TRUE(back.next_of("welcome"));
    auto m = back.next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ((*m)["seq"].GetUint64(), 19u);
    ASSERT_TRUE(back.next_of("message"));
    auto e = back.next_of("ended");
    ASSERT_TRUE(e);
    EXPECT_EQ(str(*e, "ending"), "system");
}

TEST_F(staffed, bad_input_gets_clear_errors_and_harms_no_one) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    struct { std::string frame; const char* code; } cases[] = {
        {"{not json", "bad_json"},
        {"[1,2,3]", "bad_json"},
        {R"({"type":"dance"})", "unknown_type"},
        {R"({"type":"say","id":"x"})", "bad_frame"},
        {R"({"type":"say","text":42,"id":"x"})", "bad_frame"},
        {R"({"type":"say","text":"a\u0000b","id":"x"})", "bad_frame"},  // kept alike by no store
        {R"({"type":"take"})", "forbidden"},             // a visitor may not take
        {R"({"type":"end","conversation":")" + conv + R"("})", "forbidden"},
        {std::string(20 * 1024, ' ') + "{}", "too_large"},
    };
    for (auto& c : cases) {
        v->send(c.frame);
        auto e = v->next_of("error");
        ASSERT_TRUE(e) << c.frame.substr(0, 40);
        EXPECT_EQ(str(*e, "code"), c.code) << c.frame.substr(0, 40);
        EXPECT_FALSE(str(*e, "message").empty());
    }
    v->send_binary("\x01\x02");
    auto b = v->next_of("error");
    ASSERT_TRUE(b);
    EXPECT_EQ(str(*b, "code"), "binary_frame");

    // A consultant naming a conversation that is not theirs, and QA trying to speak.
    auto wang = staff("wang");
    wang->send(say("插话", "w1", conv));
    EXPECT_EQ(str(*wang->next_of("error"), "code"), "not_found");
    auto qa = staff("qa1");
    qa->send(say("质检说话", "q1", conv));
    EXPECT_EQ(str(*qa->next_of("error"), "code"), "forbidden");

    // Still serving: the visitor's conversation works after all that.
    v->send(say("正常消息", "ok1"));
    ASSERT_TRUE(v->next_of("ack"));
    auto m = li->next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), "正常消息");

    // Invalid UTF-8 in a text frame: closed with 1007 by the WebSocket layer; others unharmed.
    auto [bad, bw] = visitor();
    bad->send("{\"type\":\"say\",\"text\":\"\xc3\x28\",\"id\":\"u\"}");
    EXPECT_EQ(bad->wait_closed(), 1007);
    v->send(say("还在", "ok2"));
    ASSERT_TRUE(v->next_of("ack"));
}

TEST_F(staffed, flood_is_rate_limited_with_a_clear_error) {
    srv.reset();
    boot([](server_config& c) {
        c.messages_per_second = 1;
        c.message_burst = 5;
    });
    auto li = staff("li");
    auto [v, w] = visitor();
    for (int i = 0; i < 10; ++i) v->send(say("刷屏", "f" + std::to_string(i)));
    int acks = 0, limited = 0;
    for (int i = 0; i < 10; ++i) {
        auto f = v->next(2s);
        ASSERT_TRUE(f);
        std::string type = str(*f, "type");
        if (type == "ack") ++acks;
        else if (type == "error" && str(*f, "code") == "rate_limited") ++limited;
        else --i;  // status frames
    }
    EXPECT_EQ(acks, 5);
    EXPECT_EQ(limited, 5);
}

TEST_F(staffed, login_and_staff_socket_refuse_bad_credentials) {
    auto bad = srv->http("POST", "/api/login", R"({"username":"li","password":"nope"})");
    EXPECT_EQ(bad.status, 401);
    EXPECT_NE(bad.body.find("bad_credentials"), std::string::npos);
    auto unknown = srv->http("POST", "/api/login", R"({"username":"ghost","password":"nope"})");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.body, bad.body) << "no hint whether the account exists";
    EXPECT_EQ(srv->http("POST", "/api/login", "{oops").status, 400);
    // A NUL inside the name is not the end of the name.
    EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"li\u0000xyz","password":"password1"})").status, 400);
    auto ok = srv->http("POST", "/api/login", R"({"username":"li","password":"password1"})");
    EXPECT_EQ(ok.status, 200);
    EXPECT_NE(ok.body.find(R"("role":"consultant")"), std::string::npos);

    // Log-out revokes the token at once.
    std::string token = srv->login("wang");
    EXPECT_EQ(srv->http("GET", "/api/me", {}, token).status, 200);
    EXPECT_EQ(srv->http("POST", "/api/logout", {}, token).status, 204);
    EXPECT_EQ(srv->http("GET", "/api/me", {}, token).status, 401);

    ws_client c;
    EXPECT_EQ(c.connect(srv->port(), "/ws/staff?token=forged"), 401);
    ws_client d;
    EXPECT_EQ(d.connect(srv->port(), "/ws/staff"), 401);
}

TEST_F(staffed, conversation_api_is_role_checked) {
    auto li = staff("li");
    auto [v, w] = visitor();
    std::string conv = str(w, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    v->send(say("<img src=x onerror=alert(1)>", "v1"));
    ASSERT_TRUE(v->next_of("ack"));
    v->send(R"({"type":"leave"})");
    ASSERT_TRUE(v->next_of("ended"));

    std::string path = "/api/conversations/" + conv;
    EXPECT_EQ(srv->http("GET", path).status, 401);
    EXPECT_EQ(srv->http("GET", path, {}, "forged").status, 401);
    EXPECT_EQ(srv->http("GET", path, {}, srv->login("wang")).status, 403);
    for (const char* who : {"li", "boss", "qa1"}) {
        auto r = srv->http("GET", path, {}, srv->login(who));
        EXPECT_EQ(r.status, 200) << who;
        json d;
        d.Parse(r.body.c_str());
        ASSERT_TRUE(d.IsObject()) << r.body;
        EXPECT_EQ(str(d, "ending"), "visitor");
        ASSERT_EQ(d["messages"].Size(), 1u);
        EXPECT_EQ(std::string(d["messages"][0]["text"].GetString()), "<img src=x onerror=alert(1)>");
    }
    EXPECT_EQ(srv->http("GET", "/api/conversations/nope", {}, srv->login("boss")).status, 404);
}

TEST_F(staffed, static_pages_carry_security_headers_and_refuse_traversal) {
    auto r = srv->http("GET", "/console");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'; script-src 'self'"), std::string::npos);
    EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    // The visitor page is embedded by clinic sites (web/widget.js); staff pages never are.
    auto visitor = srv->http("GET", "/");
    EXPECT_EQ(visitor.status, 200);
    EXPECT_NE(visitor.header("Content-Security-Policy").find("frame-ancestors *"), std::string::npos);
    EXPECT_EQ(visitor.header("X-Frame-Options"), "");
    for (const char* p : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%252e%252e/CMakeLists.txt"})
        EXPECT_EQ(srv->http("GET", p).status, 404) << p;
    EXPECT_EQ(srv->http("GET", "/healthz").status, 200);
    EXPECT_EQ(srv->http("GET", "/readyz").status, 200);
}

TEST_F(staffed, login_backs_off_per_account_and_address_and_per_address) {
    // Three free failures, the fourth starts a back-off of 1 s for this account from here.
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"li","password":"guess"})").status, 401);
    // Even the right password waits (it is not checked), and says why in Chinese.
    auto waiting = srv->http("POST", "/api/login", R"({"username":"li","password":"password1"})");
    EXPECT_EQ(waiting.status, 429);
    EXPECT_NE(waiting.body.find("too_many_attempts"), std::string::npos);
    EXPECT_NE(waiting.body.find("秒后再试"), std::string::npos);
    EXPECT_EQ(waiting.header("Retry-After"), "1");
    srv->clk().advance(1s);
    EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"li","password":"password1"})").status, 200);
    // Another account is not slowed by li's failures...
    EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"wang","password":"password1"})").status, 200);
    // ...until this address has failed too often across accounts (20 free in all).
    for (int i = 0; i < 17; ++i)
        EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"ghost)" + std::to_string(i) + R"(","password":"x"})").status, 401);
    auto sprayed = srv->http("POST", "/api/login", R"({"username":"boss","password":"password1"})");
    EXPECT_EQ(sprayed.status, 429);
    EXPECT_EQ(sprayed.header("Retry-After"), "1");
    srv->clk().advance(1s);
    EXPECT_EQ(srv->http("POST", "/api/login", R"({"username":"boss","password":"password1"})").status, 200);
}

// With `threads` network threads: two post each hand-over to the socket's strand, one writes it
// into the socket's corking layer at once (ws_limits::one_network_thread); the cut-off is the same.
void slow_reader_is_cut_off_and_others_go_on(staffed& t, int threads) {
    auto& srv = t.srv;
    auto staff = [&](const std::string& name) { return t.staff(name); };
    auto visitor = [&] { return t.visitor(); };
    srv.reset();
    t.boot([threads](server_config& c) {
        c.max_queue_bytes = 64 * 1024;
        c.threads = threads;
        // The slow conversation must be able to carry more than the kernel buffers between the
        // server and a reader that stopped (an open conversation's default is 1 MiB, which loopback
        // can absorb whole: then nothing ever waits in the server, and nothing is cut off).
        c.max_conversation_bytes = 0;
    });
    auto li = staff("li");
    auto wang = staff("wang");
    auto [slow, ws] = visitor();
    auto [fine, wf] = visitor();
    std::string slow_conv = str(ws, "conversation"), fine_conv = str(wf, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    ASSERT_TRUE(wang->next_of("assigned"));
    // Which consultant got which conversation does not matter: find the slow one's.
    auto owner_of = [&](const std::string& conv) { return srv->chat().consultant_of(conv).value_or(""); };
    ws_client& to_slow = owner_of(slow_conv) == "li" ? *li : *wang;
    ws_client& to_fine = owner_of(fine_conv) == "li" ? *li : *wang;
    slow->stop_reading();
    slow->send(say("我先不看了", "s1"));  // its read loop stops after this frame's reply
    std::string filler;
    while (filler.size() < 12 * 1024) filler += "您好请问有什么可以帮您";  // raises no finding
    // Kernel buffers on loopback hold a few MB before the server's queue grows, and how many
    // depends on the kernel's autotuning: send until the cut-off is seen, bounded at 3,000 x 12 KB
    // (36 MB, far past any loopback buffer). Each text differs, so none is a repeated reply.
    auto cut = [&] { return srv->chat().stats().visitor_sessions <= 1; };
    for (int i = 0; i < 3000 && !cut(); ++i)
        to_slow.send(say("第" + std::to_string(i) + "条" + filler, "b" + std::to_string(i), slow_conv));
    // The server dropped the slow socket (its conversation waits for a resume, as after any drop)...
    for (int i = 0; i < 1000 && !cut(); ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(srv->chat().stats().visitor_sessions, 1u) << "the slow reader was cut off";
    // ...and the other pair kept chatting.
    fine->send(say("我还在", "f1"));
    ASSERT_TRUE(fine->next_of("ack"));
    to_fine.send(say("您好，请讲。", "r1", fine_conv));
    auto m = fine->next_of("message", 10s);
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, "text"), "您好，请讲。");
}

TEST_F(staffed, a_consumer_that_stops_reading_is_cut_off_and_others_go_on) {
    slow_reader_is_cut_off_and_others_go_on(*this, 2);
}

TEST_F(staffed, with_one_network_thread_a_consumer_that_stops_reading_is_cut_off_and_others_go_on) {
    slow_reader_is_cut_off_and_others_go_on(*this, 1);
}

TEST_F(staffed, a_consumer_behind_by_less_than_max_queue_bytes_keeps_its_socket_and_gets_every_frame_in_order) {
    // The other side of the bound above: the frames a reader has not taken wait in the socket's
    // corking layer up to max-queue-bytes, and a reader that catches up before the bound keeps
    // its socket and gets them all, whole and in order (written synchronously while a socket
    // write is in flight, they leave behind it).
    srv.reset();
    boot([](server_config& c) {
        c.max_queue_bytes = 64 * 1024 * 1024;
        c.max_conversation_bytes = 0;  // the burst below is larger than an open conversation's default
        // Nor is it to be refused as a flood: a server that lags reads the burst at once.
        c.messages_per_second = 1e6;
        c.message_burst = 1e6;
    });
    auto li = staff("li");
    auto [slow, ws] = visitor();
    std::string conv = str(ws, "conversation");
    ASSERT_TRUE(li->next_of("assigned"));
    slow->stop_reading();
    slow->send(say("我先不看了", "s1"));  // its read loop stops after this frame's reply
    std::string filler;
    while (filler.size() < 12 * 1024) filler += "您好请问有什么可以帮您";  // raises no finding
    // 1,500 x 12 KB: more than loopback's kernel buffers take (a few MB), so most of it waits in
    // the server; well under the 64 MiB bound. Bounded.
    constexpr int burst = 1500;
    for (int i = 0; i < burst; ++i)
        li->send(say("第" + std::to_string(i) + "条" + filler, "b" + std::to_string(i), conv));
    // Every message acked: the server has handed each one to the slow socket too.
    for (int i = 0; i < burst; ++i) ASSERT_TRUE(li->next_of("ack", 10s)) << i;
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(srv->chat().stats().visitor_sessions, 1u) << "cut off below max-queue-bytes";
    slow->resume_reading();
    for (int i = 0; i < burst; ++i) {
        auto m = slow->next_of("message", 10s);
        ASSERT_TRUE(m) << i;
        ASSERT_EQ(str(*m, "text"), "第" + std::to_string(i) + "条" + filler);
    }
    slow->send(say("看完了", "s2"));
    EXPECT_TRUE(slow->next_of("ack"));
}
