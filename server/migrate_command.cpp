#include "migrate_command.hpp"

#include "store/migrate_database.hpp"

#include <iostream>

namespace lingting {

int run_migrate_command(const std::vector<std::string>& args, const std::string& database,
                        const store_options& options) {
    if (!args.empty()) {
        std::cerr << "usage: lingting migrate --database=PATH|postgresql://...\n";
        return 2;
    }
    try {
        auto v = migrate_database(database, options);
        // The database is not echoed: a URI may hold a password.
        if (v.from == v.to) std::cout << "already at schema version " << v.to << "; nothing to do\n";
        else std::cout << "migrated: schema version " << v.from << " -> " << v.to << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lingting migrate: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace lingting
