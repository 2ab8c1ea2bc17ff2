#include "core/lead.hpp"

#include "core/utf8.hpp"

#include <rapidjson/document.h>

namespace lingting {
namespace {

// Text a visitor typed: no control characters but line breaks in the message.
bool clean_text(std::string_view s, bool lines) {
    for (unsigned char ch : s) {
        if (ch == '\n' && lines) continue;
        if (ch < 0x20 || ch == 0x7f) return false;
    }
    return true;
}

bool loose_phone(std::string_view s) {
    int digits = 0;
    for (char ch : s) {
        if (ch >= '0' && ch <= '9') ++digits;
        else if (ch != ' ' && ch != '+' && ch != '-' && ch != '(' && ch != ')') return false;
    }
    return digits >= 7 && digits <= 15;
}

}  // namespace

std::variant<lead, lead_form_error> parse_lead_form(std::string_view body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return lead_form_error{"", "请求格式错误。"};
    lead l;
    struct field_spec {
        const char* key;
        std::string* out;
        std::size_t limit;
        bool required, lines;
        const char* label;
    };
    for (auto f : {field_spec{"name", &l.name, lead_limits::name, false, false, "姓名"},
                   field_spec{"phone", &l.phone, lead_limits::phone, true, false, "电话"},
                   field_spec{"message", &l.message, lead_limits::message, false, true, "留言"},
                   field_spec{"department", &l.department, lead_limits::department, false, false, "科室"}}) {
        auto it = doc.FindMember(f.key);
        if (it == doc.MemberEnd() || it->value.IsNull()) {
            if (f.required) return lead_form_error{f.key, std::string("请填写") + f.label + "。"};
            continue;
        }
        if (!it->value.IsString()) return lead_form_error{f.key, std::string(f.label) + "格式错误。"};
        std::string v(it->value.GetString(), it->value.GetStringLength());
        // Trim the spaces a phone keyboard leaves.
        auto b = v.find_first_not_of(" \t\r\n");
        v = b == std::string::npos ? std::string() : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
        if (v.size() > f.limit) return lead_form_error{f.key, std::string(f.label) + "太长了。"};
        if (!valid_utf8(v) || !clean_text(v, f.lines))
            return lead_form_error{f.key, std::string(f.label) + "含有无效字符。"};
        if (v.empty() && f.required) return lead_form_error{f.key, std::string("请填写") + f.label + "。"};
        *f.out = std::move(v);
    }
    if (!loose_phone(l.phone)) return lead_form_error{"phone", "请填写正确的电话号码。"};
    return l;
}

}  // namespace lingting
