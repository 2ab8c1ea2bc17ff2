// QA's judgements: verdicts on findings and conversations (history kept), and each rule's
// standing from them (the precision that can quiet a rule's live alerts, core/rule_precision.hpp).
// Written by the QA API; the standings are read by the relay too (net/hub) for quiet rules.
#pragma once

#include "core/rule_precision.hpp"
#include "core/store_error.hpp"
#include "core/types.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lingting {

// Writes wait for their commit and throw store_error if it failed; reads throw store_error.
class verdict_store {
public:
    virtual ~verdict_store() = default;

    // Appends a verdict (history is kept, the latest counts); false if the finding/conversation
    // does not exist.
    virtual bool add_finding_verdict(std::int64_t finding, const std::string& verdict, const std::string& note,
                                     const std::string& by, time_point at) = 0;
    virtual bool add_conversation_verdict(const std::string& conversation, const std::string& verdict,
                                          const std::string& note, const std::string& by, time_point at) = 0;
    // Precision per rule: every rule with a verdict or a review, each with its latest verdicts
    // since its last review and up to `examples` dismissed findings.
    virtual std::vector<rule_standing> rule_standings(int examples) = 0;
    // A supervisor's review of a rule: its window starts again after the verdicts given so far.
    virtual void review_rule(const std::string& kind, const std::string& rule, const std::string& by,
                             time_point at) = 0;
};

}  // namespace lingting
