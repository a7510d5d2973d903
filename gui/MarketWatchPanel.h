#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace OrderDesk {

class Engine;
class MarketWatchModel;

// The market watch: every pair on each venue (MarketWatchModel), sortable by any column and
// filtered by a search on the pair. Selecting a row selects its pair for the chart and the ticket.
class MarketWatchPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MarketWatchPanel(Engine &engine, QWidget *parent = nullptr);

    MarketWatchModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    // Selects the pair's first row shown (and so announces it); false when no row shows it.
    bool selectPair(const QString &pair);

Q_SIGNALS:
    // Canonical symbols of the selected pair.
    void pairSelected(const QString &base, const QString &quote);

private:
    void currentChanged();

    MarketWatchModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QString m_announced;
};

} // namespace OrderDesk
