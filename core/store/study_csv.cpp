#include "core/store/study_csv.h"

#include <charconv>
#include <cmath>
#include <map>

#include "core/data/csv.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace ts::store {

namespace {

const char* const kColumns[] = {"participant", "item",    "trace_type", "scale",
                                "rating",      "seconds", "comment"};

std::string formatSeconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

int parseRating(const std::string& text, const std::string& path, std::size_t line) {
    int v = 0;
    const auto* end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end || v < 1 || v > 5)
        throw Error("rating '" + text + "' is not an integer from 1 to 5",
                    ErrorLocation(path, line, "rating"));
    return v;
}

double parseSeconds(const std::string& text, const std::string& path, std::size_t line) {
    if (text.empty()) return 0.0;
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v) && v >= 0.0) return v;
    } catch (const std::exception&) {
    }
    throw Error("time on item '" + text + "' is not a non-negative number of seconds",
                ErrorLocation(path, line, "seconds"));
}

const StudyArm& armShown(const Study& study, int slot, std::size_t position) {
    return study.arms[(position + static_cast<std::size_t>(slot)) % study.arms.size()];
}

}  // namespace

void exportRatingsCsv(Project& project, const Study& study, const std::filesystem::path& path) {
    CsvTable t;
    t.header.assign(std::begin(kColumns), std::end(kColumns));
    for (const auto& r : loadRatings(project, study)) {
        const std::string label = study.arms[static_cast<std::size_t>(r.arm)].label;
        const std::string secs = formatSeconds(r.seconds);
        t.rows.push_back({r.participant, r.itemKey, label, "interpretability",
                          std::to_string(r.interpretability), secs, r.comment});
        t.rows.push_back({r.participant, r.itemKey, label, "cognitive_load",
                          std::to_string(r.cognitiveLoad), secs, r.comment});
    }
    writeCsv(path, t);
}

std::vector<RatingRow> readRatingsCsv(const std::filesystem::path& path) {
    const CsvTable t = readCsv(path);
    std::size_t col[7];
    for (std::size_t c = 0; c < 7; ++c) col[c] = t.column(kColumns[c]);
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    std::vector<RatingRow> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& row = t.rows[i];
        const std::size_t line = t.rowLines[i];
        const auto& participant = row[col[0]];
        const auto& item = row[col[1]];
        if (participant.empty() || item.empty())
            throw Error("participant and item cannot be empty", ErrorLocation(t.path, line));
        const auto key = std::make_pair(participant, item);
        auto [it, fresh] = index.try_emplace(key, out.size());
        if (fresh) {
            RatingRow r;
            r.participant = participant;
            r.itemKey = item;
            r.armLabel = row[col[2]];
            r.seconds = parseSeconds(row[col[5]], t.path, line);
            r.comment = row[col[6]];
            r.line = line;
            out.push_back(r);
        }
        RatingRow& r = out[it->second];
        if (row[col[2]] != r.armLabel)
            throw Error("trace_type '" + row[col[2]] + "' differs from line " +
                            std::to_string(r.line) + "'s '" + r.armLabel + "' for the same item",
                        ErrorLocation(t.path, line, "trace_type"));
        const int rating = parseRating(row[col[4]], t.path, line);
        int* slot = row[col[3]] == "interpretability" ? &r.interpretability
                    : row[col[3]] == "cognitive_load" ? &r.cognitiveLoad
                                                      : nullptr;
        if (!slot)
            throw Error(
                "scale '" + row[col[3]] + "' is neither interpretability nor cognitive_load",
                ErrorLocation(t.path, line, "scale"));
        if (*slot != 0)
            throw Error("participant '" + participant + "' rates item '" + item + "' on " +
                            row[col[3]] + " twice",
                        ErrorLocation(t.path, line, "scale"));
        *slot = rating;
    }
    for (const auto& r : out)
        if (r.interpretability == 0 || r.cognitiveLoad == 0)
            throw Error("participant '" + r.participant + "' rates item '" + r.itemKey +
                            "' on one scale only (each item needs interpretability and "
                            "cognitive_load)",
                        ErrorLocation(t.path, r.line));
    return out;
}

RatingImport importRatingsCsv(Project& project, const Study& study,
                              const std::filesystem::path& path) {
    const auto rows = readRatingsCsv(path);
    std::map<std::pair<std::string, std::string>, StudyRating> stored;
    for (auto& r : loadRatings(project, study)) stored[{r.participant, r.itemKey}] = r;
    std::vector<StudyRating> fresh;
    RatingImport counts;
    const std::string file = path.string();
    for (const auto& row : rows) {
        const auto slot = study.slotOf(row.participant);
        if (!slot)
            throw Error("participant '" + row.participant + "' is not in study '" + study.name +
                            "' of this project (register them before merging their ratings)",
                        ErrorLocation(file, row.line, "participant"));
        std::size_t position = study.items.size();
        for (std::size_t p = 0; p < study.items.size(); ++p)
            if (study.items[p].itemKey == row.itemKey) position = p;
        if (position == study.items.size())
            throw Error("item '" + row.itemKey + "' is not in study '" + study.name + "'",
                        ErrorLocation(file, row.line, "item"));
        const StudyArm& arm = armShown(study, *slot, position);
        if (arm.label != row.armLabel)
            throw Error("participant '" + row.participant + "' was shown item '" + row.itemKey +
                            "' as '" + arm.label + "', not '" + row.armLabel + "'",
                        ErrorLocation(file, row.line, "trace_type"));
        StudyRating r{row.participant,   row.itemKey, arm.arm,    row.interpretability,
                      row.cognitiveLoad, row.comment, row.seconds};
        const auto old = stored.find({r.participant, r.itemKey});
        if (old == stored.end()) {
            fresh.push_back(r);
            continue;
        }
        const bool same = old->second.interpretability == r.interpretability &&
                          old->second.cognitiveLoad == r.cognitiveLoad &&
                          old->second.comment == r.comment;
        if (!same)
            throw Error("participant '" + r.participant + "' already rated item '" + r.itemKey +
                            "' differently in this project; refusing to overwrite",
                        ErrorLocation(file, row.line));
        ++counts.unchanged;
    }
    Transaction tx(project.db());
    for (const auto& r : fresh) saveRating(project, study, r);
    tx.commit();
    counts.added = static_cast<long long>(fresh.size());
    return counts;
}

}  // namespace ts::store
