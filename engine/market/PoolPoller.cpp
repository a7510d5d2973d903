#include "PoolPoller.h"

#include "Logging.h"
#include "MarketHttpClient.h"

#include <QJsonDocument>
#include <QTimer>

namespace OrderDesk {

PoolPoller::PoolPoller(const QUrl &baseUrl, int intervalMs)
    : m_baseUrl(baseUrl), m_intervalMs(intervalMs)
{
}

PoolPoller::~PoolPoller() = default;

void PoolPoller::start()
{
    // A short timeout: a poll that waits long only delays the next, fresher one.
    m_client = std::make_unique<MarketHttpClient>(m_baseUrl, 1000, 2000);
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PoolPoller::poll);
    m_timer->start(m_intervalMs);
}

void PoolPoller::stop()
{
    if (m_timer)
        m_timer->stop();
    m_client.reset();
}

void PoolPoller::poll()
{
    if (!m_client)
        return;
    QString error;
    const std::optional<MarketHttpClient::Response> response =
        m_client->get(QStringLiteral("/pools"), &error);
    const QJsonObject json =
        response && response->status == 200 ? QJsonDocument::fromJson(response->body).object()
                                             : QJsonObject();
    if (json.isEmpty()) {
        if (!m_reportedDown) {
            qCWarning(lcMarket).noquote() << "market pools unavailable:"
                                          << (error.isEmpty() ? QStringLiteral("bad answer") : error);
            m_reportedDown = true;
        }
        return;
    }
    if (m_reportedDown)
        qCInfo(lcMarket).noquote() << "market pools available again from" << m_baseUrl.toString();
    m_reportedDown = false;
    Q_EMIT poolsFetched(json);
}

} // namespace OrderDesk
