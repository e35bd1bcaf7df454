#include "app/cli/command_registry.h"

#include <algorithm>

namespace ts::cli {

static std::vector<Command>& registry() {
    static std::vector<Command> r;
    return r;
}

const std::vector<Command>& commands() {
    auto& r = registry();
    std::sort(r.begin(), r.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
    return r;
}

RegisterCommand::RegisterCommand(Command c) { registry().push_back(std::move(c)); }

}  // namespace ts::cli
