#include "Decimal.h"

#include <QRandomGenerator>
#include <QtTest>

#include <limits>

using namespace OrderDesk;

class TestDecimal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("scale");
        QTest::addColumn<QString>("units");
        QTest::newRow("whole") << "12" << 9 << "12000000000";
        QTest::newRow("fraction") << "1.5" << 6 << "1500000";
        QTest::newRow("all decimals") << "0.000000001" << 9 << "1";
        QTest::newRow("trailing zeros past scale") << "1.5000000" << 2 << "150";
        QTest::newRow("leading dot") << ".25" << 2 << "25";
        QTest::newRow("1e12 SOL") << "1000000000000" << 9 << "1000000000000000000000";
        QTest::newRow("largest") << "170141183460469231731687303715884105727" << 0
                                 << "170141183460469231731687303715884105727";
        QTest::newRow("most negative but one") << "-170141183460469231731687303715884105727" << 0
                                               << "-170141183460469231731687303715884105727";
    }
    void parsesExactly()
    {
        QFETCH(QString, text);
        QFETCH(int, scale);
        QFETCH(QString, units);
        const auto value = Decimal::parse(text, scale);
        QVERIFY(value);
        QCOMPARE(Decimal::toString(*value), units);
    }

    void refusesWhatIsNotExact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("scale");
        QTest::newRow("too precise") << "0.0000001" << 6;
        QTest::newRow("exponent") << "1e3" << 6;
        QTest::newRow("letters") << "abc" << 6;
        QTest::newRow("two dots") << "1.2.3" << 6;
        QTest::newRow("empty") << "" << 6;
        QTest::newRow("lone dot") << "." << 6;
        QTest::newRow("overflow") << "999999999999999999999999999999999999999" << 9;
        QTest::newRow("one past the largest") << "170141183460469231731687303715884105728" << 0;
        QTest::newRow("a digit past the largest") << "1701411834604692317316873037158841057270" << 0;
    }
    void refusesWhatIsNotExact()
    {
        QFETCH(QString, text);
        QFETCH(int, scale);
        QString error;
        QVERIFY(!Decimal::parse(text, scale, &error));
        QVERIFY(!error.isEmpty());
    }

    void formatsRoundTrip()
    {
        QCOMPARE(Decimal::format(1500000000, 9), QStringLiteral("1.5"));
        QCOMPARE(Decimal::format(1, 9), QStringLiteral("0.000000001"));
        QCOMPARE(Decimal::format(-25, 2), QStringLiteral("-0.25"));
        QCOMPARE(Decimal::format(100, 2), QStringLiteral("1"));
        QCOMPARE(Decimal::format(0, 6), QStringLiteral("0"));
        QCOMPARE(Decimal::format(-7, 0), QStringLiteral("-7"));
        QCOMPARE(Decimal::format(1203040, 3), QStringLiteral("1203.04"));

        const Int128 max = std::numeric_limits<Int128>::max();
        const Int128 min = std::numeric_limits<Int128>::min();
        QCOMPARE(Decimal::toString(max), QStringLiteral("170141183460469231731687303715884105727"));
        QCOMPARE(Decimal::toString(min), QStringLiteral("-170141183460469231731687303715884105728"));
        QCOMPARE(Decimal::format(min, 38), QStringLiteral("-1.70141183460469231731687303715884105728"));
        QCOMPARE(Decimal::format(5, 40), QStringLiteral("0.0000000000000000000000000000000000000005"));

        // Every value reads back as itself, at every scale an amount or a price uses.
        QRandomGenerator random(7);
        for (int i = 0; i < 2000; ++i) {
            const Int128 value = (Int128(random.generate64()) << 32) ^ Int128(random.generate64());
            const int scale = int(random.bounded(19));
            const Int128 signedValue = i % 3 == 0 ? -value : value;
            QCOMPARE(Decimal::toString(*Decimal::parse(Decimal::format(signedValue, scale), scale)),
                     Decimal::toString(signedValue));
        }
    }

    void mulDivRoundsDownAndDetectsOverflow()
    {
        QCOMPARE(Decimal::toString(*Decimal::mulDiv(10, 10, 3)), QStringLiteral("33"));
        QVERIFY(!Decimal::mulDiv(1, 1, 0));
        const Int128 huge = Decimal::pow10(30);
        QVERIFY(!Decimal::mulDiv(huge, huge, 1));
    }
};

QTEST_GUILESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
