#include "ui/main_window.h"

#include <QLabel>

namespace ts::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("TraceScope");
    setCentralWidget(new QLabel("TraceScope"));
    resize(1280, 800);
}

}  // namespace ts::ui
