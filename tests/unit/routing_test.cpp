#include "core/routing.hpp"

#include <gtest/gtest.h>

using namespace lingting;

namespace {
const time_point t0{};
}

TEST(routing, least_loaded_online_consultant_of_the_department) {
    std::vector<routing_candidate> c = {
        {"a", {"男科"}, 1, true, t0},
        {"b", {"男科", "妇科"}, 0, true, t0},
        {"c", {"妇科"}, 0, true, t0},
        {"d", {"男科"}, 0, false, t0},  // offline
    };
    EXPECT_EQ(pick_consultant(c, "男科", 5), "b");
    EXPECT_EQ(pick_consultant(c, "口腔", 5), std::nullopt);
    EXPECT_EQ(pick_consultant(c, "男科", 5, "b"), "a");
}

TEST(routing, respects_the_maximum_and_serves_all_when_no_departments) {
    std::vector<routing_candidate> c = {{"a", {}, 2, true, t0}, {"b", {"男科"}, 2, true, t0}};
    EXPECT_EQ(pick_consultant(c, "口腔", 3), "a");
    EXPECT_EQ(pick_consultant(c, "男科", 2), std::nullopt);
    EXPECT_EQ(pick_consultant(c, "", 3), "a");  // no department: anyone
}

TEST(routing, ties_go_to_the_one_assigned_least_recently) {
    std::vector<routing_candidate> c = {{"a", {}, 1, true, t0 + seconds{10}}, {"b", {}, 1, true, t0 + seconds{5}}};
    EXPECT_EQ(pick_consultant(c, "", 5), "b");
}
