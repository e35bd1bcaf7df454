#pragma once
// The one chip shape (a rounded label) used by the delegates and the item
// view, so a verdict looks the same in the table, the detail and an export.
#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>

class QPainter;

namespace ts::ui {

// Draws text centred in a rounded rectangle inside rect (elided to fit).
// dashed: a dashed darker border (a human override).
void paintChip(QPainter& painter, const QRect& rect, const QFont& font, const QString& text,
               const QColor& fill, const QColor& textColor, bool dashed = false);

// Whether paintChip would show text whole in rect (not elided).
bool chipFits(const QRect& rect, const QFont& font, const QString& text);

}  // namespace ts::ui
