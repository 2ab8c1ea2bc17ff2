#include "core/visitor_frames.hpp"

#include "core/json_writer.hpp"

namespace lingting::frames {

frame browsing_welcome(const std::string& visitor, const std::string& department, bool online) {
    json_writer w;
    w.begin_object()
        .field("type", "browsing")
        .field("visitor", visitor)
        .field("department", department)
        .field("online", online)
        .end_object();
    return std::make_shared<const std::string>(w.str());
}

frame availability(const std::string& department, bool online) {
    json_writer w;
    w.begin_object().field("type", "availability").field("department", department).field("online", online).end_object();
    return std::make_shared<const std::string>(w.str());
}

frame clinic(const std::string& name, const std::string& greeting, std::span<const std::string> departments,
             const std::string& department) {
    json_writer w;
    w.begin_object().field("type", "clinic").field("name", name).field("greeting", greeting);
    w.key("departments").begin_array();
    for (auto& d : departments) w.value(d);
    w.end_array().field("department", department).end_object();
    return std::make_shared<const std::string>(w.str());
}

frame served_by(const std::string& conversation, const std::string& consultant) {
    json_writer w;
    w.begin_object()
        .field("type", "status")
        .field("conversation", conversation)
        .field("state", "served")
        .field("consultant", consultant)
        .end_object();
    return std::make_shared<const std::string>(w.str());
}

std::vector<frame> replay(const std::string& conversation, std::span<const message> ms, std::uint64_t after,
                          std::size_t budget_bytes) {
    std::vector<frame> newest_first;
    std::size_t bytes = 0;
    for (auto m = ms.rbegin(); m != ms.rend() && m->seq > after; ++m) {
        auto f = message_frame(conversation, *m);
        bytes += f->size();  // the real size: escapes can make a frame far longer than its text
        if (!newest_first.empty() && bytes > budget_bytes) break;
        newest_first.push_back(std::move(f));
    }
    return {newest_first.rbegin(), newest_first.rend()};
}

}  // namespace lingting::frames
