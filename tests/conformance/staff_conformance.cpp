// Staff and tokens, as auth_service and `lingting user` use them.
#include "store_conformance.hpp"

#include "auth/auth_service.hpp"
#include "auth/password.hpp"

#include <algorithm>

namespace lingting::conformance {

TEST_P(store_conformance, login_tokens_expiry_and_disable) {
    auto& s = store();
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {"男科"}, false, crypto::hash_password("secret1", 1000)}));
    EXPECT_FALSE(s.add_staff({"li", role::qa, {}, false, "x"}));
    auth_service auth(s, 3600);
    EXPECT_FALSE(auth.login("li", "wrong", t0));
    EXPECT_FALSE(auth.login("nobody", "secret1", t0));
    auto r = auth.login("li", "secret1", t0);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->r, role::consultant);
    EXPECT_EQ(r->token.size(), 64u);
    auto who = auth.authenticate(r->token, t0 + seconds{10});
    ASSERT_TRUE(who);
    EXPECT_EQ(who->departments, std::vector<std::string>{"男科"});
    EXPECT_EQ(s.token_expiry(r->token, t0), t0 + seconds{3600});
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{3601})) << "expired";
    EXPECT_FALSE(s.token_expiry(r->token, t0 + seconds{3601}));
    EXPECT_FALSE(auth.authenticate("forged", t0));
    ASSERT_TRUE(s.set_staff_disabled("li", true));
    EXPECT_FALSE(auth.authenticate(r->token, t0 + seconds{10}));
    EXPECT_FALSE(auth.login("li", "secret1", t0));
    EXPECT_FALSE(s.set_staff_disabled("nobody", true));
}

TEST_P(store_conformance, staff_are_added_in_bulk_listed_disabled_and_their_tokens_revoked) {
    auto& s = store();
    ASSERT_TRUE(s.add_staff({"li", role::consultant, {}, false, "h1"}));
    EXPECT_EQ(s.add_staff_many({{"li", role::qa, {}, false, "h2"},
                                {"wang", role::supervisor, {"男科", "妇科"}, false, "h3"},
                                {"zhao", role::qa, {}, false, "h4"}}),
              2u)
        << "a name that exists is skipped";
    auto all = reopen().all_staff();
    std::vector<std::string> names;
    for (auto& x : all) names.push_back(x.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"li", "wang", "zhao"}));
    auto wang = store().staff("wang");
    ASSERT_TRUE(wang);
    EXPECT_EQ(wang->r, role::supervisor);
    EXPECT_EQ(wang->departments, (std::vector<std::string>{"男科", "妇科"}));
    EXPECT_EQ(wang->password_hash, "h3");
    EXPECT_EQ(store().staff("li")->r, role::consultant) << "not replaced by the bulk add";
    EXPECT_FALSE(store().staff("nobody"));

    store().put_token("t-li", "li", t0 + seconds{60});
    store().put_token("t-zhao", "zhao", t0 + seconds{60});
    EXPECT_EQ(store().token_user("t-li", t0), "li");
    store().revoke_token("t-li");
    EXPECT_FALSE(store().token_user("t-li", t0));
    EXPECT_TRUE(store().disabled_staff().empty());
    ASSERT_TRUE(store().set_staff_disabled("zhao", true));
    EXPECT_EQ(store().disabled_staff(), std::vector<std::string>{"zhao"});
    EXPECT_FALSE(store().token_user("t-zhao", t0)) << "disabling removed the tokens";
    EXPECT_TRUE(store().staff("zhao")->disabled);
    ASSERT_TRUE(store().set_staff_disabled("zhao", false));
    EXPECT_TRUE(store().disabled_staff().empty());
}

}  // namespace lingting::conformance
