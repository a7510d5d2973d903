#include "ProcessMetrics.h"

#include "PrometheusWriter.h"

#include <QByteArrayList>
#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace OrderDesk::ProcessMetrics {

namespace {

QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: read until the end
}

// Seconds since the epoch at which the machine booted (btime of /proc/stat).
qint64 bootTime()
{
    for (const QByteArray &line : readProcFile("/proc/stat").split('\n')) {
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toLongLong();
    }
    return 0;
}

} // namespace

void write(PrometheusWriter &out)
{
    using Type = PrometheusWriter::Type;
    // The fields after the command name, which may itself hold spaces and parentheses.
    const QByteArray stat = readProcFile("/proc/self/stat");
    const QByteArrayList fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // Counted from the state field (3 in proc(5)): utime 14, stime 15, starttime 22, vsize 23,
    // rss 24.
    auto field = [&fields](int number) { return fields.value(number - 3).toLongLong(); };
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const qint64 pageSize = sysconf(_SC_PAGESIZE);
    if (fields.size() >= 22 && ticks > 0) {
        out.family(QStringLiteral("process_cpu_seconds_total"),
                   QStringLiteral("Total user and system CPU time spent in seconds."),
                   Type::Counter);
        out.sample(QStringLiteral("process_cpu_seconds_total"),
                   double(field(14) + field(15)) / ticks);
        out.gauge(QStringLiteral("process_virtual_memory_bytes"),
                  QStringLiteral("Virtual memory size in bytes."), field(23));
        out.gauge(QStringLiteral("process_resident_memory_bytes"),
                  QStringLiteral("Resident memory size in bytes."), field(24) * pageSize);
        if (const qint64 boot = bootTime()) {
            out.family(QStringLiteral("process_start_time_seconds"),
                       QStringLiteral("Start time of the process since unix epoch in seconds."),
                       Type::Gauge);
            out.sample(QStringLiteral("process_start_time_seconds"),
                       double(boot) + double(field(22)) / ticks);
        }
    }
    const QDir descriptors(QStringLiteral("/proc/self/fd"));
    if (descriptors.exists()) {
        out.gauge(QStringLiteral("process_open_fds"),
                  QStringLiteral("Number of open file descriptors."),
                  descriptors.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                      .size());
    }
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        out.gauge(QStringLiteral("process_max_fds"),
                  QStringLiteral("Maximum number of open file descriptors."),
                  qint64(limit.rlim_cur));
    }
}

} // namespace OrderDesk::ProcessMetrics
