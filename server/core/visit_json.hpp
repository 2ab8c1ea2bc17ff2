// The visit of a conversation as JSON: in the `visit` frame the consultant gets on assignment
// (the visitor panel) and in the API's conversation detail. Every field is visitor-supplied and
// already capped and UTF-8 checked; the writer still replaces any bad byte.
#pragma once

#include "core/json_writer.hpp"
#include "core/visit_source.hpp"

#include <memory>
#include <string>

namespace lingting {

// Writes the visit's fields into the object being written (no braces).
void write_visit_fields(json_writer& w, const visit_record& v);

namespace frames {
// {"type":"visit","conversation":..., source, keyword, landing, ...}: sent with `assigned`.
std::shared_ptr<const std::string> visit(const std::string& conversation, const visit_record& v);
}  // namespace frames

}  // namespace lingting
