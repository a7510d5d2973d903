#include "PrometheusWriter.h"

#include <cmath>

namespace OrderDesk {

namespace {
QString escapeHelp(QString text)
{
    return text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
}

QString escapeLabelValue(QString text)
{
    return escapeHelp(std::move(text)).replace(QLatin1Char('"'), QLatin1String("\\\""));
}
} // namespace

void PrometheusWriter::family(const QString &name, const QString &help, Type type)
{
    m_text += "# HELP " + name.toUtf8() + ' ' + escapeHelp(help).toUtf8() + '\n';
    const char *typeName = type == Type::Counter     ? " counter\n"
                           : type == Type::Histogram ? " histogram\n"
                                                     : " gauge\n";
    m_text += "# TYPE " + name.toUtf8() + typeName;
}

void PrometheusWriter::sample(const QString &name, qint64 value, const Labels &labels)
{
    writeSample(name, QByteArray::number(value), labels);
}

void PrometheusWriter::sample(const QString &name, double value, const Labels &labels)
{
    QByteArray text;
    if (std::isnan(value))
        text = QByteArrayLiteral("NaN");
    else if (std::isinf(value))
        text = value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    else
        text = QByteArray::number(value, 'g', 17);
    writeSample(name, text, labels);
}

void PrometheusWriter::gauge(const QString &name, const QString &help, qint64 value)
{
    family(name, help, Type::Gauge);
    sample(name, value);
}

void PrometheusWriter::counter(const QString &name, const QString &help, qint64 value)
{
    family(name, help, Type::Counter);
    sample(name, value);
}

void PrometheusWriter::histogram(const QString &name, const LatencyHistogram::Snapshot &snapshot,
                                 const Labels &labels)
{
    const QString bucket = name + QStringLiteral("_bucket");
    for (std::size_t i = 0; i < LatencyHistogram::BucketBounds.size(); ++i) {
        Labels withBound = labels;
        withBound.append({QStringLiteral("le"),
                          QString::number(LatencyHistogram::BucketBounds[i], 'g', 6)});
        sample(bucket, qint64(snapshot.cumulative[i]), withBound);
    }
    Labels infinity = labels;
    infinity.append({QStringLiteral("le"), QStringLiteral("+Inf")});
    sample(bucket, qint64(snapshot.count), infinity);
    sample(name + QStringLiteral("_sum"), snapshot.sumSeconds, labels);
    sample(name + QStringLiteral("_count"), qint64(snapshot.count), labels);
}

void PrometheusWriter::writeSample(const QString &name, const QByteArray &value,
                                   const Labels &labels)
{
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels.at(i).first.toUtf8() + "=\"" +
                      escapeLabelValue(labels.at(i).second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + value + '\n';
}

} // namespace OrderDesk
