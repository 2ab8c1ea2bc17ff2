// Everything `lingting` is told at start-up: the server's settings (core/config.hpp) and the
// store's (store/store_options.hpp), from one config file and one set of --key=value flags.
// Each key belongs to exactly one of them.
#pragma once

#include "core/config.hpp"
#include "store/store_options.hpp"

#include <string>
#include <vector>

namespace lingting {

struct settings {
    server_config server;
    store_options store;
};

// Applies one "key = value" to whichever part knows the key; returns an error text or empty.
std::string apply_setting(settings& s, const std::string& key, const std::string& value);
std::vector<config_error> load_config_file(settings& s, const std::string& path);
// Every documented key, the server's and the store's, for --help.
std::string settings_help();

}  // namespace lingting
