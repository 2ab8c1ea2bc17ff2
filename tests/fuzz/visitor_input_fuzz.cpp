// libFuzzer target: what an anonymous visitor controls. The input is a /ws/visitor query string
// (with the visit capture: ref, land, title, page, pages, bid; the title doubles as User-Agent),
// a newline, then page-view frames (one per line). Whatever the bytes, every frame the core then
// sends to staff is valid UTF-8 and bounded, and nothing crashes.
#include "core/chat_core.hpp"
#include "core/utf8.hpp"
#include "net/visitor_query.hpp"

#include <cstddef>
#include <cstdint>

namespace {

void check(const lingting::outbox& out) {
    for (auto& f : out.frames)
        if (!lingting::valid_utf8(*f.text) || f.text->size() > 8192) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace lingting;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto nl = input.find('\n');
    auto parsed = parse_visitor_query(input.substr(0, nl));
    auto* q = std::get_if<visitor_query>(&parsed);
    if (!q) return 0;  // refused with 400 before any socket exists
    if (!valid_utf8(q->department) || q->department.size() > 64) __builtin_trap();

    static const auto lex = builtin_lexicon();
    chat_core core(core_settings{}, lex);
    time_point now{};
    outbox out;
    core.staff_join(100, staff_identity{"li", role::consultant, {}}, now, out);
    core.staff_join(101, staff_identity{"boss", role::supervisor, {}}, now, out);
    out = {};
    if (q->browse) core.visitor_browse(1, q->department, now, out);
    else core.visitor_join(1, visitor_arrival{q->department, "192.0.2.1", q->invitation,
                                              visit_capture{q->referrer, q->landing, q->landing_title, q->page, q->pages,
                                                            q->browser_id, q->landing_title}},
                           "c1", "t1", now, out);
    // The source rules on the same hostile URLs: a keyword is valid UTF-8 within its cap, or none.
    auto src = derive_visit_source(lex->sources, q->referrer, q->landing);
    if (!valid_utf8(src.keyword) || src.keyword.size() > max_keyword_bytes || !valid_utf8(src.campaign) ||
        src.campaign.size() > max_campaign_bytes || !valid_utf8(src.source) || src.source.size() > max_source_bytes)
        __builtin_trap();
    check(out);
    std::string_view rest = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    while (!rest.empty()) {
        auto end = rest.find('\n');
        auto line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        auto frame = proto::decode(line);
        if (auto* f = std::get_if<proto::client_frame>(&frame)) {
            out = {};
            now += std::chrono::seconds(1);
            core.on_frame(1, *f, now, out);
            check(out);
        }
    }
    return 0;
}
