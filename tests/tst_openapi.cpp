// GET /api/openapi.json against the running server: every documented operation is called, and
// every real answer (success and error) must match the schema documented for its status.
#include "ApiTestSupport.h"

#include <QSet>
#include <QtTest>

using namespace OrderDesk;
using namespace ApiTest;

namespace {

// The part of JSON Schema the document uses: type (+ nullable), enum, required, properties,
// additionalProperties: false, items, oneOf and local $ref. Problems are collected with a path.
class SchemaChecker
{
public:
    explicit SchemaChecker(QJsonObject document) : m_document(std::move(document)) {}

    QStringList check(const QJsonValue &value, const QJsonObject &schema, const QString &where) const
    {
        QStringList problems;
        checkInto(value, schema, where, problems);
        return problems;
    }

private:
    QJsonObject resolve(QJsonObject schema) const
    {
        while (schema.contains(QStringLiteral("$ref"))) {
            const QStringList parts = schema.value(QStringLiteral("$ref")).toString().mid(2).split(QLatin1Char('/'));
            QJsonObject node = m_document;
            for (const QString &part : parts)
                node = node.value(part).toObject();
            schema = node;
        }
        return schema;
    }

    static bool hasType(const QJsonValue &value, const QString &type)
    {
        if (type == QLatin1String("object"))
            return value.isObject();
        if (type == QLatin1String("array"))
            return value.isArray();
        if (type == QLatin1String("string"))
            return value.isString();
        if (type == QLatin1String("boolean"))
            return value.isBool();
        if (type == QLatin1String("number"))
            return value.isDouble();
        if (type == QLatin1String("integer"))
            return value.isDouble() && value.toDouble() == double(qint64(value.toDouble()));
        return false;
    }

    void checkInto(const QJsonValue &value, const QJsonObject &raw, const QString &where,
                   QStringList &problems) const
    {
        const QJsonObject schema = resolve(raw);
        if (value.isNull() && schema.value(QStringLiteral("nullable")).toBool())
            return;
        if (schema.contains(QStringLiteral("oneOf"))) {
            int matches = 0;
            for (const QJsonValue &option : schema.value(QStringLiteral("oneOf")).toArray())
                matches += check(value, option.toObject(), where).isEmpty() ? 1 : 0;
            if (matches != 1)
                problems << QStringLiteral("%1: matches %2 of oneOf").arg(where).arg(matches);
            return;
        }
        const QString type = schema.value(QStringLiteral("type")).toString();
        if (!type.isEmpty() && !hasType(value, type)) {
            problems << QStringLiteral("%1: expected %2, got %3")
                            .arg(where, type, QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
            return;
        }
        if (schema.contains(QStringLiteral("enum")) &&
            !schema.value(QStringLiteral("enum")).toArray().contains(value)) {
            problems << QStringLiteral("%1: %2 is not in the enum").arg(where, value.toVariant().toString());
        }
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
                if (!object.contains(name.toString()))
                    problems << QStringLiteral("%1: required %2 is missing").arg(where, name.toString());
            }
            const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
            const bool closed = schema.value(QStringLiteral("additionalProperties")) == QJsonValue(false);
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                if (properties.contains(it.key()))
                    checkInto(it.value(), properties.value(it.key()).toObject(), where + QLatin1Char('.') + it.key(), problems);
                else if (closed)
                    problems << QStringLiteral("%1: %2 is not documented").arg(where, it.key());
            }
        }
        if (value.isArray() && schema.contains(QStringLiteral("items"))) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                checkInto(array.at(i), schema.value(QStringLiteral("items")).toObject(),
                          QStringLiteral("%1[%2]").arg(where).arg(i), problems);
        }
    }

    QJsonObject m_document;
};

} // namespace

class TestOpenApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Backend> m_backend;
    HttpClient m_client;
    QJsonObject m_document;
    QSet<QString> m_exercised; // "get /api/orders/{id}"

    // Calls `url` and checks the answer against the operation `method template`.
    HttpResult expectDocumented(const QByteArray &method, const QString &templatePath,
                                const QString &url, const QByteArray &body = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!body.isNull())
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        const HttpResult result = m_client.send(method, m_backend->http(url), body, headers);
        const QString key = QString::fromLatin1(method).toLower() + QLatin1Char(' ') + templatePath;
        m_exercised.insert(key);

        const QJsonObject operation = m_document.value(QStringLiteral("paths")).toObject()
                                          .value(templatePath).toObject()
                                          .value(QString::fromLatin1(method).toLower()).toObject();
        const QJsonObject response = operation.value(QStringLiteral("responses")).toObject()
                                         .value(QString::number(result.status)).toObject();
        if (response.isEmpty()) {
            QTest::qFail(qPrintable(QStringLiteral("%1 answered %2, which is not documented").arg(key).arg(result.status)),
                         __FILE__, __LINE__);
            return result;
        }
        const QJsonObject content = response.value(QStringLiteral("content")).toObject();
        const QString type = QString::fromLatin1(result.contentType.split(';').first().trimmed());
        if (!content.contains(type)) {
            QTest::qFail(qPrintable(QStringLiteral("%1 %2: content type %3 is not documented").arg(key).arg(result.status).arg(type)),
                         __FILE__, __LINE__);
            return result;
        }
        if (type == QLatin1String("application/json")) {
            const QJsonDocument parsed = QJsonDocument::fromJson(result.body);
            const QJsonValue value = parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object());
            const QStringList problems = SchemaChecker(m_document).check(
                value, content.value(type).toObject().value(QStringLiteral("schema")).toObject(),
                key + QLatin1Char(' ') + QString::number(result.status));
            if (!problems.isEmpty())
                QTest::qFail(qPrintable(problems.join(QLatin1Char('\n'))), __FILE__, __LINE__);
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_backend = std::make_unique<Backend>();
        const HttpResult result = m_client.get(m_backend->http(QStringLiteral("/api/openapi.json")));
        QCOMPARE(result.status, 200);
        m_document = result.json;
        QVERIFY(m_document.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    }

    void cleanupTestCase() { m_backend.reset(); }

    void everyOperationAnswersAsDocumented()
    {
        expectDocumented("GET", QStringLiteral("/"), QStringLiteral("/"));
        expectDocumented("GET", QStringLiteral("/api/openapi.json"), QStringLiteral("/api/openapi.json"));

        const QByteArray order = QJsonDocument(marketOrder()).toJson(QJsonDocument::Compact);
        HttpResult submitted = expectDocumented("POST", QStringLiteral("/api/orders/execute"),
                                                QStringLiteral("/api/orders/execute"), order);
        QCOMPARE(submitted.status, 201);
        const QString id = submitted.json.value(QStringLiteral("orderId")).toString();
        expectDocumented("POST", QStringLiteral("/api/orders/execute"), QStringLiteral("/api/orders/execute"),
                         R"({"tokenIn":"SOL","tokenOut":"SOL","amount":1})");
        expectDocumented("POST", QStringLiteral("/api/orders/execute"), QStringLiteral("/api/orders/execute"),
                         "{not json");
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, id), QStringLiteral("confirmed"), WaitMs);

        const HttpResult resting = m_client.postJson(m_backend->http(QStringLiteral("/api/orders/execute")),
                                                     restingLimitOrder());
        const QString waiting = resting.json.value(QStringLiteral("orderId")).toString();

        expectDocumented("GET", QStringLiteral("/api/orders"), QStringLiteral("/api/orders?limit=1"));
        expectDocumented("GET", QStringLiteral("/api/orders"), QStringLiteral("/api/orders?status=nope"));
        expectDocumented("GET", QStringLiteral("/api/orders/{id}"), QStringLiteral("/api/orders/") + id);
        expectDocumented("GET", QStringLiteral("/api/orders/{id}"), QStringLiteral("/api/orders/no-such-order"));
        expectDocumented("GET", QStringLiteral("/api/orders/{id}/status"),
                         QStringLiteral("/api/orders/%1/status").arg(id));
        expectDocumented("GET", QStringLiteral("/api/orders/{id}/history"),
                         QStringLiteral("/api/orders/%1/history").arg(id));
        expectDocumented("DELETE", QStringLiteral("/api/orders/{id}"), QStringLiteral("/api/orders/") + waiting);
        expectDocumented("DELETE", QStringLiteral("/api/orders/{id}"), QStringLiteral("/api/orders/") + id);
        expectDocumented("GET", QStringLiteral("/api/quotes"),
                         QStringLiteral("/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1"));
        expectDocumented("GET", QStringLiteral("/api/quotes"), QStringLiteral("/api/quotes?tokenIn=SOL"));
        expectDocumented("GET", QStringLiteral("/api/wallet"), QStringLiteral("/api/wallet"));
        expectDocumented("GET", QStringLiteral("/api/queue/metrics"), QStringLiteral("/api/queue/metrics"));
        expectDocumented("GET", QStringLiteral("/api/queue/stats"), QStringLiteral("/api/queue/stats"));
        expectDocumented("GET", QStringLiteral("/health"), QStringLiteral("/health"));
        expectDocumented("GET", QStringLiteral("/metrics"), QStringLiteral("/metrics"));
        expectDocumented("POST", QStringLiteral("/api/ws-ticket"), QStringLiteral("/api/ws-ticket"), "{}");

        // Nothing documented is left unexercised.
        const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
        for (auto path = paths.constBegin(); path != paths.constEnd(); ++path) {
            const QJsonObject operations = path.value().toObject();
            for (auto op = operations.constBegin(); op != operations.constEnd(); ++op) {
                const QString key = op.key() + QLatin1Char(' ') + path.key();
                QVERIFY2(m_exercised.contains(key), qPrintable(key + QStringLiteral(" is documented but not checked")));
            }
        }
    }

    void errorCodesAreListed()
    {
        // Every code a test above met is in the document's list for its status.
        const QJsonObject codes = m_document.value(QStringLiteral("x-error-codes")).toObject();
        const auto listed = [&codes](int status, const QString &code) {
            return codes.value(QString::number(status)).toArray().contains(code);
        };
        QVERIFY(listed(400, QStringLiteral("invalid_json")));
        QVERIFY(listed(400, QStringLiteral("same_token")));
        QVERIFY(listed(404, QStringLiteral("order_not_found")));
        QVERIFY(listed(409, QStringLiteral("cannot_cancel")));
        QVERIFY(listed(400, QStringLiteral("missing_parameter")));
        QVERIFY(listed(400, QStringLiteral("insufficient_funds")));
    }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
