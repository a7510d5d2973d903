#pragma once

#include "Engine.h"

#include <QFutureWatcher>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <variant>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace OrderDesk {

// The order ticket: market, limit and sniper orders through the same Engine::submit the HTTP
// API uses. Fields are checked as they are typed by the engine's own rules
// (OrderRequest::fromJson), and a live quote of both venues follows the pair and amount.
class OrderTicket : public QWidget
{
    Q_OBJECT

public:
    static constexpr int QuoteDebounceMs = 250;

    explicit OrderTicket(Engine &engine, QWidget *parent = nullptr);
    ~OrderTicket() override;

    // The request the form stands for, as the HTTP API would receive it.
    QJsonObject request() const;
    // The message shown next to a field ("amount", "tokenIn", …; "" for the form's own line).
    QString fieldError(const QString &field) const;
    QString quotePreviewText() const;

    // Reloads the token pickers (a token was launched), keeping what is typed.
    void refreshTokens();
    // Focuses the amount, ready to type an order.
    void focusTicket();

public Q_SLOTS:
    // Validates and submits; on failure the engine's message stands next to its field. False when
    // the request was refused at once; true when it is stored or on its way (the outcome then
    // follows on this thread).
    bool submit();

Q_SIGNALS:
    void orderPlaced(const QString &orderId);
    void statusMessage(const QString &message);

private:
    using QuoteOutcome = std::variant<QuoteResult, EngineError>;

    QWidget *addField(const QString &field, const QString &label, QWidget *editor);
    void fieldEdited(const QString &field);
    void typeChanged();
    void validateLive();
    void showErrors(const EngineError *error);
    bool showOutcome(const Engine::SubmitOutcome &outcome);
    void scheduleQuote();
    void requestQuote();
    void showQuote(const QuoteOutcome &outcome);

    Engine &m_engine;
    QComboBox *m_type = nullptr;
    QComboBox *m_side = nullptr;
    QComboBox *m_tokenIn = nullptr;
    QComboBox *m_tokenOut = nullptr;
    QLineEdit *m_amount = nullptr;
    QSpinBox *m_slippage = nullptr;
    QLineEdit *m_limitPrice = nullptr;
    QSpinBox *m_expiry = nullptr;
    QLineEdit *m_clientOrderId = nullptr;
    QPushButton *m_submit = nullptr;
    QLabel *m_formError = nullptr;
    QLabel *m_quote = nullptr;
    QLabel *m_result = nullptr;
    QHash<QString, QLabel *> m_errorLabels; // by request field
    QFormLayout *m_form = nullptr;
    QHash<QString, QWidget *> m_rows;       // the field's editor and message, to hide
    QHash<QString, QWidget *> m_editors;
    QSet<QString> m_touched;                // messages only for fields the operator has edited
    QTimer m_quoteTimer;
    QPointer<QFutureWatcher<QuoteOutcome>> m_quoteWatcher;
    QString m_quotedKey; // pair and amount of the quote on show
};

} // namespace OrderDesk
