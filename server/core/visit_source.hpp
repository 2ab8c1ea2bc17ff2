// Where a visitor came from: the source (search engine, ad campaign, other site, direct) and the
// search keyword, derived from the referrer and the landing URL with rules kept as data
// (lexicon/sources.tsv). Pure: no I/O but glibc's iconv for GBK-encoded keywords.
// Every input is visitor-supplied: malformed or overlong input gives no keyword, never garbage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

// One search engine: hosts (a host matches itself and its subdomains), the query parameters
// that carry the keyword (first present wins) and those naming the page's charset (Baidu `ie`).
struct search_engine_rule {
    std::string name;
    std::vector<std::string> hosts, keyword_params, charset_params;
};

struct source_rules {
    std::vector<search_engine_rule> engines;
    // Campaign parameters of the landing URL (utm_*): the first present of each list is used.
    std::vector<std::string> campaign_source_params, campaign_name_params, campaign_keyword_params;
    // Cost of one conversation by source name or "campaign:NAME" (yuan); absent: the department's.
    std::map<std::string, double> cost;

    // The built-in rules (the shipped sources.tsv's engines), for a lexicon without the file.
    static source_rules builtin();
    // One sources.tsv line already split at TABs (trimmed); returns an error text or "".
    std::string add_line(const std::vector<std::string>& fields);
};

enum class source_kind : std::uint8_t { direct, search, campaign, referral };
std::string_view to_string(source_kind k);

struct visit_source {
    source_kind kind = source_kind::direct;
    std::string source;    // engine name, utm_source, the referring host, or "" (direct)
    std::string keyword;   // the search keyword (or the campaign's term), valid UTF-8, capped
    std::string campaign;  // utm_campaign, valid UTF-8, capped
};

// Caps of what is kept (bytes, cut at a character boundary).
inline constexpr std::size_t max_keyword_bytes = 200;
inline constexpr std::size_t max_campaign_bytes = 100;
inline constexpr std::size_t max_source_bytes = 100;

visit_source derive_visit_source(const source_rules& rules, std::string_view referrer, std::string_view landing);

// The cost of a conversation from this source: by campaign, then source, else `fallback`.
double source_cost(const source_rules& rules, const visit_source& s, double fallback);

// What the widget reported of the visit (visitor query parameters, each already UTF-8 checked and
// capped by the shell) plus the User-Agent header.
struct visit_capture {
    std::string referrer, landing, landing_title, page;  // page: the one the chat was opened on
    std::uint32_t pages = 0;                              // pages viewed in this visit
    std::string browser_id;                               // the widget's long-lived random id, or ""
    std::string user_agent;
};

// A conversation's visit: the capture, and what the rules read in it.
struct visit_record {
    visit_capture capture;
    visit_source source;
    std::string device;  // device_info::label()
    double cost = 0;     // a conversation's cost by source or campaign (sources.tsv); 0: the department's
    bool empty() const { return capture.referrer.empty() && capture.landing.empty() && capture.browser_id.empty(); }
};
visit_record make_visit_record(const source_rules& rules, visit_capture capture);

// Helpers, exposed for tests.
// The lower-cased host of an http(s) URL, or "" if it has none.
std::string url_host(std::string_view url);
// The raw (still percent-encoded) value of `key` in the URL's query, if present.
std::optional<std::string_view> url_query_value(std::string_view url, std::string_view key);
// Percent-decoding ('+' is a space) of a query value into text: as GBK (GB18030) when `charset`
// says so, else UTF-8, else GB18030 if the bytes are not UTF-8; "" when malformed or undecodable.
std::string decode_query_text(std::string_view raw, std::string_view charset);

}  // namespace lingting
