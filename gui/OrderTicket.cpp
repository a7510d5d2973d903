#include "OrderTicket.h"

#include "CanonicalPair.h"
#include "ImpactCurveChart.h"
#include "Market.h"
#include "AvailableBalance.h"
#include "OrderConfirmationDialog.h"
#include "OrderPresentation.h"
#include "OrderRequest.h"
#include "QuotePreview.h"
#include "SafetyRails.h"
#include "Token.h"
#include "UsdcValuer.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextDocument>
#include <QVBoxLayout>

namespace OrderDesk {

namespace {

// The ticket's own fields; the request's tokenIn / tokenOut are the base or the quote by side.
const QString FieldType = QStringLiteral("type");
const QString FieldSide = QStringLiteral("side");
const QString FieldBase = QStringLiteral("base");
const QString FieldQuote = QStringLiteral("quote");
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

QComboBox *tokenPicker(const QString &name, QWidget *parent)
{
    // Editable: a sniper order may name a token that has not launched yet.
    auto *box = new QComboBox(parent);
    box->setObjectName(name);
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    return box;
}

} // namespace

OrderTicket::OrderTicket(Engine &engine, SafetyRails &rails, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_rails(rails)
{
    auto *outer = new QVBoxLayout(this);
    m_halted = new QLabel(tr("Orders halted: the kill switch is on (Orders ▸ Halt orders)."), this);
    m_halted->setObjectName(QStringLiteral("ticketHalted"));
    m_halted->setWordWrap(true);
    m_halted->setStyleSheet(QStringLiteral("QLabel { background: #f5c2be; color: #3d0c08; "
                                           "border: 1px solid #d9443a; border-radius: 3px; "
                                           "padding: 4px 8px; }"));
    outer->addWidget(m_halted);

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

    auto *sideBox = new QWidget(this);
    auto *sideLayout = new QHBoxLayout(sideBox);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->setSpacing(0);
    m_buy = new QPushButton(tr("Buy"), sideBox);
    m_buy->setObjectName(QStringLiteral("ticketBuy"));
    m_sell = new QPushButton(tr("Sell"), sideBox);
    m_sell->setObjectName(QStringLiteral("ticketSell"));
    m_sides = new QButtonGroup(this);
    for (QPushButton *button : {m_buy, m_sell}) {
        button->setCheckable(true);
        sideLayout->addWidget(button, 1);
    }
    m_buy->setToolTip(tr("Buy the base token: a market buy receives exactly the amount"));
    m_sell->setToolTip(tr("Sell the base token: spends exactly the amount"));
    // Green and red only when chosen, so the side in force is the one that stands out.
    m_buy->setStyleSheet(QStringLiteral("QPushButton:checked { background: #2ea04f; color: white; font-weight: bold; }"));
    m_sell->setStyleSheet(QStringLiteral("QPushButton:checked { background: #d9443a; color: white; font-weight: bold; }"));
    m_sides->addButton(m_buy, int(OrderSide::Buy));
    m_sides->addButton(m_sell, int(OrderSide::Sell));
    m_sell->setChecked(true);

    m_base = tokenPicker(QStringLiteral("ticketBase"), this);
    m_quote = tokenPicker(QStringLiteral("ticketQuote"), this);
    refreshTokens();
    m_base->setCurrentText(QStringLiteral("SOL"));
    m_quote->setCurrentText(QStringLiteral("USDC"));

    auto *amountBox = new QWidget(this);
    auto *amountLayout = new QHBoxLayout(amountBox);
    amountLayout->setContentsMargins(0, 0, 0, 0);
    m_amount = new QLineEdit(amountBox);
    m_amount->setObjectName(QStringLiteral("ticketAmount"));
    m_amount->setPlaceholderText(tr("e.g. 1.5"));
    m_amount->setClearButtonEnabled(true);
    m_amountUnit = new QLabel(amountBox);
    m_amountUnit->setObjectName(QStringLiteral("ticketAmountUnit"));
    amountLayout->addWidget(m_amount, 1);
    amountLayout->addWidget(m_amountUnit);
    m_notional = new QLabel(this);
    m_notional->setObjectName(QStringLiteral("ticketNotional"));

    m_slippage = new QSpinBox(this);
    m_slippage->setObjectName(QStringLiteral("ticketSlippage"));
    m_slippage->setRange(0, 5000);
    m_slippage->setValue(50);
    m_slippage->setSuffix(tr(" bps"));
    m_slippage->setToolTip(tr("How far past the quote the execution may land (100 bps = 1 %)"));

    m_limitPrice = new QLineEdit(this);
    m_limitPrice->setObjectName(QStringLiteral("ticketLimitPrice"));

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
    row(FieldSide, tr("Side"), sideBox);
    row(FieldBase, tr("Token"), m_base);
    row(FieldQuote, tr("Priced in"), m_quote);
    row(FieldAmount, tr("Amount"), amountBox);
    // What the wallet can pay (a sell pays the base, a buy the quote), and for a sell, whose
    // amount is what it spends, all of it in one click.
    auto *available = new AvailableBalance(m_engine.wallet(), this);
    form->addRow(QString(), available);
    const auto followWallet = [this, available] {
        const bool sell = m_sell->isChecked();
        available->setToken((sell ? m_base : m_quote)->currentText(), sell);
    };
    connect(m_base, &QComboBox::currentTextChanged, available, followWallet);
    connect(m_quote, &QComboBox::currentTextChanged, available, followWallet);
    connect(m_sides, &QButtonGroup::idToggled, available, followWallet);
    connect(available, &AvailableBalance::maxRequested, m_amount, &QLineEdit::setText);
    followWallet();
    form->addRow(QString(), m_notional);
    row(FieldSlippage, tr("Slippage"), m_slippage);
    row(FieldLimitPrice, tr("Limit price"), m_limitPrice);
    row(FieldExpiry, tr("Expires in"), m_expiry);
    row(FieldClientOrderId, tr("Client id"), m_clientOrderId);

    m_formError = errorLabel(this);
    m_formError->setObjectName(QStringLiteral("ticketFormError"));
    m_errorLabels.insert(QString(), m_formError);
    outer->addWidget(m_formError);

    m_submit = new QPushButton(this);
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
    m_quoteText = new QLabel(this);
    m_quoteText->setObjectName(QStringLiteral("ticketQuote"));
    m_quoteText->setWordWrap(true);
    m_quoteText->setTextFormat(Qt::RichText);
    m_quoteText->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_quoteText->setMinimumHeight(m_quoteText->fontMetrics().lineSpacing() * 4);
    m_quoteText->setText(tr("Enter an amount to see the route and both venues' quotes."));
    outer->addWidget(m_quoteText);
    m_impact = new ImpactCurveChart(m_engine.market(), this);
    outer->addWidget(m_impact);
    outer->addStretch(1);

    m_quoteTimer.setSingleShot(true);
    m_quoteTimer.setInterval(QuoteDebounceMs);
    connect(&m_quoteTimer, &QTimer::timeout, this, &OrderTicket::requestQuote);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        sideOrTypeChanged();
        fieldEdited(FieldType);
    });
    connect(m_sides, &QButtonGroup::idClicked, this, [this] {
        sideOrTypeChanged();
        fieldEdited(FieldSide);
    });
    connect(m_base, &QComboBox::currentTextChanged, this, [this] {
        sideOrTypeChanged();
        fieldEdited(FieldBase);
    });
    connect(m_quote, &QComboBox::currentTextChanged, this, [this] {
        sideOrTypeChanged();
        fieldEdited(FieldQuote);
    });
    // Once a token is picked (not while it is typed), the pair turns to its canonical way round.
    for (QComboBox *box : {m_base, m_quote})
        connect(box, &QComboBox::activated, this, &OrderTicket::normalisePair);
    connect(m_amount, &QLineEdit::textChanged, this, [this] { fieldEdited(FieldAmount); });
    connect(m_slippage, &QSpinBox::valueChanged, this, [this] { fieldEdited(FieldSlippage); });
    connect(m_limitPrice, &QLineEdit::textChanged, this, [this] { fieldEdited(FieldLimitPrice); });
    connect(m_expiry, &QSpinBox::valueChanged, this, [this] { fieldEdited(FieldExpiry); });
    connect(m_clientOrderId, &QLineEdit::textChanged, this,
            [this] { fieldEdited(FieldClientOrderId); });
    connect(m_submit, &QPushButton::clicked, this, &OrderTicket::submit);
    connect(m_amount, &QLineEdit::returnPressed, this, &OrderTicket::submit);
    connect(m_limitPrice, &QLineEdit::returnPressed, this, &OrderTicket::submit);
    connect(&m_rails, &SafetyRails::haltedChanged, this, &OrderTicket::showHalted);

    sideOrTypeChanged();
    showHalted(m_rails.isHalted());
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

OrderSide OrderTicket::side() const
{
    return m_buy->isChecked() ? OrderSide::Buy : OrderSide::Sell;
}

QString OrderTicket::base() const
{
    return m_base->currentText().trimmed();
}

QString OrderTicket::quote() const
{
    return m_quote->currentText().trimmed();
}

bool OrderTicket::buysWithQuote() const
{
    // Only a market order can be exact out: a limit or sniper buy spends an amount of the quote.
    return side() == OrderSide::Buy && m_type->currentData().toString() != QLatin1String("market");
}

QString OrderTicket::editorKey(const QString &requestField) const
{
    const bool buy = side() == OrderSide::Buy;
    if (requestField == QLatin1String("tokenIn") || requestField == QLatin1String("inputToken"))
        return buy ? FieldQuote : FieldBase;
    if (requestField == QLatin1String("tokenOut") || requestField == QLatin1String("outputToken"))
        return buy ? FieldBase : FieldQuote;
    if (requestField == QLatin1String("swapMode"))
        return FieldSide;
    if (requestField == QLatin1String("amountIn"))
        return FieldAmount;
    return requestField;
}

QJsonObject OrderTicket::request() const
{
    const bool buy = side() == OrderSide::Buy;
    const QString type = m_type->currentData().toString();
    QJsonObject json{{FieldType, type},
                     {QStringLiteral("tokenIn"), buy ? quote() : base()},
                     {QStringLiteral("tokenOut"), buy ? base() : quote()},
                     {FieldAmount, m_amount->text().trimmed()},
                     {FieldSlippage, m_slippage->value()}};
    if (buy && type == QLatin1String("market")) {
        json.insert(FieldSide, QStringLiteral("buy"));
        json.insert(QStringLiteral("swapMode"), QStringLiteral("ExactOut"));
    } else if (!buy) {
        json.insert(FieldSide, QStringLiteral("sell"));
    }
    const QString limit = m_limitPrice->text().trimmed();
    if (type == QLatin1String("limit") && !limit.isEmpty()) {
        // Typed in quote per base; the engine's limit is tokenOut per tokenIn, which for a buy is
        // base per quote. Text that does not parse goes as typed, so the engine names the field.
        const std::optional<Int128> typed = Decimal::parse(limit, PriceScale);
        const std::optional<Int128> engineLimit =
            buy && typed ? CanonicalPair::invertUp(*typed) : typed;
        json.insert(FieldLimitPrice, engineLimit && buy ? Decimal::format(*engineLimit, PriceScale) : limit);
    }
    if (type != QLatin1String("market") && m_expiry->value() > 0)
        json.insert(FieldExpiry, m_expiry->value());
    if (const QString id = m_clientOrderId->text().trimmed(); !id.isEmpty())
        json.insert(FieldClientOrderId, id);
    return json;
}

QString OrderTicket::fieldError(const QString &field) const
{
    const QLabel *label = m_errorLabels.value(editorKey(field));
    return label && !label->isHidden() ? label->text() : QString();
}

QString OrderTicket::quotePreviewText() const
{
    QTextDocument document;
    document.setHtml(m_quoteText->text());
    return document.toPlainText();
}

void OrderTicket::refreshTokens()
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

void OrderTicket::focusTicket()
{
    m_amount->setFocus(Qt::ShortcutFocusReason);
    m_amount->selectAll();
}

void OrderTicket::setPair(const QString &base, const QString &quote)
{
    if (base == this->base() && quote == this->quote())
        return;
    {
        const QSignalBlocker baseBlocker(m_base);
        const QSignalBlocker quoteBlocker(m_quote);
        m_base->setCurrentText(base);
        m_quote->setCurrentText(quote);
    }
    sideOrTypeChanged();
    fieldEdited(FieldBase);
}

void OrderTicket::setSide(OrderSide side)
{
    (side == OrderSide::Buy ? m_buy : m_sell)->setChecked(true);
    sideOrTypeChanged();
    fieldEdited(FieldSide);
}

void OrderTicket::normalisePair()
{
    const std::optional<Token> baseToken = m_engine.tokens().find(base());
    const std::optional<Token> quoteToken = m_engine.tokens().find(quote());
    if (!baseToken || !quoteToken || *baseToken == *quoteToken)
        return;
    const CanonicalPair pair = CanonicalPair::of(*baseToken, *quoteToken);
    if (pair.base() == *baseToken)
        return;
    // Picked the wrong way round (USDC priced in SOL): the same market, named as everywhere else.
    setPair(pair.base().symbol, pair.quote().symbol);
}

std::optional<Token> OrderTicket::amountToken() const
{
    return m_engine.tokens().find(buysWithQuote() ? quote() : base());
}

void OrderTicket::sideOrTypeChanged()
{
    const QString type = m_type->currentData().toString();
    const bool buy = side() == OrderSide::Buy;
    // Rows are hidden through the form so their labels go too.
    m_form->setRowVisible(m_rows.value(FieldLimitPrice), type == QLatin1String("limit"));
    m_form->setRowVisible(m_rows.value(FieldExpiry), type != QLatin1String("market"));
    const QString unit = buysWithQuote() ? quote() : base();
    m_amountUnit->setText(unit);
    m_amount->setToolTip(buysWithQuote()
                             ? tr("%1 to spend on %2").arg(quote(), base())
                             : buy ? tr("%1 to receive, exactly").arg(base())
                                   : tr("%1 to sell, exactly").arg(base()));
    m_limitPrice->setPlaceholderText(tr("%1 per %2").arg(quote(), base()));
    m_submit->setText(buy ? tr("Buy %1").arg(base()) : tr("Sell %1").arg(base()));
    updateNotional();
}

void OrderTicket::fieldEdited(const QString &field)
{
    m_touched.insert(field);
    m_result->clear();
    validateLive();
    updateNotional();
    if (field != FieldSlippage && field != FieldExpiry && field != FieldClientOrderId)
        scheduleQuote();
}

void OrderTicket::validateLive()
{
    const auto parsed = OrderRequest::fromJson(request(), m_engine.tokens());
    const EngineError *error = std::get_if<EngineError>(&parsed);
    // A fresh form is not wrong, only unfinished: speak up about fields once they were edited.
    if (error && !m_touched.contains(editorKey(error->field)))
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
    const QString key = editorKey(error->field);
    QLabel *label = m_errorLabels.value(key);
    if (!label || !m_rows.value(key) || !m_rows.value(key)->isVisibleTo(this))
        label = m_formError;
    label->setText(error->message);
    label->setVisible(true);
}

void OrderTicket::showRailRefusal(const QString &message)
{
    showErrors(nullptr);
    m_formError->setText(message);
    m_formError->setVisible(true);
    emit statusMessage(message);
}

std::optional<Int128> OrderTicket::notionalUsdc() const
{
    const std::optional<Token> token = amountToken();
    if (!token)
        return std::nullopt;
    const std::optional<Int128> amount = Decimal::parse(m_amount->text().trimmed(), token->decimals);
    if (!amount)
        return std::nullopt;
    return UsdcValuer(m_engine.market(), TokenRegistry::usdc(), TokenRegistry::sol()).value(*token, *amount);
}

void OrderTicket::updateNotional()
{
    const std::optional<Int128> notional = notionalUsdc();
    m_notional->setText(notional ? tr("≈ %1").arg(SafetyRails::usdcText(*notional)) : QString());
}

bool OrderTicket::submit()
{
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it)
        m_touched.insert(it.key());
    const QJsonObject json = request();
    // The engine's own checks first: a malformed order needs fixing, not confirming.
    const auto parsed = OrderRequest::fromJson(json, m_engine.tokens());
    if (const auto *error = std::get_if<EngineError>(&parsed))
        return showOutcome(*error);

    const SafetyRails::Verdict verdict = m_rails.check(notionalUsdc());
    switch (verdict.kind) {
    case SafetyRails::Verdict::Kind::Refused:
        showRailRefusal(verdict.message);
        return false;
    case SafetyRails::Verdict::Kind::Confirm: {
        delete m_confirmation;
        const OrderType type =
            orderTypeFromString(m_type->currentData().toString()).value_or(OrderType::Market);
        auto *dialog = new OrderConfirmationDialog(
            verdict.message,
            {type, side(), m_amount->text().trimmed(), m_amountUnit->text(), base(), quote()}, this);
        m_confirmation = dialog;
        connect(dialog, &OrderConfirmationDialog::declined, this,
                [this] { emit statusMessage(tr("Order not sent.")); });
        connect(dialog, &OrderConfirmationDialog::confirmed, this, [this, json] {
            // The rails again: the kill switch may have been thrown while the dialog was open.
            if (m_rails.isHalted()) {
                showRailRefusal(m_rails.check(std::nullopt).message);
                return;
            }
            send(json);
        });
        dialog->open();
        emit confirmationRequested(dialog);
        return true;
    }
    case SafetyRails::Verdict::Kind::Allowed:
        break;
    }
    send(json);
    return true;
}

void OrderTicket::send(const QJsonObject &json)
{
    QFuture<Engine::SubmitOutcome> outcome = m_engine.submit(json);
    if (outcome.isFinished()) { // refused before anything was stored
        showOutcome(outcome.result());
        return;
    }
    // Stored in the background: the window stays live until the engine answers.
    m_submit->setEnabled(false);
    outcome.then(this, [this](const Engine::SubmitOutcome &result) {
        m_submit->setEnabled(!m_rails.isHalted());
        showOutcome(result);
    });
}

bool OrderTicket::showOutcome(const Engine::SubmitOutcome &outcome)
{
    if (const auto *error = std::get_if<EngineError>(&outcome)) {
        showErrors(error);
        m_result->clear();
        if (error->kind != EngineError::Kind::InvalidInput)
            emit statusMessage(tr("Order refused: %1").arg(error->message));
        if (QWidget *editor = m_editors.value(editorKey(error->field)))
            editor->setFocus(Qt::OtherFocusReason);
        return false;
    }
    showErrors(nullptr);
    const SubmitResult &result = std::get<SubmitResult>(outcome);
    const QString message =
        result.created
            ? tr("Order %1 accepted: %2 %3 %4, %5")
                  .arg(OrderPresentation::shortId(result.order.id),
                       OrderPresentation::typeText(result.order.type),
                       OrderPresentation::sideText(OrderPresentation::side(result.order)),
                       OrderPresentation::pairText(result.order),
                       OrderPresentation::amountText(result.order))
            : tr("Client id already used: showing order %1")
                  .arg(OrderPresentation::shortId(result.order.id));
    m_result->setText(message);
    m_clientOrderId->clear();
    m_touched.clear();
    emit statusMessage(message);
    emit orderPlaced(result.order.id);
    return true;
}

void OrderTicket::showHalted(bool halted)
{
    m_halted->setVisible(halted);
    m_submit->setEnabled(!halted);
}

void OrderTicket::scheduleQuote()
{
    m_quoteTimer.start();
}

void OrderTicket::requestQuote()
{
    const QJsonObject json = request();
    const QString amount = m_amount->text().trimmed();
    // A newer request makes the one in flight stale: its watcher goes, and its answer with it.
    delete m_quoteWatcher;
    if (amount.isEmpty()) {
        m_quoteText->setText(tr("Enter an amount to see the route and both venues' quotes."));
        m_impact->clear();
        return;
    }
    const QString swapMode = json.value(QStringLiteral("swapMode")).toString(QStringLiteral("ExactIn"));
    auto *watcher = new QFutureWatcher<QuoteOutcome>(this);
    m_quoteWatcher = watcher;
    connect(watcher, &QFutureWatcher<QuoteOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_quoteWatcher)
            return;
        if (watcher->future().resultCount() > 0)
            showQuote(watcher->future().result());
    });
    m_quoteText->setText(QStringLiteral("<i>%1</i>").arg(tr("Quoting…").toHtmlEscaped()));
    watcher->setFuture(m_engine.quote(json.value(QStringLiteral("tokenIn")).toString(),
                                      json.value(QStringLiteral("tokenOut")).toString(), amount,
                                      swapMode));
}

void OrderTicket::showQuote(const QuoteOutcome &outcome)
{
    if (const auto *error = std::get_if<EngineError>(&outcome)) {
        m_quoteText->setText(tr("No quote: %1").arg(error->message).toHtmlEscaped());
        m_impact->clear();
        return;
    }
    const QuoteResult &result = std::get<QuoteResult>(outcome);
    m_quoteText->setText(QuotePreview::html(result));
    // The curve in the amount's own token: an exact-out buy's pool input is the quote its route
    // would pay, plotted against the base it receives.
    if (result.swapMode == SwapMode::ExactOut) {
        if (result.route)
            m_impact->plot(result.tokenIn, result.tokenOut, result.route->amountIn, result.tokenOut,
                           result.amountIn);
        else
            m_impact->clear();
    } else {
        m_impact->plot(result.tokenIn, result.tokenOut, result.amountIn, result.tokenIn, result.amountIn);
    }
}

} // namespace OrderDesk
