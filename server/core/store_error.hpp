// How the store says something went wrong: an exception on the caller's own thread for a
// blocking call, a value (store_failure) for the failure report. Shared by every store role.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace lingting {

// A store call that could not be carried out: the database locked elsewhere past the busy
// timeout, the disk full, an I/O error, the server unreachable. Thrown by the store's blocking
// calls (reads and the writes that return an answer) on the thread that called them: the
// writer hands the failure back as a value and the waiting caller throws, so no exception ever
// crosses threads. Every network handler catches it and answers 503 or `unavailable`, so it
// never ends the process.
struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One failed write, or one failed group commit (then `writes` > 1: every write in it failed).
// `kind` names the write ("append_message", "put_token", "commit"...), `cause` is the
// database's message. Never message text or secrets.
struct store_failure {
    std::string_view kind;
    std::string_view cause;
    std::size_t writes = 1;
    std::string_view conversation;  // the write's conversation, if it has one
};
// Where the store reports its failures (the server logs them). Called on the writer thread.
using store_failure_sink = std::function<void(const store_failure&)>;

}  // namespace lingting
