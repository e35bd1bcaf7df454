// tracescope-cli: dispatches to the registered subcommands. Exit codes:
// 0 ok, 1 failure (bad input, failed job), 2 usage error.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/util/error.h"
#include "core/util/heap_tuning.h"

using namespace ts::cli;

static void printTopHelp() {
    std::puts(
        "usage: tracescope-cli [--read-only] COMMAND [ARGS...]\n\nTraceScope command line: "
        "datasets, "
        "SFT sets, scoring, projects, models and experiments.\n--read-only opens every project "
        "without writing it (no migration, no WAL; writes fail): for files from others.\n\n"
        "commands:");
    for (const auto& c : commands()) std::printf("  %-14s %s\n", c.name.c_str(), c.summary.c_str());
    std::puts("\n'tracescope-cli COMMAND --help' describes one command.");
}

#ifdef TS_CLI_DELEGATE
// This build holds the torch-free commands only (app/CMakeLists.txt says
// why); the executable beside it holds every command. exec keeps the process
// id, the standard streams and the exit code, so callers see one program.
static int runSibling(char** argv) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::string sibling =
        ((ec ? std::filesystem::path(argv[0]) : self).parent_path() / TS_CLI_DELEGATE).string();
    std::fflush(nullptr);
    ::execv(sibling.c_str(), argv);
    std::fprintf(stderr, "tracescope-cli: cannot run %s: %s\n", sibling.c_str(),
                 std::strerror(errno));
    return kExitFailure;
}
#endif

int main(int argc, char** argv) {
    ts::keepFreedTensorMemory();
    // The global --read-only (app/cli/project_access.h) becomes the
    // environment, so an engine command run by the sibling binary sees it too.
    if (argc > 1 && std::string(argv[1]) == "--read-only") {
        ::setenv("TRACESCOPE_READ_ONLY", "1", 1);
        for (int i = 1; i < argc; ++i) argv[i] = argv[i + 1];
        --argc;
    }
    std::vector<std::string> args(argv + 1, argv + argc);
#ifdef TS_CLI_DELEGATE
    bool local = !args.empty();
    if (local) {
        local = false;
        for (const auto& c : commands()) local = local || c.name == args[0];
    }
    if (!local) return runSibling(argv);  // engine commands, unknown ones, the command list
#endif
    if (args.empty()) {
        printTopHelp();
        return kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printTopHelp();
        return kExitOk;
    }
    for (const auto& c : commands()) {
        if (c.name != args[0]) continue;
        try {
            return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
        } catch (const UsageError& e) {
            std::fprintf(stderr, "tracescope-cli %s: %s\n(see 'tracescope-cli %s --help')\n", c.name.c_str(), e.what(),
                         c.name.c_str());
            return kExitUsage;
        } catch (const ts::Cancelled&) {
            std::fprintf(stderr, "tracescope-cli %s: cancelled\n", c.name.c_str());
            return kExitFailure;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            return kExitFailure;
        }
    }
    std::fprintf(stderr, "tracescope-cli: unknown command '%s'\n", args[0].c_str());
    printTopHelp();
    return kExitUsage;
}
