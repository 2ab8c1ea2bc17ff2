// libFuzzer target: the protocol decoder on arbitrary bytes, and the frames it leads to.
#include "core/frames.hpp"
#include "core/protocol.hpp"
#include "core/utf8.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto r = lingting::proto::decode(text);
    if (auto* e = std::get_if<lingting::proto::decode_error>(&r)) {
        auto f = lingting::frames::error(e->code, e->detail);  // the reply we would send
        if (f->empty()) __builtin_trap();
    } else if (auto* say = std::get_if<lingting::proto::say>(&std::get<lingting::proto::client_frame>(r))) {
        // What is decoded is kept and relayed: never text that is not UTF-8 (a lone surrogate
        // escape, \udc00, once decoded to ED B0 80).
        if (!lingting::valid_utf8(say->text) || !lingting::valid_utf8(say->id)) __builtin_trap();
    }
    return 0;
}
