#include "ui/pages/item_view_page.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/delegates/context_unit_delegate.h"
#include "ui/models/context_unit_model.h"
#include "ui/pages/annotation_panel.h"
#include "ui/pages/evidence_panel.h"
#include "ui/pages/verdict_explanation.h"
#include "ui/session/project_session.h"
#include "ui/widgets/fit_list_view.h"
#include "ui/widgets/page_helpers.h"
#include "ui/widgets/prediction_view.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

// A raw output taller than this scrolls inside its box.
constexpr int kPredictionMaxHeight = 360;

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString chipHtml(const QString& text, const QColor& fill, const QColor& fg) {
    return QStringLiteral("<span style='background:%1;color:%2;font-weight:bold;'>&nbsp;%3&nbsp;</span>")
        .arg(fill.name(), fg.name(), text.toHtmlEscaped());
}

QString joinAnswers(const std::vector<std::string>& answers) {
    QStringList out;
    for (const auto& a : answers) out << QStringLiteral("“%1”").arg(esc(a));
    return out.isEmpty() ? QStringLiteral("(none)") : out.join(QStringLiteral(", "));
}

}  // namespace

ItemViewPage::ItemViewPage(ProjectSession* session, AnnotationWriter* writer, QUndoStack* undo,
                           QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    title_ = new QLabel(tr("No item selected"), this);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);  // item id and run name: long, so they wrap
    title_->setMinimumWidth(160);
    QFont tf = title_->font();
    tf.setBold(true);
    title_->setFont(tf);
    header->addWidget(title_, 1);
    ruleButtons_ = new QButtonGroup(this);
    for (auto r : {store::VerdictRule::Strict, store::VerdictRule::Legacy, store::VerdictRule::Human}) {
        auto* b = new QToolButton(this);
        const QString name = QString::fromUtf8(store::toString(r).data());
        b->setText(name);
        b->setCheckable(true);
        b->setToolTip(tr("Show the verdicts under the %1 rule").arg(name));
        ruleButtons_->addButton(b, int(r));
        header->addWidget(b);
    }
    auto* pin = new QToolButton(this);
    pin->setText(tr("Pin"));
    pin->setToolTip(tr("Pin this item to the findings (P)"));
    header->addWidget(pin);
    connect(pin, &QToolButton::clicked, this, &ItemViewPage::pinRequested);
    auto* slide = new QToolButton(this);
    slide->setText(tr("Slide…"));
    slide->setToolTip(tr("Export this item view as a slide (PNG, SVG or PDF)"));
    header->addWidget(slide);
    outer->addLayout(header);

    auto* scroll = new QScrollArea(this);
    scroll_ = scroll;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* body = new QWidget(scroll);
    auto* layout = new QVBoxLayout(body);
    content_ = new QWidget(body);
    auto* c = new QVBoxLayout(content_);
    c->setContentsMargins(0, 0, 0, 0);
    question_ = addSection(c, tr("Question"), makeWrappingLabel(content_));
    chips_ = new VerdictChipRow(content_);
    c->addWidget(chips_);
    classStep_ = addSection(c, tr("Class step"), makeWrappingLabel(content_));
    units_ = new FitListView(content_);
    units_->setObjectName(QStringLiteral("contextUnits"));
    unitModel_ = new ContextUnitModel(units_);
    units_->setModel(unitModel_);
    units_->setItemDelegate(new ContextUnitDelegate(units_));
    units_->setSelectionMode(QAbstractItemView::NoSelection);
    addSection(c, tr("Context (green: cited gold · red: cited, not gold · amber outline: gold, "
                     "not cited)"),
               units_);
    answer_ = addSection(c, tr("Answer"), makeWrappingLabel(content_));
    prediction_ = new PredictionView(content_);
    prediction_->fitToContent(kPredictionMaxHeight);
    prediction_->setObjectName(QStringLiteral("rawOutput"));
    addSection(c, tr("Raw model output"), prediction_);
    evidence_ = addSection(c, tr("Why this verdict?"), makeWrappingLabel(content_));
    layout->addWidget(content_);
    evidenceBox_ = new QGroupBox(tr("Evidence in the free-form trace"), body);
    auto* evidenceLayout = new QVBoxLayout(evidenceBox_);
    evidencePanel_ = new EvidencePanel(session, prediction_, evidenceBox_);
    evidenceLayout->addWidget(evidencePanel_);
    evidenceBox_->setVisible(false);
    layout->addWidget(evidenceBox_);
    auto* box = new QGroupBox(tr("Annotation"), body);
    auto* boxLayout = new QVBoxLayout(box);
    annotations_ = new AnnotationPanel(session, writer, undo, box);
    boxLayout->addWidget(annotations_);
    layout->addWidget(box);
    layout->addStretch();
    scroll->setWidget(body);
    outer->addWidget(scroll, 1);

    connect(ruleButtons_, &QButtonGroup::idClicked, this,
            [this](int id) { session_->setRule(static_cast<store::VerdictRule>(id)); });
    connect(slide, &QToolButton::clicked, this, &ItemViewPage::exportSlideRequested);
    connect(session_, &ProjectSession::ruleChanged, this, &ItemViewPage::render);
    connect(session_, &ProjectSession::annotationsChanged, this,
            [this](long long runId, const QString& itemId) {
                if (data_ && data_->runId == runId && QString::fromStdString(data_->item.id) == itemId)
                    showRunItem(runId, itemId);
            });
    connect(session_, &ProjectSession::projectClosed, this, &ItemViewPage::clear);
    render();
}

QWidget* ItemViewPage::questionWidget() const { return question_; }
QWidget* ItemViewPage::chipsWidget() const { return chips_; }
QWidget* ItemViewPage::contextWidget() const { return units_; }
QWidget* ItemViewPage::answerWidget() const { return answer_; }
QWidget* ItemViewPage::rawOutputWidget() const { return prediction_; }

void ItemViewPage::showRunItem(long long runId, const QString& itemId) {
    const auto* run = session_->catalogue().run(runId);
    const std::string runName = run ? run->name : std::string();
    const std::string id = itemId.toStdString();
    session_->reader().run<ItemViewData>(
        this, [=](store::Project& p) { return loadItemView(p, runId, runName, id); },
        [this](ItemViewData d) {
            data_ = std::move(d);
            render();
            Q_EMIT shown(QString::fromStdString(data_->item.id));
        },
        {}, channel_.next());
}

void ItemViewPage::showDatasetItem(const Item& item) {
    channel_.invalidate();
    data_ = ItemViewData{};
    data_->item = item;
    render();
    Q_EMIT shown(QString::fromStdString(item.id));
}

void ItemViewPage::clear() {
    channel_.invalidate();
    data_.reset();
    render();
}

std::optional<ItemVerdict> ItemViewPage::shownVerdict() const {
    if (!data_ || !data_->hasRun()) return std::nullopt;
    return data_->shownVerdict(session_->verdictView());
}

void ItemViewPage::render() {
    if (auto* b = ruleButtons_->button(int(session_->rule()))) b->setChecked(true);
    if (!data_) {
        title_->setText(tr("No item selected"));
        for (QLabel* l : {question_, classStep_, answer_, evidence_}) l->clear();
        chips_->setVerdict(nullptr);
        unitModel_->clear();
        prediction_->clear();
        annotations_->setItem(nullptr);
        evidencePanel_->showItem(0, {}, false);
        evidenceBox_->setVisible(false);
        return;
    }
    const Item& item = data_->item;
    const auto verdict = shownVerdict();
    title_->setText(data_->hasRun() ? QStringLiteral("%1 · %2").arg(QString::fromStdString(item.id),
                                                                   QString::fromStdString(data_->runName))
                                    : QStringLiteral("%1 · dataset item (gold only)")
                                          .arg(QString::fromStdString(item.id)));
    question_->setText(QString::fromStdString(item.question));
    chips_->setVerdict(verdict ? &*verdict : nullptr);
    chips_->setVisible(data_->hasRun());
    const QString gold = chipHtml(QString::fromStdString(item.goldLabel.empty() ? "-" : item.goldLabel),
                                  QColor(0x55, 0x5d, 0x6b), Qt::white);
    if (verdict) {
        const QString predicted = QString::fromStdString(
            verdict->predictedLabel.empty() ? std::string("(none)") : verdict->predictedLabel);
        classStep_->setText(tr("predicted %1 &nbsp; gold %2")
                                .arg(chipHtml(predicted, verdictColor(verdict->classStep),
                                              verdictTextColor(verdict->classStep)),
                                     gold));
        answer_->setText(tr("extracted %1 &nbsp; %2<br/>gold answers: %3")
                             .arg(chipHtml(QString::fromStdString(verdict->extractedAnswer),
                                           verdictColor(verdict->answer), verdictTextColor(verdict->answer)),
                                  tr("F1 %1").arg(verdict->answerScore.f1, 0, 'f', 2),
                                  joinAnswers(item.goldAnswers)));
        evidence_->setText(explainVerdict(item, *verdict, session_->retrievalMode()));
    } else {
        classStep_->setText(tr("gold %1").arg(gold));
        answer_->setText(tr("gold answers: %1").arg(joinAnswers(item.goldAnswers)));
        evidence_->setText(data_->hasRun() ? tr("No verdict under the %1 rule for this item.")
                                                 .arg(QString::fromUtf8(store::toString(session_->rule()).data()))
                                           : tr("A dataset item: the amber units are its gold "
                                                "retrieval. Import or train a run to see verdicts."));
    }
    unitModel_->setItem(item, verdict ? &*verdict : nullptr);
    units_->updateGeometry();
    prediction_->setPrediction(data_->prediction, verdict ? &*verdict : nullptr);
    prediction_->setVisible(data_->hasRun());
    annotations_->setItem(&*data_);
    // A free-form trace's steps wait for a person: offer the evidence.
    const ItemVerdict* strict = data_->verdict(ScoringRuleKind::Strict);
    const bool needsHuman =
        strict && strict->evidence.unevaluatedReason == UnevaluatedReason::NeedsHuman;
    evidenceBox_->setVisible(needsHuman);
    evidencePanel_->showItem(data_->runId, QString::fromStdString(item.id), needsHuman);
}

}  // namespace ts::ui
