#include "ui/study/study_controller.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

#include <string>
#include <vector>

#include "core/store/studies.h"
#include "core/store/study_csv.h"
#include "ui/session/project_session.h"
#include "ui/study/new_study_dialog.h"
#include "ui/study/rating_window.h"
#include "ui/study/run_study_dialog.h"

namespace ts::ui {

StudyController::StudyController(ProjectSession* session, QWidget* window)
    : QObject(window), session_(session), window_(window) {
    setObjectName(QStringLiteral("studyController"));
}

void StudyController::populateMenu(QMenu* menu) {
    QAction* create = menu->addAction(tr("&New study…"), this, [this] { newStudy(); });
    create->setObjectName(QStringLiteral("newStudyAction"));
    QAction* run = menu->addAction(tr("&Run study…"), this, [this] { runStudy(); });
    run->setObjectName(QStringLiteral("runStudyAction"));
    menu->addSeparator();
    QAction* exportCsv =
        menu->addAction(tr("&Export ratings…"), this, [this] { exportRatingsDialog(); });
    exportCsv->setObjectName(QStringLiteral("exportRatingsAction"));
}

bool StudyController::requireProject() {
    if (session_->isOpen()) return true;
    QMessageBox::information(window_, tr("Study"), tr("Open or create a project first."));
    return false;
}

NewStudyDialog* StudyController::newStudy() {
    if (!requireProject()) return nullptr;
    auto* dialog = new NewStudyDialog(session_, window_);
    dialog->setObjectName(QStringLiteral("newStudyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewStudyDialog::created, this, [this](const QString& name) {
        if (auto* w = qobject_cast<QMainWindow*>(window_))
            w->statusBar()->showMessage(tr("Study '%1' created").arg(name), 6000);
        Q_EMIT studyCreated(name);
    });
    dialog->open();
    return dialog;
}

RunStudyDialog* StudyController::runStudy() {
    if (!requireProject()) return nullptr;
    auto* dialog = new RunStudyDialog(session_, window_);
    dialog->setObjectName(QStringLiteral("runStudyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RunStudyDialog::startRequested, this,
            [this](const QString& study, const QString& participant) {
                startRating(study, participant);
            });
    dialog->open();
    return dialog;
}

RatingWindow* StudyController::startRating(const QString& study, const QString& participant) {
    if (!session_->isOpen()) return nullptr;
    if (rating_) rating_->close();
    rating_ = new RatingWindow(session_, study, participant, window_);
    rating_->showFullScreen();
    rating_->raise();
    rating_->activateWindow();
    Q_EMIT ratingWindowOpened(rating_);
    return rating_;
}

RatingWindow* StudyController::ratingWindow() const {
    return rating_.data();
}

void StudyController::exportRatingsDialog() {
    if (!requireProject()) return;
    session_->reader().run<std::vector<std::string>>(
        this, [](store::Project& p) { return store::listStudies(p); },
        [this](std::vector<std::string> names) {
            if (names.empty()) {
                QMessageBox::information(window_, tr("Export ratings"),
                                         tr("This project has no study yet."));
                return;
            }
            QStringList studies;
            for (const auto& n : names) studies << QString::fromStdString(n);
            QString study = studies.front();
            if (studies.size() > 1) {
                bool ok = false;
                study = QInputDialog::getItem(window_, tr("Export ratings"), tr("Study:"), studies,
                                              0, false, &ok);
                if (!ok) return;
            }
            const QString path = QFileDialog::getSaveFileName(
                window_, tr("Export ratings"),
                QDir::homePath() + QStringLiteral("/%1-ratings.csv").arg(study), tr("CSV (*.csv)"));
            if (!path.isEmpty()) exportRatings(study, path, true);
        },
        [this](const QString& m) { QMessageBox::warning(window_, tr("Export ratings"), m); });
}

void StudyController::exportRatings(const QString& study, const QString& path, bool showResult) {
    const std::string name = study.toStdString(), file = path.toStdString();
    session_->reader().run<int>(
        this,
        [name, file](store::Project& p) {
            const auto s = store::loadStudy(p, name);
            store::exportRatingsCsv(p, s, file);
            return static_cast<int>(store::loadRatings(p, s).size());
        },
        [this, path, showResult](int ratings) {
            if (auto* w = qobject_cast<QMainWindow*>(window_); w && showResult)
                w->statusBar()->showMessage(tr("%1 ratings written to %2").arg(ratings).arg(path),
                                            6000);
            Q_EMIT ratingsExported(path, ratings);
        },
        [this, showResult](const QString& m) {
            if (showResult) {
                auto* box = new QMessageBox(QMessageBox::Warning, tr("Export ratings"), m,
                                            QMessageBox::Ok, window_);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            }
            Q_EMIT exportFailed(m);
        });
}

}  // namespace ts::ui
