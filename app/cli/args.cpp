#include "app/cli/args.h"

#include <cstdio>
#include <sstream>

namespace ts::cli {

bool ParsedArgs::has(const std::string& name) const { return values_.count(name) > 0; }

std::optional<std::string> ParsedArgs::find(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string ParsedArgs::get(const std::string& name) const {
    auto v = find(name);
    if (!v) throw UsageError("missing required option " + name);
    return *v;
}

const std::vector<std::string>& ParsedArgs::all(const std::string& name) const {
    static const std::vector<std::string> empty;
    auto it = values_.find(name);
    return it == values_.end() ? empty : it->second;
}

int ParsedArgs::getInt(const std::string& name) const {
    const std::string v = get(name);
    try {
        std::size_t pos = 0;
        const int out = std::stoi(v, &pos);
        if (pos != v.size()) throw std::invalid_argument(v);
        return out;
    } catch (const std::exception&) {
        throw UsageError(name + " expects an integer, got '" + v + "'");
    }
}

double ParsedArgs::getDouble(const std::string& name) const {
    const std::string v = get(name);
    try {
        std::size_t pos = 0;
        const double out = std::stod(v, &pos);
        if (pos != v.size()) throw std::invalid_argument(v);
        return out;
    } catch (const std::exception&) {
        throw UsageError(name + " expects a number, got '" + v + "'");
    }
}

ArgParser::ArgParser(std::string usage, std::string description)
    : usage_(std::move(usage)), description_(std::move(description)) {}

ArgParser& ArgParser::option(const std::string& name, const std::string& valueName, const std::string& help,
                             std::optional<std::string> defaultValue) {
    options_.push_back({name, valueName, help, true, false, std::move(defaultValue)});
    return *this;
}

ArgParser& ArgParser::repeated(const std::string& name, const std::string& valueName, const std::string& help) {
    options_.push_back({name, valueName, help, true, true, std::nullopt});
    return *this;
}

ArgParser& ArgParser::flag(const std::string& name, const std::string& help) {
    options_.push_back({name, "", help, false, false, std::nullopt});
    return *this;
}

ArgParser& ArgParser::positional(const std::string& name, const std::string& help, bool required, bool variadic) {
    positionals_.push_back({name, help, required, variadic});
    return *this;
}

const ArgParser::Spec* ArgParser::findSpec(const std::string& name) const {
    for (const auto& s : options_)
        if (s.name == name) return &s;
    return nullptr;
}

ParsedArgs ArgParser::parse(const std::vector<std::string>& args) const {
    ParsedArgs out;
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!onlyPositionals && a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && (a == "--help" || a == "-h")) {
            std::fputs(help().c_str(), stdout);
            out.help_ = true;
            return out;
        }
        if (!onlyPositionals && a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a, value;
            bool inlineValue = false;
            if (auto eq = a.find('='); eq != std::string::npos) {
                name = a.substr(0, eq);
                value = a.substr(eq + 1);
                inlineValue = true;
            }
            const Spec* spec = findSpec(name);
            if (!spec) throw UsageError("unknown option " + name);
            if (!spec->takesValue) {
                if (inlineValue) throw UsageError(name + " takes no value");
                out.values_[name].push_back("1");
                continue;
            }
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError(name + " needs a value (" + spec->valueName + ")");
                value = args[++i];
            }
            auto& slot = out.values_[name];
            if (!spec->repeatable) slot.clear();
            slot.push_back(value);
            continue;
        }
        out.positionals_.push_back(a);
    }
    for (const auto& s : options_)
        if (s.defaultValue && !out.has(s.name)) out.values_[s.name].push_back(*s.defaultValue);

    std::size_t required = 0;
    bool variadic = false;
    for (const auto& p : positionals_) {
        if (p.required) ++required;
        variadic = variadic || p.variadic;
    }
    if (out.positionals_.size() < required) {
        throw UsageError("missing argument " + positionals_[out.positionals_.size()].name);
    }
    if (!variadic && out.positionals_.size() > positionals_.size()) {
        throw UsageError("unexpected argument '" + out.positionals_[positionals_.size()] + "'");
    }
    return out;
}

std::string ArgParser::help() const {
    std::ostringstream os;
    os << "usage: " << usage_ << "\n\n" << description_ << "\n";
    if (!positionals_.empty()) {
        os << "\narguments:\n";
        for (const auto& p : positionals_) os << "  " << p.name << (p.variadic ? "..." : "") << "\n      " << p.help << "\n";
    }
    os << "\noptions:\n";
    for (const auto& s : options_) {
        os << "  " << s.name;
        if (s.takesValue) os << " " << s.valueName;
        if (s.repeatable) os << " (repeatable)";
        os << "\n      " << s.help;
        if (s.defaultValue) os << " (default: " << *s.defaultValue << ")";
        os << "\n";
    }
    os << "  --help\n      show this help\n";
    return os.str();
}

std::pair<std::string, std::string> splitPair(const std::string& value, const std::string& option) {
    const auto pos = value.rfind(':');
    if (pos == std::string::npos || pos == 0 || pos + 1 == value.size())
        throw UsageError(option + " expects A:B, got '" + value + "'");
    return {value.substr(0, pos), value.substr(pos + 1)};
}

}  // namespace ts::cli
