#include "cli.hpp"

#include "auth/password.hpp"
#include "core/strings.hpp"
#include "store/open_store.hpp"

#include <iostream>
#include <sstream>

namespace lingting {
namespace {

constexpr std::size_t min_password_chars = 6;

int usage() {
    std::cerr << "usage:\n"
                 "  lingting user add NAME --role consultant|supervisor|qa [--departments 男科,妇科]\n"
                 "      (password read from standard input, first line)\n"
                 "  lingting user list\n"
                 "  lingting user disable NAME\n"
                 "  lingting user enable NAME\n"
                 "  lingting user import < FILE\n"
                 "      (one account per line: NAME<TAB>ROLE<TAB>DEPARTMENTS<TAB>PASSWORD; DEPARTMENTS may\n"
                 "       be empty for all; added in one transaction, existing names skipped)\n"
                 "  options: --database PATH|postgresql://... (default data/lingting.db), and the store's\n"
                 "  settings (--store-busy-timeout-ms=...; see lingting --help)\n";
    return 2;
}

// Reads `NAME\tROLE\tDEPARTMENTS\tPASSWORD` lines; nothing is added if any line is wrong.
int import_users(staff_store& store, int iterations) {
    std::vector<staff_record> all;
    std::string line;
    for (int n = 1; std::getline(std::cin, line); ++n) {
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::istringstream in(line);
        for (std::string part; std::getline(in, part, '\t');) f.push_back(part);
        if (line.back() == '\t') f.emplace_back();
        auto r = f.size() == 4 ? parse_role(f[1]) : std::nullopt;
        if (!r || *r == role::visitor || f[0].empty() || f[3].size() < min_password_chars) {
            std::cerr << "line " << n << ": expected NAME<TAB>consultant|supervisor|qa<TAB>DEPARTMENTS<TAB>"
                         "PASSWORD (at least " << min_password_chars << " characters)\n";
            return 2;
        }
        all.push_back({f[0], *r, split_list(f[2]), false, crypto::hash_password(f[3], iterations)});
    }
    std::size_t added = store.add_staff_many(all);
    std::cout << "added " << added << " of " << all.size() << '\n';
    return 0;
}

}  // namespace

int run_user_command(const std::vector<std::string>& args, const std::string& database,
                     const store_options& options, int iterations) {
    if (args.empty()) return usage();
    auto opened = open_store(database, options);
    staff_store& store = *opened;
    const std::string& verb = args[0];
    if (verb == "list") {
        for (auto& s : store.all_staff()) {
            std::string deps = join_list(s.departments);
            std::cout << s.name << '\t' << to_string(s.r) << '\t' << (deps.empty() ? "*" : deps) << '\t'
                      << (s.disabled ? "disabled" : "active") << '\n';
        }
        return 0;
    }
    if ((verb == "disable" || verb == "enable") && args.size() == 2) {
        if (!store.set_staff_disabled(args[1], verb == "disable")) {
            std::cerr << "no such user: " << args[1] << '\n';
            return 1;
        }
        std::cout << verb << "d " << args[1] << '\n';
        return 0;
    }
    if (verb == "import" && args.size() == 1) return import_users(store, iterations);
    if (verb == "add" && args.size() >= 2) {
        staff_record s;
        s.name = args[1];
        std::optional<role> r;
        for (std::size_t i = 2; i + 1 < args.size(); i += 2) {
            if (args[i] == "--role") r = parse_role(args[i + 1]);
            else if (args[i] == "--departments") s.departments = split_list(args[i + 1]);
            else return usage();
        }
        if (!r || *r == role::visitor) {
            std::cerr << "--role must be consultant, supervisor or qa\n";
            return 2;
        }
        s.r = *r;
        std::string password;
        std::getline(std::cin, password);
        if (password.size() < min_password_chars) {
            std::cerr << "password (first line of standard input) must have at least " << min_password_chars
                      << " characters\n";
            return 2;
        }
        s.password_hash = crypto::hash_password(password, iterations);
        if (!store.add_staff(s)) {
            std::cerr << "user exists: " << s.name << '\n';
            return 1;
        }
        std::cout << "added " << s.name << " (" << to_string(s.r) << ")\n";
        return 0;
    }
    return usage();
}

}  // namespace lingting
