#pragma once
// The right-hand item view: the question; the context units coloured by what
// the trace cited; the class step as predicted vs gold; the extracted answer
// vs the gold answers; the raw output with its parsed spans highlighted; the
// evidence behind the verdicts ("why is this wrong?"); and the annotation
// panel. The item's verdicts under every rule arrive together, so the rule
// switch re-colours without a query.
#include <QWidget>

#include <optional>

#include "ui/session/item_view_data.h"
#include "ui/session/request_channel.h"

class QButtonGroup;
class QLabel;
class QListView;
class QUndoStack;

namespace ts::ui {

class AnnotationPanel;
class AnnotationWriter;
class EvidencePanel;
class ContextUnitModel;
class FitListView;
class PredictionView;
class ProjectSession;
class VerdictChipRow;

class ItemViewPage : public QWidget {
    Q_OBJECT
public:
    ItemViewPage(ProjectSession* session, AnnotationWriter* writer, QUndoStack* undo,
                 QWidget* parent = nullptr);

    // A run's item (loaded on the query worker) ...
    void showRunItem(long long runId, const QString& itemId);
    // ... or a bare dataset's item (already in memory).
    void showDatasetItem(const Item& item);
    void clear();

    const std::optional<ItemViewData>& data() const { return data_; }
    AnnotationPanel* annotationPanel() const { return annotations_; }
    EvidencePanel* evidencePanel() const { return evidencePanel_; }
    // The parts a reader needs without scrolling (for the layout test).
    QWidget* questionWidget() const;
    QWidget* chipsWidget() const;
    QWidget* contextWidget() const;
    QWidget* answerWidget() const;
    QWidget* rawOutputWidget() const;
    class QScrollArea* scrollArea() const { return scroll_; }
    // The part worth exporting as a slide (everything but the annotation panel).
    QWidget* slideWidget() const { return content_; }

Q_SIGNALS:
    void shown(const QString& itemId);
    void exportSlideRequested();
    void pinRequested();

private:
    void render();
    // The verdict shown under the session's rule (Human: strict with overrides).
    std::optional<ItemVerdict> shownVerdict() const;

    ProjectSession* session_;
    RequestChannel channel_;
    std::optional<ItemViewData> data_;

    QWidget* content_ = nullptr;
    class QScrollArea* scroll_ = nullptr;
    QLabel* title_ = nullptr;
    QButtonGroup* ruleButtons_ = nullptr;
    QLabel* question_ = nullptr;
    VerdictChipRow* chips_ = nullptr;
    QLabel* classStep_ = nullptr;
    FitListView* units_ = nullptr;
    ContextUnitModel* unitModel_ = nullptr;
    QLabel* answer_ = nullptr;
    PredictionView* prediction_ = nullptr;
    QLabel* evidence_ = nullptr;
    AnnotationPanel* annotations_ = nullptr;
    class QGroupBox* evidenceBox_ = nullptr;
    EvidencePanel* evidencePanel_ = nullptr;
};

}  // namespace ts::ui
