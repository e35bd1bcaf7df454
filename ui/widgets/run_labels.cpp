#include "ui/widgets/run_labels.h"

#include <QRegularExpression>
#include <QStringList>

namespace ts::ui {

QString shortModelName(const QString& model) {
    // The family (first part) and the parameter count ("1B", "1.7B", "125M").
    const QStringList parts = model.split(QLatin1Char('-'), Qt::SkipEmptyParts);
    static const QRegularExpression size(QStringLiteral("^\\d+(\\.\\d+)?[BM]$"));
    for (int i = 1; i < parts.size(); ++i)
        if (size.match(parts[i]).hasMatch()) return parts.front() + QLatin1Char('-') + parts[i];
    return model;
}

QString shortRunLabel(const store::RunSummary& run) {
    QStringList parts;
    const QString name = QString::fromStdString(run.name);
    QString model = QString::fromStdString(run.model);
    QString condition = QString::fromStdString(run.condition);
    // Runs without metadata: the last parts of their name ("demo/sample-babi/correct/s121").
    const QStringList path = name.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (model.isEmpty() && path.size() >= 3) model = path[path.size() - 3];
    if (condition.isEmpty() && path.size() >= 2) condition = path[path.size() - 2];
    if (!model.isEmpty()) parts << shortModelName(model);
    if (!condition.isEmpty()) {
        condition.remove(QStringLiteral("-trace"));
        parts << condition;
    }
    if (run.seed)
        parts << QStringLiteral("s%1").arg(*run.seed);
    else if (!path.isEmpty() && path.back().startsWith(QLatin1Char('s')))
        parts << path.back();
    return parts.isEmpty() ? name : parts.join(QStringLiteral(" · "));
}

QString distinctRunLabel(const store::RunSummary& run, const std::vector<store::RunSummary>& runs) {
    const QString label = shortRunLabel(run);
    for (const auto& other : runs)
        if (other.id != run.id && other.datasetId == run.datasetId && shortRunLabel(other) == label)
            return QString::fromStdString(run.name);
    return label;
}

}  // namespace ts::ui
