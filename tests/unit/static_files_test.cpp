#include "auth/password.hpp"
#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace lingting;
namespace fs = std::filesystem;

class static_files_test : public ::testing::Test {
protected:
    fs::path base = fs::temp_directory_path() / ("lingting-web-" + crypto::random_hex(6));
    fs::path web = base / "web";
    void SetUp() override {
        fs::create_directories(web / "js");
        std::ofstream(web / "index.html") << "<!doctype html>";
        std::ofstream(web / "console.html") << "console";
        std::ofstream(web / "js" / "app.js") << "//";
        std::ofstream(base / "secret.txt") << "secret";
        fs::create_symlink(base / "secret.txt", web / "link.txt");
    }
    void TearDown() override { fs::remove_all(base); }
};

TEST_F(static_files_test, serves_pages_and_files_with_types) {
    auto index = resolve_static(web.string(), "/");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
    EXPECT_TRUE(resolve_static(web.string(), "/console"));
    auto js = resolve_static(web.string(), "/js/app.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
}

TEST_F(static_files_test, refuses_traversal_in_every_form) {
    for (const char* p : {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt",
                          "/%252e%252e/secret.txt", "/..%2fsecret.txt", "//etc/passwd", "/link.txt",
                          "/js\\..\\..\\secret.txt", "/%00", "/%zz", "/nothing.html", "/js"}) {
        EXPECT_FALSE(resolve_static(web.string(), p)) << p;
    }
}
