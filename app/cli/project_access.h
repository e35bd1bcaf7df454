#pragma once
// How the commands open a project: read-write (Project::open), or with the
// global option `tracescope-cli --read-only COMMAND ...` never writing it
// (Project::openReadOnly: no migration, no WAL, every write refused) - for
// a colleague's file or one on a read-only medium. The option travels to the
// engine binary as TRACESCOPE_READ_ONLY=1, which main() sets.
#include <string>

#include "core/store/project.h"

namespace ts::cli {

bool readOnlyProjects();
store::Project openProject(const std::string& path);

}  // namespace ts::cli
