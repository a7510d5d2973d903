#include "WebSocketTickets.h"

#include <QRandomGenerator>

namespace OrderDesk {

QString WebSocketTickets::issue()
{
    forgetExpired();
    quint64 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QString ticket = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof words)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    m_expiresAtMs.insert(ticket, m_clock.elapsed() + LifetimeSeconds * 1000);
    return ticket;
}

bool WebSocketTickets::redeem(const QString &ticket)
{
    const auto it = m_expiresAtMs.constFind(ticket);
    if (it == m_expiresAtMs.cend())
        return false;
    const bool valid = it.value() > m_clock.elapsed();
    m_expiresAtMs.erase(it);
    return valid;
}

void WebSocketTickets::forgetExpired()
{
    const qint64 now = m_clock.elapsed();
    m_expiresAtMs.removeIf([now](const auto &entry) { return entry.value() <= now; });
}

} // namespace OrderDesk
