#pragma once
// One annotation edit on the undo stack: redo writes the new state, undo
// restores the old one (or deletes the annotation the edit created). Both go
// through the AnnotationWriter, so each is its own transaction.
#include <QUndoCommand>

#include <optional>

#include "core/store/annotations.h"
#include "ui/session/annotation_writer.h"

namespace ts::ui {

class AnnotationCommand : public QUndoCommand {
public:
    // before: the annotation with after's key as it is now (nullopt: none yet).
    AnnotationCommand(AnnotationWriter* writer, std::optional<store::Annotation> before,
                      store::Annotation after, const QString& text);
    void undo() override;
    void redo() override;

    const store::Annotation& after() const { return after_; }
    const std::optional<store::Annotation>& before() const { return before_; }

private:
    AnnotationWriter* writer_;
    std::optional<store::Annotation> before_;
    store::Annotation after_;
};

// A short undo-menu text: "mark trace wrong", "edit note on equal/17".
QString describeAnnotationEdit(const std::optional<store::Annotation>& before,
                               const store::Annotation& after);

}  // namespace ts::ui
