#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace OrderDesk {

// A parameter of a statement run through libpq (SqlSession::execParams): text, or PostgreSQL's
// binary wire format, which the server takes as it is, without parsing or unescaping.
struct PgParam
{
    QByteArray value; // a null QByteArray is SQL NULL
    bool binary = false;

    // Implicit, so that a statement's parameters read as a list of texts.
    PgParam(QByteArray text = {}) : value(std::move(text)) {}
    // A text[] in binary form: each item's bytes exactly, the JSON documents of a batch
    // among them. A null item is a NULL element.
    static PgParam textArray(const QByteArrayList &items);
};

} // namespace OrderDesk
