#pragma once

#include <QObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

class QTcpSocket;

namespace OrderDesk {

// Ends a connection the server closes without resetting it. Closing a descriptor while the
// client's bytes are still arriving makes the kernel answer with a reset, and the client may lose
// what it was last sent: the close frame of a WebSocket that sent a frame over the size limit
// (SPEC §5: close 1009), which QWebSocket 6.4 sends and then closes on at once with the rest of
// that frame unread.
//
// When the watched socket is closed, the connection is kept open on a duplicate of its
// descriptor: what still arrives is read and dropped, a FIN follows once the client has been
// quiet for a moment (or sent its own FIN), and the descriptor is closed when the client has
// closed too or after a grace. Each lingering connection owns itself and goes when done.
class LingeringClose : public QObject
{
    Q_OBJECT

public:
    // From now on, a close of `socket` while it is connected lingers. `owner` parents the
    // lingering connections.
    static void watch(QTcpSocket *socket, QObject *owner);

private:
    LingeringClose(int descriptor, QTcpSocket *socket, QObject *owner);
    ~LingeringClose() override;

    void onReadable();
    void sendFin();
    void finish();

    int m_descriptor;
    QPointer<QTcpSocket> m_socket; // still writing what it was given, until it is unconnected
    QSocketNotifier m_readable;
    QTimer m_quiet;
    QTimer m_deadline;
    bool m_finSent = false;
};

} // namespace OrderDesk
