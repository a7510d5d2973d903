#include "BlotterView.h"

#include "BlotterModel.h"
#include "OrderPresentation.h"
#include "StatusChipDelegate.h"

#include <QHeaderView>

#include <algorithm>

namespace OrderDesk {

BlotterView::BlotterView(QWidget *parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("blotter"));
    setSortingEnabled(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    setItemDelegateForColumn(BlotterModel::StatusColumn, new StatusChipDelegate(this));
}

void BlotterView::setModel(QAbstractItemModel *model)
{
    QTableView::setModel(model);
    const int charWidth = fontMetrics().averageCharWidth();
    const QList<QPair<int, int>> widths = {
        {BlotterModel::IdColumn, 11},     {BlotterModel::TimeColumn, 13},
        {BlotterModel::PairColumn, 12},   {BlotterModel::SideColumn, 8},
        {BlotterModel::TypeColumn, 8},    {BlotterModel::AmountColumn, 16},
        {BlotterModel::VenueColumn, 10},
        {BlotterModel::PriceColumn, 15},  {BlotterModel::SlippageColumn, 9},
        {BlotterModel::AttemptsColumn, 5},
    };
    for (const auto &[column, chars] : widths)
        setColumnWidth(column, chars * charWidth + 12);
    // The chip must fit the longest status name in the language in use.
    int statusWidth = 0;
    for (int status = int(OrderStatus::Pending); status <= int(OrderStatus::Expired); ++status) {
        statusWidth = std::max(statusWidth, fontMetrics().horizontalAdvance(
                                                OrderPresentation::statusText(OrderStatus(status))));
    }
    setColumnWidth(BlotterModel::StatusColumn, statusWidth + 28);
}

} // namespace OrderDesk
