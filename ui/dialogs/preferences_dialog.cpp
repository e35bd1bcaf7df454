#include "ui/dialogs/preferences_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>

namespace ts::ui {

PreferencesDialog::PreferencesDialog(const QString& annotator, Theme theme, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(this);
    annotator_ = new QLineEdit(annotator, this);
    annotator_->setPlaceholderText(tr("your name or initials, e.g. alice"));
    form->addRow(tr("Annotator name"), annotator_);
    theme_ = new QComboBox(this);
    theme_->addItem(tr("System"), int(Theme::System));
    theme_->addItem(tr("Light"), int(Theme::Light));
    theme_->addItem(tr("Dark"), int(Theme::Dark));
    theme_->setCurrentIndex(theme_->findData(int(theme)));
    form->addRow(tr("Theme"), theme_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString PreferencesDialog::annotator() const { return annotator_->text().trimmed(); }
Theme PreferencesDialog::theme() const { return static_cast<Theme>(theme_->currentData().toInt()); }

}  // namespace ts::ui
