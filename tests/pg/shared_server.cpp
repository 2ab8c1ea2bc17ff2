#include "shared_server.hpp"

namespace lingting::testing {

pg_server* shared_pg_server() {
    static std::unique_ptr<pg_server> server = [] {
        return pg_server::missing() ? nullptr : std::make_unique<pg_server>();
    }();
    return server.get();
}

}  // namespace lingting::testing
