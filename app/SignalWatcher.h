#pragma once

#include <QObject>
#include <csignal>
#include <memory>

class QSocketNotifier;

namespace OrderDesk {

// Turns SIGINT and SIGTERM into a Qt signal on the thread that created the watcher. A signal
// handler may do almost nothing, so it only writes the signal number into a socket pair whose
// other end a QSocketNotifier watches (the "self-pipe trick").
//
// After the first signal the previous dispositions come back, so a second Ctrl-C still ends a
// shutdown that hangs. Only one watcher may exist at a time.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isWatching() const;
    static QString signalName(int signalNumber);

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void readSignals();
    void restoreDispositions();

    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
    bool m_installed = false;
};

} // namespace OrderDesk
