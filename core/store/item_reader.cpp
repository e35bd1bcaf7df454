#include "core/store/item_reader.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace ts::store {

namespace {

Item readRow(Database& db, const Statement& st) {
    Item item;
    item.id = st.columnText(1);
    item.split = st.columnText(2);
    item.question = st.columnText(3);
    try {
        item.goldAnswers = nlohmann::json::parse(st.columnText(4)).get<std::vector<std::string>>();
        item.goldLabel = st.columnText(5);
        item.goldRetrieval = nlohmann::json::parse(st.columnText(6)).get<std::vector<int>>();
        const std::string meta = st.columnText(7);
        if (jsonDepthExceededAt(meta))
            throw Error("malformed item in the project file: meta nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels",
                        ErrorLocation(db.path(), 0, item.id));
        item.meta = nlohmann::json::parse(meta);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed item in the project file: ") + e.what(),
                    ErrorLocation(db.path(), 0, item.id));
    }
    return item;
}

constexpr const char* kItemColumns =
    "SELECT i.id, i.item_key, i.split, i.question, i.gold_answers, i.gold_label,"
    " i.gold_retrieval, i.meta FROM items i WHERE ";

}  // namespace

std::vector<Item> readItems(Database& db, const std::string& where, long long parameter) {
    std::vector<Item> items;
    std::vector<long long> rowIds;
    {
        Statement st = db.prepare(kItemColumns + where + " ORDER BY i.position");
        st.bind(1, parameter);
        while (st.step()) {
            rowIds.push_back(st.columnInt(0));
            items.push_back(readRow(db, st));
        }
    }
    Statement units =
        db.prepare("SELECT text, source_id FROM context_units WHERE item_id = ? ORDER BY idx");
    for (std::size_t k = 0; k < items.size(); ++k) {
        units.reset();
        units.bind(1, rowIds[k]);
        while (units.step())
            items[k].context.push_back(
                ContextUnit{units.columnText(0), static_cast<int>(units.columnInt(1))});
    }
    return items;
}

Item readItem(Database& db, long long itemRowId) {
    std::vector<Item> items = readItems(db, "i.id = ?", itemRowId);
    if (items.empty())
        throw Error("no item with row id " + std::to_string(itemRowId), ErrorLocation(db.path()));
    return std::move(items.front());
}

}  // namespace ts::store
