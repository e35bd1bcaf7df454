#include "ui/models/item_table_model.h"

#include <algorithm>
#include <numeric>

#include "core/store/effective_verdicts.h"
#include "ui/models/item_roles.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString parseText(ParseStatus p) {
    return qs(std::string(toString(p)));
}

}  // namespace

ItemTableModel::ItemTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ItemTableModel::setResult(ItemListResult result) {
    beginResetModel();
    total_ = result.complete ? static_cast<long long>(result.rows.size()) : result.total;
    complete_ = result.complete;
    datasetMode_ = result.datasetMode;
    countPending_ = result.countPending;
    goldUnits_ = std::move(result.goldUnits);
    goldLabels_ = std::move(result.goldLabels);
    dataset_ = std::move(result.dataset);
    pages_.clear();
    requested_.clear();
    rows_.clear();
    if (complete_) {
        rows_ = std::move(result.rows);
    } else {
        // Split the first rows into pages so later pages slot in beside them.
        for (std::size_t i = 0; i < result.rows.size(); i += kPageSize) {
            const auto end = std::min(result.rows.size(), i + kPageSize);
            pages_[static_cast<int>(i / kPageSize)].assign(
                std::make_move_iterator(result.rows.begin() + static_cast<long>(i)),
                std::make_move_iterator(result.rows.begin() + static_cast<long>(end)));
        }
    }
    endResetModel();
}

void ItemTableModel::addPage(int page, std::vector<store::ItemRow> rows) {
    if (complete_ || page < 0 || rows.empty()) return;
    const long long first = static_cast<long long>(page) * kPageSize;
    if (first >= total_) return;
    const int count = static_cast<int>(std::min<long long>(rows.size(), total_ - first));
    rows.resize(count);
    pages_[page] = std::move(rows);
    requested_.erase(page);
    Q_EMIT dataChanged(index(static_cast<int>(first), 0),
                       index(static_cast<int>(first) + count - 1, ColumnCount - 1));
}

void ItemTableModel::setTotal(long long total) {
    countPending_ = false;
    if (complete_ || total <= total_) return;
    beginInsertRows({}, static_cast<int>(total_), static_cast<int>(total - 1));
    total_ = total;
    endInsertRows();
}

void ItemTableModel::setAllRows(std::vector<store::ItemRow> rows) {
    if (complete_ || static_cast<long long>(rows.size()) != total_) return;
    rows_ = std::move(rows);
    pages_.clear();
    requested_.clear();
    complete_ = true;
    if (total_ > 0)
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(total_) - 1, ColumnCount - 1));
}

void ItemTableModel::clear() {
    setResult({});
}

const store::ItemRow* ItemTableModel::rowAt(int row) const {
    if (row < 0 || row >= total_) return nullptr;
    if (complete_) return &rows_[row];
    const auto it = pages_.find(row / kPageSize);
    if (it == pages_.end()) return nullptr;
    const std::size_t offset = row % kPageSize;
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

int ItemTableModel::rowOfItem(const std::string& itemId) const {
    if (complete_) {
        for (std::size_t i = 0; i < rows_.size(); ++i)
            if (rows_[i].itemId == itemId) return static_cast<int>(i);
        return -1;
    }
    for (const auto& [page, rows] : pages_)
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i].itemId == itemId) return page * kPageSize + static_cast<int>(i);
    return -1;
}

void ItemTableModel::updateRow(const store::ItemRow& updated) {
    const int row = rowOfItem(updated.itemId);
    if (row < 0) return;
    *const_cast<store::ItemRow*>(rowAt(row)) = updated;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ItemTableModel::setAnnotated(const std::string& itemId, bool annotated) {
    const int row = rowOfItem(itemId);
    if (row < 0) return;
    auto* r = const_cast<store::ItemRow*>(rowAt(row));
    if (r->annotated == annotated) return;
    r->annotated = annotated;
    Q_EMIT dataChanged(index(row, Annotation), index(row, Annotation));
}

const Item* ItemTableModel::datasetItem(const std::string& itemId) const {
    if (!dataset_) return nullptr;
    for (const Item& item : dataset_->items)
        if (item.id == itemId) return &item;
    return nullptr;
}

int ItemTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(total_);
}

int ItemTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<StepVerdict> ItemTableModel::shownVerdict(const store::ItemRow& r, int column,
                                                        bool* human) const {
    // The rows carry the verdicts of the session's rule; under the human rule
    // core also says which of them a person decided (ItemRow::humanSteps).
    *human = false;
    if (!r.hasVerdict) return std::nullopt;
    switch (column) {
        case ClassStep:
            *human = r.humanSteps & store::kHumanClass;
            return r.classStep;
        case RetrievalStep:
            *human = r.humanSteps & store::kHumanRetrieval;
            return r.retrievalStep;
        case Trace:
            *human = r.humanSteps & store::kHumanTrace;
            return r.trace;
        case Answer:
            *human = r.humanSteps & store::kHumanAnswer;
            return r.answer;
        default:
            return std::nullopt;
    }
}

bool ItemTableModel::waitsForHuman(const store::ItemRow& r, int column) const {
    if (datasetMode_ || !r.hasVerdict || column < ClassStep || column > Trace ||
        r.unevaluatedReason != UnevaluatedReason::NeedsHuman)
        return false;
    bool human = false;
    const auto v = shownVerdict(r, column, &human);
    return v && *v == StepVerdict::Unevaluated;
}

QVariant ItemTableModel::displayText(const store::ItemRow& r, int row, int column) const {
    if (!datasetMode_ && r.hasVerdict && hasNoTrace(r.parse) && column >= ClassStep &&
        column <= Trace && !(r.humanSteps & store::kHumanTrace))
        return noTraceText();
    if (waitsForHuman(r, column)) return needsHumanText();
    switch (column) {
        case Id:
            return qs(r.itemId);
        case Label:
            return qs(r.goldLabel);
        case ClassStep:
            if (datasetMode_) return qs(r.goldLabel);
            if (!r.hasVerdict) return QString();
            if (r.predictedLabel.empty()) {
                // No class sentence was parsed (a free-form trace): the chip's
                // colour is a person's verdict, so it says which one.
                bool human = false;
                const auto v = shownVerdict(r, column, &human);
                return human && v ? verdictText(*v) : QStringLiteral("-");
            }
            return qs(r.predictedLabel);
        case RetrievalStep:
            if (datasetMode_ && row < static_cast<int>(goldUnits_.size()))
                return QStringLiteral("%1 gold").arg(goldUnits_[row]);
            [[fallthrough]];
        case Trace:
        case Answer: {
            bool human = false;
            const auto v = shownVerdict(r, column, &human);
            if (v && column != Answer && r.hasVerdict && notApplicable(r.classStep, *v))
                return notApplicableText();
            return v ? verdictText(*v) : QString();
        }
        case Parse:
            return r.hasVerdict ? parseText(r.parse) : QString();
        case Annotation:
            if (r.humanSteps != 0) return QStringLiteral("override");
            return r.annotated ? QStringLiteral("annotated") : QString();
        case Question:
            return qs(r.question);
        default:
            return {};
    }
}

QVariant ItemTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= total_ || index.column() >= ColumnCount) return {};
    const store::ItemRow* r = rowAt(index.row());
    if (!r) {
        if (role == ItemRole::Loaded) return false;
        if (role == Qt::DisplayRole) {
            const int page = index.row() / kPageSize;
            if (requested_.insert(page).second) Q_EMIT pageWanted(page);
            return index.column() == Id ? QStringLiteral("…") : QVariant();
        }
        return {};
    }
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return displayText(*r, index.row(), column);
        case ItemRole::Loaded:
            return true;
        case ItemRole::ItemId:
            return qs(r->itemId);
        case ItemRole::NeedsHuman:
            return waitsForHuman(*r, column);
        case ItemRole::NoTrace:
            return !datasetMode_ && r->hasVerdict && hasNoTrace(r->parse) && column >= ClassStep &&
                   column <= Trace && !(r->humanSteps & store::kHumanTrace);
        case ItemRole::Verdict:
        case ItemRole::HumanOverride: {
            if (datasetMode_ || column < ClassStep || column > Answer) return {};
            bool human = false;
            const auto v = shownVerdict(*r, column, &human);
            if (role == ItemRole::HumanOverride) return human;
            return v ? static_cast<int>(*v) : -1;
        }
        case ItemRole::Sort: {
            if (column >= ClassStep && column <= Answer && !datasetMode_) {
                bool human = false;
                const auto v = shownVerdict(*r, column, &human);
                return v ? static_cast<int>(*v) : 9;  // items without a verdict sort last
            }
            if (column == Id) return QVariant::fromValue(r->itemRowId);
            return displayText(*r, index.row(), column);
        }
        case Qt::ToolTipRole:
            if (column >= ClassStep && column <= Trace && !datasetMode_ && r->hasVerdict &&
                hasNoTrace(r->parse))
                return QStringLiteral(
                           "no trace: the output has no <think> block (%1); the tables count "
                           "it as a wrong step unless items without a trace are left out")
                    .arg(parseText(r->parse));
            if (waitsForHuman(*r, column)) return needsHumanTip();
            if ((column == RetrievalStep || column == Trace) && !datasetMode_ && r->hasVerdict &&
                displayText(*r, index.row(), column).toString() == notApplicableText())
                return notApplicableTip();
            if (column == Id || column == Label) return displayText(*r, index.row(), column);
            if (column == ClassStep && r->hasVerdict)
                return QStringLiteral("predicted: %1\ngold: %2")
                    .arg(r->predictedLabel.empty() ? QStringLiteral("(none)")
                                                   : qs(r->predictedLabel),
                         qs(r->goldLabel));
            if (column == Question) return qs(r->question);
            if (column == Answer && r->hasVerdict)
                return QStringLiteral("answer F1 %1").arg(r->answerF1, 0, 'f', 2);
            return {};
        default:
            return {};
    }
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    // Short names keep the columns narrow beside the item view; the tooltip says it in full.
    static const char* const kNames[] = {"id",     "label", "class", "retrieval", "trace",
                                         "answer", "parse", "note",  "question"};
    static const char* const kTips[] = {"item id",
                                        "gold label",
                                        "class step (predicted label when a verdict is there)",
                                        "retrieval step",
                                        "trace (class and retrieval)",
                                        "answer",
                                        "parse status of the output",
                                        "annotation state",
                                        "question"};
    if (role == Qt::ToolTipRole) {
        if (datasetMode_ && section == ClassStep) return QStringLiteral("gold class");
        if (datasetMode_ && section == RetrievalStep) return QStringLiteral("gold retrieval units");
        return QString::fromLatin1(kTips[section]);
    }
    if (role != Qt::DisplayRole) return {};
    if (datasetMode_ && section == ClassStep) return QStringLiteral("gold class");
    if (datasetMode_ && section == RetrievalStep) return QStringLiteral("gold units");
    return QString::fromLatin1(kNames[section]);
}

void ItemTableModel::sort(int column, Qt::SortOrder order) {
    if (!complete_ || column < 0 || column >= ColumnCount || rows_.size() < 2) return;
    std::vector<QVariant> keys(rows_.size());
    for (std::size_t i = 0; i < rows_.size(); ++i)
        keys[i] = data(index(static_cast<int>(i), column), ItemRole::Sort);
    std::vector<std::size_t> perm(rows_.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::stable_sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) {
        const int c = QVariant::compare(keys[a], keys[b]) == QPartialOrdering::Less      ? -1
                      : QVariant::compare(keys[a], keys[b]) == QPartialOrdering::Greater ? 1
                                                                                         : 0;
        return order == Qt::AscendingOrder ? c < 0 : c > 0;
    });
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> newRowOf(rows_.size());
    for (std::size_t to = 0; to < perm.size(); ++to) newRowOf[perm[to]] = static_cast<int>(to);
    std::vector<store::ItemRow> rows(rows_.size());
    std::vector<int> gold(goldUnits_.size());
    for (std::size_t to = 0; to < perm.size(); ++to) {
        rows[to] = std::move(rows_[perm[to]]);
        if (!goldUnits_.empty()) gold[to] = goldUnits_[perm[to]];
    }
    rows_ = std::move(rows);
    goldUnits_ = std::move(gold);
    QModelIndexList after;
    for (const QModelIndex& i : before) after << index(newRowOf[i.row()], i.column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

}  // namespace ts::ui
