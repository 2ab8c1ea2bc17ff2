// PostgreSQL killed (kill -9 of the postmaster and every backend) under a stream of writes:
// every write that was acknowledged is there after the server comes back, the writes while it
// is away fail (never a false ack), reads throw store_error, readiness follows, and the store
// recovers by itself, without being reopened. Each test starts its own server, since it kills it.
#include "support/pg_server.hpp"

#include "store/pg_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace lingting;
using lingting::testing::pg_server;

namespace {

const time_point t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}};
using clock_type = std::chrono::steady_clock;

// Waits (bounded) until `ok` holds.
template <class F> bool eventually(F ok, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    auto deadline = clock_type::now() + limit;
    while (!ok()) {
        if (clock_type::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// A sender of one conversation's messages, as the relay submits them: each one's completion
// says whether it was acknowledged.
struct stream {
    message_store& store;
    std::string conversation;
    stream(message_store& s, std::string c) : store(s), conversation(std::move(c)) {}
    std::mutex m;
    std::map<std::uint64_t, bool> outcome;  // seq -> acked
    std::atomic<std::uint64_t> next{1};

    std::uint64_t send() {
        auto seq = next++;
        store.submit(append_message{conversation, {seq, sender::visitor, "", "第" + std::to_string(seq) + "句",
                                                   t0 + milliseconds{seq}, ""}},
                     [this, seq](bool ok) {
                         std::lock_guard l(m);
                         outcome[seq] = ok;
                     });
        return seq;
    }
    std::set<std::uint64_t> acked() {
        std::lock_guard l(m);
        std::set<std::uint64_t> out;
        for (auto& [seq, ok] : outcome)
            if (ok) out.insert(seq);
        return out;
    }
    std::size_t answered() {
        std::lock_guard l(m);
        return outcome.size();
    }
};

}  // namespace

TEST(pg_crash, kill9_mid_stream_keeps_every_acked_write_and_the_store_recovers_by_itself) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server server;
    auto uri = server.create_database();
    std::mutex failures_m;
    int failure_reports = 0;
    pg_store s(uri, {512, {}, std::chrono::milliseconds{20}, std::chrono::milliseconds{200}},
               [&](const store_failure&) {
                   std::lock_guard l(failures_m);
                   ++failure_reports;
               });
    std::promise<bool> opened;
    s.submit(open_conversation{"c1", "男科", "r1", t0, {}}, [&](bool ok) { opened.set_value(ok); });
    ASSERT_TRUE(opened.get_future().get());
    stream st(s, "c1");

    // A steady stream from another thread (bounded in count and time) while the server dies;
    // a jthread, so that a failed ASSERT stops and joins it rather than ending the process.
    std::jthread sender([&](std::stop_token stop) {
        auto deadline = clock_type::now() + std::chrono::seconds(60);
        for (int i = 0; i < 200000 && !stop.stop_requested() && clock_type::now() < deadline; ++i) {
            st.send();
            std::this_thread::sleep_for(std::chrono::microseconds(300));
        }
    });
    ASSERT_TRUE(eventually([&] { return st.acked().size() >= 300; })) << "the stream is being acknowledged";
    server.kill9();
    auto acked_before_restart = [&] { return st.acked(); };

    // While it is away: writes fail, readiness goes, reads throw; no write is acknowledged.
    ASSERT_TRUE(eventually([&] { return !s.healthy(); }));
    auto during = st.next.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto acked_while_down = acked_before_restart();
    EXPECT_TRUE(std::none_of(acked_while_down.begin(), acked_while_down.end(), [&](auto seq) { return seq >= during; }))
        << "a write submitted while the server was dead was acknowledged";
    {
        std::lock_guard l(st.m);
        std::size_t failed = 0;
        for (auto& [seq, ok] : st.outcome) failed += !ok && seq >= during;
        EXPECT_GT(failed, 10u) << "writes during the outage fail promptly instead of waiting";
    }
    EXPECT_THROW(s.conversation("c1"), store_error);
    EXPECT_THROW(s.token_user("x", t0), store_error);
    EXPECT_THROW(s.put_token("x", "li", t0), store_error);
    EXPECT_FALSE(s.healthy());

    // The server comes back (crash recovery replays its WAL); the same store carries on.
    server.start();
    ASSERT_TRUE(eventually([&] { return s.healthy(); })) << "readiness came back without a restart";
    auto after = st.next.load();
    ASSERT_TRUE(eventually([&] {
        auto a = st.acked();
        return std::count_if(a.begin(), a.end(), [&](auto seq) { return seq >= after; }) >= 100;
    })) << "new writes are acknowledged again";
    sender.request_stop();
    sender.join();
    s.flush();
    EXPECT_EQ(st.answered(), st.next.load() - 1) << "every write heard back, one way or the other";

    // Every acknowledged message is in the database; failed ones may or may not be (a commit
    // whose answer was lost with the connection), but nothing else is.
    auto c = s.conversation("c1");
    ASSERT_TRUE(c);
    std::set<std::uint64_t> stored;
    for (auto& m : c->messages) {
        stored.insert(m.seq);
        EXPECT_EQ(m.text, "第" + std::to_string(m.seq) + "句");
    }
    auto acked = st.acked();
    std::vector<std::uint64_t> lost;
    std::set_difference(acked.begin(), acked.end(), stored.begin(), stored.end(), std::back_inserter(lost));
    EXPECT_TRUE(lost.empty()) << lost.size() << " acknowledged messages lost, the first seq " << lost.front();
    EXPECT_GT(acked.size(), 400u);
    EXPECT_LT(acked.size(), st.next.load() - 1) << "some writes failed during the outage";
    std::lock_guard l(failures_m);
    EXPECT_GT(failure_reports, 0) << "the failures were reported";
}

TEST(pg_crash, a_stopped_server_fails_reads_and_writes_cleanly_and_reconnects_when_back) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server server;
    auto uri = server.create_database();
    pg_store s(uri, {512, {}, std::chrono::milliseconds{20}, std::chrono::milliseconds{200}}, [](const store_failure&) {});
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "x"}));
    s.put_token("tok", "li", t0 + seconds{60});
    ASSERT_EQ(s.token_user("tok", t0), "li");

    // A clean shutdown (an administrator's restart) ends the sessions from the server's side.
    server.stop();
    EXPECT_THROW(s.token_user("tok", t0), store_error);
    EXPECT_THROW(s.put_token("tok2", "li", t0 + seconds{60}), store_error);
    EXPECT_FALSE(s.healthy());
    std::promise<bool> during;
    s.submit(open_conversation{"c1", "", "r", t0, {}}, [&](bool ok) { during.set_value(ok); });
    EXPECT_FALSE(during.get_future().get());

    server.start();
    // Readiness returns by itself, with nothing written (the writer keeps trying).
    ASSERT_TRUE(eventually([&] { return s.healthy(); }));
    EXPECT_EQ(s.token_user("tok", t0), "li") << "reads reconnect too";
    s.put_token("tok2", "li", t0 + seconds{60});
    EXPECT_EQ(s.token_user("tok2", t0), "li");
}

TEST(pg_crash, a_store_cannot_be_opened_without_its_server) {
    if (auto why = pg_server::missing()) GTEST_SKIP() << *why;
    pg_server server;
    auto uri = server.create_database();
    server.stop();
    EXPECT_THROW(pg_store s(uri), store_error);
}
