#include "ui/models/project_tree_model.h"

#include <QFileInfo>

#include "ui/widgets/run_labels.h"

namespace ts::ui {

namespace {

constexpr quintptr kProjectNode = 0;
quintptr datasetNode(int d) { return static_cast<quintptr>(d) + 1; }
quintptr runNode(int d, int r) {
    return (static_cast<quintptr>(d) + 1) << 32 | (static_cast<quintptr>(r) + 1);
}
bool isRunNode(quintptr id) { return (id >> 32) != 0; }
int datasetOf(quintptr id) { return static_cast<int>((isRunNode(id) ? id >> 32 : id) - 1); }
int runOf(quintptr id) { return static_cast<int>((id & 0xffffffffu) - 1); }

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ProjectTreeModel::ProjectTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

void ProjectTreeModel::setCatalogue(const Catalogue& catalogue) {
    beginResetModel();
    hasProject_ = !catalogue.path.isEmpty();
    projectName_ = QFileInfo(catalogue.path).completeBaseName();
    datasets_.clear();
    for (const auto& d : catalogue.datasets) datasets_.push_back({d, {}});
    for (const auto& r : catalogue.runs)
        for (auto& node : datasets_)
            if (node.dataset.id == r.datasetId) node.runs.push_back(r);
    endResetModel();
}

QModelIndex ProjectTreeModel::runIndex(long long runId) const {
    for (int d = 0; d < static_cast<int>(datasets_.size()); ++d)
        for (int r = 0; r < static_cast<int>(datasets_[d].runs.size()); ++r)
            if (datasets_[d].runs[r].id == runId) return createIndex(r, 0, runNode(d, r));
    return {};
}

QModelIndex ProjectTreeModel::datasetIndex(long long datasetId) const {
    for (int d = 0; d < static_cast<int>(datasets_.size()); ++d)
        if (datasets_[d].dataset.id == datasetId) return createIndex(d, 0, datasetNode(d));
    return {};
}

QModelIndex ProjectTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, kProjectNode);
    const quintptr p = parent.internalId();
    if (p == kProjectNode) return createIndex(row, column, datasetNode(row));
    if (!isRunNode(p)) return createIndex(row, column, runNode(datasetOf(p), row));
    return {};
}

QModelIndex ProjectTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const quintptr id = child.internalId();
    if (id == kProjectNode) return {};
    if (!isRunNode(id)) return createIndex(0, 0, kProjectNode);
    const int d = datasetOf(id);
    return createIndex(d, 0, datasetNode(d));
}

int ProjectTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return hasProject_ ? 1 : 0;
    if (parent.column() != 0) return 0;
    const quintptr id = parent.internalId();
    if (id == kProjectNode) return static_cast<int>(datasets_.size());
    if (!isRunNode(id)) return static_cast<int>(datasets_[datasetOf(id)].runs.size());
    return 0;
}

int ProjectTreeModel::columnCount(const QModelIndex&) const { return 2; }

QVariant ProjectTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const quintptr id = index.internalId();
    const bool name = index.column() == 0;
    if (id == kProjectNode) {
        if (role == kKindRole) return int(NodeKind::Project);
        if (role == Qt::DisplayRole)
            return name ? projectName_
                        : QStringLiteral("%1 datasets").arg(datasets_.size());
        return {};
    }
    const DatasetNode& node = datasets_[datasetOf(id)];
    if (!isRunNode(id)) {
        const auto& d = node.dataset;
        switch (role) {
            case kKindRole: return int(NodeKind::Dataset);
            case kIdRole: return QVariant::fromValue(d.id);
            case Qt::DisplayRole:
                return name ? qs(d.name) : QStringLiteral("%1 runs").arg(d.runs);
            case Qt::ToolTipRole:
                return QStringLiteral("%1 dataset, %2 items, %4 runs\n%3")
                    .arg(qs(d.kind))
                    .arg(d.items)
                    .arg(QStringList([&] {
                             QStringList l;
                             for (const auto& f : d.sourceFiles) l << qs(f);
                             return l;
                         }()).join(QLatin1Char('\n')))
                    .arg(d.runs);
            default: return {};
        }
    }
    const auto& r = node.runs[runOf(id)];
    switch (role) {
        case kKindRole: return int(NodeKind::Run);
        case kIdRole: return QVariant::fromValue(r.id);
        case Qt::DisplayRole:
            if (name) return distinctRunLabel(r, node.runs);  // under its dataset: model · condition · seed
            // Compact, so the run's label keeps the width: predictions, and
            // annotated items when there are any (the tooltip spells it out).
            return r.annotatedItems > 0 ? QStringLiteral("%1 · %2✎").arg(r.predictions).arg(r.annotatedItems)
                                        : QString::number(r.predictions);
        case Qt::ToolTipRole:
            return QStringLiteral("%1\nmodel: %2\ncondition: %3\n%4 predictions, %5 items annotated\n"
                                  "strict verdicts: %6\nlegacy verdicts: %7")
                .arg(qs(r.name), qs(r.model), qs(r.condition))
                .arg(r.predictions)
                .arg(r.annotatedItems)
                .arg(r.strictVerdicts)
                .arg(r.legacyVerdicts);
        default: return {};
    }
}

QVariant ProjectTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == 0 ? QStringLiteral("name") : QStringLiteral("counts");
}

}  // namespace ts::ui
