#include "ui/session/filter_stack.h"

#include <QStringList>

#include "ui/widgets/verdict_style.h"

namespace ts::ui {

FilterStack::FilterStack(QObject* parent) : QObject(parent) { stack_.emplace_back(); }

void FilterStack::push(const store::ItemFilter& filter) {
    if (sameFilter(filter, current())) return;
    stack_.push_back(filter);
    Q_EMIT changed();
}

void FilterStack::back() {
    if (!canGoBack()) return;
    stack_.pop_back();
    Q_EMIT changed();
}

void FilterStack::reset() {
    if (!canGoBack() && sameFilter(current(), {})) return;
    stack_.assign(1, store::ItemFilter{});
    Q_EMIT changed();
}

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

}  // namespace

QString describeFilter(const store::ItemFilter& f) {
    QStringList parts;
    auto step = [&](const char* name, const std::optional<StepVerdict>& v) {
        if (v) parts << QStringLiteral("%1 %2").arg(QLatin1String(name), verdictText(*v));
    };
    step("class", f.classStep);
    step("retrieval", f.retrievalStep);
    step("trace", f.trace);
    step("answer", f.answer);
    if (f.cell)
        parts << QStringLiteral("%1 %2 / answer %3")
                     .arg(qs(store::toString(f.cell->step)),
                          f.cell->stepOk ? QStringLiteral("ok") : QStringLiteral("wrong"),
                          f.cell->answerOk ? QStringLiteral("ok") : QStringLiteral("wrong"));
    if (f.goldLabel) parts << QStringLiteral("label %1").arg(qs(*f.goldLabel));
    if (f.predictedLabel) parts << QStringLiteral("predicted %1").arg(qs(*f.predictedLabel));
    if (f.parse) parts << QStringLiteral("parse %1").arg(qs(toString(*f.parse)));
    if (f.annotated) parts << (*f.annotated ? QStringLiteral("annotated") : QStringLiteral("not annotated"));
    if (f.tag) parts << QStringLiteral("tag %1").arg(qs(*f.tag));
    if (!f.text.empty()) parts << QStringLiteral("“%1”").arg(qs(f.text));
    if (!f.itemKeys.empty() && !(f.itemKeys.size() == 1 && f.itemKeys[0].empty()))
        parts << QStringLiteral("%1 chosen items").arg(f.itemKeys.size());
    else if (!f.itemKeys.empty())
        parts << QStringLiteral("no items");
    return parts.isEmpty() ? QStringLiteral("all items") : parts.join(QStringLiteral(" · "));
}

bool sameFilter(const store::ItemFilter& a, const store::ItemFilter& b) {
    auto cellKey = [](const std::optional<store::TableCell>& c) {
        return c ? std::tuple(int(c->step), c->stepOk, c->answerOk) : std::tuple(-1, false, false);
    };
    return a.classStep == b.classStep && a.retrievalStep == b.retrievalStep && a.trace == b.trace &&
           a.answer == b.answer && cellKey(a.cell) == cellKey(b.cell) &&
           a.goldLabel == b.goldLabel && a.predictedLabel == b.predictedLabel &&
           a.parse == b.parse && a.annotated == b.annotated && a.tag == b.tag &&
           a.text == b.text && a.textIsFtsQuery == b.textIsFtsQuery && a.itemKeys == b.itemKeys;
}

}  // namespace ts::ui
