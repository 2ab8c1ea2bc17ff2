// A thin builder over RapidJSON's writer for the frames and API bodies the server emits.
// It never emits invalid UTF-8: a string with a bad byte (from whatever path) is written with
// U+FFFD in its place, so no frame can make a browser drop its socket.
#pragma once

#include "core/utf8.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace lingting {

class json_writer {
public:
    json_writer() : w_(buf_) {}

    json_writer& begin_object() { w_.StartObject(); return *this; }
    json_writer& end_object() { w_.EndObject(); return *this; }
    json_writer& begin_array() { w_.StartArray(); return *this; }
    json_writer& end_array() { w_.EndArray(); return *this; }
    json_writer& key(std::string_view k) {
        if (!valid_utf8(k)) {
            auto fixed = to_valid_utf8(k);
            w_.Key(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
        } else {
            w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        }
        return *this;
    }
    json_writer& value(std::string_view v) {
        if (!valid_utf8(v)) {
            auto fixed = to_valid_utf8(v);
            w_.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
        } else {
            w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
        }
        return *this;
    }
    json_writer& value(const char* v) { return value(std::string_view(v)); }
    json_writer& value(const std::string& v) { return value(std::string_view(v)); }
    json_writer& value(bool v) { w_.Bool(v); return *this; }
    json_writer& value(std::int64_t v) { w_.Int64(v); return *this; }
    json_writer& value(std::uint64_t v) { w_.Uint64(v); return *this; }
    json_writer& value(int v) { w_.Int(v); return *this; }
    json_writer& value(double v) { w_.Double(v); return *this; }
    json_writer& null() { w_.Null(); return *this; }
    template <class T>
    json_writer& field(std::string_view k, const T& v) { return key(k).value(v); }
    // Inserts an already-encoded JSON value.
    json_writer& raw(std::string_view json) {
        w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
        return *this;
    }

    std::string str() const { return {buf_.GetString(), buf_.GetSize()}; }

private:
    rapidjson::StringBuffer buf_;
    rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace lingting
