// One event, one record: a finding that `escalates` is a later step of the earlier finding with
// the same kind and seq (a wait that turned critical, then closed with its real length). Live,
// the steps are sent one by one (an alert per step); wherever findings are counted they are
// folded into one, at the highest severity any step reached.
#pragma once

#include "core/analysis/finding.hpp"

#include <vector>

namespace lingting {

int severity_rank(severity s);  // info 0, warning 1, critical 2

// Folds a later step into the record of its event: the severity never goes down (the rule
// follows the step that raised it), the measured length is the step's, and the record keeps
// its first time and identity.
void fold_step(finding& record, const finding& step);

// The same list with every escalating step folded into the earlier finding it continues
// (a step with no earlier finding stands alone). Order of first appearance is kept.
std::vector<finding> one_per_event(std::vector<finding> steps);

}  // namespace lingting
