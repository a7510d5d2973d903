// The queue contract: every OrderQueue implementation must pass these. The Redis queue joins the
// data rows when it exists; today the in-process queue is the one backend.
#include "InProcessQueue.h"

#include <QtTest>

#include <QSet>
#include <QThread>

#include <memory>

using namespace OrderDesk;

class TestOrderQueue : public QObject
{
    Q_OBJECT

    std::unique_ptr<OrderQueue> makeQueue()
    {
        QFETCH_GLOBAL(QString, backend);
        std::unique_ptr<OrderQueue> queue;
        if (backend == QLatin1String("in-process"))
            queue = std::make_unique<InProcessQueue>();
        QString error;
        if (!queue || !queue->open(&error))
            qFatal("cannot open queue %s: %s", qPrintable(backend), qPrintable(error));
        return queue;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("in-process") << QStringLiteral("in-process");
    }

    void takesInArrivalOrder()
    {
        auto queue = makeQueue();
        for (const char *id : {"a", "b", "c"})
            QVERIFY(queue->enqueue({QString::fromLatin1(id)}));
        QStringList taken;
        while (auto lease = queue->take(0)) {
            taken << lease->item.orderId;
            queue->acknowledge(*lease);
        }
        QCOMPARE(taken, QStringList({"a", "b", "c"}));
    }

    void priorityItemsGoFirst()
    {
        auto queue = makeQueue();
        queue->enqueue({QStringLiteral("market-1")});
        queue->enqueue({QStringLiteral("market-2")});
        queue->enqueue({QStringLiteral("sniper"), true});
        auto lease = queue->take(0);
        QVERIFY(lease);
        QCOMPARE(lease->item.orderId, QStringLiteral("sniper"));
        QVERIFY(lease->item.priority);
    }

    void delayedItemWaitsForItsDueTime()
    {
        auto queue = makeQueue();
        const QDateTime due = QDateTime::currentDateTimeUtc().addMSecs(300);
        queue->enqueueDelayed({QStringLiteral("retry")}, due);
        QCOMPARE(queue->counts().delayed, 1);
        QVERIFY(!queue->take(0)); // not yet due
        auto lease = queue->take(5000);
        QVERIFY(lease);
        QVERIFY(QDateTime::currentDateTimeUtc() >= due);
        QCOMPARE(queue->counts().delayed, 0);
    }

    void acknowledgedItemsLeaveReleasedOnesReturn()
    {
        auto queue = makeQueue();
        queue->enqueue({QStringLiteral("a")});
        queue->enqueue({QStringLiteral("b")});
        auto first = queue->take(0);
        QVERIFY(first);
        QCOMPARE(queue->counts().active, 1);
        QVERIFY(queue->contains(QStringLiteral("a")));
        queue->release(*first);
        auto again = queue->take(0);
        QVERIFY(again);
        QCOMPARE(again->item.orderId, QStringLiteral("a")); // handed back to the front
        queue->acknowledge(*again);
        QVERIFY(!queue->contains(QStringLiteral("a")));
        QCOMPARE(queue->counts().active, 0);
        QCOMPARE(queue->counts().waiting, 1);
    }

    void interruptWakesABlockedTake()
    {
        auto queue = makeQueue();
        std::unique_ptr<QThread> waker(QThread::create([&] {
            QThread::msleep(50); // lets take() block first; the test holds no timing assertion
            queue->interrupt();
        }));
        waker->start();
        // Without the interrupt this would block past the CTest timeout and fail the test.
        QVERIFY(!queue->take(30 * 60 * 1000));
        waker->wait();
    }

    void everyItemIsTakenExactlyOnceByConcurrentConsumers()
    {
        auto queue = makeQueue();
        constexpr int Items = 2000;
        for (int i = 0; i < Items; ++i)
            queue->enqueue({QString::number(i)});
        QMutex mutex;
        QList<QString> taken;
        std::vector<std::unique_ptr<QThread>> consumers;
        for (int c = 0; c < 4; ++c) {
            consumers.emplace_back(QThread::create([&] {
                while (auto lease = queue->take(0)) {
                    queue->acknowledge(*lease);
                    QMutexLocker locker(&mutex);
                    taken << lease->item.orderId;
                }
            }));
            consumers.back()->start();
        }
        for (auto &consumer : consumers)
            consumer->wait();
        QCOMPARE(taken.size(), Items);
        QCOMPARE(QSet<QString>(taken.begin(), taken.end()).size(), Items);
    }

    void rateLimitGrantsAtMostNPerWindow()
    {
        auto queue = makeQueue();
        constexpr int Limit = 5;
        constexpr qint64 WindowMs = 400;
        for (int i = 0; i < Limit; ++i)
            QCOMPARE(queue->tryAcquireStart(Limit, WindowMs), 0);
        const qint64 wait = queue->tryAcquireStart(Limit, WindowMs);
        QVERIFY(wait > 0);
        QVERIFY(wait <= WindowMs);
        QCOMPARE(queue->startsInWindow(WindowMs), Limit);
        // Once the oldest start has left the window, one more is granted.
        QTRY_COMPARE_WITH_TIMEOUT(queue->tryAcquireStart(Limit, WindowMs), 0, 5000);
        QVERIFY(queue->startsInWindow(WindowMs) <= Limit);
    }

    void rateLimitZeroMeansUnlimited()
    {
        auto queue = makeQueue();
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(queue->tryAcquireStart(0, 1000), 0);
    }
};

QTEST_GUILESS_MAIN(TestOrderQueue)
#include "tst_orderqueue.moc"
