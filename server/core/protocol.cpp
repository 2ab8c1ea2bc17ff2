#include "core/protocol.hpp"

#include "core/json_object.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <functional>
#include <unordered_map>

namespace lingting::proto {

std::string_view to_string(error_code c) {
    switch (c) {
    case error_code::bad_json: return "bad_json";
    case error_code::bad_frame: return "bad_frame";
    case error_code::unknown_type: return "unknown_type";
    case error_code::too_large: return "too_large";
    case error_code::binary_frame: return "binary_frame";
    case error_code::forbidden: return "forbidden";
    case error_code::not_found: return "not_found";
    case error_code::ended: return "ended";
    case error_code::rate_limited: return "rate_limited";
    case error_code::bad_target: return "bad_target";
    case error_code::unavailable: return "unavailable";
    case error_code::blocked: return "blocked";
    case error_code::conversation_full: return "conversation_full";
    }
    return "?";
}

std::string_view user_message(error_code c) {
    switch (c) {
    case error_code::bad_json: return "消息格式错误，无法解析。";
    case error_code::bad_frame: return "消息缺少必要字段或字段类型不正确。";
    case error_code::unknown_type: return "不支持的消息类型。";
    case error_code::too_large: return "消息太长，请分段发送。";
    case error_code::binary_frame: return "不支持二进制消息，请发送文本。";
    case error_code::forbidden: return "您的身份无权执行此操作。";
    case error_code::not_found: return "会话不存在或您无权访问。";
    case error_code::ended: return "会话已结束。";
    case error_code::rate_limited: return "发送太快，请稍后再试。";
    case error_code::bad_target: return "目标不可用(不在线、不存在或队列为空)。";
    case error_code::unavailable: return "服务器暂时无法保存消息，请稍后重试。";
    case error_code::blocked: return "该消息含有不当用语，未发送。";
    case error_code::conversation_full: return "本次对话内容已达上限，消息未发送。请结束本次对话后重新咨询。";
    }
    return "";
}

namespace {

using object = rapidjson::Value;

struct reader {
    const object& o;
    decode_error* err = nullptr;
    std::string_view missing;

    // Reads a required (or optional) string field; records the first problem.
    bool str(const char* name, std::string& out, bool required = true) {
        auto it = o.FindMember(name);
        if (it == o.MemberEnd()) {
            if (required && missing.empty()) missing = name;
            return !required;
        }
        if (!it->value.IsString()) {
            if (missing.empty()) missing = name;
            return false;
        }
        out.assign(it->value.GetString(), it->value.GetStringLength());
        // No field of ours can carry a NUL: a C API would cut the text there and PostgreSQL
        // refuses it, so one backend would keep what the other loses.
        if (out.find('\0') != std::string::npos) {
            if (missing.empty()) {
                missing = name;
                nul = true;
            }
            return false;
        }
        return true;
    }
    bool nul = false;  // `missing` names a string that holds a NUL character
};

decode_error field_error(const reader& r) {
    return {error_code::bad_frame, "field '" + std::string(r.missing) +
                                       (r.nul ? "' contains a NUL character" : "' missing or not a string")};
}

using handler = std::function<decode_result(reader&)>;

const std::unordered_map<std::string_view, handler>& handlers() {
    static const std::unordered_map<std::string_view, handler> h = {
        {"say", [](reader& r) -> decode_result {
             say s;
             r.str("text", s.text);
             r.str("id", s.id);
             r.str("conversation", s.conversation, false);
             if (!r.missing.empty()) return field_error(r);
             if (s.text.empty()) return decode_error{error_code::bad_frame, "field 'text' is empty"};
             return s;
         }},
        {"end", [](reader& r) -> decode_result {
             end e;
             if (!r.str("conversation", e.conversation)) return field_error(r);
             return e;
         }},
        {"leave", [](reader&) -> decode_result { return leave{}; }},
        {"take", [](reader& r) -> decode_result {
             take t;
             if (!r.str("conversation", t.conversation, false)) return field_error(r);
             return t;
         }},
        {"transfer", [](reader& r) -> decode_result {
             transfer t;
             r.str("conversation", t.conversation);
             r.str("to", t.to);
             r.str("note", t.note, false);
             if (!r.missing.empty()) return field_error(r);
             if (t.note.size() > 500) return decode_error{error_code::bad_frame, "note too long"};
             return t;
         }},
        {"watch", [](reader& r) -> decode_result {
             watch w;
             if (!r.str("conversation", w.conversation)) return field_error(r);
             return w;
         }},
        {"unwatch", [](reader& r) -> decode_result {
             unwatch w;
             if (!r.str("conversation", w.conversation)) return field_error(r);
             return w;
         }},
        {"check", [](reader& r) -> decode_result {
             check c;
             r.str("text", c.text);
             r.str("conversation", c.conversation, false);
             if (!r.missing.empty()) return field_error(r);
             return c;
         }},
        {"rate", [](reader& r) -> decode_result {
             rate x;
             auto it = r.o.FindMember("satisfied");
             if (it == r.o.MemberEnd() || !it->value.IsBool())
                 return decode_error{error_code::bad_frame, "field 'satisfied' missing or not a boolean"};
             x.satisfied = it->value.GetBool();
             if (!r.str("comment", x.comment, false)) return field_error(r);
             if (x.comment.size() > 1000) return decode_error{error_code::bad_frame, "comment too long"};
             return x;
         }},
        {"page_view", [](reader& r) -> decode_result {
             page_view p;
             r.str("url", p.url);
             r.str("title", p.title, false);
             if (!r.missing.empty()) return field_error(r);
             if (p.url.size() > 2048 || p.title.size() > 512)
                 return decode_error{error_code::bad_frame, "url or title too long"};
             return p;
         }},
        {"invite", [](reader& r) -> decode_result {
             invite i;
             if (!r.str("visitor", i.visitor)) return field_error(r);
             return i;
         }},
        {"presence", [](reader& r) -> decode_result {
             set_presence p;
             if (!r.str("state", p.state)) return field_error(r);
             if (p.state != "online" && p.state != "busy" && p.state != "away")
                 return decode_error{error_code::bad_frame, "state is online, busy or away"};
             return p;
         }},
        {"typing", [](reader& r) -> decode_result {
             typing t;
             if (!r.str("conversation", t.conversation, false)) return field_error(r);
             return t;
         }},
    };
    return h;
}

}  // namespace

decode_result decode(std::string_view text) {
    // The parsed values and the parser's stacks start in buffers on this stack: a frame of the
    // usual size costs no allocation here. The stack buffer holds two stacks, the document's and
    // the reader's (where each string is unescaped, growing in place as the last allocation), plus
    // the pool's chunk header: asking the document for all of it (as this did until session 33)
    // sent every decode to the heap for a 64 KB chunk, and freeing a chunk that size makes glibc
    // consolidate its free lists (malloc_consolidate in the network thread's profile). Frames too
    // big for these grow into the heap in chunks of overflow_chunk.
    constexpr std::size_t document_stack = 512, overflow_chunk = 16 * 1024;
    char values[8192], stack[8192];
    rapidjson::MemoryPoolAllocator<> value_pool(values, sizeof values, overflow_chunk),
        stack_pool(stack, sizeof stack, overflow_chunk);
    rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>, rapidjson::MemoryPoolAllocator<>> doc(
        &value_pool, document_stack, &stack_pool);
    // Validate UTF-8 even though the WebSocket layer does: offline input comes here too.
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(
        text.data(), text.size());
    if (doc.HasParseError())
        return decode_error{error_code::bad_json,
                            std::string(rapidjson::GetParseError_En(doc.GetParseError())) +
                                " at offset " + std::to_string(doc.GetErrorOffset())};
    if (!doc.IsObject()) return decode_error{error_code::bad_json, "frame is not a JSON object"};
    // A lone low surrogate escape decodes to bytes that are not UTF-8; only a \u escape can make
    // one, so frames without any (nearly all) skip the walk.
    if (text.find("\\u") != std::string_view::npos && find_text_fault(doc) == text_fault::not_utf8)
        return decode_error{error_code::bad_json, "a \\u escape is a lone surrogate (not UTF-8)"};
    auto type = doc.FindMember("type");
    if (type == doc.MemberEnd() || !type->value.IsString())
        return decode_error{error_code::bad_frame, "field 'type' missing or not a string"};
    std::string_view t(type->value.GetString(), type->value.GetStringLength());
    auto h = handlers().find(t);
    if (h == handlers().end()) return decode_error{error_code::unknown_type, "unknown type"};
    reader r{doc, nullptr, {}};
    return h->second(r);
}

}  // namespace lingting::proto
