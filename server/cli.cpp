#include "cli.hpp"

#include "auth/password.hpp"
#include "core/strings.hpp"
#include "store/sqlite_store.hpp"

#include <iostream>
#include <sstream>

namespace lingting {
namespace {

int usage() {
    std::cerr << "usage:\n"
                 "  lingting user add NAME --role consultant|supervisor|qa [--departments 男科,妇科]\n"
                 "      (password read from standard input, first line)\n"
                 "  lingting user list\n"
                 "  lingting user disable NAME\n"
                 "  lingting user enable NAME\n"
                 "  options: --database PATH (default data/lingting.db)\n";
    return 2;
}

}  // namespace

int run_user_command(const std::vector<std::string>& args, const std::string& database, int iterations) {
    if (args.empty()) return usage();
    sqlite_store store(database);
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
        if (password.size() < 6) {
            std::cerr << "password (first line of standard input) must have at least 6 characters\n";
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
