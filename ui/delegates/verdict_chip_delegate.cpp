#include "ui/delegates/verdict_chip_delegate.h"

#include <QApplication>
#include <QPainter>

#include "ui/models/item_roles.h"
#include "ui/widgets/chip_painter.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

void VerdictChipDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    const QVariant verdict = index.data(ItemRole::Verdict);
    if (!verdict.isValid() || verdict.toInt() < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The selection background first, then the chip on top of it.
    QStyleOptionViewItem bg = option;
    initStyleOption(&bg, index);
    bg.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &bg, painter, widget);

    const auto v = static_cast<StepVerdict>(verdict.toInt());
    const QRect chip = option.rect.adjusted(3, 3, -3, -3);
    // An absent trace is shown as absent (grey), not as a red "wrong".
    if (index.data(ItemRole::NoTrace).toBool()) {
        paintChip(*painter, chip, option.font, noTraceText(), noVerdictColor(), Qt::white);
        return;
    }
    if (index.data(ItemRole::NeedsHuman).toBool()) {
        // A narrow column would elide it to "needs a ...": say it shorter.
        const QString full = needsHumanText();
        paintChip(*painter, chip, option.font,
                  chipFits(chip, option.font, full) ? full : needsHumanShortText(),
                  needsHumanColor(), Qt::white);
        return;
    }
    const QString text = index.data(Qt::DisplayRole).toString();
    const bool human = index.data(ItemRole::HumanOverride).toBool();
    paintChip(*painter, chip, option.font, text.isEmpty() ? verdictText(v) : text, verdictColor(v),
              verdictTextColor(v), human);
}

QSize VerdictChipDelegate::sizeHint(const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(s.width() + 16, 64), std::max(s.height() + 6, 24)};
}

}  // namespace ts::ui
