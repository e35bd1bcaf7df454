// tracescope: the Qt workbench.
#include <QApplication>

#include "ui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("TraceScope");
    QApplication::setApplicationName("TraceScope");
    ts::ui::MainWindow w;
    w.show();
    return app.exec();
}
