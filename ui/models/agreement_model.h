#pragma once
// The disagreements view: one row per item someone overrode, one column per
// annotator with their verdict as a chip; rows where annotators differ first.
#include <QAbstractTableModel>

#include "ui/session/agreement_loader.h"

namespace ts::ui {

class AgreementModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit AgreementModel(QObject* parent = nullptr);
    // onlyDisagreements: hide rows where every annotator agrees.
    void setAgreement(const AgreementData& data, bool onlyDisagreements);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<std::string> annotators_;
    std::vector<AgreementRow> rows_;
};

}  // namespace ts::ui
