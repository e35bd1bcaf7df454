#include "core/store/evidence_verdicts.h"

#include "core/decompose/rule.h"
#include "core/score/think_block.h"
#include "core/store/annotations.h"
#include "core/store/item_reader.h"
#include "core/store/run_lookup.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

std::string predictionText(Database& db, long long runId, long long itemRowId,
                           const std::string& itemKey) {
    Statement st = db.prepare("SELECT raw_text FROM predictions WHERE run_id = ? AND item_id = ?");
    st.bind(1, runId).bind(2, itemRowId);
    if (!st.step())
        throw Error("the run has no prediction for item '" + itemKey + "'",
                    ErrorLocation(db.path()));
    return st.columnText(0);
}

DatasetKind kindOfRun(Database& db, long long runId) {
    Statement st = db.prepare(
        "SELECT d.kind FROM runs r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?");
    st.bind(1, runId);
    if (!st.step()) throw Error("the project has no run with id " + std::to_string(runId));
    return parseDatasetKind(st.columnText(0)).value_or(DatasetKind::Generic);
}

std::string classNote(const ConfirmedEvidence& e, const std::optional<MarkedSpan>& span) {
    std::string note = e.label ? "evidence: the trace names the class '" + *e.label + "'"
                               : "evidence: the trace names no class of the label set";
    if (span)
        note += "; marked as the class step (" + std::to_string(span->span.begin) + "-" +
                std::to_string(span->span.end) + "): \"" + span->text + "\"";
    return note;
}

std::string retrievalNote(const ConfirmedEvidence& e, const std::optional<MarkedSpan>& span) {
    std::string note = "evidence: the trace quotes ";
    if (e.units.empty()) note += "no context unit";
    for (std::size_t i = 0; i < e.units.size(); ++i)
        note += (i ? ", " : "context units ") + std::to_string(e.units[i]);
    if (span)
        note += "; marked as the retrieval step (" + std::to_string(span->span.begin) + "-" +
                std::to_string(span->span.end) + "): \"" + span->text + "\"";
    return note;
}

}  // namespace

ItemEvidence proposalsFor(Project& project, long long runId, const std::string& itemKey,
                          double threshold) {
    Database& db = project.db();
    const long long row = requireItemRowId(db, runId, itemKey);
    const Item item = readItem(db, row);
    const std::string text = predictionText(db, runId, row, itemKey);
    const TextSpan block = thinkBlockSpan(text);
    ItemEvidence e;
    e.trace = text.substr(block.begin, block.length());
    e.traceOffset = block.begin;
    e.proposals = proposeEvidence(item, e.trace, ruleFor(kindOfRun(db, runId)).labels(), threshold);
    return e;
}

ConfirmedVerdicts confirmEvidence(Project& project, long long runId, const std::string& itemKey,
                                  const EvidenceDecision& d) {
    Database& db = project.db();
    if (d.annotator.empty()) throw Error("confirming evidence needs an annotator name");
    const long long row = requireItemRowId(db, runId, itemKey);
    const Item item = readItem(db, row);
    for (int u : d.evidence.units)
        if (u < 0 || u >= static_cast<int>(item.context.size()))
            throw Error("item '" + itemKey + "' has no context unit " + std::to_string(u) +
                        " (it has " + std::to_string(item.context.size()) + ")");
    (void)predictionText(db, runId, row, itemKey);
    const ConfirmedVerdicts v = confirmedVerdicts(item, d.evidence);

    Transaction tx(db);
    Annotation cls;
    cls.runId = runId;
    cls.itemId = itemKey;
    cls.target = AnnotationTarget::Class;
    cls.annotator = d.annotator;
    cls.verdictOverride = v.classStep;
    cls.note = classNote(d.evidence, d.classSpan);
    storeAnnotation(db, cls);
    Annotation ret = cls;
    ret.target = AnnotationTarget::Retrieval;
    ret.verdictOverride = v.retrievalStep;
    ret.note = retrievalNote(d.evidence, d.retrievalSpan);
    storeAnnotation(db, ret);
    tx.commit();
    return v;
}

}  // namespace ts::store
