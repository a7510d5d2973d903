#include "BlotterFilterBar.h"

#include "BlotterFilterProxy.h"
#include "BlotterModel.h"
#include "ConsoleIcons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace OrderDesk {

namespace {

// The status filter's choices: a name and the statuses it shows (none: all).
struct StatusGroup
{
    const char *label;
    QList<OrderStatus> statuses;
};

const QList<StatusGroup> &statusGroups()
{
    static const QList<StatusGroup> groups = {
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "All statuses"), {}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Open"),
         {OrderStatus::Pending, OrderStatus::Waiting, OrderStatus::Routing, OrderStatus::Building,
          OrderStatus::Submitted, OrderStatus::Retrying}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "In flight"),
         {OrderStatus::Routing, OrderStatus::Building, OrderStatus::Submitted,
          OrderStatus::Retrying}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Retrying"), {OrderStatus::Retrying}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Waiting"), {OrderStatus::Waiting}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Confirmed"), {OrderStatus::Confirmed}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Failed"), {OrderStatus::Failed}},
        {QT_TRANSLATE_NOOP("OrderDesk::BlotterFilterBar", "Cancelled or expired"),
         {OrderStatus::Cancelled, OrderStatus::Expired}},
    };
    return groups;
}

} // namespace

BlotterFilterBar::BlotterFilterBar(BlotterModel &model, BlotterFilterProxy &proxy, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy)
{
    auto *bar = new QHBoxLayout(this);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(6);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    for (const StatusGroup &group : statusGroups())
        m_statusFilter->addItem(tr(group.label));
    m_pairFilter = new QComboBox(this);
    m_pairFilter->setObjectName(QStringLiteral("pairFilter"));
    m_pairFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search id, client id or signature (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(ConsoleIcons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("blotterCount"));

    auto *statusLabel = new QLabel(tr("&Status"), this);
    statusLabel->setBuddy(m_statusFilter);
    auto *pairLabel = new QLabel(tr("&Pair"), this);
    pairLabel->setBuddy(m_pairFilter);
    bar->addWidget(statusLabel);
    bar->addWidget(m_statusFilter);
    bar->addWidget(pairLabel);
    bar->addWidget(m_pairFilter);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &BlotterFilterBar::applyStatusFilter);
    connect(m_pairFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy.setPair(m_pairFilter->currentData().toString()); });
    connect(m_search, &QLineEdit::textChanged, &m_proxy, &BlotterFilterProxy::setSearchText);
    connect(m_search, &QLineEdit::textChanged, this, &BlotterFilterBar::updateCount);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &BlotterFilterBar::updateCount);
    connect(m_pairFilter, &QComboBox::currentIndexChanged, this, &BlotterFilterBar::updateCount);
    connect(&m_model, &BlotterModel::pairsChanged, this, &BlotterFilterBar::refillPairFilter);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_proxy, signal, this, &BlotterFilterBar::updateCount);
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, &BlotterFilterBar::updateCount);
    connect(&m_proxy, &QAbstractItemModel::layoutChanged, this, &BlotterFilterBar::updateCount);
    refillPairFilter();
    updateCount();
}

void BlotterFilterBar::clearFilters()
{
    m_search->clear();
    m_statusFilter->setCurrentIndex(0);
    m_pairFilter->setCurrentIndex(0);
}

void BlotterFilterBar::applyStatusFilter()
{
    const int index = m_statusFilter->currentIndex();
    QSet<OrderStatus> statuses;
    if (index >= 0 && index < statusGroups().size()) {
        for (const OrderStatus status : statusGroups().at(index).statuses)
            statuses.insert(status);
    }
    m_proxy.setStatuses(statuses);
}

void BlotterFilterBar::refillPairFilter()
{
    const QString current = m_pairFilter->currentData().toString();
    const QSignalBlocker blocker(m_pairFilter);
    m_pairFilter->clear();
    m_pairFilter->addItem(tr("All pairs"), QString());
    for (const QString &pair : m_model.pairs())
        m_pairFilter->addItem(pair, pair);
    const int index = m_pairFilter->findData(current);
    m_pairFilter->setCurrentIndex(index < 0 ? 0 : index);
}

void BlotterFilterBar::updateCount()
{
    const int shown = m_proxy.rowCount();
    const int total = m_model.rowCount();
    m_count->setText(shown == total ? tr("%n order(s)", nullptr, total)
                                    : tr("%1 of %n order(s)", nullptr, total).arg(shown));
}

} // namespace OrderDesk
