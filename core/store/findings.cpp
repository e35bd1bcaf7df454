#include "core/store/findings.h"

#include <algorithm>

#include "core/store/run_lookup.h"
#include "core/util/error.h"

namespace ts::store {

std::string_view toString(FindingKind k) {
    switch (k) {
        case FindingKind::Item:
            return "item";
        case FindingKind::Tables:
            return "tables";
        case FindingKind::Chart:
            return "chart";
    }
    return "item";
}

std::optional<FindingKind> parseFindingKind(std::string_view name) {
    for (auto k : {FindingKind::Item, FindingKind::Tables, FindingKind::Chart})
        if (toString(k) == name) return k;
    return std::nullopt;
}

namespace {

void requireFinding(Database& db, long long id) {
    Statement st = db.prepare("SELECT 1 FROM findings WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        throw Error("no finding with id " + std::to_string(id), ErrorLocation(db.path()));
}

// Rewrites positions 0..n-1 in the given order.
void renumber(Database& db, const std::vector<long long>& ids) {
    Statement st = db.prepare("UPDATE findings SET position = ? WHERE id = ?");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        st.reset();
        st.bind(1, static_cast<long long>(i)).bind(2, ids[i]).run();
    }
}

std::vector<long long> idsInOrder(Database& db) {
    Statement st = db.prepare("SELECT id FROM findings ORDER BY position, id");
    std::vector<long long> ids;
    while (st.step()) ids.push_back(st.columnInt(0));
    return ids;
}

}  // namespace

long long addFinding(Project& project, const Finding& f) {
    Database& db = project.db();
    Transaction tx(db);
    requireRunExists(db, f.runId);
    std::optional<long long> itemRowId;
    if (f.kind == FindingKind::Item) itemRowId = requireItemRowId(db, f.runId, f.itemId);
    if (f.kind == FindingKind::Chart && f.chart != "conditional" && f.chart != "labels")
        throw Error("unknown chart '" + f.chart + "' (conditional or labels)",
                    ErrorLocation(db.path()));
    Statement st = db.prepare(
        "INSERT INTO findings(position, kind, run_id, item_id, rule, annotator, retrieval, chart, "
        "title, note,"
        " created_at) VALUES ((SELECT COALESCE(MAX(position) + 1, 0) FROM findings), ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?)");
    st.bind(1, std::string(toString(f.kind)))
        .bind(2, f.runId)
        .bind(3, itemRowId)
        .bind(4, std::string(toString(f.view.rule)))
        .bind(5, f.view.rule == VerdictRule::Human ? f.view.annotator : std::string())
        .bind(6, std::string(toString(f.mode)))
        .bind(7, f.kind == FindingKind::Chart ? f.chart : std::string())
        .bind(8, f.title)
        .bind(9, f.note)
        .bind(10, utcTimestamp())
        .run();
    const long long id = db.lastInsertRowId();
    tx.commit();
    return id;
}

std::vector<Finding> listFindings(Project& project) {
    Database& db = project.db();
    Statement st = db.prepare(
        "SELECT f.id, f.position, f.kind, f.run_id, r.name, COALESCE(i.item_key, ''), f.rule, "
        "f.annotator,"
        " f.retrieval, f.chart, f.title, f.note, f.created_at"
        " FROM findings f JOIN runs r ON r.id = f.run_id LEFT JOIN items i ON i.id = f.item_id"
        " ORDER BY f.position, f.id");
    std::vector<Finding> out;
    while (st.step()) {
        Finding f;
        f.id = st.columnInt(0);
        f.position = static_cast<int>(st.columnInt(1));
        const auto kind = parseFindingKind(st.columnText(2));
        const auto rule = parseVerdictRule(st.columnText(6));
        const auto mode = parseRetrievalMode(st.columnText(8));
        if (!kind || !rule || !mode)
            throw Error("a finding the project file cannot describe", ErrorLocation(db.path()));
        f.kind = *kind;
        f.runId = st.columnInt(3);
        f.runName = st.columnText(4);
        f.itemId = st.columnText(5);
        f.view = VerdictView{*rule, st.columnText(7)};
        f.mode = *mode;
        f.chart = st.columnText(9);
        f.title = st.columnText(10);
        f.note = st.columnText(11);
        f.createdAt = st.columnText(12);
        out.push_back(std::move(f));
    }
    return out;
}

void setFindingNote(Project& project, long long id, const std::string& note) {
    Database& db = project.db();
    Transaction tx(db);
    requireFinding(db, id);
    Statement st = db.prepare("UPDATE findings SET note = ? WHERE id = ?");
    st.bind(1, note).bind(2, id).run();
    tx.commit();
}

void moveFinding(Project& project, long long id, int newPosition) {
    Database& db = project.db();
    Transaction tx(db);
    requireFinding(db, id);
    std::vector<long long> ids = idsInOrder(db);
    ids.erase(std::find(ids.begin(), ids.end(), id));
    const auto at =
        static_cast<std::size_t>(std::clamp(newPosition, 0, static_cast<int>(ids.size())));
    ids.insert(ids.begin() + static_cast<long>(at), id);
    renumber(db, ids);
    tx.commit();
}

void removeFinding(Project& project, long long id) {
    Database& db = project.db();
    Transaction tx(db);
    requireFinding(db, id);
    Statement st = db.prepare("DELETE FROM findings WHERE id = ?");
    st.bind(1, id).run();
    renumber(db, idsInOrder(db));
    tx.commit();
}

}  // namespace ts::store
