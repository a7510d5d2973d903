#include "PgParam.h"

#include <QtEndian>

namespace OrderDesk {

namespace {
constexpr quint32 TextOid = 25;

void appendInt32(QByteArray &out, qint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}
} // namespace

// array_recv's format: dimensions, a has-nulls flag, the element type, each dimension's size
// and lower bound, then each element as its length (-1 for NULL) and bytes.
PgParam PgParam::textArray(const QByteArrayList &items)
{
    qsizetype size = 20;
    bool hasNull = false;
    for (const QByteArray &item : items) {
        size += 4 + item.size();
        hasNull = hasNull || item.isNull();
    }
    QByteArray out;
    out.reserve(size);
    appendInt32(out, items.isEmpty() ? 0 : 1);
    appendInt32(out, hasNull ? 1 : 0);
    appendInt32(out, qint32(TextOid));
    if (!items.isEmpty()) {
        appendInt32(out, qint32(items.size()));
        appendInt32(out, 1);
    }
    for (const QByteArray &item : items) {
        appendInt32(out, item.isNull() ? -1 : qint32(item.size()));
        out.append(item);
    }
    PgParam param(std::move(out));
    param.binary = true;
    return param;
}

} // namespace OrderDesk
