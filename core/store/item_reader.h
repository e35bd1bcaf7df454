#pragma once
// Reads stored items back into ts::Item (context units included).
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/store/sqlite_db.h"

namespace ts::store {

// Items of `items i` matching `where` (an SQL condition with one integer
// parameter), in stored order.
std::vector<Item> readItems(Database& db, const std::string& where, long long parameter);
// One item by row id; throws ts::Error when absent.
Item readItem(Database& db, long long itemRowId);

}  // namespace ts::store
