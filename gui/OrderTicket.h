#pragma once

#include "Engine.h"

#include <QFutureWatcher>
#include <QHash>
#include <QJsonObject>
#include <QMessageBox> // complete: a signal carries it, and QSignalSpy must know it is a QObject
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <variant>

class QButtonGroup;
class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace OrderDesk {

class ImpactCurveChart;
class SafetyRails;

// The order ticket: buy or sell a base token against a quote token (a canonical pair, SOL/USDC),
// as a market, limit or sniper order, through the same Engine::submit the HTTP API uses. A
// market buy receives the amount of the base (ExactOut), a sell spends it (ExactIn); a limit or
// sniper buy spends an amount of the quote, with its limit price typed in quote per base.
// Fields are checked as they are typed by the engine's own rules (OrderRequest::fromJson); a
// live quote shows the route with its legs, the fee and the price impact, and a curve shows the
// impact for sizes up to the amount. The safety rails are checked before anything is sent.
class OrderTicket : public QWidget
{
    Q_OBJECT

public:
    static constexpr int QuoteDebounceMs = 250;

    OrderTicket(Engine &engine, SafetyRails &rails, QWidget *parent = nullptr);
    ~OrderTicket() override;

    // The request the form stands for, as the HTTP API would receive it.
    QJsonObject request() const;
    // The message shown next to a field (request fields: "amount", "tokenIn", …; "" for the
    // form's own line).
    QString fieldError(const QString &field) const;
    QString quotePreviewText() const;
    OrderSide side() const;
    QString base() const;
    QString quote() const;
    // What the order is worth in USDC at the market's price (the safety rails' notional).
    std::optional<Int128> notionalUsdc() const;
    ImpactCurveChart *impactChart() const { return m_impact; }

    // Reloads the token pickers (a token was launched), keeping what is typed.
    void refreshTokens();
    // Focuses the amount, ready to type an order.
    void focusTicket();

public Q_SLOTS:
    // The pair picked in the market watch.
    void setPair(const QString &base, const QString &quote);
    void setSide(OrderDesk::OrderSide side);
    // Checks the safety rails, validates and submits; on failure the message stands next to its
    // field. False when the order was refused at once (by the rails or the engine); true when it
    // is stored, on its way, or waiting for the operator's confirmation.
    bool submit();

Q_SIGNALS:
    void orderPlaced(const QString &orderId);
    void statusMessage(const QString &message);
    // A confirmation dialog opened (tests and the screenshots find it through this).
    void confirmationRequested(QMessageBox *dialog);

private:
    using QuoteOutcome = std::variant<QuoteResult, EngineError>;

    QWidget *addField(const QString &field, const QString &label, QWidget *editor);
    QString editorKey(const QString &requestField) const;
    std::optional<Token> amountToken() const; // the token the amount is counted in
    bool buysWithQuote() const; // a limit or sniper buy: the amount is the quote spent
    void fieldEdited(const QString &field);
    void normalisePair();
    void sideOrTypeChanged();
    void validateLive();
    void showErrors(const EngineError *error);
    void showRailRefusal(const QString &message);
    void send(const QJsonObject &json);
    bool showOutcome(const Engine::SubmitOutcome &outcome);
    void showHalted(bool halted);
    void scheduleQuote();
    void requestQuote();
    void showQuote(const QuoteOutcome &outcome);
    void updateNotional();

    Engine &m_engine;
    SafetyRails &m_rails;
    QComboBox *m_type = nullptr;
    QPushButton *m_buy = nullptr;
    QPushButton *m_sell = nullptr;
    QButtonGroup *m_sides = nullptr;
    QComboBox *m_base = nullptr;
    QComboBox *m_quote = nullptr;
    QLineEdit *m_amount = nullptr;
    QLabel *m_amountUnit = nullptr;
    QLabel *m_notional = nullptr;
    QSpinBox *m_slippage = nullptr;
    QLineEdit *m_limitPrice = nullptr;
    QSpinBox *m_expiry = nullptr;
    QLineEdit *m_clientOrderId = nullptr;
    QPushButton *m_submit = nullptr;
    QLabel *m_halted = nullptr;
    QLabel *m_formError = nullptr;
    QLabel *m_quoteText = nullptr;
    QLabel *m_result = nullptr;
    ImpactCurveChart *m_impact = nullptr;
    QHash<QString, QLabel *> m_errorLabels; // by ticket field
    QFormLayout *m_form = nullptr;
    QHash<QString, QWidget *> m_rows;       // the field's editor and message, to hide
    QHash<QString, QWidget *> m_editors;
    QSet<QString> m_touched;                // messages only for fields the operator has edited
    QTimer m_quoteTimer;
    QPointer<QFutureWatcher<QuoteOutcome>> m_quoteWatcher;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace OrderDesk
