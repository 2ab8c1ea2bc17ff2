// Whether the WAL file SQLite writes into is still the one at "<database>-wal", and its index
// still the one at "<database>-shm". SQLite keeps the WAL open for the connection's life; a
// clean-up script or an operator deleting the -wal file (it looks like a leftover) leaves SQLite
// committing into a file that no longer has a name. Those commits reach the database file only at
// a checkpoint: at a crash before it they are gone, and any other process opening the database
// meanwhile (the `lingting user` command, a backup) starts a fresh WAL and sees a database without
// them (SQLite's "How To Corrupt An SQLite Database File", "deleting a hot journal").
// The -shm file (the WAL's index, shared by every process through its mapping) deleted is as bad:
// this process keeps its mapping of the nameless file, another process opening the database makes
// a new index, and the two no longer see each other's commits; their next writes overwrite each
// other's frames in the WAL. Repro on main with the real binary: -shm removed, `lingting user add
// wang` said "added wang", the server then logged someone in, and after a restart wang was gone.
// SQLITE_FCNTL_HAS_MOVED looks at the database file only. Two stat() per commit: each file's inode
// is taken while it is known good and compared afterwards.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace lingting {

class wal_file_watch {
public:
    // `database`: the database file's path (the WAL is that path plus "-wal", its index "-shm").
    explicit wal_file_watch(const std::string& database) : wal_(database + "-wal"), shm_(database + "-shm") {}

    // Called before each commit, after the transaction's first write (the WAL is open then).
    // False once the WAL or its index at the path is missing or another file than the first one
    // seen (the first call, made when the store opens, takes them).
    bool intact() { return wal_.intact() & shm_.intact(); }  // both looked at: each learns its first inode

    // When another file than ours is at the WAL's path (a copy put back over it, a backup's -wal
    // restored): renames it to "<wal>.replaced-<suffix>" and returns that name. Called once what
    // was acknowledged is checkpointed into the database file: left there, the foreign WAL would be
    // replayed over the database at the next open (after a crash: a clean stop deletes it by name)
    // and shadow newer pages with its older frames. Repro before: a WAL copied and put back under
    // load, then kill -9: 22 says acked, 13 in the database. Nothing to do (nullopt) when the path
    // holds our WAL or nothing.
    std::optional<std::string> set_aside_foreign_wal(const std::string& suffix) { return wal_.set_aside_if_foreign(suffix); }

private:
    class watched_file {
    public:
        explicit watched_file(std::string path) : path_(std::move(path)) {}
        bool intact();
        std::optional<std::string> set_aside_if_foreign(const std::string& suffix);

    private:
        std::string path_;
        bool known_ = false;
        dev_t dev_{};
        ino_t ino_{};
    };
    watched_file wal_, shm_;
};

}  // namespace lingting
