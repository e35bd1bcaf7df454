#include "core/store/studies.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/decompose/seeded_rng.h"
#include "core/score/think_block.h"
#include "core/store/item_reader.h"
#include "core/store/run_lookup.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

Error studyError(const Project& project, const std::string& message) {
    return Error(message, ErrorLocation(project.path()));
}

long long datasetOfRun(Database& db, long long runId) {
    Statement st = db.prepare("SELECT dataset_id FROM runs WHERE id = ?");
    st.bind(1, runId);
    st.step();
    return st.columnInt(0);
}

// Item row ids, by position, of the items every arm's run answered.
std::vector<StudyItem> answeredByAll(Database& db, const std::vector<long long>& runIds) {
    Statement st = db.prepare(
        "SELECT i.id, i.item_key FROM items i WHERE i.dataset_id = (SELECT dataset_id FROM runs "
        "WHERE id = ?) AND (SELECT COUNT(DISTINCT p.run_id) FROM predictions p WHERE "
        "p.item_id = i.id AND p.run_id IN (SELECT value FROM json_each(?))) = ? "
        "ORDER BY i.position");
    nlohmann::json ids = runIds;
    st.bind(1, runIds.front()).bind(2, ids.dump()).bind(3, static_cast<long long>(runIds.size()));
    std::vector<StudyItem> out;
    while (st.step()) out.push_back({st.columnInt(0), st.columnText(1)});
    return out;
}

std::vector<StudyItem> chooseItems(Project& project, const StudySpec& spec,
                                   const std::vector<long long>& runIds) {
    const auto answered = answeredByAll(project.db(), runIds);
    if (spec.itemKeys.empty()) {
        if (spec.itemCount > answered.size())
            throw studyError(project, "the study asks for " + std::to_string(spec.itemCount) +
                                          " items but only " + std::to_string(answered.size()) +
                                          " were answered by every run");
        SeededRng rng = SeededRng::forItem(spec.seed, spec.name, "study-items");
        auto picks = rng.sample(answered.size(), spec.itemCount);
        std::sort(picks.begin(), picks.end());
        std::vector<StudyItem> out;
        for (auto i : picks) out.push_back(answered[i]);
        return out;
    }
    std::vector<StudyItem> out;
    for (const auto& key : spec.itemKeys) {
        const auto it = std::find_if(answered.begin(), answered.end(),
                                     [&](const StudyItem& s) { return s.itemKey == key; });
        if (it == answered.end())
            throw studyError(project,
                             "item '" + key + "' is not answered by every run of the study");
        if (std::any_of(out.begin(), out.end(),
                        [&](const StudyItem& s) { return s.itemKey == key; }))
            throw studyError(project, "item '" + key + "' is listed twice");
        out.push_back(*it);
    }
    return out;
}

void insertStudyRows(Database& db, long long studyId, const std::vector<long long>& runIds,
                     const std::vector<StudyItem>& items) {
    Statement arm = db.prepare("INSERT INTO study_arms(study_id, arm, run_id) VALUES (?, ?, ?)");
    for (std::size_t a = 0; a < runIds.size(); ++a) {
        arm.bind(1, studyId).bind(2, static_cast<long long>(a)).bind(3, runIds[a]).run();
        arm.reset();
    }
    Statement item =
        db.prepare("INSERT INTO study_items(study_id, position, item_id) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < items.size(); ++i) {
        item.bind(1, studyId).bind(2, static_cast<long long>(i)).bind(3, items[i].itemId).run();
        item.reset();
    }
}

void insertParticipant(Database& db, long long studyId, const std::string& id, int slot) {
    db.prepare("INSERT INTO study_participants(study_id, participant, slot) VALUES (?, ?, ?)")
        .bind(1, studyId)
        .bind(2, id)
        .bind(3, slot)
        .run();
}

}  // namespace

std::optional<int> Study::slotOf(const std::string& participant) const {
    for (std::size_t s = 0; s < participants.size(); ++s)
        if (participants[s] == participant) return static_cast<int>(s);
    return std::nullopt;
}

Study createStudy(Project& project, const StudySpec& spec) {
    Database& db = project.db();
    if (spec.name.empty()) throw studyError(project, "a study needs a name");
    if (spec.runs.empty()) throw studyError(project, "a study needs at least one run to rate");
    std::vector<long long> runIds;
    for (const auto& name : spec.runs) {
        const auto id = findRunId(db, name);
        if (!id) throw studyError(project, "the project has no run named '" + name + "'");
        if (std::find(runIds.begin(), runIds.end(), *id) != runIds.end())
            throw studyError(project, "run '" + name + "' is listed twice");
        if (datasetOfRun(db, *id) != datasetOfRun(db, runIds.empty() ? *id : runIds.front()))
            throw studyError(project, "run '" + name + "' answers another dataset than run '" +
                                          spec.runs.front() +
                                          "'; a study compares traces of the same items");
        runIds.push_back(*id);
    }
    const auto items = chooseItems(project, spec, runIds);
    // Validates the item count against the arms before anything is written.
    (void)participantSequence(spec.seed, items.size(), static_cast<int>(runIds.size()), 0);
    std::set<std::string> seen;
    for (const auto& p : spec.participants)
        if (p.empty() || !seen.insert(p).second)
            throw studyError(project,
                             "participant IDs must be non-empty and distinct ('" + p + "')");

    Transaction tx(db);
    if (db.prepare("SELECT 1 FROM studies WHERE name = ?").bind(1, spec.name).step())
        throw studyError(project, "the project already has a study named '" + spec.name + "'");
    db.prepare("INSERT INTO studies(name, seed, created_at) VALUES (?, ?, ?)")
        .bind(1, spec.name)
        .bind(2, static_cast<long long>(spec.seed))
        .bind(3, utcTimestamp())
        .run();
    const long long studyId = db.lastInsertRowId();
    insertStudyRows(db, studyId, runIds, items);
    for (std::size_t s = 0; s < spec.participants.size(); ++s)
        insertParticipant(db, studyId, spec.participants[s], static_cast<int>(s));
    tx.commit();
    return loadStudy(project, spec.name);
}

std::vector<std::string> listStudies(Project& project) {
    Statement st = project.db().prepare("SELECT name FROM studies ORDER BY id");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.columnText(0));
    return out;
}

Study loadStudy(Project& project, const std::string& name) {
    Database& db = project.db();
    Statement head = db.prepare("SELECT id, seed FROM studies WHERE name = ?");
    head.bind(1, name);
    if (!head.step()) throw studyError(project, "the project has no study named '" + name + "'");
    Study s;
    s.id = head.columnInt(0);
    s.name = name;
    s.seed = static_cast<std::uint64_t>(head.columnInt(1));
    Statement arms = db.prepare(
        "SELECT a.arm, r.id, r.name, r.trace_type FROM study_arms a JOIN runs r ON r.id = a.run_id "
        "WHERE a.study_id = ? ORDER BY a.arm");
    arms.bind(1, s.id);
    std::vector<std::string> types, names;
    while (arms.step()) {
        StudyArm a;
        a.arm = static_cast<int>(arms.columnInt(0));
        a.runId = arms.columnInt(1);
        a.runName = arms.columnText(2);
        a.traceType = parseTraceType(arms.columnText(3)).value_or(TraceType::RuleBased);
        types.push_back(arms.columnText(3));
        names.push_back(a.runName);
        s.arms.push_back(a);
    }
    const auto labels = armLabels(types, names);
    for (std::size_t i = 0; i < s.arms.size(); ++i) s.arms[i].label = labels[i];
    Statement items = db.prepare(
        "SELECT i.id, i.item_key FROM study_items si JOIN items i ON i.id = si.item_id "
        "WHERE si.study_id = ? ORDER BY si.position");
    items.bind(1, s.id);
    while (items.step()) s.items.push_back({items.columnInt(0), items.columnText(1)});
    Statement people =
        db.prepare("SELECT participant FROM study_participants WHERE study_id = ? ORDER BY slot");
    people.bind(1, s.id);
    while (people.step()) s.participants.push_back(people.columnText(0));
    return s;
}

int joinStudy(Project& project, Study& study, const std::string& participant) {
    if (const auto slot = study.slotOf(participant)) return *slot;
    if (participant.empty()) throw studyError(project, "a participant needs an ID");
    const int slot = static_cast<int>(study.participants.size());
    insertParticipant(project.db(), study.id, participant, slot);
    study.participants.push_back(participant);
    return slot;
}

std::vector<ParticipantTrial> participantTrials(const Study& study, int slot) {
    const auto seq = participantSequence(study.seed, study.items.size(),
                                         static_cast<int>(study.arms.size()), slot);
    std::vector<ParticipantTrial> out;
    for (std::size_t k = 0; k < seq.size(); ++k)
        out.push_back(
            {k, study.items[seq[k].position], &study.arms[static_cast<std::size_t>(seq[k].arm)]});
    return out;
}

void saveRating(Project& project, const Study& study, const StudyRating& r) {
    const auto slot = study.slotOf(r.participant);
    if (!slot)
        throw studyError(project, "participant '" + r.participant + "' has not joined study '" +
                                      study.name + "'");
    const auto it = std::find_if(study.items.begin(), study.items.end(),
                                 [&](const StudyItem& i) { return i.itemKey == r.itemKey; });
    if (it == study.items.end())
        throw studyError(project, "item '" + r.itemKey + "' is not in study '" + study.name + "'");
    const auto position = static_cast<std::size_t>(it - study.items.begin());
    const auto arms = static_cast<std::size_t>(study.arms.size());
    const int shown = static_cast<int>((position + static_cast<std::size_t>(*slot)) % arms);
    if (r.arm != shown)
        throw studyError(project, "participant '" + r.participant + "' is shown item '" +
                                      r.itemKey + "' with arm " + std::to_string(shown) +
                                      ", not arm " + std::to_string(r.arm));
    for (int v : {r.interpretability, r.cognitiveLoad})
        if (v < 1 || v > 5)
            throw studyError(project, "a rating must be 1-5, not " + std::to_string(v));
    if (!(r.seconds >= 0.0)) throw studyError(project, "the time on an item cannot be negative");
    project.db()
        .prepare(
            "INSERT OR REPLACE INTO study_ratings(study_id, participant, item_id, arm, "
            "interpretability, cognitive_load, comment, seconds, rated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, study.id)
        .bind(2, r.participant)
        .bind(3, it->itemId)
        .bind(4, r.arm)
        .bind(5, r.interpretability)
        .bind(6, r.cognitiveLoad)
        .bind(7, r.comment)
        .bind(8, r.seconds)
        .bind(9, utcTimestamp())
        .run();
}

std::vector<StudyRating> loadRatings(Project& project, const Study& study) {
    Statement st = project.db().prepare(
        "SELECT r.participant, i.item_key, r.arm, r.interpretability, r.cognitive_load, "
        "r.comment, r.seconds FROM study_ratings r JOIN items i ON i.id = r.item_id "
        "JOIN study_participants p ON p.study_id = r.study_id AND p.participant = r.participant "
        "JOIN study_items si ON si.study_id = r.study_id AND si.item_id = r.item_id "
        "WHERE r.study_id = ? ORDER BY p.slot, si.position");
    st.bind(1, study.id);
    std::vector<StudyRating> out;
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), static_cast<int>(st.columnInt(2)),
                       static_cast<int>(st.columnInt(3)), static_cast<int>(st.columnInt(4)),
                       st.columnText(5), st.columnDouble(6)});
    return out;
}

TrialContent trialContent(Project& project, const ParticipantTrial& trial) {
    const Item item = readItem(project.db(), trial.item.itemId);
    TrialContent c;
    c.question = item.question;
    for (const auto& unit : item.context) c.context.push_back(unit.text);
    Statement st =
        project.db().prepare("SELECT raw_text FROM predictions WHERE run_id = ? AND item_id = ?");
    st.bind(1, trial.arm->runId).bind(2, trial.item.itemId);
    if (st.step()) c.trace = thinkBlockText(st.columnText(0));
    return c;
}

}  // namespace ts::store
