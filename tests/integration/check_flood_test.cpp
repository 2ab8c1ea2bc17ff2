// A consultant flooding the pre-send check with long drafts, with libime's real model. The check
// runs on the relay's thread and libime's part costs in proportion to the text (about 0.4 s for
// 16 KiB on the loaded test machine): repro on the real binary, five such checks held a
// visitor's ack back 1.2 s, and the frame budget allows 20 at once and 5 a second from each tab.
// Now only drafts up to 1 KiB get the IME check at once (a sent message still gets it later, off
// the relay's thread); a normal draft keeps it.
#include "test_server.hpp"

#include "net/hub.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace lingting;
using namespace lingting::testing;

namespace {

std::string str(const json& j, const char* key) { return j[key].GetString(); }

}  // namespace

TEST(check_flood, long_drafts_checked_in_a_burst_do_not_hold_up_the_relay) {
    test_server srv([](server_config& c) { c.ime_check = true; });
    ASSERT_NE(srv.chat().ime(), nullptr) << "libime-data and libime-data-language-model are installed by install-deps";
    srv.add_staff("li", role::consultant);
    ws_client li, v;
    auto w = open_chat(srv.port(), li, v);
    ASSERT_TRUE(w);
    std::string conv = str(*w, "conversation");
    ASSERT_TRUE(li.next_of("assigned"));
    auto check = [&](const std::string& text) {
        li.send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + text + R"("})");
        return li.next_of("check_result", 30s);
    };
    auto has_ime_finding = [](const json& frame, const char* array) {
        for (auto& f : frame[array].GetArray())
            if (std::string(f["rule"].GetString()) == "ime_model") return true;
        return false;
    };

    // A normal draft still gets libime's finding at once.
    const std::string typo = "您描述的症状比较像霉菌性引导炎，建议来院检查。";
    auto short_result = check(typo);
    ASSERT_TRUE(short_result);
    EXPECT_TRUE(has_ime_finding(*short_result, "findings")) << "a normal draft lost its IME check";

    // A draft over 1 KiB gets its check at once without libime's part; sent, the worker finds it.
    std::string long_typo;
    while (long_typo.size() <= 1024) long_typo += typo;
    auto long_result = check(long_typo);
    ASSERT_TRUE(long_result);
    EXPECT_FALSE(has_ime_finding(*long_result, "findings")) << "libime ran on the relay's thread for a long draft";
    li.send(say(long_typo, "c-long-1", conv));
    bool found_later = false;
    while (auto f = li.next(10s)) {
        if (str(*f, "type") != "finding") continue;
        if (std::string((*f)["finding"]["rule"].GetString()) == "ime_model") {
            found_later = true;
            break;
        }
    }
    EXPECT_TRUE(found_later) << "the sent long message never got its IME finding";

    // The flood: 17 drafts of some 15 KB (with the 3 above, the burst of 20). Loose bound: before,
    // they held the relay's lock for 2 s (fast machine) to 7 s (the loaded test machine).
    const std::string words[] = {"您好", "请问", "具体", "情况", "我们", "医院", "专家", "建议", "尽快", "检查",
                                 "治疗", "费用", "大概", "之间", "预约", "时间"};
    std::string draft;
    for (int i = 0; draft.size() < 15000; ++i) draft += words[(i * 7 + i / 3) % 16];
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 17; ++i)
        li.send(R"({"type":"check","conversation":")" + conv + R"(","text":")" + draft + R"("})");
    v.send(say("医生还在吗？", "v-during-checks-1"));
    ASSERT_TRUE(v.next_of("ack", 30s));
    for (int i = 0; i < 17; ++i) ASSERT_TRUE(li.next_of("check_result", 30s)) << "every check is answered";
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, 1500ms) << "17 checks took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                            << " ms of the relay's time";
}
