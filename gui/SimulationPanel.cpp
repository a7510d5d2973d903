#include "SimulationPanel.h"

#include "Base58.h"
#include "Engine.h"
#include "Market.h"
#include "OrderPresentation.h"
#include "Token.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace OrderDesk {

SimulationPanel::SimulationPanel(Engine &engine, QWidget *parent)
    : QWidget(parent), m_engine(engine)
{
    auto *layout = new QVBoxLayout(this);

    auto *priceBox = new QGroupBox(tr("Move a price"), this);
    auto *priceForm = new QFormLayout(priceBox);
    m_priceVenue = new QComboBox(priceBox);
    for (const Venue venue : AllVenues)
        m_priceVenue->addItem(OrderPresentation::venueText(venue), toString(venue));
    m_base = new QComboBox(priceBox);
    m_quote = new QComboBox(priceBox);
    m_spot = new QLabel(priceBox);
    m_spot->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_price = new QLineEdit(priceBox);
    m_price->setObjectName(QStringLiteral("simPrice"));
    m_price->setPlaceholderText(tr("new price, quote per base"));
    m_setPrice = new QPushButton(tr("Set price"), priceBox);
    priceForm->addRow(tr("Venue"), m_priceVenue);
    priceForm->addRow(tr("Base"), m_base);
    priceForm->addRow(tr("Quote"), m_quote);
    priceForm->addRow(tr("Now"), m_spot);
    priceForm->addRow(tr("Price"), m_price);
    priceForm->addRow(QString(), m_setPrice);
    layout->addWidget(priceBox);

    auto *launchBox = new QGroupBox(tr("Launch a token"), this);
    auto *launchForm = new QFormLayout(launchBox);
    m_symbol = new QLineEdit(launchBox);
    m_symbol->setObjectName(QStringLiteral("simSymbol"));
    m_symbol->setPlaceholderText(tr("e.g. PEPE"));
    m_symbol->setMaxLength(12);
    m_launchVenue = new QComboBox(launchBox);
    m_launchVenue->addItem(tr("both venues"), QString());
    for (const Venue venue : AllVenues)
        m_launchVenue->addItem(OrderPresentation::venueText(venue), toString(venue));
    m_liquidity = new QLineEdit(QStringLiteral("50000"), launchBox);
    m_liquidity->setToolTip(tr("USDC on the quote side of each new pool"));
    m_launch = new QPushButton(tr("Launch"), launchBox);
    launchForm->addRow(tr("Symbol"), m_symbol);
    launchForm->addRow(tr("Venue"), m_launchVenue);
    launchForm->addRow(tr("Liquidity (USDC)"), m_liquidity);
    launchForm->addRow(QString(), m_launch);
    layout->addWidget(launchBox);

    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    layout->addWidget(m_result);
    layout->addStretch(1);

    refreshTokens();
    m_base->setCurrentText(QStringLiteral("SOL"));
    m_quote->setCurrentText(QStringLiteral("USDC"));
    showSpot();

    connect(m_priceVenue, &QComboBox::currentIndexChanged, this, &SimulationPanel::showSpot);
    connect(m_base, &QComboBox::currentIndexChanged, this, &SimulationPanel::showSpot);
    connect(m_quote, &QComboBox::currentIndexChanged, this, &SimulationPanel::showSpot);
    // The walk moves prices every tick; the market emits from its own timer.
    connect(&m_engine.market(), &Market::pricesMoved, this, &SimulationPanel::showSpot,
            Qt::QueuedConnection);
    // Not queued itself: its Venue argument has no registered meta-type. The refresh is.
    connect(&m_engine.market(), &Market::poolCreated, this, [this] {
        QMetaObject::invokeMethod(this, &SimulationPanel::refreshTokens, Qt::QueuedConnection);
    });
    connect(m_setPrice, &QPushButton::clicked, this, [this] {
        setPrice(m_priceVenue->currentData().toString(), m_base->currentText(),
                 m_quote->currentText(), m_price->text());
    });
    connect(m_price, &QLineEdit::returnPressed, m_setPrice, &QPushButton::click);
    connect(m_launch, &QPushButton::clicked, this, [this] {
        launch(m_symbol->text(), m_launchVenue->currentData().toString(), m_liquidity->text());
    });
}

bool SimulationPanel::setPrice(const QString &venueName, const QString &base, const QString &quote,
                               const QString &price)
{
    const auto venue = venueFromString(venueName);
    const auto baseToken = m_engine.tokens().find(base);
    const auto quoteToken = m_engine.tokens().find(quote);
    if (!venue || !baseToken || !quoteToken) {
        report(false, tr("Choose a venue and two known tokens."));
        return false;
    }
    QString why;
    const auto value = Decimal::parse(price.trimmed(), PriceScale, &why);
    if (!value || *value <= 0) {
        report(false, tr("The price must be a positive number: %1").arg(why));
        return false;
    }
    if (!m_engine.market().setSpotPrice(*venue, *baseToken, *quoteToken, *value)) {
        report(false, tr("%1 has no %2/%3 pool.")
                          .arg(OrderPresentation::venueText(*venue), baseToken->symbol,
                               quoteToken->symbol));
        return false;
    }
    showSpot();
    report(true, tr("%1 %2/%3 set to %4")
                     .arg(OrderPresentation::venueText(*venue), baseToken->symbol,
                          quoteToken->symbol, OrderPresentation::priceText(*value)));
    return true;
}

bool SimulationPanel::launch(const QString &symbolText, const QString &venueName,
                             const QString &liquidityUsdc)
{
    static const QRegularExpression symbolPattern(QStringLiteral("^[A-Z0-9]{1,12}$"));
    const QString symbol = symbolText.trimmed().toUpper();
    if (!symbolPattern.match(symbol).hasMatch()) {
        report(false, tr("The symbol must be 1 to 12 letters or digits."));
        return false;
    }
    std::optional<Venue> venue;
    if (!venueName.isEmpty())
        venue = venueFromString(venueName);
    const Token usdc = TokenRegistry::usdc();
    QString why;
    const auto liquidity = Decimal::parse(liquidityUsdc.trimmed(), usdc.decimals, &why);
    if (!liquidity || *liquidity <= 0) {
        report(false, tr("The liquidity must be a positive USDC amount: %1").arg(why));
        return false;
    }
    // The same stand-in mint as the API's launch, so a symbol gets one address everywhere.
    const QString mint = Base58::encode(QCryptographicHash::hash(
        "orderdesk-sim:" + symbol.toUtf8(), QCryptographicHash::Sha256));
    const Token token{symbol, mint, 6};
    if (!m_engine.market().launchToken(token, venue, *liquidity)) {
        report(false, tr("%1 was not launched: the symbol is taken or its pools exist already.")
                          .arg(symbol));
        return false;
    }
    refreshTokens();
    report(true, tr("%1 launched with %2 USDC of liquidity.")
                     .arg(symbol, Decimal::format(*liquidity, usdc.decimals)));
    emit tokenLaunched(symbol);
    return true;
}

void SimulationPanel::refreshTokens()
{
    QStringList symbols;
    for (const Token &token : m_engine.tokens().all())
        symbols << token.symbol;
    for (QComboBox *box : {m_base, m_quote}) {
        const QString current = box->currentText();
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItems(symbols);
        box->setCurrentText(current);
    }
}

void SimulationPanel::showSpot()
{
    const auto venue = venueFromString(m_priceVenue->currentData().toString());
    const auto base = m_engine.tokens().find(m_base->currentText());
    const auto quote = m_engine.tokens().find(m_quote->currentText());
    std::optional<Int128> spot;
    if (venue && base && quote && *base != *quote)
        spot = m_engine.market().spotPrice(*venue, *base, *quote);
    m_spot->setText(spot ? tr("%1 %2 per %3")
                               .arg(OrderPresentation::priceText(*spot), quote->symbol,
                                    base->symbol)
                         : tr("no pool"));
}

void SimulationPanel::report(bool ok, const QString &message)
{
    m_result->setText(message);
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText,
                     ok ? this->palette().color(QPalette::WindowText) : QColor(0xe0, 0x4f, 0x43));
    m_result->setPalette(palette);
    emit statusMessage(message);
}

} // namespace OrderDesk
