// The real binary's command line: the offline audit (staff accounts: cli_user_test.cpp).
#include "process.hpp"

#include "auth/password.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lingting::testing;
namespace fs = std::filesystem;

TEST(cli, analyze_prints_findings_and_ending_as_json) {
    temp_dir d;
    std::ofstream(d.path / "t.jsonl")
        << R"({"department":"不孕不育"})" "\n"
        << R"({"at":"2026-11-22T22:55:00+08:00","from":"visitor","text":"一侧输卵管切除还能怀孕吗?"})" "\n"
        << R"({"at":"2026-11-22T22:55:20+08:00","from":"consultant","text":"只要他另一侧正常就可以怀孕的，祝你好孕，再见"})" "\n"
        << R"({"at":"2026-11-22T22:55:25+08:00","event":"end"})" "\n";
    process p({"analyze", (d.path / "t.jsonl").string(), "--lexicon", std::string(LINGTING_SOURCE_DIR) + "/lexicon"});
    std::string out = p.read_all();
    ASSERT_EQ(exit_code(p.wait()), 0);
    rapidjson::Document doc;
    doc.Parse(out.c_str());
    ASSERT_TRUE(doc.IsObject()) << out;
    EXPECT_EQ(std::string(doc["ending"].GetString()), "consultant");
    ASSERT_EQ(doc["findings"].Size(), 1u) << out;
    EXPECT_EQ(std::string(doc["findings"][0]["kind"].GetString()), "wasted_intent");
    EXPECT_EQ(doc["findings"][0]["seq"].GetUint(), 1u);
}

TEST(cli, analyze_names_the_malformed_line) {
    temp_dir d;
    std::ofstream(d.path / "bad.jsonl")
        << R"({"at":"2026-11-22T22:55:00+08:00","from":"visitor","text":"你好"})" "\n"
        << R"({"at":"2026-11-22 22:55:10","from":"consultant","text":"您好"})" "\n";
    process p({"analyze", (d.path / "bad.jsonl").string()});
    p.read_all();
    EXPECT_EQ(exit_code(p.wait()), 1);
}

TEST(cli, analyze_takes_several_files_and_reports_ime_typos_from_the_model) {
    temp_dir d;
    std::ofstream(d.path / "a.jsonl")
        << R"({"department":"妇科"})" "\n"
        << R"({"at":"2026-11-22T22:55:00+08:00","from":"visitor","text":"下面痒，白带像豆腐渣"})" "\n"
        << R"({"at":"2026-11-22T22:55:20+08:00","from":"consultant","text":"您描述的症状比较像霉菌性引导炎，建议来院检查。"})" "\n"
        << R"({"at":"2026-11-22T22:55:25+08:00","event":"end"})" "\n";
    std::ofstream(d.path / "bad.jsonl") << "not json\n";
    process p({"analyze", (d.path / "a.jsonl").string(), (d.path / "bad.jsonl").string(), (d.path / "a.jsonl").string()});
    std::string out = p.read_all();
    EXPECT_EQ(exit_code(p.wait()), 1) << "one file was malformed";
    std::istringstream lines(out);
    std::vector<std::string> results;
    for (std::string line; std::getline(lines, line);) results.push_back(line);
    ASSERT_EQ(results.size(), 3u) << out;
    for (std::size_t i : {0u, 2u}) {
        rapidjson::Document doc;
        doc.Parse(results[i].c_str());
        ASSERT_TRUE(doc.IsObject()) << results[i];
        bool found = false;
        for (auto& f : doc["findings"].GetArray())
            found |= std::string(f["rule"].GetString()) == "ime_model" && f["seq"].GetUint() == 2 &&
                     std::string(f["suggestion"].GetString()).starts_with("阴道");  // 引导(炎) -> 阴道(炎)
        EXPECT_TRUE(found) << results[i];
    }
    rapidjson::Document bad;
    bad.Parse(results[1].c_str());
    ASSERT_TRUE(bad.IsObject() && bad.HasMember("error")) << results[1];
}

// The audit runs with the server's settings: an operator's IME margins (here too large for any
// correction to win) change what `analyze` reports as they change what the server reports.
TEST(cli, analyze_runs_with_the_servers_ime_settings) {
    temp_dir d;
    std::ofstream(d.path / "a.jsonl")
        << R"({"department":"妇科"})" "\n"
        << R"({"at":"2026-11-22T22:55:00+08:00","from":"visitor","text":"下面痒，白带像豆腐渣"})" "\n"
        << R"({"at":"2026-11-22T22:55:20+08:00","from":"consultant","text":"您描述的症状比较像霉菌性引导炎，建议来院检查。"})" "\n"
        << R"({"at":"2026-11-22T22:55:25+08:00","event":"end"})" "\n";
    auto ime_findings = [&](std::vector<std::string> args) {
        args.push_back("analyze");
        args.push_back((d.path / "a.jsonl").string());
        process p(args);
        std::string out = p.read_all();
        EXPECT_EQ(exit_code(p.wait()), 0) << out;
        rapidjson::Document doc;
        doc.Parse(out.c_str());
        EXPECT_TRUE(doc.IsObject()) << out;
        int n = 0;
        if (doc.IsObject())
            for (auto& f : doc["findings"].GetArray()) n += std::string(f["rule"].GetString()) == "ime_model";
        return n;
    };
    EXPECT_EQ(ime_findings({}), 1);
    EXPECT_EQ(ime_findings({"--ime-margin=90", "--ime-clinic-margin=90", "--ime-word-margin=90", "--ime-medical-margin=90"}), 0);
    EXPECT_EQ(ime_findings({"--ime-check=false"}), 0);
}
