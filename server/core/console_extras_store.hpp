// What the consultant's console reads and keeps beside the chat: canned replies (快捷回复) and a
// returning visitor's earlier conversations.
#pragma once

#include "core/canned_replies.hpp"
#include "core/keyword_report.hpp"
#include "core/store_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

// Writes wait for their commit and throw store_error if it failed; reads throw store_error.
class console_extras_store {
public:
    virtual ~console_extras_store() = default;

    // The list: department replies of `departments` (empty: every department) and `owner`'s
    // own, oldest first.
    virtual std::vector<canned_reply> canned_replies(const std::vector<std::string>& departments,
                                                     const std::string& owner) = 0;
    virtual std::optional<canned_reply> canned_reply_by_id(std::int64_t id) = 0;
    // How many the department (owner empty) or the owner has, for the cap.
    virtual int count_canned_replies(const std::string& department, const std::string& owner) = 0;
    virtual std::int64_t add_canned_reply(const canned_reply& r) = 0;  // returns the new id
    virtual bool update_canned_reply(std::int64_t id, const std::string& title, const std::string& text,
                                     const std::string& by, time_point at) = 0;
    virtual bool delete_canned_reply(std::int64_t id) = 0;
    // Writes the defaults of every department not seeded before, once; returns how many were written.
    virtual int seed_canned_replies(const std::vector<canned_reply>& defaults, time_point at) = 0;

    // Earlier conversations of a browser (newest first), `except` left out. Default for stores
    // without visits: none.
    virtual std::vector<past_conversation> browser_history(const std::string& browser, const std::string& except,
                                                           int limit) {
        (void)browser, (void)except, (void)limit;
        return {};
    }
};

}  // namespace lingting
