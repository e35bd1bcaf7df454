#pragma once
// The item table's filter history (hotspot's filter stack): every refinement
// (a filter-bar edit, a click on a table cell) pushes a filter; Back returns
// to the previous one and Reset to the unfiltered list. The rule and the
// retrieval mode are not part of a filter: they come from the session when a
// query runs, so switching rules keeps the filter.
#include <QObject>
#include <QString>

#include <vector>

#include "core/store/item_query.h"

namespace ts::ui {

class FilterStack : public QObject {
    Q_OBJECT
public:
    explicit FilterStack(QObject* parent = nullptr);

    const store::ItemFilter& current() const { return stack_.back(); }
    int depth() const { return static_cast<int>(stack_.size()) - 1; }
    bool canGoBack() const { return stack_.size() > 1; }

    void push(const store::ItemFilter& filter);
    void back();
    void reset();

Q_SIGNALS:
    void changed();

private:
    std::vector<store::ItemFilter> stack_;
};

// "trace ok · answer wrong · label equal · “moscow”", or "all items".
QString describeFilter(const store::ItemFilter& filter);
// Whether two filters select the same items (ignoring rule, paging).
bool sameFilter(const store::ItemFilter& a, const store::ItemFilter& b);

}  // namespace ts::ui
