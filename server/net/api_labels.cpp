// GET /api/labels: every label the server knows, for the pages: web/js/labels.json's groups (which
// the pages also import) and the lexicon's (lexicon/cue_labels.tsv as "cues": the classifier's
// cue names in Chinese, which QA shows for a finding's detail). Any staff.
#include "core/json_writer.hpp"
#include "net/api.hpp"

namespace lingting {

std::optional<api_response> handle_labels_api(const api_request& req, std::string_view path, api_context& ctx) {
    if (path != "/api/labels" || req.method != "GET") return std::nullopt;
    json_writer w;
    w.begin_object();
    for (auto& [group, entries] : ctx.words().groups()) {
        w.key(group).begin_object();
        for (auto& [key, label] : entries) w.field(key, label);
        w.end_object();
    }
    w.end_object();
    return api_response{200, "application/json; charset=utf-8", w.str(), {}};
}

}  // namespace lingting
