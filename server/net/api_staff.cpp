// GET /api/staff: every consultant's presence and load, for the console's transfer choices (a
// consultant picks a colleague who is there) and anyone else on staff who is not QA. Read from
// the live core; the same lines the board gets as staff_list/staff_update frames.
#include "core/json_writer.hpp"
#include "net/api.hpp"
#include "net/hub.hpp"

namespace lingting {

std::optional<api_response> handle_roster_api(const api_request& req, std::string_view path,
                                              const staff_identity& who, api_context& ctx) {
    if (path != "/api/staff") return std::nullopt;
    if (req.method != "GET") return json_error(405, "method_not_allowed", "请使用 GET。");
    if (who.r != role::consultant && who.r != role::supervisor)
        return json_error(403, "forbidden", "您的身份无权查看咨询师状态。");
    json_writer w;
    w.begin_object().key("staff").begin_array();
    for (auto& e : ctx.chat.roster()) {
        w.begin_object().field("name", e.name).field("state", to_string(e.state)).field("connected", e.connected)
            .field("load", e.load).field("max", e.max).key("departments").begin_array();
        for (auto& d : e.departments) w.value(d);
        w.end_array().end_object();
    }
    w.end_array().end_object();
    return api_response{200, "application/json; charset=utf-8", w.str(), {}};
}

}  // namespace lingting
