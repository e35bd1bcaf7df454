#pragma once
// Custom roles shared by the item models and the delegates that draw them.
#include <Qt>

namespace ts::ui {

namespace ItemRole {
enum : int {
    // int: a StepVerdict value, or -1 when the item has no verdict there.
    Verdict = Qt::UserRole + 1,
    // bool: the verdict shown is a human override, not the rule's.
    HumanOverride,
    // QString: Item::id of the row.
    ItemId,
    // bool: false while the row's page is still being fetched.
    Loaded,
    // double 0..1: the heat of a table cell (its share of the table).
    Heat,
    // int: the state of a context unit (ContextUnitState).
    UnitState,
    // QVariant: the value a column sorts by.
    Sort,
    // bool: the item has no trace (parse no-trace / malformed): a trace step
    // is shown as a grey "no trace", not as a red "wrong".
    NoTrace,
    // bool: a free-form trace's step that waits for a person (needs a human).
    NeedsHuman,
};
}  // namespace ItemRole

}  // namespace ts::ui
