#pragma once

#include <QTcpSocket>

namespace OrderDesk {

// The socket of every accepted connection. Once the connection is upgraded to a WebSocket
// (gateFrames()), readers are shown only the frames that keep SPEC §5's rule that a client frame
// is masked: QWebSocket 6.4 reads its socket in a slot connected before anyone else can connect,
// and accepts unmasked frames, but each of its reads follows a bytesAvailable() check and reads
// no more than that allowed. An unmasked frame is never shown: the connection is closed with
// 1002 (frameRefused() first, so that nothing more is sent on it).
//
// Where the stream stands is learnt from bytesAvailable() itself: the reader asks before every
// read and once more after its last one, so between two calls the buffered count only grows (new
// bytes) or only shrinks (read), never both.
class FrameGatedSocket : public QTcpSocket
{
    Q_OBJECT

public:
    using QTcpSocket::QTcpSocket;

    void gateFrames();
    qint64 bytesAvailable() const override;

Q_SIGNALS:
    void frameRefused(int closeCode);

private:
    void followFrames(qint64 buffered) const;
    void failConnection(int closeCode, const QByteArray &reason);

    bool m_gated = false;
    mutable bool m_refused = false;
    mutable bool m_looking = false;   // peek() inside bytesAvailable() must not recurse
    mutable qint64 m_lastBuffered = 0;
    mutable qint64 m_consumed = 0;   // stream offset of the first byte still buffered
    mutable qint64 m_nextHeader = 0; // stream offset of the first frame not yet checked
};

} // namespace OrderDesk
