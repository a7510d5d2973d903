#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace OrderDesk {

// What the connection guard decides about one request head, before QHttpServer 6.4 sees it.
// That parser answers nothing it cannot parse (it leaves the connection open and silent), trusts
// Content-Length, takes the first of two Content-Length headers and hands any upgrade request to
// its WebSocket server unchecked; this is the strict reading in front of it.
struct HeadVerdict
{
    enum class Action {
        Pass,   // a well-formed request: QHttpServer parses it
        Refuse, // answered with `status` and closed
        Drop    // not HTTP/1.x at all (TLS, HTTP/0.9, HTTP/2 preface, binary): closed unanswered
    };

    Action action = Action::Pass;
    int status = 0;
    QString code;
    QString message;
    QList<QPair<QByteArray, QByteArray>> headers; // extra response headers of a refusal

    // Of a request that passes:
    qint64 bodyLength = 0;
    bool chunked = false;   // the body's end is not known from the head
    bool webSocket = false; // a WebSocket handshake

    static HeadVerdict refuse(int status, QString code, QString message);
    static HeadVerdict drop();
};

class RequestHead
{
public:
    // Whether `prefix` (the first bytes of a request, possibly incomplete) can still become an
    // HTTP/1.x request line. Lets a guard close a TLS ClientHello or NUL bytes at once instead of
    // waiting for a head that never comes.
    static bool canStartRequest(QByteArrayView prefix);

    // Checks a complete head: the request line and the header lines, up to and including the
    // empty line that ends them.
    static HeadVerdict check(QByteArrayView head, qint64 maxBodyBytes);

    // Whether a comma-separated header value lists `token` (case-insensitive), as Connection does.
    static bool headerHasToken(QByteArrayView header, QByteArrayView token);

    // Where the head ends in `data` (just past "\r\n\r\n" or "\n\n"), or -1.
    static qsizetype headEnd(QByteArrayView data);
};

} // namespace OrderDesk
