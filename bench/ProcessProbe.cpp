#include "ProcessProbe.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <algorithm>
#include <unistd.h>

namespace OrderDeskBench {

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Fields 14 and 15 of /proc/.../stat (utime, stime) in clock ticks. The command name (field 2)
// is in parentheses and may hold spaces, so count from the last ')'.
bool cpuTicks(const QByteArray &stat, qint64 *user, qint64 *system)
{
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14 -> index 11.
    if (fields.size() < 13)
        return false;
    *user = fields[11].toLongLong();
    *system = fields[12].toLongLong();
    return true;
}

qint64 statusKb(const QByteArray &status, const QByteArray &key)
{
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

ProcessProbe ProcessProbe::take(qint64 pid)
{
    ProcessProbe probe;
    const QString base = QStringLiteral("/proc/%1").arg(pid);
    const QByteArray status = readAll(base + QStringLiteral("/status"));
    const QByteArray stat = readAll(base + QStringLiteral("/stat"));
    qint64 user = 0, system = 0;
    if (status.isEmpty() || !cpuTicks(stat, &user, &system))
        return probe;
    const double tick = double(sysconf(_SC_CLK_TCK));
    probe.m_valid = true;
    probe.m_hwmKb = statusKb(status, "VmHWM");
    probe.m_rssKb = statusKb(status, "VmRSS");
    probe.m_userSec = user / tick;
    probe.m_systemSec = system / tick;

    const QStringList tids =
        QDir(base + QStringLiteral("/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tids) {
        const QString taskBase = base + QStringLiteral("/task/") + tid;
        qint64 u = 0, s = 0;
        if (!cpuTicks(readAll(taskBase + QStringLiteral("/stat")), &u, &s))
            continue;
        ThreadTime time;
        time.name = QString::fromUtf8(readAll(taskBase + QStringLiteral("/comm")).trimmed());
        time.cpuSec = (u + s) / tick;
        probe.m_threads.insert(tid.toLongLong(), time);
    }
    return probe;
}

double ProcessProbe::treeCpuSec(qint64 pid)
{
    const double tick = double(sysconf(_SC_CLK_TCK));
    qint64 user = 0, system = 0;
    if (!cpuTicks(readAll(QStringLiteral("/proc/%1/stat").arg(pid)), &user, &system))
        return -1;
    qint64 total = user + system;
    const QStringList entries =
        QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 child = entry.toLongLong(&numeric);
        if (!numeric || child == pid)
            continue;
        const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(child));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        // Field 4 is the parent's pid.
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() < 13 || fields[1].toLongLong() != pid)
            continue;
        total += fields[11].toLongLong() + fields[12].toLongLong();
    }
    return total / tick;
}

double ProcessProbe::machineBusySec()
{
    const QByteArray stat = readAll(QStringLiteral("/proc/stat"));
    const QByteArray first = stat.left(stat.indexOf('\n'));
    if (!first.startsWith("cpu "))
        return -1;
    const QList<QByteArray> fields = first.simplified().split(' ');
    // cpu user nice system idle iowait irq softirq steal ...
    qint64 busy = 0;
    for (qsizetype i = 1; i < fields.size() && i <= 8; ++i) {
        if (i != 4 && i != 5)
            busy += fields[i].toLongLong();
    }
    return busy / double(sysconf(_SC_CLK_TCK));
}

QJsonObject ProcessProbe::cpuBetween(const ProcessProbe &before, const ProcessProbe &after,
                                     double wallSec)
{
    struct Group
    {
        int threads = 0;
        double cpuSec = 0;
        double busiestSec = 0;
    };
    QMap<QString, Group> groups;
    for (auto it = after.m_threads.cbegin(); it != after.m_threads.cend(); ++it) {
        const double start = before.m_threads.value(it.key()).cpuSec; // 0 for a new thread
        const double spent = std::max(0.0, it.value().cpuSec - start);
        Group &group = groups[it.value().name];
        ++group.threads;
        group.cpuSec += spent;
        group.busiestSec = std::max(group.busiestSec, spent);
    }
    QJsonArray threadGroups;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        if (it.value().cpuSec < 0.005)
            continue;
        threadGroups.append(QJsonObject{
            {QStringLiteral("name"), it.key()},
            {QStringLiteral("threads"), it.value().threads},
            {QStringLiteral("cpuSec"), it.value().cpuSec},
            {QStringLiteral("busiestThreadCpuSec"), it.value().busiestSec},
            {QStringLiteral("busiestThreadUtilization"),
             wallSec > 0 ? it.value().busiestSec / wallSec : 0.0},
        });
    }
    const double user = after.m_userSec - before.m_userSec;
    const double system = after.m_systemSec - before.m_systemSec;
    return QJsonObject{
        {QStringLiteral("userSec"), user},
        {QStringLiteral("systemSec"), system},
        {QStringLiteral("cores"), wallSec > 0 ? (user + system) / wallSec : 0.0},
        {QStringLiteral("threadGroups"), threadGroups},
    };
}

} // namespace OrderDeskBench
