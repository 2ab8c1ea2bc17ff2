// The rude-reply classifier's cue names in Chinese (lexicon/cue_labels.tsv), served with the
// pages' other labels (GET /api/labels) so QA reads why a finding fired, never a bare id.
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace lingting;
using namespace lingting::testing;

TEST(cue_labels, every_cue_of_the_classifier_has_a_chinese_label_served_with_the_others) {
    test_server srv;
    srv.add_staff("qa1", role::qa);
    auto r = srv.http("GET", "/api/labels", {}, srv.login("qa1"));
    ASSERT_EQ(r.status, 200) << r.body;
    auto labels = parse(r.body);
    ASSERT_TRUE(labels.HasMember("kinds")) << "web/js/labels.json's groups";
    ASSERT_TRUE(labels.HasMember("cues")) << "lexicon/cue_labels.tsv";
    EXPECT_STREQ(labels["cues"]["scroll_up"].GetString(), "叫客户往上翻");
    // Every cue and modifier the classifier can name in a detail (lexicon/reply_cues.tsv).
    std::ifstream in(srv.lexicon_dir + "/reply_cues.tsv");
    std::string line;
    int names = 0;
    while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        auto type = line.substr(0, tab);
        if (type != "cue" && type != "modifier" && type != "message_modifier") continue;
        auto name = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
        ++names;
        EXPECT_TRUE(labels["cues"].HasMember(name.c_str())) << name << " has no label in lexicon/cue_labels.tsv";
        if (labels["cues"].HasMember(name.c_str())) {
            EXPECT_TRUE(has_chinese(labels["cues"][name.c_str()].GetString()));
        }
    }
    EXPECT_GT(names, 100);
    EXPECT_EQ(srv.http("GET", "/api/labels", {}).status, 401);
}
