// The durable store whole: the union of its roles, which one backend implements all of
// (server/store/: SQLite; PostgreSQL beside it). Callers take only the role they use:
//
//   live_log             net/hub (the relay's writes, resume)           core/live_log.hpp
//   conversation_store   net/hub (replay), the transcript API, main     core/conversation_store.hpp
//   staff_store          auth_service, `lingting user`, revocation      core/staff_store.hpp
//   verdict_store        the QA and rules APIs, net/hub (quiet rules)   core/verdict_store.hpp
//   qa_reports           the QA list, stats, scorecards, CSV, keywords  core/qa_reports.hpp
//   lead_store           leave-a-message leads                          core/lead_store.hpp
//   console_extras_store canned replies, a browser's earlier visits     core/console_extras_store.hpp
//   retention_store      retention purge, re-analysis                   core/retention_store.hpp
//
// The roles are declared here in core (what the server needs), implemented in store/: the
// dependency points inward (net -> core <- store).
#pragma once

#include "core/console_extras_store.hpp"
#include "core/conversation_store.hpp"
#include "core/lead_store.hpp"
#include "core/live_log.hpp"
#include "core/qa_reports.hpp"
#include "core/retention_store.hpp"
#include "core/staff_store.hpp"
#include "core/verdict_store.hpp"

namespace lingting {

struct message_store : live_log,
                       conversation_store,
                       staff_store,
                       verdict_store,
                       qa_reports,
                       lead_store,
                       console_extras_store,
                       retention_store {};

}  // namespace lingting
