#include "FrameGatedSocket.h"

#include "ServerLogging.h"

#include <QtEndian>

#include <algorithm>

namespace OrderDesk {

void FrameGatedSocket::gateFrames()
{
    m_gated = true;
    m_lastBuffered = QTcpSocket::bytesAvailable(); // frames that came with the handshake
    followFrames(m_lastBuffered);
}

qint64 FrameGatedSocket::bytesAvailable() const
{
    const qint64 buffered = QTcpSocket::bytesAvailable();
    if (!m_gated || m_looking)
        return buffered;
    if (m_refused)
        return 0;
    if (buffered < m_lastBuffered)
        m_consumed += m_lastBuffered - buffered;
    m_lastBuffered = buffered;
    followFrames(buffered);
    return std::clamp<qint64>(m_nextHeader - m_consumed, 0, buffered);
}

// RFC 6455 §5.2: 2 bytes (mask bit and a 7-bit length), a 16- or 64-bit length when the 7-bit one
// says so, the 4-byte mask key, the payload.
void FrameGatedSocket::followFrames(qint64 buffered) const
{
    QByteArray bytes; // peeked once, when a header lies in the buffer
    for (;;) {
        const qint64 offset = m_nextHeader - m_consumed;
        if (offset < 0 || offset + 2 > buffered)
            return; // inside an approved payload, or the next header is on its way
        if (bytes.isEmpty()) {
            m_looking = true;
            bytes = const_cast<FrameGatedSocket *>(this)->peek(buffered);
            m_looking = false;
        }
        const auto at = [&](qint64 i) { return quint8(bytes.at(offset + i)); };
        if ((at(1) & 0x80) == 0) {
            m_refused = true;
            QMetaObject::invokeMethod(const_cast<FrameGatedSocket *>(this), [socket = const_cast<FrameGatedSocket *>(this)] {
                socket->failConnection(1002, "client frames must be masked");
            }, Qt::QueuedConnection);
            return;
        }
        quint64 length = at(1) & 0x7f;
        qint64 size = 2;
        if (length >= 126) {
            const qint64 extended = length == 126 ? 2 : 8;
            if (offset + size + extended > buffered)
                return;
            length = extended == 2 ? qFromBigEndian<quint16>(bytes.constData() + offset + size)
                                   : qFromBigEndian<quint64>(bytes.constData() + offset + size);
            size += extended;
        }
        size += 4; // the mask key
        m_nextHeader += size + qint64(std::min<quint64>(length, quint64(1) << 40));
    }
}

void FrameGatedSocket::failConnection(int closeCode, const QByteArray &reason)
{
    qCInfo(lcServer).nospace() << "websocket from " << peerAddress().toString() << ": " << reason.constData()
                               << "; closing with " << closeCode;
    Q_EMIT frameRefused(closeCode);
    QTcpSocket::read(QTcpSocket::bytesAvailable()); // the refused frame and what followed it
    QByteArray frame(4, Qt::Uninitialized);
    frame[0] = char(0x88); // FIN, close; unmasked, as a server's frames are
    frame[1] = char(2 + reason.size());
    qToBigEndian<quint16>(quint16(closeCode), frame.data() + 2);
    write(frame + reason);
    disconnectFromHost(); // after the close frame; LingeringClose (watching) ends it with a FIN
}

} // namespace OrderDesk
