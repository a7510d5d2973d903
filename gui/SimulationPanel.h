#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace OrderDesk {

class Engine;

// Market controls for demos (only with EngineConfig::simControl): move a pair's price on one
// venue, so a limit order triggers, and launch a token, so a sniper order fires. They stand in
// for events of a real market, exactly like the /api/sim endpoints.
class SimulationPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SimulationPanel(Engine &engine, QWidget *parent = nullptr);

    bool setPrice(const QString &venue, const QString &base, const QString &quote,
                  const QString &price);
    bool launch(const QString &symbol, const QString &venue, const QString &liquidityUsdc);

Q_SIGNALS:
    void statusMessage(const QString &message);
    void tokenLaunched(const QString &symbol);

private:
    void refreshTokens();
    void showSpot();
    void report(bool ok, const QString &message);

    Engine &m_engine;
    QComboBox *m_priceVenue = nullptr;
    QComboBox *m_base = nullptr;
    QComboBox *m_quote = nullptr;
    QLabel *m_spot = nullptr;
    QLineEdit *m_price = nullptr;
    QPushButton *m_setPrice = nullptr;
    QLineEdit *m_symbol = nullptr;
    QComboBox *m_launchVenue = nullptr;
    QLineEdit *m_liquidity = nullptr;
    QPushButton *m_launch = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace OrderDesk
