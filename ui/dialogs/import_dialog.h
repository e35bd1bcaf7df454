#pragma once
// Shown when files are dropped on the window (or chosen with File > Import):
// what was detected - runs of predictions with the gold file each is paired
// with, datasets, skipped files - with the run names, conditions, datasets
// and gold files editable (double-click a gold file to pick another). OK
// starts the import as a job.
#include <QDialog>

#include "ui/jobs/import_plan.h"

class QDialogButtonBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace ts::ui {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    // Detection runs in the background; the dialog fills in when it is done.
    ImportDialog(const QStringList& paths, const QStringList& existingRunNames,
                 QWidget* parent = nullptr);
    // A plan made elsewhere (the paper's runs).
    ImportDialog(ImportPlan plan, QWidget* parent = nullptr);

    const ImportPlan& plan() const { return plan_; }
    bool detecting() const { return detecting_; }

Q_SIGNALS:
    void detected();

private:
    void build();
    void setPlan(ImportPlan plan);
    void fill();
    void onItemChanged(QTreeWidgetItem* item, int column);
    void onItemDoubleClicked(QTreeWidgetItem* item, int column);
    void validate();

    ImportPlan plan_;
    bool detecting_ = false;
    bool filling_ = false;
    QTreeWidget* tree_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* notes_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace ts::ui
