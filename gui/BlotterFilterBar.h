#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace OrderDesk {

class BlotterFilterProxy;
class BlotterModel;

// The bar above the blotter: a status group, a pair (canonical, from the blotter's orders), a
// search over ids and signatures, and how many orders show. Drives the blotter's filter proxy.
class BlotterFilterBar : public QWidget
{
    Q_OBJECT

public:
    BlotterFilterBar(BlotterModel &model, BlotterFilterProxy &proxy, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    // Shows every order again (an order the operator asked for must not stay hidden).
    void clearFilters();

private:
    void applyStatusFilter();
    void refillPairFilter();
    void updateCount();

    BlotterModel &m_model;
    BlotterFilterProxy &m_proxy;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_pairFilter = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace OrderDesk
