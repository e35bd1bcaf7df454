#include "app/cli/project_access.h"

#include <cstdlib>
#include <cstring>

namespace ts::cli {

bool readOnlyProjects() {
    const char* v = std::getenv("TRACESCOPE_READ_ONLY");
    return v && std::strcmp(v, "1") == 0;
}

store::Project openProject(const std::string& path) {
    return readOnlyProjects() ? store::Project::openReadOnly(path) : store::Project::open(path);
}

}  // namespace ts::cli
