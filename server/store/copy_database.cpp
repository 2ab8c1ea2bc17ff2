#include "store/copy_database.hpp"

#include "store/open_store.hpp"

#ifdef LINGTING_WITH_POSTGRES
#include "store/pg_copy.hpp"
#endif

namespace lingting {

std::vector<copied_table> copy_database(const std::string& from, const std::string& to, bool replace_target) {
    if (backend_of(from) != store_backend::sqlite || backend_of(to) != store_backend::postgresql)
        throw store_error("lingting copy moves an SQLite database (a file path) into PostgreSQL (a postgresql:// URI)");
#ifdef LINGTING_WITH_POSTGRES
    return copy_sqlite_to_postgres(from, to, replace_target);
#else
    (void)replace_target;
    throw store_error("PostgreSQL support not built: this lingting was compiled without libpq (install libpq-dev "
                      "and rebuild)");
#endif
}

}  // namespace lingting
