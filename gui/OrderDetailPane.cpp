#include "OrderDetailPane.h"

#include "ConsoleIcons.h"
#include "Engine.h"
#include "OrderPresentation.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace OrderDesk {

namespace {

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

// One line describing what a status change carried, from its stored details.
QString describeEvent(const OrderEvent &event, const Order &order)
{
    const QJsonObject details = event.allDetails();
    switch (event.status) {
    case OrderStatus::Routing:
        if (details.contains(QStringLiteral("retryOf"))) {
            const QJsonObject previous = details.value(QStringLiteral("previousError")).toObject();
            return OrderPresentation::tr("retry after: %1")
                .arg(previous.value(QStringLiteral("message")).toString());
        }
        if (details.contains(QStringLiteral("trigger"))) {
            return OrderPresentation::tr("triggered: %1")
                .arg(details.value(QStringLiteral("trigger"))
                         .toObject()
                         .value(QStringLiteral("reason"))
                         .toString());
        }
        return OrderPresentation::tr("fetching quotes from both venues");
    case OrderStatus::Building: {
        const QJsonObject route = details.value(QStringLiteral("route")).toObject();
        const auto venue = venueFromString(route.value(QStringLiteral("venue")).toString());
        return OrderPresentation::tr("route: %1")
            .arg(venue ? OrderPresentation::venueText(*venue) : QString());
    }
    case OrderStatus::Submitted:
        return OrderPresentation::tr("signature %1")
            .arg(details.value(QStringLiteral("signature")).toString().left(16) +
                 QStringLiteral("…"));
    case OrderStatus::Confirmed: {
        const QJsonObject result = details.value(QStringLiteral("result")).toObject();
        return OrderPresentation::tr("received %1 %2")
            .arg(result.value(QStringLiteral("amountOut")).toString(), order.tokenOut.symbol);
    }
    case OrderStatus::Retrying: {
        const QJsonObject error = details.value(QStringLiteral("error")).toObject();
        const std::optional<QDateTime> retryAt =
            fromIsoString(details.value(QStringLiteral("retryAt")).toString());
        // When the next attempt starts first (the line above says the error too), then why.
        return OrderPresentation::tr("next attempt at %1 after a %2 back-off; %3: %4")
            .arg(retryAt ? OrderPresentation::timeText(*retryAt) : QString(),
                 retryAt ? OrderPresentation::backoffText(event.timestamp.msecsTo(*retryAt))
                         : QString(),
                 error.value(QStringLiteral("code")).toString(),
                 error.value(QStringLiteral("message")).toString());
    }
    case OrderStatus::Failed: {
        const QJsonObject error = details.value(QStringLiteral("error")).toObject();
        return error.value(QStringLiteral("code")).toString() + QStringLiteral(": ") +
               error.value(QStringLiteral("message")).toString();
    }
    case OrderStatus::Pending:
        return OrderPresentation::tr("accepted and stored");
    case OrderStatus::Waiting:
        return order.type == OrderType::Limit
                   ? OrderPresentation::tr("waiting for the limit price")
                   : OrderPresentation::tr("waiting for %1 to launch").arg(order.tokenOut.symbol);
    case OrderStatus::Cancelled:
        return OrderPresentation::tr("cancelled by the operator");
    case OrderStatus::Expired:
        return OrderPresentation::tr("expired before it triggered");
    }
    return {};
}

} // namespace

OrderDetailPane::OrderDetailPane(Engine &engine, QWidget *parent)
    : QWidget(parent), m_engine(engine)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_placeholder = new QLabel(tr("Select an order in the blotter to see its route and timeline."),
                               m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_stack->addWidget(m_placeholder);

    auto *page = new QWidget(m_stack);
    auto *columns = new QHBoxLayout(page);
    columns->setContentsMargins(6, 4, 6, 4);
    columns->setSpacing(12);
    // Left: what the order is and how it was routed. Right: what happened to it.
    auto *left = new QVBoxLayout;
    left->setSpacing(4);
    auto *right = new QVBoxLayout;
    right->setSpacing(4);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    m_title = new QLabel(page);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts = new QLabel(page);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *signatureRow = new QHBoxLayout;
    m_signatureLabel = new QLabel(tr("Signature:"), page);
    m_signature = new QLineEdit(page);
    m_signature->setObjectName(QStringLiteral("detailSignature"));
    m_signature->setReadOnly(true);
    m_signature->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_signature->setPlaceholderText(tr("not submitted yet"));
    m_copy = new QToolButton(page);
    m_copy->setIcon(ConsoleIcons::icon(QStringLiteral("copy")));
    m_copy->setToolTip(tr("Copy the transaction signature"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_copy, &QToolButton::clicked, this, &OrderDetailPane::copySignature);
    signatureRow->addWidget(m_signatureLabel);
    signatureRow->addWidget(m_signature, 1);
    signatureRow->addWidget(m_copy);

    m_routeHeading = heading(tr("Route decision"), page);
    m_route = new QTableWidget(QuoteRowCount, 2, page);
    m_route->setObjectName(QStringLiteral("routeTable"));
    m_route->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_route->setSelectionMode(QAbstractItemView::NoSelection);
    m_route->setFocusPolicy(Qt::NoFocus);
    m_route->setVerticalHeaderLabels(
        {tr("Price"), tr("Amount out"), tr("Fee"), tr("Price impact")});
    m_route->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_route->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_route->verticalHeader()->setDefaultSectionSize(m_route->fontMetrics().height() + 6);
    m_route->setWordWrap(false);
    m_route->setTextElideMode(Qt::ElideMiddle);
    m_route->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_route->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_route->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_route->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_reason = new QLabel(page);
    m_reason->setObjectName(QStringLiteral("routeReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_timelineHeading = heading(tr("Timeline"), page);
    m_timeline = new QTreeWidget(page);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setRootIsDecorated(false);
    m_timeline->setUniformRowHeights(true);
    m_timeline->setHeaderLabels({tr("Time"), tr("Status"), tr("Attempt"), tr("Details")});
    m_timeline->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline->header()->setStretchLastSection(true);

    left->addWidget(m_title);
    left->addWidget(m_facts);
    left->addLayout(signatureRow);
    left->addSpacing(4);
    left->addWidget(m_routeHeading);
    left->addWidget(m_route);
    left->addWidget(m_reason);
    left->addStretch(1);
    right->addWidget(m_timelineHeading);
    right->addWidget(m_timeline, 1);
    // A short pane scrolls rather than squeezing the route table under its reason.
    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    m_stack->addWidget(scroll);
}

void OrderDetailPane::showOrder(const QString &orderId)
{
    m_orderId = orderId;
    reload();
}

void OrderDetailPane::refreshIfShown(const QStringList &orderIds)
{
    if (!m_orderId.isEmpty() && orderIds.contains(m_orderId))
        reload();
}

void OrderDetailPane::reload()
{
    const std::optional<Order> found =
        m_orderId.isEmpty() ? std::nullopt : m_engine.order(m_orderId);
    if (!found) {
        m_stack->setCurrentIndex(0);
        return;
    }
    const Order &order = *found;
    m_stack->setCurrentIndex(1);

    // Canonical: "buy SOL/USDC", whichever token the order pays with.
    m_title->setText(tr("%1  %2 %3 %4  %5 (%6 → %7)")
                         .arg(OrderPresentation::shortId(order.id),
                              OrderPresentation::typeText(order.type),
                              OrderPresentation::sideText(OrderPresentation::side(order)),
                              OrderPresentation::pairText(order),
                              OrderPresentation::amountText(order), order.tokenIn.symbol,
                              order.tokenOut.symbol));
    // Three short lines at most: the pane shares the height with the blotter.
    QStringList facts;
    QStringList first{tr("Status: %1 · attempt %2")
                          .arg(OrderPresentation::statusText(order.status))
                          .arg(order.attempt)};
    first << (order.swapMode == SwapMode::ExactOut ? tr("exact out") : tr("exact in"));
    first << tr("slippage tolerance %1 bps").arg(order.slippageBps);
    facts << first.join(QStringLiteral(" · "));

    QStringList second{tr("Created %1").arg(OrderPresentation::dateTimeText(order.createdAt))};
    if (order.limitPrice) {
        if (const auto limit = OrderPresentation::quotePerBase(order, *order.limitPrice)) {
            second << tr("limit %1 %2")
                          .arg(OrderPresentation::priceText(*limit), OrderPresentation::priceUnit(order));
        }
    }
    if (order.expiresAt)
        second << tr("expires %1").arg(OrderPresentation::dateTimeText(*order.expiresAt));
    if (!order.clientOrderId.isEmpty())
        second << tr("client id %1").arg(order.clientOrderId);
    facts << second.join(QStringLiteral(" · "));

    if (order.execution) {
        const Int128 price = OrderPresentation::quotePerBase(order, order.execution->executedPrice)
                                 .value_or(0);
        QString executed = tr("Executed on %1 at %2 %3, received %4 %5")
                               .arg(OrderPresentation::venueText(order.execution->venue),
                                    OrderPresentation::priceText(price),
                                    OrderPresentation::priceUnit(order),
                                    Decimal::format(order.execution->amountOut,
                                                    order.tokenOut.decimals),
                                    order.tokenOut.symbol);
        if (const std::optional<qint64> bps = OrderPresentation::slippageBps(order))
            executed += QStringLiteral(" · ") + tr("%1 bps against the quote").arg(*bps);
        facts << executed;
    }
    if (order.lastError && (order.status == OrderStatus::Failed || order.retryAt))
        facts << tr("Last error: %1").arg(order.lastError->message);
    m_facts->setText(facts.join(QLatin1Char('\n')));
    m_facts->setToolTip(order.id);

    m_signature->setText(order.execution ? order.execution->signature : QString());
    m_signature->setCursorPosition(0);
    m_copy->setEnabled(order.execution.has_value());

    fillRoute(order);
    fillTimeline(order);
}

void OrderDetailPane::fillRoute(const Order &order)
{
    m_route->clearContents();
    QStringList headers;
    for (const Venue venue : AllVenues) {
        const bool chosen = order.route && order.route->venue == venue;
        headers << (chosen ? tr("✓ %1 (chosen)").arg(OrderPresentation::venueText(venue))
                           : OrderPresentation::venueText(venue));
    }
    m_route->setHorizontalHeaderLabels(headers);

    if (!order.route) {
        m_reason->setText(order.status == OrderStatus::Waiting
                              ? tr("Not routed yet: the order waits for its trigger.")
                              : tr("Not routed yet."));
        m_route->setEnabled(false);
        return;
    }
    m_route->setEnabled(true);
    const RouteDecision &route = *order.route;
    const QColor winnerBackground = palette().color(QPalette::Highlight).lighter(100);
    for (int column = 0; column < 2; ++column) {
        const Venue venue = AllVenues[column];
        const auto found = std::find_if(route.quotes.cbegin(), route.quotes.cend(),
                                        [venue](const VenueQuote &q) { return q.venue == venue; });
        QStringList cells(QuoteRowCount);
        if (found == route.quotes.cend()) {
            cells[PriceRow] = tr("no quote");
        } else if (!found->available) {
            cells[PriceRow] = tr("unavailable");
            cells[AmountOutRow] = found->unavailableReason;
        } else {
            cells[PriceRow] = OrderPresentation::priceText(
                OrderPresentation::quotePerBase(order, found->executionPrice).value_or(0));
            cells[AmountOutRow] = Decimal::format(found->amountOut, order.tokenOut.decimals) +
                                  QLatin1Char(' ') + order.tokenOut.symbol;
            cells[FeeRow] = Decimal::format(found->feeAmount, order.tokenIn.decimals) +
                            QLatin1Char(' ') + order.tokenIn.symbol + QStringLiteral(" (") +
                            OrderPresentation::ppmAsPercent(found->feePpm) + QLatin1Char(')');
            cells[ImpactRow] = OrderPresentation::ppmAsPercent(found->priceImpactPpm);
        }
        for (int row = 0; row < QuoteRowCount; ++row) {
            auto *item = new QTableWidgetItem(cells.at(row));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (route.venue == venue) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                QColor tint = winnerBackground;
                tint.setAlpha(40);
                item->setBackground(tint);
            }
            m_route->setItem(row, column, item);
        }
    }
    // The chosen route's legs: a split or a second hop is only visible here.
    QStringList legs;
    for (const RouteLeg &leg : route.legs) {
        legs << tr("%1 %2 %3 → %4 %5 (fee %6, impact %7)")
                    .arg(OrderPresentation::venueText(leg.venue),
                         Decimal::format(leg.sharePpm, 4) + QStringLiteral(" %"),
                         Decimal::format(leg.amountIn, leg.tokenIn.decimals) + QLatin1Char(' ') + leg.tokenIn.symbol,
                         Decimal::format(leg.amountOut, leg.tokenOut.decimals),
                         leg.tokenOut.symbol, OrderPresentation::ppmAsPercent(leg.feePpm),
                         OrderPresentation::ppmAsPercent(leg.priceImpactPpm))
                // A DLMM leg that moved its pool's price: how many bins it crossed.
                + (leg.binsCrossed > 0 ? tr(", %n bin(s) crossed", nullptr, leg.binsCrossed) : QString());
    }
    const QString legText = legs.isEmpty() ? QString()
                                           : tr("Route (%1 %2): %3").arg(route.kind, route.path, legs.join(QStringLiteral("; ")))
                                                 + QLatin1Char('\n');
    m_reason->setText(legText + tr("Why: %1").arg(route.reason));
    int height = m_route->horizontalHeader()->sizeHint().height() + 2 * m_route->frameWidth();
    for (int row = 0; row < QuoteRowCount; ++row)
        height += m_route->rowHeight(row);
    m_route->setFixedHeight(height);
}

void OrderDetailPane::fillTimeline(const Order &order)
{
    m_timeline->clear();
    const QList<OrderEvent> events = m_engine.history(order.id);
    const QList<FailureRecord> failures = m_engine.failures(order.id);

    struct Line
    {
        QDateTime at;
        int rank; // a failure sorts before the status change that follows it at the same time
        QStringList columns;
        bool failure;
    };
    QList<Line> lines;
    for (const OrderEvent &event : events) {
        lines.append({event.timestamp, 1,
                      {OrderPresentation::timeText(event.timestamp),
                       OrderPresentation::statusText(event.status),
                       event.attempt > 0 ? QString::number(event.attempt) : QString(),
                       describeEvent(event, order)},
                      event.status == OrderStatus::Failed});
    }
    for (const FailureRecord &failure : failures) {
        // The final failure is already the `failed` status line; list only the retried ones.
        if (failure.permanent || (order.status == OrderStatus::Failed && failure.attempt == order.attempt))
            continue;
        lines.append({failure.at, 0,
                      {OrderPresentation::timeText(failure.at), tr("attempt failed"),
                       QString::number(failure.attempt),
                       failure.code + QStringLiteral(": ") + failure.message},
                      true});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) {
        return a.at != b.at ? a.at < b.at : a.rank < b.rank;
    });

    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor failureColor = dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x24, 0x18);
    for (const Line &line : std::as_const(lines)) {
        auto *item = new QTreeWidgetItem(m_timeline, line.columns);
        item->setToolTip(3, line.columns.at(3));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (line.failure) {
            for (int column = 0; column < 4; ++column)
                item->setForeground(column, failureColor);
        }
    }
}

void OrderDetailPane::copySignature()
{
    if (m_signature->text().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_signature->text());
    emit statusMessage(tr("Signature copied"));
}

QString OrderDetailPane::quoteText(Venue venue, QuoteRow row) const
{
    const QTableWidgetItem *item = m_route->item(row, venue == Venue::Raydium ? 0 : 1);
    return item ? item->text() : QString();
}

QString OrderDetailPane::routeReason() const
{
    return m_reason->text();
}

int OrderDetailPane::timelineRows() const
{
    return m_timeline->topLevelItemCount();
}

} // namespace OrderDesk
