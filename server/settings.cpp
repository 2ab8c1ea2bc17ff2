#include "settings.hpp"

namespace lingting {

std::string apply_setting(settings& s, const std::string& key, const std::string& value) {
    if (is_store_setting(key)) return apply_store_setting(s.store, key, value);
    return apply_setting(s.server, key, value);
}

std::vector<config_error> load_config_file(settings& s, const std::string& path) {
    return load_config_file(path, [&s](const std::string& key, const std::string& value) {
        return apply_setting(s, key, value);
    });
}

std::string settings_help() { return config_help() + "store:\n" + store_settings_help(); }

}  // namespace lingting
