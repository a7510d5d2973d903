#include "RequestHead.h"

#include <QRegularExpression>

namespace OrderDesk {

namespace {
// The methods the API has a meaning for; anything else (including "get": methods are case
// sensitive) is not implemented here, whatever the path.
const QByteArrayList KnownMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
constexpr qsizetype MaxMethodLength = 16;

bool isTokenChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

QByteArrayView withoutLeadingEmptyLines(QByteArrayView data)
{
    while (data.startsWith("\r\n") || data.startsWith("\n"))
        data = data.sliced(data.startsWith('\r') ? 2 : 1);
    return data;
}

// "HTTP/1.1" → true with major/minor; anything not shaped like an HTTP version → false.
bool parseVersion(QByteArrayView text, int *major, int *minor)
{
    if (text.size() != 8 || !text.startsWith("HTTP/") || text.at(6) != '.' ||
        !std::isdigit(static_cast<unsigned char>(text.at(5))) ||
        !std::isdigit(static_cast<unsigned char>(text.at(7)))) {
        return false;
    }
    *major = text.at(5) - '0';
    *minor = text.at(7) - '0';
    return true;
}

HeadVerdict badHandshake(const QString &why)
{
    HeadVerdict verdict = HeadVerdict::refuse(400, QStringLiteral("bad_websocket_handshake"),
                                              QStringLiteral("not a valid WebSocket handshake: ") + why);
    verdict.headers.append({QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")});
    return verdict;
}
} // namespace

HeadVerdict HeadVerdict::refuse(int status, QString code, QString message)
{
    HeadVerdict verdict;
    verdict.action = Action::Refuse;
    verdict.status = status;
    verdict.code = std::move(code);
    verdict.message = std::move(message);
    return verdict;
}

HeadVerdict HeadVerdict::drop()
{
    HeadVerdict verdict;
    verdict.action = Action::Drop;
    return verdict;
}

bool RequestHead::headerHasToken(QByteArrayView header, QByteArrayView token)
{
    for (const QByteArray &part : header.toByteArray().split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

qsizetype RequestHead::headEnd(QByteArrayView data)
{
    const qsizetype crlf = data.indexOf("\r\n\r\n");
    const qsizetype lf = data.indexOf("\n\n");
    if (crlf < 0 && lf < 0)
        return -1;
    if (lf < 0 || (crlf >= 0 && crlf < lf))
        return crlf + 4;
    return lf + 2;
}

bool RequestHead::canStartRequest(QByteArrayView prefix)
{
    prefix = withoutLeadingEmptyLines(prefix);
    if (prefix.contains('\0'))
        return false;
    qsizetype i = 0;
    while (i < prefix.size() && i <= MaxMethodLength && isTokenChar(prefix.at(i)))
        ++i;
    if (i == prefix.size())
        return i <= MaxMethodLength;
    if (i == 0 || i > MaxMethodLength || prefix.at(i) != ' ')
        return false;

    // A complete request line must end in an HTTP/1.x-shaped version: HTTP/0.9 has none, and
    // HTTP/2's preface ("PRI * HTTP/2.0") is not a request this server speaks.
    const qsizetype lineEnd = prefix.indexOf('\n');
    if (lineEnd < 0)
        return true;
    QByteArrayView line = prefix.first(lineEnd);
    if (line.endsWith('\r'))
        line.chop(1);
    const qsizetype lastSpace = line.lastIndexOf(' ');
    int major = 0;
    int minor = 0;
    if (lastSpace <= i || !parseVersion(line.sliced(lastSpace + 1), &major, &minor))
        return false;
    return major != 2 && major != 0;
}

HeadVerdict RequestHead::check(QByteArrayView head, qint64 maxBodyBytes)
{
    if (!canStartRequest(head))
        return HeadVerdict::drop();

    QList<QByteArray> lines = withoutLeadingEmptyLines(head).toByteArray().split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return HeadVerdict::drop();

    const QList<QByteArray> requestLine = lines.takeFirst().split(' ');
    if (requestLine.size() != 3 || requestLine.at(1).isEmpty()) {
        return HeadVerdict::refuse(400, QStringLiteral("bad_request"),
                                   QStringLiteral("the request line must be METHOD TARGET VERSION"));
    }
    const QByteArray &method = requestLine.at(0);
    int major = 0;
    int minor = 0;
    parseVersion(requestLine.at(2), &major, &minor); // shape checked by canStartRequest
    if (major != 1) {
        return HeadVerdict::refuse(505, QStringLiteral("http_version_not_supported"),
                                   QStringLiteral("this server speaks HTTP/1.0 and HTTP/1.1"));
    }
    if (!KnownMethods.contains(method)) {
        HeadVerdict verdict = HeadVerdict::refuse(
            501, QStringLiteral("not_implemented"),
            QStringLiteral("the method %1 is not implemented (methods are upper case)")
                .arg(QString::fromLatin1(method.left(MaxMethodLength))));
        verdict.headers.append({QByteArrayLiteral("Allow"), KnownMethods.join(", ")});
        return verdict;
    }

    QList<QByteArray> contentLengths;
    QByteArray transferEncoding;
    QByteArray upgrade;
    QByteArray connection;
    QByteArray webSocketKey;
    QByteArray webSocketVersion;
    bool sawTransferEncoding = false;
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
        if (name.isEmpty() || !std::all_of(name.cbegin(), name.cend(), isTokenChar)) {
            return HeadVerdict::refuse(400, QStringLiteral("bad_request"),
                                       QStringLiteral("a header line is malformed"));
        }
        const QByteArray value = line.mid(colon + 1).trimmed();
        const QByteArray lower = name.toLower();
        if (lower == "content-length") {
            contentLengths.append(value);
        } else if (lower == "transfer-encoding") {
            sawTransferEncoding = true;
            transferEncoding = value.toLower();
        } else if (lower == "upgrade") {
            upgrade = value;
        } else if (lower == "connection") {
            connection += (connection.isEmpty() ? "" : ",") + value;
        } else if (lower == "sec-websocket-key") {
            webSocketKey = value;
        } else if (lower == "sec-websocket-version") {
            webSocketVersion = value;
        }
    }

    HeadVerdict verdict;
    // Two lengths (even equal ones) or a length beside chunking: the classic request-smuggling
    // shapes, where two parsers on the way may disagree about where this request ends.
    if (contentLengths.size() > 1 || (!contentLengths.isEmpty() && sawTransferEncoding)) {
        return HeadVerdict::refuse(400, QStringLiteral("bad_request"),
                                   QStringLiteral("the body's length is given more than once"));
    }
    if (sawTransferEncoding) {
        if (transferEncoding != "chunked") {
            return HeadVerdict::refuse(501, QStringLiteral("not_implemented"),
                                       QStringLiteral("only the chunked transfer coding is supported"));
        }
        verdict.chunked = true;
    }
    if (!contentLengths.isEmpty()) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,19}$"));
        const QString text = QString::fromLatin1(contentLengths.constFirst());
        bool ok = digits.match(text).hasMatch();
        verdict.bodyLength = ok ? text.toLongLong(&ok) : 0;
        if (!ok) {
            return HeadVerdict::refuse(400, QStringLiteral("bad_request"),
                                       QStringLiteral("Content-Length must be a number of bytes"));
        }
        if (maxBodyBytes > 0 && verdict.bodyLength > maxBodyBytes) {
            return HeadVerdict::refuse(413, QStringLiteral("payload_too_large"),
                                       QStringLiteral("the body may be at most %1 bytes").arg(maxBodyBytes));
        }
    }

    if (headerHasToken(upgrade, "websocket")) {
        if (method != "GET")
            return badHandshake(QStringLiteral("it must be a GET"));
        if (minor < 1)
            return badHandshake(QStringLiteral("it needs HTTP/1.1"));
        if (!headerHasToken(connection, "upgrade"))
            return badHandshake(QStringLiteral("it needs \"Connection: Upgrade\""));
        if (QByteArray::fromBase64(webSocketKey).size() != 16)
            return badHandshake(QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64"));
        if (webSocketVersion != "13")
            return badHandshake(QStringLiteral("Sec-WebSocket-Version must be 13"));
        verdict.webSocket = true;
    }
    return verdict;
}

} // namespace OrderDesk
