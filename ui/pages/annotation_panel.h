#pragma once
// Annotating the shown item: per target (the item, or one step) a verdict
// override, a note, tags and the human study's two 1-5 ratings
// (interpretability, cognitive load). Every change is one undoable command
// that is written at once (one transaction); other annotators' entries are
// listed underneath.
#include <QWidget>

#include <functional>
#include <optional>

#include "ui/session/item_view_data.h"

class QButtonGroup;
class QFormLayout;
class QComboBox;
class QLabel;
class QLineEdit;
class QUndoStack;

namespace ts::ui {

class AnnotationWriter;
class ProjectSession;

class AnnotationPanel : public QWidget {
    Q_OBJECT
public:
    AnnotationPanel(ProjectSession* session, AnnotationWriter* writer, QUndoStack* undo,
                    QWidget* parent = nullptr);

    // The item to annotate (a copy is kept); nullptr or a bare dataset item disables the panel.
    void setItem(const ItemViewData* data);
    store::AnnotationTarget target() const;
    void setTarget(store::AnnotationTarget target);
    // Sets (or clears) the override of the current target: the 1/2 keys.
    void markCurrentTarget(std::optional<StepVerdict> verdict);

private:
    void refresh();
    // Applies change to the current annotator's annotation of the current
    // target and pushes it as one command.
    void commitEdit(const std::function<void(store::Annotation&)>& change);
    QButtonGroup* likertRow(const QString& label, QFormLayout* form,
                            std::function<void(store::Annotation&, std::optional<int>)> apply);

    ProjectSession* session_;
    AnnotationWriter* writer_;
    QUndoStack* undo_;
    std::optional<ItemViewData> data_;
    bool updating_ = false;

    QComboBox* target_ = nullptr;
    QButtonGroup* verdict_ = nullptr;
    QLineEdit* note_ = nullptr;
    QLineEdit* tags_ = nullptr;
    QButtonGroup* interpretability_ = nullptr;
    QButtonGroup* cognitiveLoad_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* others_ = nullptr;
};

}  // namespace ts::ui
