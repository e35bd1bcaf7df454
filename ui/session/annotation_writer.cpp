#include "ui/session/annotation_writer.h"

namespace ts::ui {

AnnotationWriter::AnnotationWriter(ProjectSession* session, QObject* parent)
    : QObject(parent), session_(session) {}

void AnnotationWriter::save(const store::Annotation& annotation) {
    const long long runId = annotation.runId;
    const QString itemId = QString::fromStdString(annotation.itemId);
    session_->writer().run<long long>(
        this, [annotation](store::Project& p) { return store::saveAnnotation(p, annotation); },
        [this, runId, itemId](long long) {
            Q_EMIT committed(runId, itemId);
            Q_EMIT session_->annotationsChanged(runId, itemId);
        },
        [this](const QString& message) { Q_EMIT failed(message); });
}

void AnnotationWriter::remove(long long runId, const std::string& itemId,
                              store::AnnotationTarget target, const std::string& annotator) {
    const QString item = QString::fromStdString(itemId);
    session_->writer().run<bool>(
        this,
        [=](store::Project& p) {
            for (const auto& a : store::annotationsForItem(p, runId, itemId))
                if (a.target == target && a.annotator == annotator) {
                    store::deleteAnnotation(p, a.id);
                    return true;
                }
            return false;
        },
        [this, runId, item](bool) {
            Q_EMIT committed(runId, item);
            Q_EMIT session_->annotationsChanged(runId, item);
        },
        [this](const QString& message) { Q_EMIT failed(message); });
}

}  // namespace ts::ui
