#include "net/visitor_query.hpp"

#include "core/utf8.hpp"
#include "net/query_string.hpp"

#include <algorithm>
#include <charconv>

namespace lingting {
namespace {

constexpr std::size_t max_department_bytes = 64;
constexpr std::size_t max_token_bytes = 128;
constexpr std::size_t max_url_bytes = 1024;
constexpr std::size_t max_title_bytes = 200;
constexpr std::size_t max_browser_id_bytes = 64;

// Tokens the server issues are hex; tests use short letters-and-digits ones.
bool token_shaped(std::string_view s) {
    return s.size() <= max_token_bytes && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
           });
}

}  // namespace

std::variant<visitor_query, visitor_query_error> parse_visitor_query(std::string_view query) {
    if (query.size() > 4096) return visitor_query_error{"query string too long"};
    // Every parameter, used or not, repeated or not, must decode to valid UTF-8: what is not
    // read today may be logged or read tomorrow.
    for (std::string_view rest = query; !rest.empty();) {
        auto amp = rest.find('&');
        auto part = rest.substr(0, amp);
        auto key = url_decode(part.substr(0, part.find('=')));
        auto value = part.find('=') == std::string_view::npos ? std::optional<std::string>("")
                                                                : url_decode(part.substr(part.find('=') + 1));
        if (!key || !value) return visitor_query_error{"malformed escape"};
        if (!valid_utf8(*key) || !valid_utf8(*value)) return visitor_query_error{"a parameter is not valid UTF-8"};
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    visitor_query q;
    auto field = [&](std::string_view key) -> std::variant<std::string, visitor_query_error> {
        auto v = query_param(query, key);
        if (!v) {
            // query_param answers nullopt for a malformed escape as for an absent key: tell them apart.
            for (std::string_view rest = query; !rest.empty();) {
                auto amp = rest.find('&');
                auto part = rest.substr(0, amp);
                if (part.substr(0, part.find('=')) == key) return visitor_query_error{"malformed escape in " + std::string(key)};
                if (amp == std::string_view::npos) break;
                rest.remove_prefix(amp + 1);
            }
            return std::string();
        }
        if (!valid_utf8(*v)) return visitor_query_error{std::string(key) + " is not valid UTF-8"};
        return std::move(*v);
    };
    auto get = [&](std::string_view key, std::string& out) -> std::optional<visitor_query_error> {
        auto r = field(key);
        if (auto* e = std::get_if<visitor_query_error>(&r)) return *e;
        out = std::move(std::get<std::string>(r));
        return std::nullopt;
    };
    std::string after, browse, pages;
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"department", &q.department},
                            {"invitation", &q.invitation}, {"resume", &q.resume}, {"after", &after},
                            {"browse", &browse}, {"ref", &q.referrer}, {"land", &q.landing},
                            {"title", &q.landing_title}, {"page", &q.page}, {"pages", &pages},
                            {"bid", &q.browser_id}})
        if (auto e = get(key, *out)) return *e;
    for (auto [out, cap] : {std::pair<std::string*, std::size_t>{&q.referrer, max_url_bytes}, {&q.landing, max_url_bytes},
                            {&q.page, max_url_bytes}, {&q.landing_title, max_title_bytes}})
        *out = std::string(utf8_prefix(*out, cap));
    // A malformed browser id or page count is ignored: they only inform the panel.
    if (q.browser_id.size() > max_browser_id_bytes || !token_shaped(q.browser_id)) q.browser_id.clear();
    if (!pages.empty()) {
        std::uint32_t n = 0;
        auto [p, ec] = std::from_chars(pages.data(), pages.data() + pages.size(), n);
        if (ec == std::errc{} && p == pages.data() + pages.size()) q.pages = std::min<std::uint32_t>(n, 9999);
    }
    if (q.department.size() > max_department_bytes) return visitor_query_error{"department too long"};
    if (!token_shaped(q.invitation)) return visitor_query_error{"malformed invitation"};
    if (!token_shaped(q.resume)) return visitor_query_error{"malformed resume token"};
    if (!after.empty()) {
        auto [p, ec] = std::from_chars(after.data(), after.data() + after.size(), q.after);
        if (ec != std::errc{} || p != after.data() + after.size()) return visitor_query_error{"malformed after"};
    }
    q.browse = browse == "1";
    return q;
}

}  // namespace lingting
