#pragma once
// Preferences: the annotator's name (written into every annotation) and the
// theme (system, light, dark).
#include <QDialog>

#include "ui/app_settings.h"

class QComboBox;
class QLineEdit;

namespace ts::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    PreferencesDialog(const QString& annotator, Theme theme, QWidget* parent = nullptr);
    QString annotator() const;
    Theme theme() const;

private:
    QLineEdit* annotator_;
    QComboBox* theme_;
};

}  // namespace ts::ui
