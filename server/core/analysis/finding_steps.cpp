#include "core/analysis/finding_steps.hpp"

#include <algorithm>

namespace lingting {

int severity_rank(severity s) {
    switch (s) {
    case severity::info: return 0;
    case severity::warning: return 1;
    case severity::critical: return 2;
    }
    return 0;
}

void fold_step(finding& record, const finding& step) {
    if (severity_rank(step.level) > severity_rank(record.level)) {
        record.level = step.level;
        record.rule = step.rule;
    }
    record.duration_ms = std::max(record.duration_ms, step.duration_ms);
}

std::vector<finding> one_per_event(std::vector<finding> steps) {
    std::vector<finding> out;
    out.reserve(steps.size());
    for (auto& f : steps) {
        if (f.escalates) {
            // The latest earlier record of the same kind and seq is the event this step continues.
            auto it = std::find_if(out.rbegin(), out.rend(),
                                   [&](const finding& o) { return o.kind == f.kind && o.seq == f.seq; });
            if (it != out.rend()) {
                fold_step(*it, f);
                continue;
            }
            f.escalates = false;  // its first step is not here: it stands for the event
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace lingting
