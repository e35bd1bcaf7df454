#include "ui/theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

static void initTraceScopeResources() { Q_INIT_RESOURCE(tracescope); }

namespace ts::ui {

namespace {

bool g_dark = false;

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette lightPalette() {
    QPalette p = QApplication::style()->standardPalette();
    p.setColor(QPalette::AlternateBase, QColor(0xf4, 0xf6, 0xf8));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    return p;
}

}  // namespace

void initResources() { initTraceScopeResources(); }

void applyTheme(QApplication& app, Theme theme) {
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    bool dark = theme == Theme::Dark;
    // Qt 6.4 has no colour-scheme query: a dark desktop palette has a dark window colour.
    if (theme == Theme::System) dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
    g_dark = dark;
    app.setPalette(dark ? darkPalette() : lightPalette());
    QFile sheet(QStringLiteral(":/tracescope/style.qss"));
    if (sheet.open(QIODevice::ReadOnly)) app.setStyleSheet(QString::fromUtf8(sheet.readAll()));
}

bool isDarkTheme() { return g_dark; }

}  // namespace ts::ui
