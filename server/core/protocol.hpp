// The wire protocol's client frames, decoded from JSON text, and its stable error codes.
// Pure: bytes in, values out. Documented in server/PROTOCOL.md.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace lingting::proto {

// Stable codes sent in {"type":"error","code":...}; never renamed, only added to.
enum class error_code {
    bad_json,        // not JSON, or not a JSON object
    bad_frame,       // a field missing or of the wrong type
    unknown_type,    // "type" names no frame
    too_large,       // frame over the size limit
    binary_frame,    // binary frames are not part of the protocol
    forbidden,       // the sender's role may not send this frame
    not_found,       // no such conversation (or not visible to the sender)
    ended,           // the conversation has ended
    rate_limited,    // too many frames too fast
    bad_target,      // transfer/take target not possible (offline, unknown, empty queue)
    unavailable,     // the store failed; nothing was acknowledged
    blocked,         // the analyzer policy refused to relay this text
    conversation_full,  // the open conversation holds max-conversation-bytes of text already
};

std::string_view to_string(error_code c);
// The Chinese sentence shown to users for each code.
std::string_view user_message(error_code c);

struct say { std::string conversation, text, id; };
struct end { std::string conversation; };
struct leave {};
struct take { std::string conversation; };  // empty: the head of the queue
struct transfer { std::string conversation, to, note; };  // note: for the receiver, at most 500 bytes
struct watch { std::string conversation; };
struct unwatch { std::string conversation; };
struct check { std::string conversation, text; };
struct rate { bool satisfied = false; std::string comment; };
struct typing { std::string conversation; };
struct page_view { std::string url, title; };  // a browsing visitor's widget reports where it is
struct invite { std::string visitor; };        // a consultant invites a browsing visitor
struct set_presence { std::string state; };   // a consultant: "online" | "busy" | "away"


using client_frame =
    std::variant<say, end, leave, take, transfer, watch, unwatch, check, rate, typing, page_view, invite,
                 set_presence>;

struct decode_error {
    error_code code;
    std::string detail;  // which field, for developers; safe to echo
};

using decode_result = std::variant<client_frame, decode_error>;

// Decodes one text frame. Never throws; any input yields a frame or an error.
decode_result decode(std::string_view text);

}  // namespace lingting::proto
