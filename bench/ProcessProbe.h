#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace OrderDeskBench {

// Reads a process's memory and CPU time from /proc (Linux). A probe taken before the run and
// one after give the CPU seconds the server spent on it, per thread.
class ProcessProbe
{
public:
    struct ThreadTime
    {
        QString name;      // /proc/PID/task/TID/comm
        double cpuSec = 0; // user + system
    };

    static ProcessProbe take(qint64 pid);

    bool isValid() const { return m_valid; }
    qint64 peakRssKb() const { return m_hwmKb; } // VmHWM
    qint64 rssKb() const { return m_rssKb; }     // VmRSS
    double userSec() const { return m_userSec; }
    double systemSec() const { return m_systemSec; }
    const QMap<qint64, ThreadTime> &threads() const { return m_threads; }

    // user + system seconds of `pid` and its direct children (a postmaster and its backends);
    // -1 when `pid` does not exist.
    static double treeCpuSec(qint64 pid);

    // Busy (non-idle, non-iowait) seconds of the whole machine, summed over all CPUs
    // (/proc/stat); -1 when unreadable.
    static double machineBusySec();

    // CPU spent between `before` and `after`, total and grouped by thread name (the busiest
    // thread of each name is kept too, as "busiest").
    static QJsonObject cpuBetween(const ProcessProbe &before, const ProcessProbe &after,
                                  double wallSec);

private:
    bool m_valid = false;
    qint64 m_hwmKb = -1;
    qint64 m_rssKb = -1;
    double m_userSec = 0;
    double m_systemSec = 0;
    QMap<qint64, ThreadTime> m_threads;
};

} // namespace OrderDeskBench
