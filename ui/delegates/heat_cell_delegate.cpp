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
    QFont f = option.font;
    const QStringList lines = text.split(QLatin1Char('\n'));
    // The count large, the percentages small underneath.
    QFont big = f;
    big.setPointSizeF(f.pointSizeF() * 1.35);
    big.setBold(true);
    const QFontMetrics bigFm(big), smallFm(f);
    const int total = bigFm.height() + (lines.size() > 1 ? smallFm.height() : 0);
    int y = r.top() + (r.height() - total) / 2;
    painter->setFont(big);
    painter->drawText(QRect(r.left(), y, r.width(), bigFm.height()), Qt::AlignCenter, lines.value(0));
    if (lines.size() > 1) {
        painter->setFont(f);
        painter->drawText(QRect(r.left(), y + bigFm.height(), r.width(), smallFm.height()),
                          Qt::AlignCenter, lines.mid(1).join(QLatin1Char(' ')));
    }
    painter->restore();
}

QSize HeatCellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QFontMetrics fm(option.font);
    return {fm.horizontalAdvance(QStringLiteral("row 100.0% · col 100.0%")) + 16,
            static_cast<int>(fm.height() * 2.6) + 8};
}

}  // namespace ts::ui
