#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

class QTimer;

namespace OrderDesk {

class MarketHttpClient;

// Fetches orderdesk-market's GET /pools on a timer, on the thread it lives on (RemoteMarket
// gives it a QThread of its own), and hands each answer over. Quiet while the market is down:
// it just tries again at the next tick.
class PoolPoller : public QObject
{
    Q_OBJECT

public:
    PoolPoller(const QUrl &baseUrl, int intervalMs);
    ~PoolPoller() override;

    // Queued from the owning thread: both run on the poller's thread.
    void start();
    void stop();

Q_SIGNALS:
    void poolsFetched(const QJsonObject &pools);

private:
    void poll();

    const QUrl m_baseUrl;
    const int m_intervalMs;
    std::unique_ptr<MarketHttpClient> m_client; // made on the poller's thread, like its socket
    QTimer *m_timer = nullptr;                  // child
    bool m_reportedDown = false;
};

} // namespace OrderDesk
