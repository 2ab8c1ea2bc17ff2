#include "store/wal_file_watch.hpp"

#include <sys/stat.h>

namespace lingting {

bool wal_file_watch::intact() {
    struct stat st {};
    // A connection in WAL mode keeps its WAL from its first read on: missing once seen, it was
    // deleted (never seen yet: nothing to compare with, so no judgement).
    if (::stat(wal_.c_str(), &st) != 0) return !known_;
    if (!known_) {
        known_ = true;
        dev_ = st.st_dev;
        ino_ = st.st_ino;
        return true;
    }
    return st.st_dev == dev_ && st.st_ino == ino_;
}

}  // namespace lingting
