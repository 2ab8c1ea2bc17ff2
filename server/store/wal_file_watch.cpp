#include "store/wal_file_watch.hpp"

#include <cstdio>
#include <sys/stat.h>

namespace lingting {

bool wal_file_watch::watched_file::intact() {
    struct stat st {};
    // A connection in WAL mode keeps its WAL and index from its first read on: missing once seen,
    // it was deleted (never seen yet: nothing to compare with, so no judgement; an exclusive
    // locking mode keeps the index in memory, with no -shm at all).
    if (::stat(path_.c_str(), &st) != 0) return !known_;
    if (!known_) {
        known_ = true;
        dev_ = st.st_dev;
        ino_ = st.st_ino;
        return true;
    }
    return st.st_dev == dev_ && st.st_ino == ino_;
}

std::optional<std::string> wal_file_watch::watched_file::set_aside_if_foreign(const std::string& suffix) {
    struct stat st {};
    if (!known_ || ::stat(path_.c_str(), &st) != 0) return std::nullopt;
    if (st.st_dev == dev_ && st.st_ino == ino_) return std::nullopt;
    std::string aside = path_ + ".replaced-" + suffix;
    if (std::rename(path_.c_str(), aside.c_str()) != 0) return std::nullopt;
    return aside;
}

}  // namespace lingting
