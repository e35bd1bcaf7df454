#pragma once
// Shared by the taxonomy CLI tests: runs `taxonomy --format json` and
// `items --format jsonl` on the same run and rule as processes and checks the
// taxonomy's per-type totals against a recount from the item list - two
// commands, two code paths (GROUP BY over item_error_types with the verdicts
// joined, and the item query with each item's stored types).
#include <QtTest>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_process.h"

namespace ts::test {

inline ProcessResult runCli(const QStringList& args) {
    return runProcess(QStringLiteral(TRACESCOPE_CLI), args);
}

// Per type: {present, present with the answer ok, population}, from the items.
struct Recount {
    long long present = 0, presentOk = 0, population = 0;
};

inline std::map<std::string, Recount> recountFromItems(const std::string& jsonl,
                                                       const nlohmann::json& typeList) {
    std::map<std::string, Recount> out;
    std::istringstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) {
        const auto row = nlohmann::json::parse(line);
        if (row.at("parse") == "" || row.at("answer") == "unevaluated") continue;
        const bool ok = row.at("answer") == "ok";
        for (const auto& t : typeList) {
            const std::string type = t.at("type"), group = t.at("group");
            Recount& r = out[type];
            const bool judged = group == "answer" || row.at(group) != "unevaluated";
            if (!judged) continue;
            ++r.population;
            for (const auto& name : row.at("error_types"))
                if (name == type) {
                    ++r.present;
                    r.presentOk += ok;
                }
        }
    }
    return out;
}

// The run's object of the taxonomy JSON, after checking every type's totals.
inline nlohmann::json checkTaxonomyAgainstItems(const std::filesystem::path& project,
                                                const std::string& run, const std::string& rule) {
    const QString p = QString::fromStdString(project.string());
    const QString r = QString::fromStdString(run), ru = QString::fromStdString(rule);
    const auto tax =
        runCli({"taxonomy", "--project", p, "--run", r, "--rule", ru, "--format", "json"});
    if (tax.exitCode != 0) qWarning("%s", tax.both().c_str());
    const auto items =
        runCli({"items", "--project", p, "--run", r, "--rule", ru, "--format", "jsonl"});
    if (items.exitCode != 0) qWarning("%s", items.both().c_str());
    if (tax.exitCode != 0 || items.exitCode != 0) return {};
    const auto doc = nlohmann::json::parse(tax.out);
    const auto& runJson = doc.at("runs").at(0);
    const auto recount = recountFromItems(items.out, runJson.at("types"));
    long long typed = 0;
    for (const auto& t : runJson.at("types")) {
        const Recount& c = recount.at(t.at("type"));
        const std::string what = run + " " + rule + " " + t.at("type").get<std::string>();
        if (t.at("present") != c.present || t.at("present_answer_ok") != c.presentOk ||
            t.at("population") != c.population) {
            qWarning("%s: taxonomy %s vs items %lld/%lld/%lld", what.c_str(), t.dump().c_str(),
                     c.present, c.presentOk, c.population);
            return {};
        }
        typed += c.present;
    }
    qInfo("%s under %s: %lld type occurrences recounted from the item list", run.c_str(),
          rule.c_str(), typed);
    return runJson;
}

}  // namespace ts::test
