#pragma once
// A small command-line parser for tracescope-cli subcommands: --name VALUE,
// --name=VALUE, repeatable options, flags, positionals, and a generated --help.
// Usage errors throw UsageError, which main() turns into exit code 2.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ts::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ParsedArgs {
public:
    bool has(const std::string& name) const;
    // The (last) value of an option, or its default; throws UsageError if absent.
    std::string get(const std::string& name) const;
    std::optional<std::string> find(const std::string& name) const;
    const std::vector<std::string>& all(const std::string& name) const;
    bool flag(const std::string& name) const { return has(name); }
    int getInt(const std::string& name) const;
    double getDouble(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }
    bool helpRequested() const { return help_; }

private:
    friend class ArgParser;
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
    bool help_ = false;
};

class ArgParser {
public:
    ArgParser(std::string usage, std::string description);

    ArgParser& option(const std::string& name, const std::string& valueName, const std::string& help,
                      std::optional<std::string> defaultValue = std::nullopt);
    ArgParser& repeated(const std::string& name, const std::string& valueName, const std::string& help);
    ArgParser& flag(const std::string& name, const std::string& help);
    ArgParser& positional(const std::string& name, const std::string& help, bool required = true,
                          bool variadic = false);

    // Parses args (without the program and subcommand names). On --help,
    // prints help to stdout and returns with helpRequested() true.
    ParsedArgs parse(const std::vector<std::string>& args) const;
    std::string help() const;

private:
    struct Spec {
        std::string name, valueName, help;
        bool takesValue = true, repeatable = false;
        std::optional<std::string> defaultValue;
    };
    struct Positional {
        std::string name, help;
        bool required, variadic;
    };
    std::string usage_, description_;
    std::vector<Spec> options_;
    std::vector<Positional> positionals_;
    const Spec* findSpec(const std::string& name) const;
};

// Helpers for commands that take "A:B" pairs.
std::pair<std::string, std::string> splitPair(const std::string& value, const std::string& option);

}  // namespace ts::cli
