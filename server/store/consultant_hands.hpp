// Who a transferred conversation's figures count against, as SQL both dialects take. A
// conversation handed from A to B is "handled" by both: each consultant's scorecard counts it once,
// its replies by their author and its findings by findings.consultant (the author of the message,
// or who held the chat when a wait or an ending was recorded); its ending, rating and intent stay
// with the last holder (who ended it, whom the visitor rated). Fixed strings only: nothing from a
// request goes in here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lingting::consultant_hands {

// Conversations ended in [from, to) as `c`, one row per consultant who handled each (`c.hand`):
// the last holder, every author of a consultant message, every consultant a finding counts
// against. `from`/`to` are the dialect's placeholders ("?1"/"?2" or "$1"/"$2"); `collate` names
// one collation for names from columns that differ in it (PostgreSQL: ` COLLATE "C"`).
inline std::string per_hand(const std::string& from, const std::string& to, const std::string& collate = "") {
    auto in_range = [&](const char* t) {
        return std::string(" ") + t + ".ended_at >= " + from + " AND " + t + ".ended_at < " + to + " ";
    };
    return "(SELECT c0.*, h.hand FROM conversations c0 JOIN ("
           "SELECT c1.id AS conv, c1.consultant" + collate + " AS hand FROM conversations c1 WHERE" + in_range("c1") +
           "UNION SELECT m.conversation, m.author" + collate + " FROM messages m JOIN conversations c2 ON c2.id = m.conversation "
           "WHERE" + in_range("c2") + "AND m.sender = 'consultant' AND m.author <> '' "
           "UNION SELECT f.conversation, f.consultant" + collate + " FROM findings f JOIN conversations c3 ON c3.id = f.conversation "
           "WHERE" + in_range("c3") + "AND f.consultant <> ''"
           ") h ON h.conv = c0.id)";
}

// The same relation without splitting (department and day groups): `c.hand` is the last holder.
inline std::string whole() { return "(SELECT c0.*, c0.consultant AS hand FROM conversations c0)"; }

// Extra conditions for a consultant's own part of a conversation `c` (per_hand): a message `m`
// they wrote (old rows without an author: the holder's), a finding `f` counted against them.
inline std::string own_message(const std::string& collate = "") {
    return " AND COALESCE(NULLIF(m.author" + collate + ", ''), c.consultant" + collate + ") = c.hand" + collate + " ";
}
inline std::string own_finding(const std::string& collate = "") {
    return " AND COALESCE(NULLIF(f.consultant" + collate + ", ''), c.consultant" + collate + ") = c.hand" + collate + " ";
}
// What only the last holder answers for (ending, rating, intent): a 0/1 condition.
inline constexpr const char* last_holder = "(c.consultant = c.hand)";

// "li,wang" (the list's handled_by column, in the order they first wrote) as names.
inline std::vector<std::string> split_names(std::string_view joined) {
    std::vector<std::string> out;
    while (!joined.empty()) {
        auto comma = joined.find(',');
        out.emplace_back(joined.substr(0, comma));
        joined = comma == std::string_view::npos ? std::string_view() : joined.substr(comma + 1);
    }
    return out;
}

}  // namespace lingting::consultant_hands
