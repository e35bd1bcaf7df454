#pragma once
// Where annotators disagree on the current run: per target, the items with
// each annotator's override, Cohen's kappa for every pair of annotators and
// Fleiss' kappa over the items all of them rated. Double-click opens the item.
#include <QWidget>

#include "ui/session/request_channel.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;

namespace ts::ui {

class AgreementModel;
class ProjectSession;

class DisagreementsPage : public QWidget {
    Q_OBJECT
public:
    explicit DisagreementsPage(ProjectSession* session, QWidget* parent = nullptr);
    void reload();
    AgreementModel* model() const { return model_; }

protected:
    // Queries run only while the page is visible; a change meanwhile marks it stale.
    void showEvent(class QShowEvent* event) override;

Q_SIGNALS:
    void itemActivated(const QString& itemId);
    void loaded();

private:
    ProjectSession* session_;
    bool stale_ = true;
    RequestChannel channel_;
    QComboBox* target_;
    QCheckBox* onlyDisagreements_;
    QLabel* kappa_;
    AgreementModel* model_;
    QTableView* view_;
};

}  // namespace ts::ui
