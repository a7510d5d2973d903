#include "StatusChipDelegate.h"

#include "BlotterModel.h"
#include "OrderPresentation.h"

#include <QApplication>
#include <QPainter>

namespace OrderDesk {

namespace {
constexpr int HorizontalPadding = 7;
constexpr int Margin = 3;
} // namespace

void StatusChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const QVariant statusValue = index.data(BlotterModel::StatusRole);
    if (!statusValue.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    // The row's background and selection as the style draws them, without the text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const auto status = static_cast<OrderStatus>(statusValue.toInt());
    const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
    const QString text = index.data(Qt::DisplayRole).toString();
    const QFontMetrics metrics(option.font);
    const int available = option.rect.width() - 2 * (Margin + HorizontalPadding);
    const QString shown = metrics.horizontalAdvance(text) <= available
                              ? text
                              : metrics.elidedText(text, Qt::ElideRight, available);
    const int width = metrics.horizontalAdvance(shown) + 2 * HorizontalPadding;
    const int height = std::min(metrics.height() + 2, option.rect.height() - 2);
    const QRect chip(option.rect.left() + Margin,
                     option.rect.top() + (option.rect.height() - height) / 2, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(OrderPresentation::statusColor(status, dark));
    painter->drawRoundedRect(chip, height / 2.0, height / 2.0);
    // Both chip palettes are light enough for near-black text in either theme.
    painter->setPen(QColor(0x1b, 0x1f, 0x24));
    painter->setFont(option.font);
    painter->drawText(chip, Qt::AlignCenter, shown);
    painter->restore();
}

QSize StatusChipDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setWidth(metrics.horizontalAdvance(index.data(Qt::DisplayRole).toString()) +
                  2 * (HorizontalPadding + Margin));
    return size;
}

} // namespace OrderDesk
