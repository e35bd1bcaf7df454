#include "ui/pages/evidence_panel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include "ui/session/project_session.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

void clearLayout(QVBoxLayout* layout) {
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

}  // namespace

EvidencePanel::EvidencePanel(ProjectSession* session, QTextBrowser* output, QWidget* parent)
    : QWidget(parent), session_(session), output_(output) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    intro_ = new QLabel(this);
    intro_->setWordWrap(true);
    intro_->setText(
        tr("<span style='color:%1;font-weight:bold;'>needs a human</span> - no rule can judge "
           "free text. Confirm what the trace says: the class it names, and the context units "
           "it quotes. The verdicts follow as the strict rule would decide them.")
            .arg(needsHumanColor().name()));
    layout->addWidget(intro_);
    auto* labelTitle = new QLabel(tr("<b>Class step</b> - labels named in the trace:"), this);
    layout->addWidget(labelTitle);
    labels_ = new QVBoxLayout;
    layout->addLayout(labels_);
    labelGroup_ = new QButtonGroup(this);
    auto* unitTitle = new QLabel(tr("<b>Retrieval step</b> - context units quoted "
                                    "(token overlap with one sentence of the trace):"),
                                 this);
    layout->addWidget(unitTitle);
    units_ = new QVBoxLayout;
    layout->addLayout(units_);
    auto* markRow = new QHBoxLayout;
    auto* markClass = new QPushButton(tr("Selection is the class step"), this);
    auto* markRetrieval = new QPushButton(tr("Selection is the retrieval step"), this);
    markClass->setToolTip(tr("Select text in the raw output above first"));
    markRetrieval->setToolTip(markClass->toolTip());
    markRow->addWidget(markClass);
    markRow->addWidget(markRetrieval);
    markRow->addStretch();
    layout->addLayout(markRow);
    marks_ = new QLabel(this);
    marks_->setWordWrap(true);
    layout->addWidget(marks_);
    auto* confirmRow = new QHBoxLayout;
    confirm_ = new QPushButton(tr("Confirm as my verdicts"), this);
    confirm_->setObjectName(QStringLiteral("confirmEvidence"));
    confirmRow->addWidget(confirm_);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    confirmRow->addWidget(status_, 1);
    layout->addLayout(confirmRow);
    connect(markClass, &QPushButton::clicked, this, [this] { markSelection(true); });
    connect(markRetrieval, &QPushButton::clicked, this, [this] { markSelection(false); });
    connect(confirm_, &QPushButton::clicked, this, &EvidencePanel::confirm);
    setVisible(false);
}

void EvidencePanel::showItem(long long runId, const QString& itemId, bool needsHuman) {
    setVisible(needsHuman);
    if (!needsHuman) {
        channel_.invalidate();
        evidence_.reset();
        return;
    }
    const bool sameItem = runId == runId_ && itemId == itemId_;
    runId_ = runId;
    itemId_ = itemId;
    if (!sameItem) {
        // Nothing of the previous item may be confirmed for this one: the
        // choices go, and Confirm waits for this item's proposals.
        classSpan_.reset();
        retrievalSpan_.reset();
        evidence_.reset();
        clearChoices();
        marks_->clear();
        status_->clear();
        confirm_->setEnabled(false);
    }
    const std::string id = itemId.toStdString();
    session_->reader().run<store::ItemEvidence>(
        this, [runId, id](store::Project& p) { return store::proposalsFor(p, runId, id); },
        [this](store::ItemEvidence e) {
            evidence_ = std::move(e);
            rebuild();
            confirm_->setEnabled(true);
        },
        [this](const QString& message) { status_->setText(message); }, channel_.next());
}

void EvidencePanel::clearChoices() {
    for (QAbstractButton* b : labelGroup_->buttons()) labelGroup_->removeButton(b);
    clearLayout(labels_);
    clearLayout(units_);
    unitBoxes_.clear();
}

void EvidencePanel::rebuild() {
    clearChoices();
    const auto& p = evidence_->proposals;
    for (std::size_t i = 0; i < p.labels.size(); ++i) {
        auto* b = new QRadioButton(tr("“%1” at %2-%3")
                                       .arg(qs(p.labels[i].label))
                                       .arg(p.labels[i].span.begin)
                                       .arg(p.labels[i].span.end),
                                   this);
        labelGroup_->addButton(b, static_cast<int>(i));
        labels_->addWidget(b);
    }
    auto* none = new QRadioButton(tr("the trace names no class of the label set"), this);
    labelGroup_->addButton(none, -2);
    labels_->addWidget(none);
    if (!p.labels.empty()) labelGroup_->button(0)->setChecked(true);
    for (const auto& u : p.units) {
        const QString sentence =
            qs(evidence_->trace.substr(u.span.begin, u.span.length())).simplified();
        auto* box = new QCheckBox(tr("unit %1 · overlap %2 · “%3”")
                                      .arg(u.contextIndex)
                                      .arg(u.overlap, 0, 'f', 2)
                                      .arg(sentence),
                                  this);
        box->setChecked(u.overlap >= 0.999);  // verbatim quotes start ticked
        unitBoxes_.push_back(box);
        units_->addWidget(box);
    }
    if (p.units.empty())
        units_->addWidget(
            new QLabel(tr("(no unit reaches an overlap of %1)").arg(p.threshold, 0, 'f', 2), this));
    QStringList marks;
    if (classSpan_) marks << tr("class step marked: “%1”").arg(qs(classSpan_->text));
    if (retrievalSpan_) marks << tr("retrieval step marked: “%1”").arg(qs(retrievalSpan_->text));
    marks_->setText(marks.join(QStringLiteral("<br/>")));
}

QStringList EvidencePanel::labelChoices() const {
    QStringList out;
    for (QAbstractButton* b : labelGroup_->buttons()) out << b->text();
    return out;
}

QStringList EvidencePanel::unitChoices() const {
    QStringList out;
    for (const QCheckBox* b : unitBoxes_) out << b->text();
    return out;
}

void EvidencePanel::chooseLabel(int index) {
    if (QAbstractButton* b = labelGroup_->button(index < 0 ? -2 : index)) b->setChecked(true);
}

void EvidencePanel::tickUnit(int index, bool on) {
    if (index >= 0 && index < static_cast<int>(unitBoxes_.size()))
        unitBoxes_[index]->setChecked(on);
}

void EvidencePanel::markSelection(bool asClassStep) {
    if (!evidence_) return;
    const QTextCursor cursor = output_->textCursor();
    // The raw output shows the prediction as is, so its character positions
    // are the prediction's; the spans core keeps are relative to the trace.
    const std::string selected = cursor.selectedText().toStdString();
    const auto at = evidence_->trace.find(selected);
    if (selected.empty() || at == std::string::npos) {
        status_->setText(tr("Select a part of the trace (inside the think block) first."));
        return;
    }
    store::MarkedSpan span{{at, at + selected.size()}, selected};
    (asClassStep ? classSpan_ : retrievalSpan_) = span;
    status_->clear();
    rebuild();
}

void EvidencePanel::confirm() {
    if (!evidence_) return;
    const QString annotator = session_->annotator();
    if (annotator.isEmpty()) {
        status_->setText(tr("Set your annotator name first (Edit > Preferences)."));
        return;
    }
    store::EvidenceDecision d;
    d.annotator = annotator.toStdString();
    const int label = labelGroup_->checkedId();
    if (label >= 0)
        d.evidence.label = evidence_->proposals.labels[static_cast<std::size_t>(label)].label;
    for (std::size_t i = 0; i < unitBoxes_.size(); ++i)
        if (unitBoxes_[i]->isChecked())
            d.evidence.units.push_back(evidence_->proposals.units[i].contextIndex);
    d.classSpan = classSpan_;
    d.retrievalSpan = retrievalSpan_;
    const long long runId = runId_;
    const QString itemId = itemId_;
    const std::string id = itemId.toStdString();
    session_->writer().run<ConfirmedVerdicts>(
        this, [=](store::Project& p) { return store::confirmEvidence(p, runId, id, d); },
        [this, runId, itemId](ConfirmedVerdicts v) {
            status_->setText(tr("saved: class %1, retrieval %2")
                                 .arg(verdictText(v.classStep), verdictText(v.retrievalStep)));
            Q_EMIT confirmed(runId, itemId);
            Q_EMIT session_->annotationsChanged(runId, itemId);
        },
        [this](const QString& message) { status_->setText(message); });
}

}  // namespace ts::ui
