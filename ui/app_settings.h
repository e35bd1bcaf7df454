#pragma once
// Everything the workbench remembers between sessions (QSettings): window
// geometry, dock state and workspace layout, recent projects, the annotator's
// name, the theme and the last rule.
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ts::ui {

enum class Theme { System, Light, Dark };

class AppSettings {
public:
    static constexpr int kMaxRecent = 8;

    QStringList recentProjects() const;
    // Moves path to the front of the list (dropping missing files).
    void addRecentProject(const QString& path);

    QByteArray geometry() const;
    QByteArray windowState() const;
    void saveWindow(const QByteArray& geometry, const QByteArray& state);
    // The workspaces' state (current workspace, splitter sizes; Workspaces::saveLayout).
    QByteArray workspaceLayout() const;
    void setWorkspaceLayout(const QByteArray& layout);

    QString annotator() const;
    void setAnnotator(const QString& name);

    Theme theme() const;
    void setTheme(Theme theme);

    QString rule() const;
    void setRule(const QString& rule);

    bool paperBannerDismissed() const;
    void setPaperBannerDismissed(bool dismissed);
};

}  // namespace ts::ui
