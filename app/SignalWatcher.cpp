#include "SignalWatcher.h"

#include "AppLogging.h"

#include <QSocketNotifier>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace OrderDesk {

namespace {

// [0] is read by the notifier, [1] written by the handler. File-scope because a signal handler
// has no other way to find it.
int s_fds[2] = {-1, -1};

void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signalNumber);
    // The write end is non-blocking: when the buffer is full a notification is already pending.
    [[maybe_unused]] const ssize_t written = ::write(s_fds[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    Q_ASSERT_X(s_fds[0] < 0, "SignalWatcher", "only one SignalWatcher at a time");
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, s_fds) != 0) {
        qCWarning(lcApp, "cannot watch SIGINT/SIGTERM: socketpair: %s", std::strerror(errno));
        s_fds[0] = s_fds[1] = -1;
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(s_fds[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &SignalWatcher::readSignals);

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // SA_RESTART: system calls in Qt and the drivers are not prepared for EINTR.
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previousInt);
    ::sigaction(SIGTERM, &action, &m_previousTerm);
    m_installed = true;
}

SignalWatcher::~SignalWatcher()
{
    restoreDispositions();
    m_notifier.reset();
    for (int &fd : s_fds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

bool SignalWatcher::isWatching() const
{
    return m_installed;
}

QString SignalWatcher::signalName(int signalNumber)
{
    switch (signalNumber) {
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    default:
        return QStringLiteral("signal %1").arg(signalNumber);
    }
}

void SignalWatcher::readSignals()
{
    unsigned char buffer[16];
    ssize_t count = 0;
    while ((count = ::read(s_fds[0], buffer, sizeof buffer)) > 0) {
        restoreDispositions();
        for (ssize_t i = 0; i < count; ++i)
            Q_EMIT signalReceived(buffer[i]);
    }
}

void SignalWatcher::restoreDispositions()
{
    if (!m_installed)
        return;
    ::sigaction(SIGINT, &m_previousInt, nullptr);
    ::sigaction(SIGTERM, &m_previousTerm, nullptr);
    m_installed = false;
}

} // namespace OrderDesk
