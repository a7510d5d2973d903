#pragma once

// Reads a /metrics answer the way Prometheus does, and checks what its text format requires:
// HELP then TYPE once per family, every sample in a declared family, histogram buckets that
// only grow and end with +Inf equal to _count.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QTest>

#include <limits>

struct PrometheusText
{
    QHash<QByteArray, QByteArray> types;  // family -> counter | gauge | histogram
    QHash<QByteArray, double> samples;    // name{labels} -> value

    double value(const QByteArray &key) const { return samples.value(key, -1); }

    // False (with a QTest failure saying why) when the text breaks the format.
    bool parse(const QByteArray &text)
    {
        parseLines(text);
        return !QTest::currentTestFailed();
    }

private:
    void parseLines(const QByteArray &text)
    {
        QVERIFY(text.endsWith('\n'));
        static const QRegularExpression sampleLine(
            QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$"));
        QByteArray helped;
        // Per histogram series (family + labels without le): the last bucket seen.
        QHash<QByteArray, double> lastBucket;
        for (const QByteArray &line : text.split('\n')) {
            if (line.isEmpty())
                continue;
            if (line.startsWith("# HELP ")) {
                helped = line.split(' ').at(2);
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                const QList<QByteArray> parts = line.split(' ');
                QCOMPARE(parts.size(), 4);
                QCOMPARE(parts.at(2), helped); // HELP right before TYPE
                QVERIFY2(parts.at(3) == "gauge" || parts.at(3) == "counter"
                             || parts.at(3) == "histogram",
                         line.constData());
                QVERIFY2(!types.contains(parts.at(2)), line.constData());
                types.insert(parts.at(2), parts.at(3));
                continue;
            }
            const auto match = sampleLine.match(QString::fromUtf8(line));
            QVERIFY2(match.hasMatch(), line.constData());
            const QByteArray name = match.captured(1).toUtf8();
            const QByteArray labels = match.captured(2).toUtf8();
            bool ok = false;
            const QString valueText = match.captured(3);
            const double value = valueText == QLatin1String("+Inf")
                                     ? std::numeric_limits<double>::infinity()
                                     : valueText.toDouble(&ok);
            QVERIFY2(ok || valueText == QLatin1String("+Inf"), line.constData());
            samples.insert(name + labels, value);

            if (types.contains(name) && types.value(name) != "histogram")
                continue;
            const QByteArray family = histogramFamily(name);
            QVERIFY2(!family.isEmpty() && types.value(family) == "histogram", line.constData());
            if (name.endsWith("_bucket")) {
                static const QRegularExpression le(QStringLiteral(",?le=\"([^\"]*)\""));
                QString series = QString::fromUtf8(labels);
                const QString bound = le.match(series).captured(1);
                QVERIFY2(!bound.isEmpty(), line.constData());
                series.remove(le);
                const QByteArray key = family + series.toUtf8();
                QVERIFY2(value >= lastBucket.value(key, 0), line.constData());
                lastBucket.insert(key, value);
                if (bound == QLatin1String("+Inf")) {
                    series.replace(QLatin1String("{}"), QString());
                    const QByteArray count = family + "_count" + series.toUtf8();
                    // _count follows its buckets: remember what it must be.
                    expectedCounts.insert(count, value);
                }
            } else if (name.endsWith("_count") && expectedCounts.contains(name + labels)) {
                QCOMPARE(value, expectedCounts.value(name + labels));
            }
        }
    }

    QByteArray histogramFamily(const QByteArray &name) const
    {
        for (const char *suffix : {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix))
                return name.chopped(int(qstrlen(suffix)));
        }
        return {};
    }

    QHash<QByteArray, double> expectedCounts;
};
