#pragma once
// Subcommands register themselves from their own file (app/cli/commands/),
// so adding a command never touches main.cpp.
#include <string>
#include <vector>

namespace ts::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Command {
    std::string name;     // first word after tracescope-cli, e.g. "datasets"
    std::string summary;  // one line for the top-level help
    int (*run)(const std::vector<std::string>& args);  // args after the name
};

const std::vector<Command>& commands();

struct RegisterCommand {
    explicit RegisterCommand(Command c);
};

}  // namespace ts::cli
