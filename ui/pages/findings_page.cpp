#include "ui/pages/findings_page.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/export/findings_report.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

QString describe(const store::Finding& f, int n) {
    return QStringLiteral("%1. [%2] %3 — %4")
        .arg(n)
        .arg(QString::fromUtf8(store::toString(f.kind).data()), QString::fromStdString(f.title),
             QString::fromStdString(f.runName));
}

}  // namespace

FindingsPage::FindingsPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("findingsList"));
    left->addWidget(list_, 1);
    auto* buttons = new QHBoxLayout;
    auto button = [&](const QString& text, const QString& tip, auto fn) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, fn);
        buttons->addWidget(b);
    };
    button(tr("Up"), tr("Move the finding earlier in the report"), [this] { move(-1); });
    button(tr("Down"), tr("Move the finding later in the report"), [this] { move(1); });
    button(tr("Remove"), tr("Unpin the finding"), [this] { removeCurrent(); });
    buttons->addStretch();
    button(tr("Export HTML…"), tr("One self-contained HTML file"), [this] { exportDialog(false); });
    button(tr("Export PDF…"), tr("A PDF, one finding per page"), [this] { exportDialog(true); });
    button(tr("Present"), tr("Presentation mode over the findings (F5)"),
           [this] { Q_EMIT presentRequested(); });
    left->addLayout(buttons);
    layout->addLayout(left, 3);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("<b>Note</b> (saved when you leave the field)"), this));
    note_ = new QPlainTextEdit(this);
    note_->setPlaceholderText(tr("What this shows, for the lab meeting"));
    right->addWidget(note_, 1);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    right->addWidget(status_);
    layout->addLayout(right, 2);

    connect(list_, &QListWidget::currentRowChanged, this, &FindingsPage::showNote);
    note_->installEventFilter(this);
    connect(note_, &QPlainTextEdit::textChanged, this,
            [this] { status_->setText(tr("editing…")); });
    connect(session_, &ProjectSession::projectOpened, this, &FindingsPage::reload);
    connect(session_, &ProjectSession::catalogueChanged, this, &FindingsPage::reload);
    connect(session_, &ProjectSession::findingsChanged, this, &FindingsPage::reload);
    reload();
}

long long FindingsPage::currentId() const {
    const int row = list_->currentRow();
    return row >= 0 && row < static_cast<int>(findings_.size())
               ? findings_[static_cast<std::size_t>(row)].id
               : 0;
}

void FindingsPage::reload() {
    if (!session_->isOpen()) {
        findings_.clear();
        list_->clear();
        return;
    }
    session_->reader().run<std::vector<store::Finding>>(
        this, [](store::Project& p) { return store::listFindings(p); },
        [this](std::vector<store::Finding> f) {
            const long long keep = currentId();
            findings_ = std::move(f);
            list_->clear();
            int select = findings_.empty() ? -1 : 0;
            for (std::size_t i = 0; i < findings_.size(); ++i) {
                list_->addItem(describe(findings_[i], static_cast<int>(i) + 1));
                list_->item(static_cast<int>(i))
                    ->setToolTip(QString::fromStdString(findings_[i].note));
                if (findings_[i].id == keep) select = static_cast<int>(i);
            }
            list_->setCurrentRow(select);
            status_->setText(findings_.empty()
                                 ? tr("Nothing pinned yet: press P on an item, or use the Pin "
                                      "buttons of the item view and the statistics.")
                                 : tr("%1 findings").arg(findings_.size()));
            Q_EMIT loaded();
        },
        {}, channel_.next());
}

void FindingsPage::pin(store::Finding finding) {
    session_->writer().run<long long>(
        this, [finding](store::Project& p) { return store::addFinding(p, finding); },
        [this](long long) { Q_EMIT session_->findingsChanged(); },
        [this](const QString& message) { status_->setText(tr("Not pinned: %1").arg(message)); });
}

void FindingsPage::showNote() {
    const int row = list_->currentRow();
    const QSignalBlocker block(note_);
    note_->setPlainText(row >= 0 && row < static_cast<int>(findings_.size())
                            ? QString::fromStdString(findings_[static_cast<std::size_t>(row)].note)
                            : QString());
    note_->setEnabled(row >= 0);
}

void FindingsPage::saveNote() {
    const long long id = currentId();
    if (!id) return;
    const std::string note = note_->toPlainText().toStdString();
    auto& f = findings_[static_cast<std::size_t>(list_->currentRow())];
    if (f.note == note) return;
    f.note = note;
    session_->writer().run<bool>(
        this,
        [id, note](store::Project& p) {
            store::setFindingNote(p, id, note);
            return true;
        },
        [this](bool) { status_->setText(tr("Note saved.")); },
        [this](const QString& message) {
            status_->setText(tr("Note not saved: %1").arg(message));
        });
}

void FindingsPage::move(int delta) {
    const long long id = currentId();
    if (!id) return;
    const int to = list_->currentRow() + delta;
    session_->writer().run<bool>(
        this,
        [id, to](store::Project& p) {
            store::moveFinding(p, id, to);
            return true;
        },
        [this](bool) { Q_EMIT session_->findingsChanged(); }, {});
}

void FindingsPage::removeCurrent() {
    const long long id = currentId();
    if (!id) return;
    session_->writer().run<bool>(
        this,
        [id](store::Project& p) {
            store::removeFinding(p, id);
            return true;
        },
        [this](bool) { Q_EMIT session_->findingsChanged(); }, {});
}

FindingsReport FindingsPage::report() {
    saveNote();
    session_->writer().waitForIdle();
    auto project = session_->openFurtherConnection();
    return loadFindingsReport(project, QFileInfo(session_->path()).fileName());
}

bool FindingsPage::exportHtml(const QString& path, QString* error) {
    return writeFindingsHtml(report(), path, error);
}

bool FindingsPage::exportPdf(const QString& path, QString* error) {
    return writeFindingsPdf(report(), path, error);
}

void FindingsPage::exportDialog(bool pdf) {
    if (!session_->isOpen()) return;
    const QString path = QFileDialog::getSaveFileName(
        this, pdf ? tr("Export findings as PDF") : tr("Export findings as HTML"),
        QFileInfo(session_->path()).absolutePath() +
            (pdf ? QStringLiteral("/findings.pdf") : QStringLiteral("/findings.html")),
        pdf ? tr("PDF (*.pdf)") : tr("HTML (*.html)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = pdf ? exportPdf(path, &error) : exportHtml(path, &error);
    if (ok)
        status_->setText(tr("Written to %1").arg(path));
    else
        QMessageBox::warning(this, tr("Export findings"), error);
}

bool FindingsPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == note_ && event->type() == QEvent::FocusOut) saveNote();
    return QWidget::eventFilter(watched, event);
}

}  // namespace ts::ui
