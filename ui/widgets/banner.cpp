#include "ui/widgets/banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace ts::ui {

Banner::Banner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("banner"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    layout->addWidget(text_, 1);
    buttons_ = new QHBoxLayout;
    layout->addLayout(buttons_);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT dismissed();
    });
}

void Banner::setText(const QString& text) { text_->setText(text); }

QPushButton* Banner::addAction(const QString& text) {
    auto* b = new QPushButton(text, this);
    buttons_->addWidget(b);
    return b;
}

}  // namespace ts::ui
