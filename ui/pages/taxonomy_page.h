#pragma once
// The Analyse workspace's "Taxonomy" tab (docs/analysis.md): for the current
// run under the session's rule, the class confusion matrix as a heat table
// and the error types with their 2x2 against the answer, ranked by how much
// they go with wrong answers. A click on a confusion cell or a type row lists
// its items in the Read workspace (itemsRequested). Loaded on the analysis
// connection; the numbers are core's (store::runTaxonomy), as in the CLI.
#include <QWidget>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store/taxonomy.h"
#include "ui/session/request_channel.h"

class QLabel;
class QStandardItemModel;
class QTableView;

namespace ts::ui {

class ProjectSession;

struct TaxonomyPageData {
    store::RunTaxonomy taxonomy;
    std::map<std::string, std::vector<std::string>> itemsOfType;  // type name -> item keys
};

class TaxonomyPage : public QWidget {
    Q_OBJECT
public:
    explicit TaxonomyPage(ProjectSession* session, QWidget* parent = nullptr);

    void reload();
    const std::optional<TaxonomyPageData>& data() const { return data_; }
    QTableView* confusionView() const { return confusion_; }
    QTableView* typesView() const { return types_; }

Q_SIGNALS:
    void itemsRequested(const std::vector<std::string>& itemIds, const QString& description);

private:
    void show(TaxonomyPageData d);
    void fillConfusion();
    void fillTypes();
    void confusionClicked(int row, int column);
    void typeClicked(int row);

    ProjectSession* session_;
    RequestChannel channel_;
    std::optional<TaxonomyPageData> data_;
    QLabel* title_ = nullptr;
    QTableView* confusion_ = nullptr;
    QStandardItemModel* confusionModel_ = nullptr;
    QTableView* types_ = nullptr;
    QStandardItemModel* typesModel_ = nullptr;
    std::vector<std::string> typeOfRow_;
};

}  // namespace ts::ui
