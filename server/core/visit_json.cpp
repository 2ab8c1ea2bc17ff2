#include "core/visit_json.hpp"

namespace lingting {

void write_visit_fields(json_writer& w, const visit_record& v) {
    w.field("source_kind", to_string(v.source.kind))
        .field("source", v.source.source)
        .field("keyword", v.source.keyword)
        .field("campaign", v.source.campaign)
        .field("referrer", v.capture.referrer)
        .field("landing", v.capture.landing)
        .field("landing_title", v.capture.landing_title)
        .field("page", v.capture.page)
        .field("pages", static_cast<std::uint64_t>(v.capture.pages))
        .field("device", v.device)
        .field("browser", v.capture.browser_id);
}

namespace frames {

std::shared_ptr<const std::string> visit(const std::string& conversation, const visit_record& v) {
    json_writer w;
    w.begin_object().field("type", "visit").field("conversation", conversation);
    write_visit_fields(w, v);
    w.end_object();
    return std::make_shared<const std::string>(w.str());
}

}  // namespace frames
}  // namespace lingting
