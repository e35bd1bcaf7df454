#pragma once
// Light and dark palettes (Fusion style, so they look the same everywhere)
// and the style sheet from resources/. High-DPI scaling is Qt 6's default;
// the delegates draw in logical pixels.
#include "ui/app_settings.h"

class QApplication;

namespace ts::ui {

// Loads the icons and style sheets of resources/tracescope.qrc (a static
// library's resources must be initialised once by the program).
void initResources();

void applyTheme(QApplication& app, Theme theme);
bool isDarkTheme();

}  // namespace ts::ui
