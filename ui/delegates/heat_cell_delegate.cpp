#include "ui/delegates/heat_cell_delegate.h"

#include <QPainter>

#include "ui/models/item_roles.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

void HeatCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const {
    painter->save();
    const QVariant heat = index.data(ItemRole::Heat);
    const QString text = index.data(Qt::DisplayRole).toString();
    QRect r = option.rect.adjusted(1, 1, -1, -1);
    if (heat.isValid()) {
        const double share = heat.toDouble();
        painter->fillRect(r, heatColor(share));
        painter->setPen(heatTextColor(share));
    } else {
        painter->fillRect(r, option.palette.alternateBase());
        painter->setPen(option.palette.color(QPalette::Text));
    }
    if (option.state & QStyle::State_HasFocus || option.state & QStyle::State_Selected) {
        QPen pen(option.palette.color(QPalette::Highlight), 2);
        painter->save();
        painter->setPen(pen);
        painter->drawRect(r.adjusted(1, 1, -1, -1));
        painter->restore();
    }
    const QStringList lines = text.split(QLatin1Char('\n'));
    // The count large; the percentages small underneath, one line when they
    // fit, else one per line ("row ..", "col .."), else elided.
    QFont big = option.font;
    big.setPointSizeF(option.font.pointSizeF() * 1.35);
    big.setBold(true);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.9);
    const QFontMetrics bigFm(big), smallFm(small);
    QStringList detail;
    if (lines.size() > 1) {
        const QString joined = lines.mid(1).join(QLatin1Char(' '));
        if (smallFm.horizontalAdvance(joined) <= r.width() - 6)
            detail << joined;
        else
            detail = joined.split(QStringLiteral(" · "));
    }
    const int total = bigFm.height() + static_cast<int>(detail.size()) * smallFm.height();
    int y = r.top() + std::max(0, (r.height() - total) / 2);
    painter->setFont(big);
    painter->drawText(QRect(r.left(), y, r.width(), bigFm.height()), Qt::AlignCenter, lines.value(0));
    y += bigFm.height();
    painter->setFont(small);
    for (const QString& d : detail) {
        painter->drawText(QRect(r.left(), y, r.width(), smallFm.height()), Qt::AlignCenter,
                          smallFm.elidedText(d, Qt::ElideRight, r.width() - 4));
        y += smallFm.height();
    }
    painter->restore();
}

QSize HeatCellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QFontMetrics fm(option.font);
    return {fm.horizontalAdvance(QStringLiteral("row 100.0% · col 100.0%")) + 16,
            static_cast<int>(fm.height() * 2.6) + 8};
}

}  // namespace ts::ui
