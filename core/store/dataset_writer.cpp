#include "core/store/dataset_writer.h"

#include <string>

#include "core/util/error.h"

namespace ts::store {

namespace detail {

std::string jsonText(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

std::string joinedContext(const Item& item) {
    std::string out;
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        if (i) out += '\n';
        out += item.context[i].text;
    }
    return out;
}

long long findOrCreateDataset(Database& db, const Dataset& dataset) {
    const std::string kind(datasetKindName(dataset.kind));
    Statement find = db.prepare("SELECT id, kind FROM datasets WHERE name = ?");
    find.bind(1, dataset.name);
    if (find.step()) {
        if (find.columnText(1) != kind)
            throw Error("the project already has a dataset '" + dataset.name + "' of kind '" +
                            find.columnText(1) + "', not '" + kind + "'",
                        ErrorLocation(db.path()));
        return find.columnInt(0);
    }
    Statement insert = db.prepare(
        "INSERT INTO datasets(name, kind, source_files, created_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, dataset.name)
        .bind(2, kind)
        .bind(3, jsonText(nlohmann::json(dataset.sourceFiles)))
        .bind(4, utcTimestamp())
        .run();
    return db.lastInsertRowId();
}

// The stored fields that define an item's identity for scoring.
struct StoredItem {
    long long rowId;
    std::string question, goldAnswers, goldLabel, goldRetrieval, context;
};

void checkSameItem(const Database& db, const Dataset& dataset, const Item& item,
                   const StoredItem& stored) {
    const char* field = nullptr;
    if (stored.question != item.question)
        field = "question";
    else if (stored.goldAnswers != jsonText(nlohmann::json(item.goldAnswers)))
        field = "gold answers";
    else if (stored.goldLabel != item.goldLabel)
        field = "gold label";
    else if (stored.goldRetrieval != jsonText(nlohmann::json(item.goldRetrieval)))
        field = "gold retrieval";
    else if (stored.context != joinedContext(item))
        field = "context";
    if (field)
        throw Error("item '" + item.id + "' of dataset '" + dataset.name +
                        "' differs from the one already stored in the project (" + field + ")",
                    ErrorLocation(db.path(), 0, item.id));
}

}  // namespace

DatasetWriteResult writeDataset(Database& db, const Dataset& dataset) {
    validateDataset(dataset);
    if (dataset.name.empty())
        throw Error("a dataset needs a name to be stored", ErrorLocation(db.path()));
    DatasetWriteResult result;
    result.datasetId = findOrCreateDataset(db, dataset);

    std::unordered_map<std::string, StoredItem> stored;
    long long nextPosition = 0;
    {
        Statement existing = db.prepare(
            "SELECT i.id, i.item_key, i.question, i.gold_answers, i.gold_label, i.gold_retrieval,"
            " i.position, COALESCE((SELECT group_concat(text, char(10)) FROM (SELECT text FROM"
            " context_units c WHERE c.item_id = i.id ORDER BY idx)), '')"
            " FROM items i WHERE i.dataset_id = ?");
        existing.bind(1, result.datasetId);
        while (existing.step()) {
            stored.emplace(
                existing.columnText(1),
                StoredItem{existing.columnInt(0), existing.columnText(2), existing.columnText(3),
                           existing.columnText(4), existing.columnText(5), existing.columnText(7)});
            nextPosition = std::max(nextPosition, existing.columnInt(6) + 1);
        }
    }

    Statement insertItem = db.prepare(
        "INSERT INTO items(dataset_id, item_key, position, split, question, gold_answers,"
        " gold_label, gold_retrieval, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Statement insertUnit =
        db.prepare("INSERT INTO context_units(item_id, idx, text, source_id) VALUES (?, ?, ?, ?)");
    Statement insertFts =
        db.prepare("INSERT INTO items_fts(rowid, question, context) VALUES (?, ?, ?)");
    result.itemRowIds.reserve(dataset.items.size());
    for (const Item& item : dataset.items) {
        if (auto it = stored.find(item.id); it != stored.end()) {
            checkSameItem(db, dataset, item, it->second);
            result.itemRowIds.emplace(item.id, it->second.rowId);
            ++result.itemsAlreadyStored;
            continue;
        }
        insertItem.reset();
        insertItem.bind(1, result.datasetId)
            .bind(2, item.id)
            .bind(3, nextPosition++)
            .bind(4, item.split)
            .bind(5, item.question)
            .bind(6, jsonText(nlohmann::json(item.goldAnswers)))
            .bind(7, item.goldLabel)
            .bind(8, jsonText(nlohmann::json(item.goldRetrieval)))
            .bind(9, jsonText(item.meta))
            .run();
        const long long rowId = db.lastInsertRowId();
        for (std::size_t i = 0; i < item.context.size(); ++i) {
            insertUnit.reset();
            insertUnit.bind(1, rowId)
                .bind(2, static_cast<long long>(i))
                .bind(3, item.context[i].text)
                .bind(4, item.context[i].sourceId)
                .run();
        }
        insertFts.reset();
        insertFts.bind(1, rowId).bind(2, item.question).bind(3, joinedContext(item)).run();
        result.itemRowIds.emplace(item.id, rowId);
        ++result.itemsAdded;
    }
    return result;
}

}  // namespace detail

DatasetWriteResult addDataset(Project& project, const Dataset& dataset) {
    Transaction tx(project.db());
    DatasetWriteResult result = detail::writeDataset(project.db(), dataset);
    tx.commit();
    return result;
}

}  // namespace ts::store
