// Maps a URL path to a file under web/, refusing anything that would leave it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lingting {

struct static_file {
    std::string path;          // absolute path on disk
    std::string content_type;
};

// The pages' own routes ("/console" -> console.html) and plain files. nullopt for paths with
// "..", NUL, backslashes, bad escapes, or that resolve (through symlinks) outside web_root.
std::optional<static_file> resolve_static(const std::string& web_root, std::string_view url_path);

}  // namespace lingting
