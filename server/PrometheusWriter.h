#pragma once

#include "LatencyHistogram.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace OrderDesk {

// Prometheus text exposition format 0.0.4: each metric family once, HELP and TYPE before its
// samples.
class PrometheusWriter
{
public:
    enum class Type { Counter, Gauge, Histogram };
    using Labels = QList<QPair<QString, QString>>;

    static QByteArray contentType()
    {
        return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
    }

    void family(const QString &name, const QString &help, Type type);
    void sample(const QString &name, qint64 value, const Labels &labels = {});
    void sample(const QString &name, double value, const Labels &labels = {});
    // NAME_bucket{le=...} for each bound and +Inf, NAME_sum and NAME_count.
    void histogram(const QString &name, const LatencyHistogram::Snapshot &snapshot,
                   const Labels &labels = {});

    // A family with a single unlabelled sample.
    void gauge(const QString &name, const QString &help, qint64 value);
    void counter(const QString &name, const QString &help, qint64 value);

    QByteArray text() const { return m_text; }

private:
    void writeSample(const QString &name, const QByteArray &value, const Labels &labels);

    QByteArray m_text;
};

} // namespace OrderDesk
