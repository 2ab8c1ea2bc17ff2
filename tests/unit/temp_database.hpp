// A path for one test's own SQLite database: a fresh folder (the store creates it) under one folder
// per test process, removed with everything in it when the process ends, so that no run of the
// suite leaves databases behind in /tmp (each full run used to leave seven).
#pragma once

#include "auth/password.hpp"

#include <filesystem>
#include <string>
#include <system_error>

namespace lingting::testing {

inline std::string temp_database() {
    struct process_dir {
        std::filesystem::path path =
            std::filesystem::temp_directory_path() / ("lingting-unit-" + crypto::random_hex(6));
        ~process_dir() {
            std::error_code ignored;  // nothing to remove if no test made a database
            std::filesystem::remove_all(path, ignored);
        }
    };
    static const process_dir root;
    return (root.path / crypto::random_hex(6) / "test.db").string();
}

}  // namespace lingting::testing
