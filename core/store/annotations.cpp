#include "core/store/annotations.h"

#include <algorithm>

#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

std::string_view toString(AnnotationTarget t) {
    switch (t) {
        case AnnotationTarget::Item:
            return "item";
        case AnnotationTarget::Class:
            return "class";
        case AnnotationTarget::Retrieval:
            return "retrieval";
        case AnnotationTarget::Trace:
            return "trace";
        case AnnotationTarget::Answer:
            return "answer";
    }
    return "item";
}

std::optional<AnnotationTarget> parseAnnotationTarget(std::string_view name) {
    for (auto t : {AnnotationTarget::Item, AnnotationTarget::Class, AnnotationTarget::Retrieval,
                   AnnotationTarget::Trace, AnnotationTarget::Answer})
        if (toString(t) == name) return t;
    return std::nullopt;
}

namespace {

void validate(const Database& db, const Annotation& a) {
    auto fail = [&](const std::string& what) {
        throw Error("invalid annotation: " + what, ErrorLocation(db.path(), 0, a.itemId));
    };
    if (a.annotator.empty()) fail("the annotator is empty");
    for (const auto& [name, rating] : {std::pair{"interpretability", a.interpretability},
                                       std::pair{"cognitive load", a.cognitiveLoad}})
        if (rating && (*rating < 1 || *rating > 5))
            fail(std::string(name) + " rating " + std::to_string(*rating) + " is outside 1..5");
    for (const std::string& tag : a.tags) {
        if (tag.empty()) fail("an empty tag");
        // The workbench and annotation files list tags comma-separated.
        if (tag.find(',') != std::string::npos) fail("a tag contains a comma: '" + tag + "'");
    }
}

constexpr const char* kColumns =
    "SELECT a.id, a.run_id, i.item_key, a.step, a.annotator, a.verdict_override, a.note,"
    " a.interpretability, a.cognitive_load, a.created_at, a.updated_at"
    " FROM annotations a JOIN items i ON i.id = a.item_id ";

// The select above with a WHERE/ORDER tail. Built by append: GCC 12 at -O2
// reports a false -Warray-bounds for std::string(const char*) + literal.
std::string annotationQuery(const char* tail) {
    std::string sql = kColumns;
    sql.append(tail);
    return sql;
}

std::vector<Annotation> readAnnotations(Database& db, Statement& st) {
    std::vector<Annotation> out;
    while (st.step()) {
        Annotation a;
        a.id = st.columnInt(0);
        a.runId = st.columnInt(1);
        a.itemId = st.columnText(2);
        const auto target = parseAnnotationTarget(st.columnText(3));
        if (!target)
            throw Error("unknown annotation step '" + st.columnText(3) + "' in the project file",
                        ErrorLocation(db.path()));
        a.target = *target;
        a.annotator = st.columnText(4);
        if (auto code = st.columnOptionalInt(5)) a.verdictOverride = decodeStepVerdict(*code);
        a.note = st.columnText(6);
        if (auto v = st.columnOptionalInt(7)) a.interpretability = static_cast<int>(*v);
        if (auto v = st.columnOptionalInt(8)) a.cognitiveLoad = static_cast<int>(*v);
        a.createdAt = st.columnText(9);
        a.updatedAt = st.columnText(10);
        out.push_back(std::move(a));
    }
    Statement tags =
        db.prepare("SELECT tag FROM annotation_tags WHERE annotation_id = ? ORDER BY tag");
    for (Annotation& a : out) {
        tags.reset();
        tags.bind(1, a.id);
        while (tags.step()) a.tags.push_back(tags.columnText(0));
    }
    return out;
}

}  // namespace

long long storeAnnotation(Database& db, const Annotation& annotation) {
    validate(db, annotation);
    const long long itemRowId = requireItemRowId(db, annotation.runId, annotation.itemId);
    const std::string now = utcTimestamp();
    const std::string step(toString(annotation.target));
    std::optional<long long> override;
    if (annotation.verdictOverride) override = encode(*annotation.verdictOverride);
    std::optional<long long> interpretability, cognitiveLoad;
    if (annotation.interpretability) interpretability = *annotation.interpretability;
    if (annotation.cognitiveLoad) cognitiveLoad = *annotation.cognitiveLoad;

    Statement upsert = db.prepare(
        "INSERT INTO annotations(run_id, item_id, step, annotator, verdict_override, note,"
        " interpretability, cognitive_load, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(run_id, item_id, step, annotator) DO UPDATE SET"
        " verdict_override = excluded.verdict_override, note = excluded.note,"
        " interpretability = excluded.interpretability, cognitive_load = excluded.cognitive_load,"
        " updated_at = excluded.updated_at"
        " RETURNING id");
    upsert.bind(1, annotation.runId)
        .bind(2, itemRowId)
        .bind(3, step)
        .bind(4, annotation.annotator)
        .bind(5, override)
        .bind(6, annotation.note)
        .bind(7, interpretability)
        .bind(8, cognitiveLoad)
        .bind(9, annotation.createdAt.empty() ? now : annotation.createdAt)
        .bind(10, annotation.updatedAt.empty() ? now : annotation.updatedAt);
    try {
        if (!upsert.step()) throw Error("annotation was not stored", ErrorLocation(db.path()));
    } catch (const Error& e) {
        // A missing prediction trips the foreign key to predictions(run, item).
        throw Error(
            "cannot store the annotation of item '" + annotation.itemId + "': " + e.message(),
            ErrorLocation(db.path(), 0, annotation.itemId));
    }
    const long long id = upsert.columnInt(0);
    upsert.step();  // finish the statement before the next one

    Statement clear = db.prepare("DELETE FROM annotation_tags WHERE annotation_id = ?");
    clear.bind(1, id).run();
    std::vector<std::string> tags = annotation.tags;
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    Statement insertTag =
        db.prepare("INSERT INTO annotation_tags(annotation_id, tag) VALUES (?, ?)");
    for (const std::string& tag : tags) {
        insertTag.reset();
        insertTag.bind(1, id).bind(2, tag).run();
    }
    return id;
}

long long saveAnnotation(Project& project, const Annotation& annotation) {
    Database& db = project.db();
    validate(db, annotation);
    Transaction tx(db);
    const long long id = storeAnnotation(db, annotation);
    tx.commit();
    return id;
}

std::vector<Annotation> allAnnotations(Project& project) {
    Statement st = project.db().prepare(annotationQuery("ORDER BY a.run_id, a.item_id, a.id"));
    return readAnnotations(project.db(), st);
}

std::optional<Annotation> findAnnotation(Project& project, long long id) {
    Statement st = project.db().prepare(annotationQuery("WHERE a.id = ?"));
    st.bind(1, id);
    auto all = readAnnotations(project.db(), st);
    if (all.empty()) return std::nullopt;
    return std::move(all.front());
}

std::vector<Annotation> annotationsForItem(Project& project, long long runId,
                                           const std::string& itemId) {
    Statement st = project.db().prepare(
        annotationQuery("WHERE a.run_id = ? AND i.item_key = ? ORDER BY a.id"));
    st.bind(1, runId).bind(2, itemId);
    return readAnnotations(project.db(), st);
}

std::vector<Annotation> annotationsOfRun(Project& project, long long runId) {
    Statement st = project.db().prepare(annotationQuery("WHERE a.run_id = ? ORDER BY a.item_id, a.id"));
    st.bind(1, runId);
    return readAnnotations(project.db(), st);
}

void deleteAnnotation(Project& project, long long id) {
    Database& db = project.db();
    Transaction tx(db);
    Statement st = db.prepare("DELETE FROM annotations WHERE id = ?");
    st.bind(1, id).run();
    if (db.changes() == 0)
        throw Error("no annotation with id " + std::to_string(id), ErrorLocation(db.path()));
    tx.commit();
}

stats::KappaResult annotatorAgreement(Project& project, long long runId, AnnotationTarget target,
                                      const std::string& annotatorA,
                                      const std::string& annotatorB) {
    Statement st = project.db().prepare(
        "SELECT a.verdict_override, b.verdict_override FROM annotations a"
        " JOIN annotations b ON b.run_id = a.run_id AND b.item_id = a.item_id AND b.step = a.step"
        " WHERE a.run_id = ? AND a.step = ? AND a.annotator = ? AND b.annotator = ?"
        " AND a.verdict_override IS NOT NULL AND b.verdict_override IS NOT NULL");
    st.bind(1, runId)
        .bind(2, std::string(toString(target)))
        .bind(3, annotatorA)
        .bind(4, annotatorB);
    std::vector<std::string> ratingsA, ratingsB;
    while (st.step()) {
        ratingsA.emplace_back(toString(decodeStepVerdict(st.columnInt(0))));
        ratingsB.emplace_back(toString(decodeStepVerdict(st.columnInt(1))));
    }
    return stats::cohenKappa(ratingsA, ratingsB);
}

}  // namespace ts::store
