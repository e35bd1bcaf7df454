#include "ui/widgets/chip_painter.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace ts::ui {

namespace {

QFontMetrics chipMetrics(const QFont& font) {
    QFont f = font;
    f.setBold(true);
    return QFontMetrics(f);
}

}  // namespace

bool chipFits(const QRect& rect, const QFont& font, const QString& text) {
    return chipMetrics(font).horizontalAdvance(text) + 8 <= rect.width();
}

void paintChip(QPainter& painter, const QRect& rect, const QFont& font, const QString& text,
               const QColor& fill, const QColor& textColor, bool dashed) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont f = font;
    f.setBold(true);
    const QFontMetrics fm(f);
    const int width = std::min(rect.width(), fm.horizontalAdvance(text) + 18);
    const int height = std::min(rect.height(), fm.height() + 6);
    QRectF chip(rect.left() + (rect.width() - width) / 2.0, rect.top() + (rect.height() - height) / 2.0,
                width, height);
    QPainterPath path;
    path.addRoundedRect(chip, height / 2.0, height / 2.0);
    painter.fillPath(path, fill);
    if (dashed) {
        QPen pen(fill.darker(160), 1.5, Qt::DashLine);
        painter.setPen(pen);
        painter.drawPath(path);
    }
    painter.setFont(f);
    painter.setPen(textColor);
    painter.drawText(chip, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, width - 8));
    painter.restore();
}

}  // namespace ts::ui
