#pragma once

#include <QStyledItemDelegate>

namespace OrderDesk {

// Paints an order's status as a small rounded chip in the status's colour, so the state of a
// screenful of orders reads at a glance. Reads BlotterModel::StatusRole.
class StatusChipDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace OrderDesk
