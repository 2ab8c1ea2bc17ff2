#include "core/json_object.hpp"

#include <cstring>

namespace lingting {

namespace {

bool holds_nul(const rapidjson::Value& v) {
    if (v.IsString()) return std::memchr(v.GetString(), '\0', v.GetStringLength()) != nullptr;
    if (v.IsArray()) {
        for (auto& e : v.GetArray())
            if (holds_nul(e)) return true;
        return false;
    }
    if (v.IsObject())
        for (auto& m : v.GetObject())
            if (holds_nul(m.name) || holds_nul(m.value)) return true;
    return false;
}

}  // namespace

json_object parse_json_object(std::string_view body) {
    json_object r;
    r.doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (r.doc.HasParseError() || !r.doc.IsObject())
        r.problem = "请求格式错误。";
    else if (holds_nul(r.doc))
        r.problem = "请求含有无效字符。";
    return r;
}

std::optional<std::string> string_member(const rapidjson::Value& object, const char* name) {
    if (!object.IsObject()) return std::nullopt;
    auto it = object.FindMember(name);
    if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace lingting
