#include "core/json_object.hpp"

#include "core/utf8.hpp"

#include <cstring>

namespace lingting {

namespace {

// Walks the whole document: text that is not UTF-8 anywhere outranks a NUL seen earlier.
void walk(const rapidjson::Value& v, text_fault& worst) {
    if (v.IsString()) {
        std::string_view s(v.GetString(), v.GetStringLength());
        if (!valid_utf8(s)) worst = text_fault::not_utf8;
        else if (worst == text_fault::none && std::memchr(s.data(), '\0', s.size()) != nullptr) worst = text_fault::nul;
    } else if (v.IsArray()) {
        for (auto& e : v.GetArray())
            if (worst != text_fault::not_utf8) walk(e, worst);
    } else if (v.IsObject()) {
        for (auto& m : v.GetObject())
            if (worst != text_fault::not_utf8) {
                walk(m.name, worst);
                walk(m.value, worst);
            }
    }
}

}  // namespace

text_fault find_text_fault(const rapidjson::Value& v) {
    text_fault worst = text_fault::none;
    walk(v, worst);
    return worst;
}

json_object parse_json_object(std::string_view body) {
    json_object r;
    r.doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (r.doc.HasParseError() || !r.doc.IsObject())
        r.problem = "请求格式错误。";
    else if (find_text_fault(r.doc) != text_fault::none)
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
