#include "LogFormat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <atomic>
#include <cstdio>

namespace OrderDesk {

namespace {

std::atomic<LogFormat> activeFormat{LogFormat::Text};

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

// One event, one line: a message that spans lines (libpq's do) keeps its breaks as "\n".
QByteArray oneLine(const QString &text)
{
    QByteArray line = text.toUtf8();
    line.replace('\r', "");
    line.replace('\n', "\\n");
    return line;
}

void writeLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const char *category = context.category ? context.category : "default";
    QByteArray line;
    if (activeFormat.load(std::memory_order_relaxed) == LogFormat::Json) {
        line = QJsonDocument(QJsonObject{{QStringLiteral("time"), time},
                                         {QStringLiteral("level"), QLatin1String(levelName(type))},
                                         {QStringLiteral("category"), QLatin1String(category)},
                                         {QStringLiteral("message"), message}})
                   .toJson(QJsonDocument::Compact);
    } else {
        line = time.toUtf8() + ' ' + levelName(type) + ' ' + category + ": " + oneLine(message);
    }
    line += '\n';
    // One write per line, so lines of different threads never interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

std::optional<LogFormat> logFormatFromString(const QString &text)
{
    const QString format = text.trimmed().toLower();
    if (format == QLatin1String("text"))
        return LogFormat::Text;
    if (format == QLatin1String("json"))
        return LogFormat::Json;
    return std::nullopt;
}

void installLogFormat(LogFormat format)
{
    activeFormat = format;
    // For whoever formats a message themselves (the console's log pane).
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: "
                                      "%{message}"));
    qInstallMessageHandler(writeLine);
}

} // namespace OrderDesk
