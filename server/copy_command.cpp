#include "copy_command.hpp"

#include "store/copy_database.hpp"

#include <iomanip>
#include <iostream>

namespace lingting {
namespace {

int usage() {
    std::cerr << "usage: lingting copy --from PATH --to postgresql://... [--replace]\n"
                 "  copies every table of an SQLite database into PostgreSQL in one transaction (all or nothing),\n"
                 "  then compares the row counts; refuses a target that holds any row unless --replace, which\n"
                 "  empties the target first (in the same transaction)\n";
    return 2;
}

}  // namespace

int run_copy_command(const std::vector<std::string>& args) {
    std::string from, to;
    bool replace = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const std::string& flag, std::string& out) {
            if (a == flag && i + 1 < args.size()) {
                out = args[++i];
                return true;
            }
            if (a.rfind(flag + "=", 0) == 0) {
                out = a.substr(flag.size() + 1);
                return true;
            }
            return false;
        };
        if (value("--from", from) || value("--to", to)) continue;
        if (a == "--replace") replace = true;
        else return usage();
    }
    if (from.empty() || to.empty()) return usage();
    try {
        auto tables = copy_database(from, to, replace);
        std::int64_t total = 0;
        for (auto& t : tables) {
            std::cout << std::left << std::setw(24) << t.name << std::right << std::setw(12) << t.rows << '\n';
            total += t.rows;
        }
        std::cout << "copied " << total << " rows in " << tables.size()
                  << " tables; the counts match on both sides\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lingting copy: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace lingting
