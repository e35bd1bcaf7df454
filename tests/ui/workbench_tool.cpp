// The workbench without the demo-training hook (see ui/workbench_main.h for
// the options): builds fast, used for the documentation screenshots.
#include <QApplication>

#include "ui/workbench_main.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    return ts::ui::runWorkbench();
}
