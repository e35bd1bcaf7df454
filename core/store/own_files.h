#pragma once
// This machine's record of the project files TraceScope itself closed, kept
// outside them, so that opening one of them again can skip SQLite's
// quick_check (about 3 s on bench_store's 1.9 GB project; docs/RELIABILITY.md,
// "Project files from others").
//
// A file counts as unchanged since TraceScope closed it when its device,
// inode, size, modification time and status-change time (ctime) are the ones
// recorded at the close, and no -wal file lies beside it. The ctime is the
// reason this is sound: the kernel sets it on every write, rename or
// timestamp change and no program can set it back, so a file replaced or
// edited by anything else (a colleague's copy saved over it, a byte changed
// and the mtime restored) no longer matches. Nothing in the file itself is
// trusted: its own claims (project_meta.created_on) can be forged.
//
// The record is a cache: when it cannot be read or written, or holds a line
// it cannot parse, the files are simply checked in full.
#include <string>

namespace ts::store {

// Where the record lives: $TRACESCOPE_STATE_DIR, else
// $XDG_STATE_HOME/tracescope, else $HOME/.local/state/tracescope; "" when
// none can be named (then nothing is recorded).
std::string ownFilesRecordPath();

// True when `path` is byte for byte a file TraceScope closed last (see above).
bool isUnchangedOwnFile(const std::string& path);

// Records `path` as it is now; called after the last connection to it closed
// (it does nothing while a -wal file is beside it: the file is not final).
// Keeps the newest kOwnFilesKept entries; never throws.
void recordOwnFile(const std::string& path);

inline constexpr int kOwnFilesKept = 256;

}  // namespace ts::store
