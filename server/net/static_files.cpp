#include "net/static_files.hpp"

#include "net/api.hpp"

#include <filesystem>
#include <map>

namespace lingting {
namespace {

std::string mime(const std::filesystem::path& p) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
        {".png", "image/png"}, {".ico", "image/x-icon"}, {".mp3", "audio/mpeg"},
        {".wav", "audio/wav"}, {".txt", "text/plain; charset=utf-8"}};
    auto it = types.find(p.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

std::optional<static_file> resolve_static(const std::string& web_root, std::string_view url_path) {
    namespace fs = std::filesystem;
    static const std::map<std::string_view, std::string_view> pages = {
        {"/", "/index.html"}, {"/console", "/console.html"},
        {"/supervisor", "/supervisor.html"}, {"/qa", "/qa.html"}};
    if (auto p = pages.find(url_path); p != pages.end()) url_path = p->second;
    auto decoded = url_decode(url_path);
    if (!decoded || decoded->empty() || (*decoded)[0] != '/') return std::nullopt;
    for (char c : *decoded)
        if (c == '\0' || c == '\\') return std::nullopt;
    fs::path rel = fs::path(decoded->substr(1)).lexically_normal();
    if (rel.is_absolute()) return std::nullopt;
    for (auto& part : rel)
        if (part == "..") return std::nullopt;
    std::error_code ec;
    fs::path root = fs::canonical(web_root, ec);
    if (ec) return std::nullopt;
    fs::path full = fs::canonical(root / rel, ec);  // resolves symlinks
    if (ec || !fs::is_regular_file(full, ec)) return std::nullopt;
    auto [r, f] = std::mismatch(root.begin(), root.end(), full.begin(), full.end());
    if (r != root.end()) return std::nullopt;  // a symlink led outside web/
    return static_file{full.string(), mime(full)};
}

}  // namespace lingting
