#pragma once
// The workbench's main(): command line, theme, window, demo project, paper
// import, screenshot tour. app/gui/main.cpp installs the core hooks (the
// demo-run provider) and calls it; tools and tests can call it without them.
//   tracescope [PROJECT.tsproj]           open a project
//   tracescope --demo PATH.tsproj         open the demo project (built on first run)
//   tracescope --import-paper             also import the paper's runs (../shared/data)
//   tracescope --screenshots DIR          save screenshots of the main views, then quit

namespace ts::ui {

// Needs a QApplication already constructed; returns the exit code of exec().
int runWorkbench();

}  // namespace ts::ui
