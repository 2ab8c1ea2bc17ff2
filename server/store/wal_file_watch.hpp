// Whether the WAL file SQLite writes into is still the one at "<database>-wal". SQLite keeps the
// WAL open for the connection's life; a clean-up script or an operator deleting the -wal file (it
// looks like a leftover) leaves SQLite committing into a file that no longer has a name. Those
// commits reach the database file only at a checkpoint: at a crash before it they are gone, and any
// other process opening the database meanwhile (the `lingting user` command, a backup) starts a
// fresh WAL and sees a database without them (SQLite's "How To Corrupt An SQLite Database File",
// "deleting a hot journal"). SQLITE_FCNTL_HAS_MOVED looks at the database file only. One stat()
// per commit: the WAL's inode is taken while it is known good and compared afterwards.
#pragma once

#include <sys/types.h>

#include <string>

namespace lingting {

class wal_file_watch {
public:
    // `database`: the database file's path (the WAL is that path plus "-wal").
    explicit wal_file_watch(std::string database) : wal_(std::move(database) + "-wal") {}

    // Called before each commit, after the transaction's first write (the WAL is open then).
    // False once the WAL at the path is missing or another file than the first one seen (the
    // first call, made when the store opens, takes it).
    bool intact();

private:
    std::string wal_;
    bool known_ = false;
    dev_t dev_{};
    ino_t ino_{};
};

}  // namespace lingting
