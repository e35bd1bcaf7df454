#include "ui/delegates/context_unit_delegate.h"

#include <QAbstractItemView>
#include <QPainter>
#include <QPainterPath>
#include <QTextOption>

#include "ui/models/item_roles.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

constexpr int kPad = 6;

int availableWidth(const QStyleOptionViewItem& option) {
    int w = option.rect.width();
    if (const auto* view = qobject_cast<const QAbstractItemView*>(option.widget))
        w = view->viewport()->width();
    return std::max(80, w - 2 * kPad - 4);
}

}  // namespace

void ContextUnitDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const auto state = static_cast<ContextUnitState>(index.data(ItemRole::UnitState).toInt());
    const QRectF box = QRectF(option.rect).adjusted(2, 2, -2, -2);
    QPainterPath path;
    path.addRoundedRect(box, 5, 5);
    if (option.state & QStyle::State_Selected)
        painter->fillPath(path, option.palette.highlight().color().lighter(170));
    painter->fillPath(path, unitFill(state));
    const QColor outline = unitOutline(state);
    if (outline.alpha() > 0) {
        painter->setPen(QPen(outline, state == ContextUnitState::GoldNotCited ? 2.0 : 1.2,
                             state == ContextUnitState::GoldNotCited ? Qt::DashLine : Qt::SolidLine));
        painter->drawPath(path);
    }
    painter->setPen(option.palette.color(QPalette::Text));
    painter->setFont(option.font);
    QTextOption to;
    to.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    painter->drawText(box.adjusted(kPad, kPad / 2.0, -kPad, -kPad / 2.0),
                      index.data(Qt::DisplayRole).toString(), to);
    painter->restore();
}

QSize ContextUnitDelegate::sizeHint(const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    const int width = availableWidth(option);
    const QFontMetrics fm(option.font);
    const QRect r = fm.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap,
                                    index.data(Qt::DisplayRole).toString());
    return {width, r.height() + kPad + 6};
}

}  // namespace ts::ui
