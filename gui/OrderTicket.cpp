#include "OrderTicket.h"

#include "AvailableBalance.h"

#include "OrderPresentation.h"
#include "OrderRequest.h"
#include "Token.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextDocument>
#include <QVBoxLayout>

namespace OrderDesk {

namespace {

const QString FieldType = QStringLiteral("type");
const QString FieldSide = QStringLiteral("side");
const QString FieldTokenIn = QStringLiteral("tokenIn");
const QString FieldTokenOut = QStringLiteral("tokenOut");
const QString FieldAmount = QStringLiteral("amount");
const QString FieldSlippage = QStringLiteral("slippageBps");
const QString FieldLimitPrice = QStringLiteral("limitPrice");
const QString FieldExpiry = QStringLiteral("expiresInSec");
const QString FieldClientOrderId = QStringLiteral("clientOrderId");

QLabel *errorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setVisible(false);
    // One red that reads on the light and on the dark palette, so a theme switch needs nothing.
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0x4f, 0x43));
    label->setPalette(palette);
    return label;
}

} // namespace

OrderTicket::OrderTicket(Engine &engine, QWidget *parent)
    : QWidget(parent), m_engine(engine)
{
    auto *outer = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    outer->addLayout(form);

    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("ticketType"));
    m_type->addItem(tr("Market"), QStringLiteral("market"));
    m_type->addItem(tr("Limit"), QStringLiteral("limit"));
    m_type->addItem(tr("Sniper"), QStringLiteral("sniper"));
    m_type->setToolTip(tr("Market executes now; limit waits for a price; sniper waits for a "
                          "token's launch"));

    m_side = new QComboBox(this);
    m_side->setObjectName(QStringLiteral("ticketSide"));
    // Sell spends the amount of the input (exact in); buy receives the amount of the output
    // (exact out), spending as little as the routes allow.
    m_side->addItem(tr("Sell (spend the amount)"), QStringLiteral("sell"));
    m_side->addItem(tr("Buy (receive the amount)"), QStringLiteral("buy"));
    m_side->addItem(tr("(not recorded)"), QString());

    // Editable: a sniper order may name a token that has not launched yet.
    m_tokenIn = new QComboBox(this);
    m_tokenIn->setObjectName(QStringLiteral("ticketTokenIn"));
    m_tokenIn->setEditable(true);
    m_tokenIn->setInsertPolicy(QComboBox::NoInsert);
    m_tokenOut = new QComboBox(this);
    m_tokenOut->setObjectName(QStringLiteral("ticketTokenOut"));
    m_tokenOut->setEditable(true);
    m_tokenOut->setInsertPolicy(QComboBox::NoInsert);
    refreshTokens();
    m_tokenIn->setCurrentText(QStringLiteral("SOL"));
    m_tokenOut->setCurrentText(QStringLiteral("USDC"));

    m_amount = new QLineEdit(this);
    m_amount->setObjectName(QStringLiteral("ticketAmount"));
    m_amount->setPlaceholderText(tr("e.g. 1.5"));
    m_amount->setClearButtonEnabled(true);

    m_slippage = new QSpinBox(this);
    m_slippage->setObjectName(QStringLiteral("ticketSlippage"));
    m_slippage->setRange(0, 5000);
    m_slippage->setValue(50);
    m_slippage->setSuffix(tr(" bps"));
    m_slippage->setToolTip(tr("How far below the quote the execution may land (100 bps = 1 %)"));

    m_limitPrice = new QLineEdit(this);
    m_limitPrice->setObjectName(QStringLiteral("ticketLimitPrice"));
    m_limitPrice->setPlaceholderText(tr("receive-token per pay-token"));

    m_expiry = new QSpinBox(this);
    m_expiry->setObjectName(QStringLiteral("ticketExpiry"));
    m_expiry->setRange(0, 7 * 24 * 3600);
    m_expiry->setSuffix(tr(" s"));
    m_expiry->setSpecialValueText(tr("never"));

    m_clientOrderId = new QLineEdit(this);
    m_clientOrderId->setObjectName(QStringLiteral("ticketClientOrderId"));
    m_clientOrderId->setPlaceholderText(tr("optional, makes a resubmission safe"));

    const auto row = [this, form](const QString &field, const QString &label, QWidget *editor) {
        form->addRow(label, addField(field, label, editor));
    };
    row(FieldType, tr("Type"), m_type);
    row(FieldSide, tr("Side"), m_side);
    row(FieldTokenIn, tr("Pay"), m_tokenIn);
    row(FieldTokenOut, tr("Receive"), m_tokenOut);
    row(FieldAmount, tr("Amount"), m_amount);
    // What the wallet can pay, and all of it in one click (a sell's amount is what it spends).
    auto *available = new AvailableBalance(m_engine.wallet(), this);
    form->addRow(QString(), available);
    const auto followWallet = [this, available] {
        available->setToken(m_tokenIn->currentText(),
                            m_side->currentData().toString() != QLatin1String("buy"));
    };
    connect(m_tokenIn, &QComboBox::currentTextChanged, available, followWallet);
    connect(m_side, &QComboBox::currentIndexChanged, available, followWallet);
    connect(available, &AvailableBalance::maxRequested, m_amount, &QLineEdit::setText);
    followWallet();
    row(FieldSlippage, tr("Slippage"), m_slippage);
    row(FieldLimitPrice, tr("Limit price"), m_limitPrice);
    row(FieldExpiry, tr("Expires in"), m_expiry);
    row(FieldClientOrderId, tr("Client id"), m_clientOrderId);

    m_formError = errorLabel(this);
    m_formError->setObjectName(QStringLiteral("ticketFormError"));
    m_errorLabels.insert(QString(), m_formError);
    outer->addWidget(m_formError);

    m_submit = new QPushButton(tr("Place order"), this);
    m_submit->setObjectName(QStringLiteral("ticketSubmit"));
    m_submit->setDefault(true);
    m_submit->setToolTip(tr("Submit through the engine, as the HTTP API does (Enter)"));
    outer->addWidget(m_submit);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("ticketResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_result);

    auto *quoteHeading = new QLabel(tr("Live quote"), this);
    QFont bold = quoteHeading->font();
    bold.setBold(true);
    quoteHeading->setFont(bold);
    outer->addWidget(quoteHeading);
    m_quote = new QLabel(this);
    m_quote->setObjectName(QStringLiteral("ticketQuote"));
    m_quote->setWordWrap(true);
    m_quote->setTextFormat(Qt::RichText);
    m_quote->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_quote->setMinimumHeight(m_quote->fontMetrics().lineSpacing() * 4);
    m_quote->setText(tr("Enter an amount to see both venues' quotes."));
    outer->addWidget(m_quote);
    outer->addStretch(1);

    m_quoteTimer.setSingleShot(true);
    m_quoteTimer.setInterval(QuoteDebounceMs);
    connect(&m_quoteTimer, &QTimer::timeout, this, &OrderTicket::requestQuote);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        typeChanged();
        fieldEdited(FieldType);
    });
    connect(m_side, &QComboBox::currentIndexChanged, this, [this] { fieldEdited(FieldSide); });
    connect(m_tokenIn, &QComboBox::currentTextChanged, this, [this] { fieldEdited(FieldTokenIn); });
    connect(m_tokenOut, &QComboBox::currentTextChanged, this,
            [this] { fieldEdited(FieldTokenOut); });
    connect(m_amount, &QLineEdit::textChanged, this, [this] { fieldEdited(FieldAmount); });
    connect(m_slippage, &QSpinBox::valueChanged, this, [this] { fieldEdited(FieldSlippage); });
    connect(m_limitPrice, &QLineEdit::textChanged, this, [this] { fieldEdited(FieldLimitPrice); });
    connect(m_expiry, &QSpinBox::valueChanged, this, [this] { fieldEdited(FieldExpiry); });
    connect(m_clientOrderId, &QLineEdit::textChanged, this,
            [this] { fieldEdited(FieldClientOrderId); });
    connect(m_submit, &QPushButton::clicked, this, &OrderTicket::submit);
    connect(m_amount, &QLineEdit::returnPressed, this, &OrderTicket::submit);
    connect(m_limitPrice, &QLineEdit::returnPressed, this, &OrderTicket::submit);

    typeChanged();
}

OrderTicket::~OrderTicket() = default;

QWidget *OrderTicket::addField(const QString &field, const QString &label, QWidget *editor)
{
    auto *container = new QWidget(this);
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(editor);
    QLabel *message = errorLabel(container);
    message->setObjectName(QStringLiteral("error_") + field);
    layout->addWidget(message);
    editor->setAccessibleName(label);
    m_errorLabels.insert(field, message);
    m_rows.insert(field, container);
    m_editors.insert(field, editor);
    return container;
}

QJsonObject OrderTicket::request() const
{
    QJsonObject json{{FieldType, m_type->currentData().toString()},
                     {FieldTokenIn, m_tokenIn->currentText().trimmed()},
                     {FieldTokenOut, m_tokenOut->currentText().trimmed()},
                     {FieldAmount, m_amount->text().trimmed()},
                     {FieldSlippage, m_slippage->value()}};
    if (const QString side = m_side->currentData().toString(); !side.isEmpty())
        json.insert(FieldSide, side);
    if (m_side->currentData().toString() == QLatin1String("buy"))
        json.insert(QStringLiteral("swapMode"), QStringLiteral("ExactOut"));
    const QString type = m_type->currentData().toString();
    if (type == QLatin1String("limit") && !m_limitPrice->text().trimmed().isEmpty())
        json.insert(FieldLimitPrice, m_limitPrice->text().trimmed());
    if (type != QLatin1String("market") && m_expiry->value() > 0)
        json.insert(FieldExpiry, m_expiry->value());
    if (const QString id = m_clientOrderId->text().trimmed(); !id.isEmpty())
        json.insert(FieldClientOrderId, id);
    return json;
}

QString OrderTicket::fieldError(const QString &field) const
{
    const QLabel *label = m_errorLabels.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

QString OrderTicket::quotePreviewText() const
{
    QTextDocument document;
    document.setHtml(m_quote->text());
    return document.toPlainText();
}

void OrderTicket::refreshTokens()
{
    QStringList symbols;
    for (const Token &token : m_engine.tokens().all())
        symbols << token.symbol;
    for (QComboBox *box : {m_tokenIn, m_tokenOut}) {
        const QString current = box->currentText();
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItems(symbols);
        box->setCurrentText(current);
    }
}

void OrderTicket::focusTicket()
{
    m_amount->setFocus(Qt::ShortcutFocusReason);
    m_amount->selectAll();
}

void OrderTicket::fieldEdited(const QString &field)
{
    m_touched.insert(field);
    m_result->clear();
    validateLive();
    if (field == FieldTokenIn || field == FieldTokenOut || field == FieldAmount || field == FieldSide)
        scheduleQuote();
}

void OrderTicket::typeChanged()
{
    const QString type = m_type->currentData().toString();
    // Rows are hidden through the form so their labels go too.
    m_form->setRowVisible(m_rows.value(FieldLimitPrice), type == QLatin1String("limit"));
    m_form->setRowVisible(m_rows.value(FieldExpiry), type != QLatin1String("market"));
}

void OrderTicket::validateLive()
{
    const auto parsed = OrderRequest::fromJson(request(), m_engine.tokens());
    const EngineError *error = std::get_if<EngineError>(&parsed);
    // A fresh form is not wrong, only unfinished: speak up about fields once they were edited.
    if (error && !m_touched.contains(error->field))
        error = nullptr;
    showErrors(error);
}

void OrderTicket::showErrors(const EngineError *error)
{
    for (QLabel *label : std::as_const(m_errorLabels)) {
        label->clear();
        label->setVisible(false);
    }
    if (!error)
        return;
    QLabel *label = m_errorLabels.value(error->field);
    if (!label || !m_rows.value(error->field) || !m_rows.value(error->field)->isVisibleTo(this))
        label = m_formError;
    label->setText(error->message);
    label->setVisible(true);
}

bool OrderTicket::submit()
{
    const QJsonObject json = request();
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it)
        m_touched.insert(it.key());

    QFuture<Engine::SubmitOutcome> outcome = m_engine.submit(json);
    if (outcome.isFinished()) // refused before anything was stored
        return showOutcome(outcome.result());
    // Stored in the background: the window stays live until the engine answers.
    m_submit->setEnabled(false);
    outcome.then(this, [this](const Engine::SubmitOutcome &result) {
        m_submit->setEnabled(true);
        showOutcome(result);
    });
    return true;
}

bool OrderTicket::showOutcome(const Engine::SubmitOutcome &outcome)
{
    if (const auto *error = std::get_if<EngineError>(&outcome)) {
        showErrors(error);
        m_result->clear();
        if (error->kind != EngineError::Kind::InvalidInput)
            emit statusMessage(tr("Order refused: %1").arg(error->message));
        if (QWidget *editor = m_editors.value(error->field))
            editor->setFocus(Qt::OtherFocusReason);
        return false;
    }
    showErrors(nullptr);
    const SubmitResult &result = std::get<SubmitResult>(outcome);
    const QString message =
        result.created
            ? tr("Order %1 accepted: %2 %3 → %4")
                  .arg(OrderPresentation::shortId(result.order.id),
                       OrderPresentation::typeText(result.order.type),
                       OrderPresentation::amountText(result.order), result.order.tokenOut.symbol)
            : tr("Client id already used: showing order %1")
                  .arg(OrderPresentation::shortId(result.order.id));
    m_result->setText(message);
    m_clientOrderId->clear();
    m_touched.clear();
    emit statusMessage(message);
    emit orderPlaced(result.order.id);
    return true;
}

void OrderTicket::scheduleQuote()
{
    m_quoteTimer.start();
}

void OrderTicket::requestQuote()
{
    const QString tokenIn = m_tokenIn->currentText().trimmed();
    const QString tokenOut = m_tokenOut->currentText().trimmed();
    const QString amount = m_amount->text().trimmed();
    // A newer request makes the one in flight stale: its watcher goes, and its answer with it.
    delete m_quoteWatcher;
    if (amount.isEmpty()) {
        m_quotedKey.clear();
        m_quote->setText(tr("Enter an amount to see both venues' quotes."));
        return;
    }
    const QString swapMode = m_side->currentData().toString() == QLatin1String("buy")
                                 ? QStringLiteral("ExactOut")
                                 : QStringLiteral("ExactIn");
    m_quotedKey = tokenIn + QLatin1Char('|') + tokenOut + QLatin1Char('|') + amount
                  + QLatin1Char('|') + swapMode;
    auto *watcher = new QFutureWatcher<QuoteOutcome>(this);
    m_quoteWatcher = watcher;
    connect(watcher, &QFutureWatcher<QuoteOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_quoteWatcher)
            return;
        if (watcher->future().resultCount() > 0)
            showQuote(watcher->future().result());
    });
    m_quote->setText(QStringLiteral("<i>%1</i>").arg(tr("Quoting…").toHtmlEscaped()));
    watcher->setFuture(m_engine.quote(tokenIn, tokenOut, amount, swapMode));
}

void OrderTicket::showQuote(const QuoteOutcome &outcome)
{
    if (const auto *error = std::get_if<EngineError>(&outcome)) {
        m_quote->setText(tr("No quote: %1").arg(error->message).toHtmlEscaped());
        return;
    }
    const QuoteResult &result = std::get<QuoteResult>(outcome);
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const VenueQuote &quote : result.quotes) {
        const bool best = result.best && *result.best == quote.venue;
        QString line;
        if (!quote.available) {
            line = tr("unavailable: %1").arg(quote.unavailableReason).toHtmlEscaped();
        } else {
            line = tr("%1 %2 · price %3 · fee %4 · impact %5")
                       .arg(Decimal::format(quote.amountOut, result.tokenOut.decimals),
                            result.tokenOut.symbol,
                            OrderPresentation::priceText(quote.executionPrice),
                            OrderPresentation::ppmAsPercent(quote.feePpm),
                            OrderPresentation::ppmAsPercent(quote.priceImpactPpm))
                       .toHtmlEscaped();
        }
        const QString venue = OrderPresentation::venueText(quote.venue);
        html += QStringLiteral("<tr><td>%1%2&nbsp;</td><td>%3</td></tr>")
                    .arg(best ? QStringLiteral("<b>✓ ") + venue + QStringLiteral("</b>") : venue,
                         QString(), best ? QStringLiteral("<b>") + line + QStringLiteral("</b>")
                                         : line);
    }
    html += QStringLiteral("</table>");
    if (!result.reason.isEmpty())
        html += QStringLiteral("<div>%1</div>").arg(result.reason.toHtmlEscaped());
    m_quote->setText(html);
}

} // namespace OrderDesk
