#pragma once

#include "Order.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableWidget;
class QToolButton;
class QTreeWidget;

namespace OrderDesk {

class Engine;

// Everything about the selected order: what was asked, both venues' quotes side by side with
// the winner and the router's reason, and the timeline of status changes and failed attempts.
class OrderDetailPane : public QWidget
{
    Q_OBJECT

public:
    // Rows of the route table.
    enum QuoteRow { PriceRow, AmountOutRow, FeeRow, ImpactRow, QuoteRowCount };

    explicit OrderDetailPane(Engine &engine, QWidget *parent = nullptr);

    QString orderId() const { return m_orderId; }
    // Empty clears the pane.
    void showOrder(const QString &orderId);
    // Reloads when the shown order is among `orderIds`.
    void refreshIfShown(const QStringList &orderIds);

    // The text shown for one venue's quote (tests, and what "copy" would give).
    QString quoteText(Venue venue, QuoteRow row) const;
    QString routeReason() const;
    int timelineRows() const;

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void reload();
    void fillRoute(const Order &order);
    void fillTimeline(const Order &order);
    void copySignature();

    Engine &m_engine;
    QString m_orderId;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    QLabel *m_signatureLabel = nullptr;
    QLineEdit *m_signature = nullptr;
    QToolButton *m_copy = nullptr;
    QLabel *m_routeHeading = nullptr;
    QTableWidget *m_route = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_timelineHeading = nullptr;
    QTreeWidget *m_timeline = nullptr;
};

} // namespace OrderDesk
