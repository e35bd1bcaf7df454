#include "ui/pages/study_page.h"

#include <QComboBox>

#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "core/store/studies.h"
#include "ui/charts/study_charts.h"
#include "ui/export/widget_export.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

StudyPageData loadStudyPage(store::Project& p, const std::string& wanted) {
    StudyPageData d;
    d.studies = store::listStudies(p);
    if (d.studies.empty()) return d;
    d.shown = wanted;
    if (std::find(d.studies.begin(), d.studies.end(), wanted) == d.studies.end())
        d.shown = d.studies.back();
    const store::Study study = store::loadStudy(p, d.shown);
    d.arms = store::studyFigures(p, study);
    std::vector<std::string> labels;
    for (const auto& a : study.arms) labels.push_back(a.label);
    d.reportText = store::studyReportText(store::studyReport(
        store::ratingRows(p, study), labels, static_cast<std::uint32_t>(study.seed)));
    return d;
}

}  // namespace

StudyPage::StudyPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Study:"), this));
    studies_ = new QComboBox(this);
    studies_->setMinimumContentsLength(20);
    header->addWidget(studies_);
    auto* refresh = new QPushButton(tr("Refresh"), this);
    auto* exportButton = new QPushButton(tr("Export figures…"), this);
    header->addWidget(refresh);
    header->addWidget(exportButton);
    header->addStretch();
    layout->addLayout(header);
    empty_ = new QLabel(tr("No rating study in this project yet: Study > New study… creates "
                           "one (docs/study.md)."),
                        this);
    layout->addWidget(empty_);
    figures_ = new QWidget(this);
    auto* grid = new QGridLayout(figures_);
    grid->setContentsMargins(0, 0, 0, 0);
    interpretability_ = new LikertChart(figures_);
    load_ = new LikertChart(figures_);
    accuracy_ = new AccuracyInterpretabilityChart(figures_);
    grid->addWidget(interpretability_, 0, 0);
    grid->addWidget(load_, 0, 1);
    grid->addWidget(accuracy_, 1, 0, 1, 2);
    for (QWidget* w : {static_cast<QWidget*>(interpretability_), static_cast<QWidget*>(load_),
                       static_cast<QWidget*>(accuracy_)})
        w->setMinimumHeight(300);
    layout->addWidget(figures_, 1);
    report_ = new QLabel(this);
    report_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    report_->setFont(mono);
    layout->addWidget(report_);
    connect(refresh, &QPushButton::clicked, this, &StudyPage::reload);
    connect(exportButton, &QPushButton::clicked, this, &StudyPage::exportFigures);
    connect(studies_, &QComboBox::activated, this, [this] { reload(); });
    connect(session_, &ProjectSession::projectOpened, this, &StudyPage::reload);
    connect(session_, &ProjectSession::catalogueChanged, this, &StudyPage::reload);
    figures_->hide();
}

void StudyPage::reload() {
    const std::string wanted = studies_->currentText().toStdString();
    session_->analysis().run<StudyPageData>(
        this, [wanted](store::Project& p) { return loadStudyPage(p, wanted); },
        [this](StudyPageData d) { show(std::move(d)); }, {}, channel_.next());
}

void StudyPage::show(StudyPageData d) {
    data_ = std::move(d);
    studies_->clear();
    for (const auto& s : data_->studies) studies_->addItem(QString::fromStdString(s));
    studies_->setCurrentText(QString::fromStdString(data_->shown));
    const bool any = !data_->shown.empty();
    empty_->setVisible(!any);
    figures_->setVisible(any);
    report_->setVisible(any);
    if (!any) return;
    interpretability_->setArms(data_->arms, 0);
    load_->setArms(data_->arms, 1);
    accuracy_->setArms(data_->arms);
    report_->setText(QString::fromStdString(data_->reportText));
}

void StudyPage::exportFigures() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the study's figures"),
                                                      QStringLiteral("study.svg"),
                                                      tr("SVG (*.svg);;PNG (*.png);;PDF (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportWidget(figures_, path, QSize(1400, 900), &error))
        QMessageBox::warning(this, tr("Export"), error);
}

}  // namespace ts::ui
