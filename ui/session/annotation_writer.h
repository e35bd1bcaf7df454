#pragma once
// Annotation edits go to the writer connection, one transaction per edit, in
// the order they were made (the writer runs one task at a time). committed()
// says a transaction is durable in the project file: what a kill after it
// cannot lose.
#include <QObject>

#include "core/store/annotations.h"
#include "ui/session/project_session.h"

namespace ts::ui {

class AnnotationWriter : public QObject {
    Q_OBJECT
public:
    explicit AnnotationWriter(ProjectSession* session, QObject* parent = nullptr);

    // Inserts or updates the annotation with the same (run, item, target, annotator).
    void save(const store::Annotation& annotation);
    // Deletes the annotation with that key, if any.
    void remove(long long runId, const std::string& itemId, store::AnnotationTarget target,
                const std::string& annotator);

Q_SIGNALS:
    void committed(long long runId, const QString& itemId);
    void failed(const QString& message);

private:
    ProjectSession* session_;
};

}  // namespace ts::ui
