#include "ui/session/annotation_command.h"

#include "ui/widgets/verdict_style.h"

namespace ts::ui {

AnnotationCommand::AnnotationCommand(AnnotationWriter* writer,
                                     std::optional<store::Annotation> before,
                                     store::Annotation after, const QString& text)
    : QUndoCommand(text), writer_(writer), before_(std::move(before)), after_(std::move(after)) {}

void AnnotationCommand::redo() { writer_->save(after_); }

void AnnotationCommand::undo() {
    if (before_)
        writer_->save(*before_);
    else
        writer_->remove(after_.runId, after_.itemId, after_.target, after_.annotator);
}

QString describeAnnotationEdit(const std::optional<store::Annotation>& before,
                               const store::Annotation& after) {
    const QString target = QString::fromUtf8(store::toString(after.target).data());
    const QString item = QString::fromStdString(after.itemId);
    const store::Annotation empty;
    const store::Annotation& b = before ? *before : empty;
    if (b.verdictOverride != after.verdictOverride)
        return after.verdictOverride
                   ? QStringLiteral("mark %1 %2 on %3").arg(target, verdictText(*after.verdictOverride), item)
                   : QStringLiteral("clear %1 override on %2").arg(target, item);
    if (b.note != after.note) return QStringLiteral("edit note on %1").arg(item);
    if (b.tags != after.tags) return QStringLiteral("edit tags on %1").arg(item);
    if (b.interpretability != after.interpretability)
        return QStringLiteral("rate interpretability on %1").arg(item);
    if (b.cognitiveLoad != after.cognitiveLoad)
        return QStringLiteral("rate cognitive load on %1").arg(item);
    return QStringLiteral("annotate %1").arg(item);
}

}  // namespace ts::ui
