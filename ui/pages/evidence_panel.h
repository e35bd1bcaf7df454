#pragma once
// The item view's evidence panel for a free-form trace, whose steps no rule
// can judge ("needs a human"): the labels the text names (class-step
// candidates, one to pick, or "names no class") and the context units it
// quotes verbatim or nearly (retrieval candidates with their token overlap, to
// tick), proposed by core (store::proposalsFor); a selection in the raw output
// can be marked as the class or the retrieval step. Confirm stores them as the
// annotator's human verdicts (store::confirmEvidence) on the writer thread;
// the human-rule tables then count the item.
#include <QWidget>

#include <optional>

#include "core/store/evidence_verdicts.h"
#include "ui/session/request_channel.h"

class QButtonGroup;
class QCheckBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;

namespace ts::ui {

class ProjectSession;

class EvidencePanel : public QWidget {
    Q_OBJECT
public:
    // `output` is the raw-output view whose selection "Mark" reads.
    EvidencePanel(ProjectSession* session, QTextBrowser* output, QWidget* parent = nullptr);

    // Loads the proposals for a run's item (hidden when `needsHuman` is false).
    void showItem(long long runId, const QString& itemId, bool needsHuman);

    // For tests: the candidates as shown, in order.
    QStringList labelChoices() const;
    QStringList unitChoices() const;
    void chooseLabel(int index);  // -1: "names no class"
    void tickUnit(int index, bool on);
    void markSelection(bool asClassStep);
    QPushButton* confirmButton() const { return confirm_; }
    // The shown item's proposals have arrived (Confirm is enabled).
    bool ready() const { return evidence_.has_value(); }

Q_SIGNALS:
    void confirmed(long long runId, const QString& itemId);

private:
    void rebuild();
    void confirm();
    void clearChoices();

    ProjectSession* session_;
    QTextBrowser* output_;
    RequestChannel channel_;
    long long runId_ = 0;
    QString itemId_;
    std::optional<store::ItemEvidence> evidence_;
    std::optional<store::MarkedSpan> classSpan_, retrievalSpan_;

    QLabel* intro_ = nullptr;
    QVBoxLayout* labels_ = nullptr;
    QVBoxLayout* units_ = nullptr;
    QButtonGroup* labelGroup_ = nullptr;
    std::vector<QCheckBox*> unitBoxes_;
    QLabel* marks_ = nullptr;
    QPushButton* confirm_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace ts::ui
