#pragma once
// Human annotations of a run's items: per item or per step, a verdict
// override, a note, tags, and the two 1-5 Likert ratings of the paper's human
// study (interpretability, cognitive load). One annotation per (run, item,
// target, annotator); every edit is its own transaction.
#include <optional>
#include <string>
#include <vector>

#include "core/score/verdict.h"
#include "core/stats/agreement.h"
#include "core/store/project.h"

namespace ts::store {

enum class AnnotationTarget { Item, Class, Retrieval, Trace, Answer };
std::string_view toString(AnnotationTarget t);  // "item", "class", "retrieval", "trace", "answer"
std::optional<AnnotationTarget> parseAnnotationTarget(std::string_view name);

struct Annotation {
    long long id = 0;  // 0 until saved
    long long runId = 0;
    std::string itemId;  // Item::id
    AnnotationTarget target = AnnotationTarget::Item;
    std::string annotator;
    std::optional<StepVerdict> verdictOverride;
    std::string note;
    std::vector<std::string> tags;        // stored sorted, without duplicates
    std::optional<int> interpretability;  // 1..5
    std::optional<int> cognitiveLoad;     // 1..5
    std::string createdAt;
    std::string updatedAt;
};

// Inserts, or updates the annotation with the same (run, item, target,
// annotator); returns its id. Throws ts::Error (nothing written) for an empty
// annotator, a rating outside 1..5, an empty tag or one with a comma, or an
// item the run has no prediction for.
long long saveAnnotation(Project& project, const Annotation& annotation);
// The same inside the caller's transaction (many annotations written as one);
// createdAt / updatedAt are stored as given when set (a file read back keeps
// its times), else the current time.
long long storeAnnotation(Database& db, const Annotation& annotation);
std::optional<Annotation> findAnnotation(Project& project, long long id);
std::vector<Annotation> annotationsForItem(Project& project, long long runId,
                                           const std::string& itemId);
std::vector<Annotation> annotationsOfRun(Project& project, long long runId);
// Every annotation of the project, by run and item.
std::vector<Annotation> allAnnotations(Project& project);
// Throws ts::Error when no annotation has that id.
void deleteAnnotation(Project& project, long long id);

// Cohen's kappa between two annotators' verdict overrides on one target, over
// the items of the run both gave an override for.
stats::KappaResult annotatorAgreement(Project& project, long long runId, AnnotationTarget target,
                                      const std::string& annotatorA, const std::string& annotatorB);

}  // namespace ts::store
