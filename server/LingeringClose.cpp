#include "LingeringClose.h"

#include <QTcpSocket>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace OrderDesk {

namespace {
// A client that sends nothing for this long has nothing more on its way: the FIN goes.
constexpr int QuietMs = 200;
// However the client behaves, the descriptor is closed after this long.
constexpr int GraceMs = 5000;
} // namespace

void LingeringClose::watch(QTcpSocket *socket, QObject *owner)
{
    QObject::connect(socket, &QIODevice::aboutToClose, owner, [socket, owner] {
        if (socket->state() != QAbstractSocket::ConnectedState || socket->socketDescriptor() < 0)
            return;
        const int copy = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (copy >= 0)
            new LingeringClose(copy, socket, owner); // owns itself: deleteLater() once done
    });
}

LingeringClose::LingeringClose(int descriptor, QTcpSocket *socket, QObject *owner)
    : QObject(owner)
    , m_descriptor(descriptor)
    , m_socket(socket)
    , m_readable(descriptor, QSocketNotifier::Read)
{
    connect(&m_readable, &QSocketNotifier::activated, this, &LingeringClose::onReadable);
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, &LingeringClose::sendFin);
    m_quiet.start(QuietMs);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &LingeringClose::finish);
    m_deadline.start(GraceMs);
}

LingeringClose::~LingeringClose()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

void LingeringClose::onReadable()
{
    char discarded[16384];
    for (;;) {
        const ssize_t n = ::recv(m_descriptor, discarded, sizeof discarded, MSG_DONTWAIT);
        if (n > 0) {
            if (!m_finSent)
                m_quiet.start(QuietMs);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            return finish(); // the client closed its side (or the connection is gone)
        return;
    }
}

void LingeringClose::sendFin()
{
    // The socket may still be writing what it was given (the close frame); the FIN follows it.
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState) {
        m_quiet.start(QuietMs);
        return;
    }
    ::shutdown(m_descriptor, SHUT_WR);
    m_finSent = true;
}

void LingeringClose::finish()
{
    if (m_descriptor < 0)
        return;
    m_readable.setEnabled(false);
    m_quiet.stop();
    m_deadline.stop();
    if (!m_finSent)
        ::shutdown(m_descriptor, SHUT_WR);
    ::close(m_descriptor);
    m_descriptor = -1;
    deleteLater();
}

} // namespace OrderDesk
