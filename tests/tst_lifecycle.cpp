#include "OrderLifecycle.h"

#include <QSet>
#include <QtTest>

using namespace OrderDesk;

namespace {

using S = OrderStatus;

const QList<OrderStatus> AllStatuses = {S::Pending,   S::Waiting,  S::Routing,
                                        S::Building,  S::Submitted, S::Retrying,
                                        S::Confirmed, S::Failed,   S::Cancelled, S::Expired};

// SPEC §3's lifecycle written out independently of the implementation: the plain steps, which
// keep the attempt number …
const QList<QPair<OrderStatus, OrderStatus>> PlainSteps = {
    {S::Pending, S::Cancelled},   {S::Pending, S::Failed},      {S::Waiting, S::Cancelled},
    {S::Waiting, S::Expired},     {S::Routing, S::Building},    {S::Routing, S::Retrying},
    {S::Routing, S::Failed},      {S::Routing, S::Waiting},     {S::Building, S::Submitted},
    {S::Building, S::Retrying},   {S::Building, S::Failed},     {S::Submitted, S::Confirmed},
    {S::Submitted, S::Retrying},  {S::Submitted, S::Failed},    {S::Retrying, S::Failed},
};
// … and the entries into routing, each of which starts the next attempt.
const QList<OrderStatus> StartsAttempt = {S::Pending, S::Waiting, S::Retrying};
// Statuses in which an attempt has run, so the attempt number is at least 1.
const QList<OrderStatus> AfterAnAttempt = {S::Routing, S::Building, S::Submitted, S::Retrying};

// What the tables above allow for one concrete transition.
bool expected(OrderStatus from, int attemptFrom, OrderStatus to, int attemptTo)
{
    if (attemptFrom < 0 || (from == S::Pending && attemptFrom != 0))
        return false;
    if (AfterAnAttempt.contains(from) && attemptFrom < 1)
        return false;
    if (to == S::Routing)
        return StartsAttempt.contains(from) && attemptTo == attemptFrom + 1;
    return PlainSteps.contains(qMakePair(from, to)) && attemptTo == attemptFrom;
}

QStringList names(const QList<OrderStatus> &statuses)
{
    QStringList result;
    for (const OrderStatus status : statuses)
        result << toString(status);
    result.sort();
    return result;
}

QString describe(OrderStatus from, int attemptFrom, OrderStatus to, int attemptTo)
{
    return QStringLiteral("%1#%2 -> %3#%4")
        .arg(toString(from))
        .arg(attemptFrom)
        .arg(toString(to))
        .arg(attemptTo);
}

} // namespace

class TestLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsEveryLegalEdge_data()
    {
        QTest::addColumn<OrderStatus>("from");
        QTest::addColumn<int>("attemptFrom");
        QTest::addColumn<OrderStatus>("to");
        QTest::addColumn<int>("attemptTo");
        QTest::newRow("pending -> routing") << S::Pending << 0 << S::Routing << 1;
        QTest::newRow("pending -> cancelled") << S::Pending << 0 << S::Cancelled << 0;
        QTest::newRow("pending -> failed") << S::Pending << 0 << S::Failed << 0;
        QTest::newRow("waiting -> routing (trigger)") << S::Waiting << 0 << S::Routing << 1;
        QTest::newRow("waiting -> routing (trigger again)") << S::Waiting << 1 << S::Routing << 2;
        QTest::newRow("waiting -> cancelled") << S::Waiting << 0 << S::Cancelled << 0;
        QTest::newRow("waiting -> expired") << S::Waiting << 0 << S::Expired << 0;
        QTest::newRow("routing -> building") << S::Routing << 1 << S::Building << 1;
        QTest::newRow("routing -> waiting (limit moved away)") << S::Routing << 1 << S::Waiting << 1;
        QTest::newRow("building -> submitted") << S::Building << 1 << S::Submitted << 1;
        QTest::newRow("submitted -> confirmed") << S::Submitted << 2 << S::Confirmed << 2;
        QTest::newRow("routing -> retrying") << S::Routing << 1 << S::Retrying << 1;
        QTest::newRow("building -> retrying") << S::Building << 1 << S::Retrying << 1;
        QTest::newRow("submitted -> retrying") << S::Submitted << 2 << S::Retrying << 2;
        QTest::newRow("retrying -> routing") << S::Retrying << 1 << S::Routing << 2;
        QTest::newRow("retrying -> failed") << S::Retrying << 2 << S::Failed << 2;
        QTest::newRow("submitted -> failed") << S::Submitted << 3 << S::Failed << 3;
    }
    void acceptsEveryLegalEdge()
    {
        QFETCH(OrderStatus, from);
        QFETCH(int, attemptFrom);
        QFETCH(OrderStatus, to);
        QFETCH(int, attemptTo);
        QVERIFY(OrderLifecycle::canTransition(from, attemptFrom, to, attemptTo));
    }

    // Every (from, to) pair and a spread of attempt numbers against the written-out table, so
    // an edge added by mistake shows up as well as one missing.
    void decidesEveryStatusPairAsSpecified()
    {
        int accepted = 0;
        for (const OrderStatus from : AllStatuses) {
            for (const OrderStatus to : AllStatuses) {
                for (int attemptFrom = 0; attemptFrom <= 4; ++attemptFrom) {
                    for (int attemptTo = 0; attemptTo <= 5; ++attemptTo) {
                        const bool allowed = OrderLifecycle::canTransition(from, attemptFrom, to, attemptTo);
                        QVERIFY2(allowed == expected(from, attemptFrom, to, attemptTo),
                                 qPrintable(describe(from, attemptFrom, to, attemptTo)
                                            + (allowed ? QStringLiteral(" accepted") : QStringLiteral(" refused"))));
                        accepted += allowed ? 1 : 0;
                    }
                }
            }
        }
        // Pending: 3 edges at attempt 0. Waiting: 3 edges at attempts 0 to 4. Routing 4, building
        // 3, submitted 3 and retrying 2 edges, each at attempts 1 to 4.
        QCOMPARE(accepted, 3 + 3 * 5 + (4 + 3 + 3 + 2) * 4);
    }

    void refusesIllegalEdges_data()
    {
        QTest::addColumn<OrderStatus>("from");
        QTest::addColumn<int>("attemptFrom");
        QTest::addColumn<OrderStatus>("to");
        QTest::addColumn<int>("attemptTo");
        QTest::newRow("pending -> expired") << S::Pending << 0 << S::Expired << 0;
        QTest::newRow("skip routing") << S::Pending << 0 << S::Building << 0;
        QTest::newRow("skip building") << S::Routing << 1 << S::Submitted << 1;
        QTest::newRow("confirm without submission") << S::Building << 1 << S::Confirmed << 1;
        QTest::newRow("cancel after routing began") << S::Routing << 1 << S::Cancelled << 1;
        QTest::newRow("cancel while submitted") << S::Submitted << 1 << S::Cancelled << 1;
        QTest::newRow("expire after routing began") << S::Routing << 1 << S::Expired << 1;
        QTest::newRow("backwards submitted -> building") << S::Submitted << 1 << S::Building << 1;
        QTest::newRow("back to pending") << S::Routing << 1 << S::Pending << 1;
        QTest::newRow("pending -> waiting (stored waiting from the start)") << S::Pending << 0 << S::Waiting << 0;
        QTest::newRow("submitted -> waiting") << S::Submitted << 1 << S::Waiting << 1;
        QTest::newRow("retrying -> confirmed") << S::Retrying << 1 << S::Confirmed << 1;
        QTest::newRow("cancel while retrying") << S::Retrying << 1 << S::Cancelled << 1;
        QTest::newRow("retrying -> retrying") << S::Retrying << 1 << S::Retrying << 1;
        QTest::newRow("waiting -> waiting") << S::Waiting << 0 << S::Waiting << 0;
        QTest::newRow("pending -> pending") << S::Pending << 0 << S::Pending << 0;
        QTest::newRow("building -> building") << S::Building << 1 << S::Building << 1;
        QTest::newRow("failed -> routing (retry of a failed order)") << S::Failed << 1 << S::Routing << 2;
        QTest::newRow("confirmed -> confirmed") << S::Confirmed << 1 << S::Confirmed << 1;
        QTest::newRow("negative attempt") << S::Routing << -1 << S::Building << -1;
    }
    void refusesIllegalEdges()
    {
        QFETCH(OrderStatus, from);
        QFETCH(int, attemptFrom);
        QFETCH(OrderStatus, to);
        QFETCH(int, attemptTo);
        QVERIFY(!OrderLifecycle::canTransition(from, attemptFrom, to, attemptTo));
    }

    void terminalStatusesHaveNoExits()
    {
        for (const OrderStatus from : AllStatuses) {
            QCOMPARE(OrderLifecycle::nextStatuses(from).isEmpty(), isTerminal(from));
            if (!isTerminal(from))
                continue;
            for (const OrderStatus to : AllStatuses) {
                for (int attempt = 0; attempt <= 3; ++attempt) {
                    QVERIFY2(!OrderLifecycle::canTransition(from, attempt, to, attempt),
                             qPrintable(describe(from, attempt, to, attempt)));
                    QVERIFY2(!OrderLifecycle::canTransition(from, attempt, to, attempt + 1),
                             qPrintable(describe(from, attempt, to, attempt + 1)));
                }
            }
        }
    }

    // A retry is told apart from a replay of the same attempt only by its number, so anything
    // but exactly attempt + 1 must be refused.
    void retryNeedsTheNextAttempt_data()
    {
        QTest::addColumn<OrderStatus>("from");
        QTest::addColumn<int>("attemptFrom");
        QTest::addColumn<int>("attemptTo");
        QTest::addColumn<bool>("allowed");
        const QByteArray name = "retrying";
        QTest::newRow(name + " 1 -> 2") << S::Retrying << 1 << 2 << true;
        QTest::newRow(name + " 2 -> 3") << S::Retrying << 2 << 3 << true;
        QTest::newRow(name + " same attempt") << S::Retrying << 1 << 1 << false;
        QTest::newRow(name + " skips one") << S::Retrying << 1 << 3 << false;
        QTest::newRow(name + " goes back") << S::Retrying << 2 << 1 << false;
        QTest::newRow(name + " from attempt 0") << S::Retrying << 0 << 1 << false;
        for (const OrderStatus from : {S::Routing, S::Building, S::Submitted})
            QTest::newRow(toString(from).toLatin1() + " straight back to routing") << from << 1 << 2 << false;
    }
    void retryNeedsTheNextAttempt()
    {
        QFETCH(OrderStatus, from);
        QFETCH(int, attemptFrom);
        QFETCH(int, attemptTo);
        QFETCH(bool, allowed);
        QCOMPARE(OrderLifecycle::canTransition(from, attemptFrom, S::Routing, attemptTo), allowed);
    }

    void plainStepsKeepTheAttempt_data()
    {
        QTest::addColumn<OrderStatus>("from");
        QTest::addColumn<int>("attemptFrom");
        QTest::addColumn<OrderStatus>("to");
        QTest::addColumn<int>("attemptTo");
        QTest::newRow("routing -> building, attempt changes") << S::Routing << 1 << S::Building << 2;
        QTest::newRow("building -> submitted, attempt changes") << S::Building << 2 << S::Submitted << 1;
        QTest::newRow("submitted -> confirmed, attempt changes") << S::Submitted << 1 << S::Confirmed << 2;
        QTest::newRow("routing -> failed, attempt changes") << S::Routing << 1 << S::Failed << 2;
        QTest::newRow("first routing keeps attempt 0") << S::Pending << 0 << S::Routing << 0;
        QTest::newRow("first routing jumps to 2") << S::Pending << 0 << S::Routing << 2;
        QTest::newRow("trigger keeps attempt 0") << S::Waiting << 0 << S::Routing << 0;
        QTest::newRow("pending that already ran") << S::Pending << 1 << S::Routing << 2;
        QTest::newRow("routing -> waiting, attempt changes") << S::Routing << 1 << S::Waiting << 0;
        QTest::newRow("submitted -> retrying, attempt changes") << S::Submitted << 1 << S::Retrying << 2;
        QTest::newRow("waiting -> cancelled, attempt changes") << S::Waiting << 0 << S::Cancelled << 1;
        QTest::newRow("building at attempt 0") << S::Routing << 0 << S::Building << 0;
    }
    void plainStepsKeepTheAttempt()
    {
        QFETCH(OrderStatus, from);
        QFETCH(int, attemptFrom);
        QFETCH(OrderStatus, to);
        QFETCH(int, attemptTo);
        QVERIFY(!OrderLifecycle::canTransition(from, attemptFrom, to, attemptTo));
    }

    void nextStatuses_data()
    {
        QTest::addColumn<OrderStatus>("from");
        QTest::addColumn<QStringList>("next");
        QTest::newRow("pending") << S::Pending << QStringList{"routing", "cancelled", "failed"};
        QTest::newRow("waiting") << S::Waiting << QStringList{"routing", "cancelled", "expired"};
        QTest::newRow("routing") << S::Routing
                                 << QStringList{"building", "failed", "retrying", "waiting"};
        QTest::newRow("building") << S::Building << QStringList{"submitted", "failed", "retrying"};
        QTest::newRow("submitted") << S::Submitted << QStringList{"confirmed", "failed", "retrying"};
        QTest::newRow("retrying") << S::Retrying << QStringList{"routing", "failed"};
        QTest::newRow("confirmed") << S::Confirmed << QStringList{};
        QTest::newRow("failed") << S::Failed << QStringList{};
        QTest::newRow("cancelled") << S::Cancelled << QStringList{};
        QTest::newRow("expired") << S::Expired << QStringList{};
    }
    void nextStatuses()
    {
        QFETCH(OrderStatus, from);
        QFETCH(QStringList, next);
        next.sort();
        const QList<OrderStatus> actual = OrderLifecycle::nextStatuses(from);
        QCOMPARE(names(actual), next);
        QCOMPARE(QSet<OrderStatus>(actual.begin(), actual.end()).size(), actual.size()); // no duplicates
        // What the console offers as next steps must be what the engine accepts.
        for (const OrderStatus to : actual) {
            bool someAttemptWorks = false;
            for (int attempt = 0; attempt <= 2; ++attempt) {
                someAttemptWorks = someAttemptWorks
                    || OrderLifecycle::canTransition(from, attempt, to, attempt)
                    || OrderLifecycle::canTransition(from, attempt, to, attempt + 1);
            }
            QVERIFY2(someAttemptWorks, qPrintable(toString(from) + QStringLiteral(" -> ") + toString(to)));
        }
    }

    void isCancellable_data()
    {
        QTest::addColumn<OrderStatus>("status");
        QTest::addColumn<bool>("cancellable");
        for (const OrderStatus status : AllStatuses)
            QTest::newRow(qPrintable(toString(status)))
                << status << (status == S::Pending || status == S::Waiting);
    }
    void isCancellable()
    {
        QFETCH(OrderStatus, status);
        QFETCH(bool, cancellable);
        QCOMPARE(OrderLifecycle::isCancellable(status), cancellable);
        // DELETE answers 409 exactly when the machine has no cancelled edge from here.
        QCOMPARE(OrderLifecycle::nextStatuses(status).contains(S::Cancelled), cancellable);
    }

    // Status never goes backwards except by the retry edge (and a limit order's return to
    // waiting when its price moved away before routing).
    void neverGoesBackwardsExceptByRetry()
    {
        const auto rank = [](OrderStatus status) {
            switch (status) {
            case S::Pending: return 0;
            case S::Waiting: return 1;
            case S::Routing: return 2;
            case S::Building: return 3;
            case S::Submitted: return 4;
            case S::Retrying: return 5;
            default: return 6; // terminal
            }
        };
        for (const OrderStatus from : AllStatuses) {
            for (const OrderStatus to : OrderLifecycle::nextStatuses(from)) {
                if (rank(to) <= rank(from)) {
                    const bool retry = from == S::Retrying && to == S::Routing;
                    const bool rewatch = from == S::Routing && to == S::Waiting;
                    QVERIFY2(retry || rewatch,
                             qPrintable(toString(from) + QStringLiteral(" -> ") + toString(to)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
