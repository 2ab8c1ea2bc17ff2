// What the desk keeps beside the chat: leave-a-message leads and canned replies (快捷回复).
#include "store_conformance.hpp"

namespace lingting::conformance {
namespace {

canned_reply department_reply(const std::string& d, const std::string& title = "问候") {
    canned_reply r;
    r.department = d;
    r.title = title;
    r.text = "您好，请问有什么可以帮您？";
    r.updated_at = t0;
    return r;
}

}  // namespace

TEST_P(store_conformance, a_lead_is_stored_listed_while_open_and_closed_once_with_who_and_when) {
    {
        auto& s = store();
        lead l;
        l.name = "王女士";
        l.phone = "13800138000";
        l.message = "想预约";
        l.department = "妇科";
        l.address = "198.51.100.1";
        l.created = t0;
        auto first = s.add_lead(l);
        l.name = "张先生";
        l.created = t0 + seconds{5};
        auto second = s.add_lead(l);
        EXPECT_GT(second, first);
        auto open = s.leads(100, 0);
        ASSERT_EQ(open.size(), 2u);
        EXPECT_EQ(open[0].id, first) << "oldest first";
        EXPECT_EQ(open[0].name, "王女士");
        EXPECT_EQ(open[0].created, t0);
        EXPECT_FALSE(open[0].closed_at);
        EXPECT_TRUE(s.close_lead(first, "li", t0 + seconds{60}));
        EXPECT_FALSE(s.close_lead(first, "wang", t0 + seconds{61})) << "closed once";
        EXPECT_FALSE(s.close_lead(99999, "li", t0)) << "unknown";
    }
    auto& again = reopen();  // durable
    auto open = again.leads(100, 0);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].name, "张先生");
    auto with_closed = again.leads(100, 10);
    ASSERT_EQ(with_closed.size(), 2u);
    EXPECT_EQ(with_closed[1].closed_by, "li");
    EXPECT_EQ(with_closed[1].closed_at, t0 + seconds{60});
    auto one = again.lead_by_id(with_closed[1].id);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->closed_by, "li");
}

TEST_P(store_conformance, canned_replies_list_by_department_and_owner_and_seed_once) {
    {
        auto& s = store();
        std::vector<canned_reply> defaults{department_reply("口腔", "a"), department_reply("口腔", "b"),
                                           department_reply("男科", "c")};
        EXPECT_EQ(s.seed_canned_replies(defaults, t0), 3);
        EXPECT_EQ(s.seed_canned_replies(defaults, t0), 0) << "written once";
        auto all = s.canned_replies({}, "");
        ASSERT_EQ(all.size(), 3u);
        // A deleted default stays deleted; a new department is seeded on its own.
        EXPECT_TRUE(s.delete_canned_reply(all[0].id));
        defaults.push_back(department_reply("妇科", "d"));
        EXPECT_EQ(s.seed_canned_replies(defaults, t0), 1);
        canned_reply mine;
        mine.owner = "li";
        mine.title = "我的";
        mine.text = "好的，马上为您安排。";
        mine.updated_at = t0;
        auto id = s.add_canned_reply(mine);
        EXPECT_GT(id, 0);
        EXPECT_EQ(s.count_canned_replies("", "li"), 1);
        EXPECT_EQ(s.count_canned_replies("口腔", ""), 1);
        EXPECT_TRUE(s.update_canned_reply(id, "我的2", "改过的", "li", t0));
        EXPECT_FALSE(s.update_canned_reply(99999, "x", "y", "li", t0));
    }
    auto& s = reopen();  // reopened: it was durable
    auto li = s.canned_replies({"口腔"}, "li");
    ASSERT_EQ(li.size(), 2u);
    EXPECT_EQ(li[0].department, "口腔");
    EXPECT_EQ(li[0].title, "b");
    EXPECT_EQ(li[1].owner, "li");
    EXPECT_EQ(li[1].text, "改过的");
    auto r = s.canned_reply_by_id(li[1].id);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->title, "我的2");
    EXPECT_EQ(s.canned_replies({}, "").size(), 3u) << "口腔 b, 男科 c, 妇科 d";}

}  // namespace lingting::conformance
