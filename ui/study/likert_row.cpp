#include "ui/study/likert_row.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace ts::ui {

LikertRow::LikertRow(const QString& question, const QStringList& labels, QWidget* parent)
    : QFrame(parent) {
    setObjectName(QStringLiteral("likertRow"));
    setProperty("active", false);
    marker_ = new QLabel(this);
    marker_->setObjectName(QStringLiteral("likertMarker"));
    marker_->setFixedWidth(kMarkerWidth);
    marker_->setAlignment(Qt::AlignCenter);
    question_ = new QLabel(question, this);
    question_->setObjectName(QStringLiteral("likertQuestion"));
    question_->setWordWrap(true);
    question_->setFixedWidth(kQuestionWidth);
    group_ = new QButtonGroup(this);
    group_->setExclusive(false);  // setValue(0) must be able to clear the row
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 12, 6);
    layout->setSpacing(8);
    layout->addWidget(marker_);
    layout->addWidget(question_);
    for (int v = 1; v <= 5; ++v) {
        auto* b = new QPushButton(QStringLiteral("%1\n%2").arg(v).arg(labels.value(v - 1)), this);
        b->setObjectName(QStringLiteral("likertValue"));
        b->setCheckable(true);
        b->setFocusPolicy(Qt::NoFocus);
        b->setMinimumHeight(58);
        b->setMinimumWidth(104);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        group_->addButton(b, v);
        layout->addWidget(b, 1);
    }
    connect(group_, &QButtonGroup::idClicked, this, [this](int v) {
        setValue(v);
        Q_EMIT clicked(v);
    });
    setActive(false);
}

void LikertRow::setValue(int value) {
    value_ = value >= 1 && value <= 5 ? value : 0;
    for (int v = 1; v <= 5; ++v) group_->button(v)->setChecked(v == value_);
}

void LikertRow::setActive(bool active) {
    active_ = active;
    marker_->setText(active ? QStringLiteral("▶") : QString());
    setProperty("active", active);
    style()->unpolish(this);
    style()->polish(this);
}

QString LikertRow::question() const {
    return question_->text();
}

QPushButton* LikertRow::button(int value) const {
    return qobject_cast<QPushButton*>(group_->button(value));
}

}  // namespace ts::ui
