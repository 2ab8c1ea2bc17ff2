// The backends the conformance suite runs against: one entry each.
#include "store_conformance.hpp"

#include "sqlite_backend.hpp"
#ifdef LINGTING_CONFORMANCE_POSTGRES
#include "postgres_backend.hpp"
#endif

namespace lingting::conformance {

std::vector<backend> all_backends() {
    std::vector<backend> all{sqlite_backend()};
#ifdef LINGTING_CONFORMANCE_POSTGRES
    // A temporary PostgreSQL server (tests/support/pg_server), one database per test. Built
    // when the PostgreSQL backend and its test server are (tests/conformance/CMakeLists.txt).
    all.push_back(postgres_backend());
#endif
    return all;
}

INSTANTIATE_TEST_SUITE_P(backends, store_conformance, ::testing::ValuesIn(all_backends()),
                         [](const ::testing::TestParamInfo<backend>& info) { return info.param.name; });

}  // namespace lingting::conformance
