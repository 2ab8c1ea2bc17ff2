#include "core/visit_source.hpp"

#include "core/device_info.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <iconv.h>

namespace lingting {
namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<std::string> split_commas(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        auto comma = s.find(',');
        auto part = s.substr(0, comma);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

// Percent-decoding to bytes; nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

// GB18030 (a superset of GBK and GB2312) to UTF-8 with glibc's iconv; nullopt if not valid.
std::optional<std::string> gbk_to_utf8(const std::string& in) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(in.size() * 2 + 4, '\0');
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    iconv_close(cd);
    if (r == static_cast<std::size_t>(-1) || src_left != 0) return std::nullopt;
    out.resize(out.size() - dst_left);
    return out;
}

// Visitor text to keep: control characters become spaces, runs of spaces one, trimmed, capped.
std::string clean_text(std::string_view s, std::size_t max_bytes) {
    std::string out;
    for (char c : s) {
        bool space = static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return std::string(utf8_prefix(out, max_bytes));
}

bool host_matches(std::string_view host, std::string_view pattern) {
    if (host == pattern) return true;
    return host.size() > pattern.size() && host.ends_with(pattern) && host[host.size() - pattern.size() - 1] == '.';
}

std::string first_param_text(std::string_view url, const std::vector<std::string>& keys, std::string_view charset,
                             std::size_t cap) {
    for (auto& k : keys)
        if (auto raw = url_query_value(url, k); raw && !raw->empty()) {
            auto text = clean_text(decode_query_text(*raw, charset), cap);
            if (!text.empty()) return text;
        }
    return {};
}

}  // namespace

std::string_view to_string(source_kind k) {
    switch (k) {
        case source_kind::search: return "search";
        case source_kind::campaign: return "campaign";
        case source_kind::referral: return "referral";
        case source_kind::direct: break;
    }
    return "direct";
}

source_rules source_rules::builtin() {
    source_rules r;
    r.engines = {
        {"baidu", {"baidu.com"}, {"wd", "word", "kw"}, {"ie"}},
        {"360", {"so.com", "360.cn"}, {"q"}, {}},
        {"sogou", {"sogou.com"}, {"query", "keyword"}, {}},
        {"shenma", {"sm.cn"}, {"q"}, {}},
        {"bing", {"bing.com"}, {"q"}, {}},
        {"google", {"google.com", "google.com.hk", "google.cn"}, {"q"}, {"ie"}},
    };
    r.campaign_source_params = {"utm_source"};
    r.campaign_name_params = {"utm_campaign"};
    r.campaign_keyword_params = {"utm_term"};
    return r;
}

std::string source_rules::add_line(const std::vector<std::string>& f) {
    if (f.empty() || f[0].empty()) return "empty line";
    if (f[0] == "engine") {
        if (f.size() < 4 || f.size() > 5 || f[1].empty() || f[2].empty() || f[3].empty())
            return "expected engine<TAB>name<TAB>hosts<TAB>keyword params[<TAB>charset params]";
        search_engine_rule e{f[1], split_commas(lower_ascii(f[2])), split_commas(f[3]),
                             f.size() == 5 ? split_commas(f[4]) : std::vector<std::string>{}};
        if (std::any_of(engines.begin(), engines.end(), [&](auto& x) { return x.name == e.name; }))
            return "engine '" + f[1] + "' listed twice";
        engines.push_back(std::move(e));
        return {};
    }
    if (f[0] == "campaign") {
        if (f.size() != 3 || f[2].empty()) return "expected campaign<TAB>source|name|keyword<TAB>params";
        auto params = split_commas(f[2]);
        if (f[1] == "source") campaign_source_params = std::move(params);
        else if (f[1] == "name") campaign_name_params = std::move(params);
        else if (f[1] == "keyword") campaign_keyword_params = std::move(params);
        else return "unknown campaign field '" + f[1] + "' (source, name, keyword)";
        return {};
    }
    if (f[0] == "cost") {
        double v = 0;
        if (f.size() != 3 || f[1].empty()) return "expected cost<TAB>source or campaign:NAME<TAB>yuan";
        auto [p, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), v);
        if (ec != std::errc{} || p != f[2].data() + f[2].size() || v < 0 || v > 1e6)
            return "cost must be a number in [0, 1000000]";
        cost[f[1]] = v;
        return {};
    }
    return "unknown kind '" + f[0] + "' (engine, campaign, cost)";
}

std::string url_host(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    auto s = lower_ascii(url.substr(0, scheme));
    if (s != "http" && s != "https") return {};
    auto rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    if (auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.find(']') == std::string_view::npos)
        rest = rest.substr(0, colon);
    while (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
    auto host = lower_ascii(rest);
    bool ok = !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '[' || c == ']' || c == ':';
    });
    return ok ? host : std::string();
}

std::optional<std::string_view> url_query_value(std::string_view url, std::string_view key) {
    auto q = url.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    auto query = url.substr(q + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        auto amp = query.find('&');
        auto part = query.substr(0, amp);
        auto eq = part.find('=');
        if (part.substr(0, eq) == key) return eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::string decode_query_text(std::string_view raw, std::string_view charset) {
    auto bytes = percent_decode(raw);
    if (!bytes) return {};
    auto cs = lower_ascii(charset);
    bool gbk = cs == "gbk" || cs == "gb2312" || cs == "gb18030" || cs == "cp936";
    if (!gbk && valid_utf8(*bytes)) return std::move(*bytes);
    auto converted = gbk_to_utf8(*bytes);
    if (converted && valid_utf8(*converted)) return std::move(*converted);
    return {};
}

visit_source derive_visit_source(const source_rules& rules, std::string_view referrer, std::string_view landing) {
    visit_source v;
    auto ref_host = url_host(referrer);
    auto land_host = url_host(landing);
    const search_engine_rule* engine = nullptr;
    for (auto& e : rules.engines) {
        for (auto& h : e.hosts)
            if (!ref_host.empty() && host_matches(ref_host, h)) engine = &e;
        if (engine) break;
    }
    auto utm_source = first_param_text(landing, rules.campaign_source_params, "", max_source_bytes);
    v.campaign = first_param_text(landing, rules.campaign_name_params, "", max_campaign_bytes);
    if (engine) {
        std::string charset;
        for (auto& p : engine->charset_params)
            if (auto raw = url_query_value(referrer, p); raw && !raw->empty()) {
                charset = decode_query_text(*raw, "");
                break;
            }
        v.kind = source_kind::search;
        v.source = engine->name;
        v.keyword = first_param_text(referrer, engine->keyword_params, charset, max_keyword_bytes);
    }
    if (!utm_source.empty() || !v.campaign.empty()) {
        v.kind = source_kind::campaign;
        if (v.source.empty()) v.source = utm_source;
    }
    if (v.keyword.empty())
        v.keyword = first_param_text(landing, rules.campaign_keyword_params, "", max_keyword_bytes);
    if (v.kind == source_kind::direct && !ref_host.empty() && ref_host != land_host) {
        v.kind = source_kind::referral;
        v.source = std::string(utf8_prefix(ref_host, max_source_bytes));
    }
    return v;
}

visit_record make_visit_record(const source_rules& rules, visit_capture capture) {
    visit_record r;
    r.source = derive_visit_source(rules, capture.referrer, capture.landing);
    r.cost = source_cost(rules, r.source, 0);
    r.device = capture.user_agent.empty() ? std::string() : read_user_agent(capture.user_agent).label();
    capture.user_agent.clear();  // read, not kept: it is a fingerprint
    r.capture = std::move(capture);
    return r;
}

double source_cost(const source_rules& rules, const visit_source& s, double fallback) {
    if (!s.campaign.empty())
        if (auto it = rules.cost.find("campaign:" + s.campaign); it != rules.cost.end()) return it->second;
    if (!s.source.empty())
        if (auto it = rules.cost.find(s.source); it != rules.cost.end()) return it->second;
    return fallback;
}

}  // namespace lingting
