#pragma once
// The Findings view (an Analyse tab): the items, tables and charts pinned for
// a lab meeting, in order, each with a note. Reorder, remove, write the note,
// export the lot as one HTML file or a PDF, or present it (F5). Pinning
// happens where the thing is shown (the item view's Pin, the statistics
// page's Pin buttons, the P key); this page lists what was pinned.
#include <QWidget>

#include <vector>

#include "core/store/findings.h"
#include "ui/export/findings_report.h"
#include "ui/session/request_channel.h"

class QListWidget;
class QPlainTextEdit;
class QLabel;

namespace ts::ui {

class ProjectSession;

class FindingsPage : public QWidget {
    Q_OBJECT
public:
    explicit FindingsPage(ProjectSession* session, QWidget* parent = nullptr);

    void reload();
    const std::vector<store::Finding>& findings() const { return findings_; }
    // Pins something (written on the writer connection); reload follows.
    void pin(store::Finding finding);
    // The report as the project holds it now, the note being typed included
    // (read on the GUI thread: a report is a deliberate, occasional act).
    FindingsReport report();
    // Writes the report. False with a message on failure.
    bool exportHtml(const QString& path, QString* error);
    bool exportPdf(const QString& path, QString* error);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void loaded();
    void presentRequested();

private:
    void showNote();
    void saveNote();
    void move(int delta);
    void removeCurrent();
    void exportDialog(bool pdf);
    long long currentId() const;

    ProjectSession* session_;
    RequestChannel channel_;
    std::vector<store::Finding> findings_;
    QListWidget* list_;
    QPlainTextEdit* note_;
    QLabel* status_;
};

}  // namespace ts::ui
