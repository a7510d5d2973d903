#include "MarketWatchPanel.h"

#include "MarketWatchModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace OrderDesk {

MarketWatchPanel::MarketWatchPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("marketWatch"));
    m_model = new MarketWatchModel(engine, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(MarketWatchModel::SortRole);
    m_proxy->setFilterRole(MarketWatchModel::PairRole);
    m_proxy->setFilterKeyColumn(MarketWatchModel::PairColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    // Prices move every refresh: keep the chosen order as they do.
    m_proxy->setDynamicSortFilter(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("marketWatchFilter"));
    m_filter->setPlaceholderText(tr("Filter pairs, e.g. SOL"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("marketWatchView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    // Deepest pools first: the pairs that matter most open at the top.
    m_view->sortByColumn(MarketWatchModel::LiquidityColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    const QList<QPair<int, int>> widths = {
        {MarketWatchModel::PairColumn, 10}, {MarketWatchModel::VenueColumn, 8},
        {MarketWatchModel::BidColumn, 13},  {MarketWatchModel::AskColumn, 13},
        {MarketWatchModel::MidColumn, 13},  {MarketWatchModel::SpreadColumn, 10},
        {MarketWatchModel::ChangeColumn, 8},
    };
    for (const auto &[column, chars] : widths)
        m_view->setColumnWidth(column, chars * charWidth + 12);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MarketWatchPanel::currentChanged);
}

bool MarketWatchPanel::selectPair(const QString &pair)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(MarketWatchModel::PairRole).toString() == pair) {
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return true;
        }
    }
    return false;
}

void MarketWatchPanel::currentChanged()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QString pair = current.data(MarketWatchModel::PairRole).toString();
    // The other venue's row of the same pair is the same choice: announce a pair once.
    if (pair == m_announced)
        return;
    m_announced = pair;
    emit pairSelected(current.data(MarketWatchModel::BaseRole).toString(),
                      current.data(MarketWatchModel::QuoteRole).toString());
}

} // namespace OrderDesk
