// A socket's budget for the frames it sends (every frame but the indicators, which have their
// own): `burst` at once, refilled at `rate` per second. Beyond it a frame is refused, and how many
// refusals are answered is bounded too. Each answered refusal used to cost a reply: a flooder got
// as many `rate_limited` errors as it sent frames (bounded only by the socket's send queue), so the
// budget limited what the server did with frames but not what it wrote back.
//
// The policy (PROTOCOL.md, `rate_limited`):
// - a frame the server can use, over the budget: refused and answered `rate_limited` (with the
//   say's id, so the page knows which message was not taken), up to `burst` refusals in a row;
//   the next one closes the socket with 1008. A frame taken again resets the count: an honest
//   client that pauses when told is never closed, while one that ignores the answers is, after
//   at most `burst` answers.
// - a frame the server cannot use (not JSON, unknown type, binary, too large): answered within the
//   budget; beyond it the socket is closed at once (nobody honest sends garbage fast).
// Pure: time comes from the caller.
#pragma once

#include "core/rate_limiter.hpp"

namespace lingting {

class frame_budget {
public:
    enum class verdict { take, refuse, close };

    frame_budget() = default;
    frame_budget(double burst, time_point now) : bucket_(burst, now) {}

    verdict usable(time_point now, double rate, double burst) {
        if (bucket_.allow(now, rate, burst)) {
            refused_in_row_ = 0;
            return verdict::take;
        }
        return ++refused_in_row_ > burst ? verdict::close : verdict::refuse;
    }
    verdict unusable(time_point now, double rate, double burst) {
        if (bucket_.allow(now, rate, burst)) return verdict::take;
        return verdict::close;
    }

private:
    token_bucket bucket_;
    double refused_in_row_ = 0;  // refusals since the last frame taken
};

}  // namespace lingting
