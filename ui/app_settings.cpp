#include "ui/app_settings.h"

#include <QFileInfo>
#include <QSettings>

namespace ts::ui {

QStringList AppSettings::recentProjects() const {
    QStringList out;
    for (const QString& p : QSettings().value(QStringLiteral("recentProjects")).toStringList())
        if (QFileInfo::exists(p)) out << p;
    return out;
}

void AppSettings::addRecentProject(const QString& path) {
    QStringList list = recentProjects();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecent) list.removeLast();
    QSettings().setValue(QStringLiteral("recentProjects"), list);
}

QByteArray AppSettings::geometry() const { return QSettings().value(QStringLiteral("window/geometry")).toByteArray(); }
QByteArray AppSettings::windowState() const { return QSettings().value(QStringLiteral("window/state")).toByteArray(); }

void AppSettings::saveWindow(const QByteArray& geometry, const QByteArray& state) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), geometry);
    s.setValue(QStringLiteral("window/state"), state);
}

QByteArray AppSettings::workspaceLayout() const {
    return QSettings().value(QStringLiteral("window/workspaces")).toByteArray();
}

void AppSettings::setWorkspaceLayout(const QByteArray& layout) {
    QSettings().setValue(QStringLiteral("window/workspaces"), layout);
}

QString AppSettings::annotator() const { return QSettings().value(QStringLiteral("annotator")).toString(); }
void AppSettings::setAnnotator(const QString& name) { QSettings().setValue(QStringLiteral("annotator"), name.trimmed()); }

Theme AppSettings::theme() const {
    const QString t = QSettings().value(QStringLiteral("theme")).toString();
    if (t == QLatin1String("light")) return Theme::Light;
    if (t == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

void AppSettings::setTheme(Theme theme) {
    QSettings().setValue(QStringLiteral("theme"), theme == Theme::Light  ? QStringLiteral("light")
                                                  : theme == Theme::Dark ? QStringLiteral("dark")
                                                                         : QStringLiteral("system"));
}

QString AppSettings::rule() const { return QSettings().value(QStringLiteral("rule"), QStringLiteral("strict")).toString(); }
void AppSettings::setRule(const QString& rule) { QSettings().setValue(QStringLiteral("rule"), rule); }

bool AppSettings::paperBannerDismissed() const { return QSettings().value(QStringLiteral("paperBannerDismissed")).toBool(); }
void AppSettings::setPaperBannerDismissed(bool d) { QSettings().setValue(QStringLiteral("paperBannerDismissed"), d); }

}  // namespace ts::ui
