#include "PgResult.h"

#include <libpq-fe.h>

namespace OrderDesk {

namespace {
// pg_type OIDs (catalog/pg_type_d.h is a server header).
constexpr Oid BoolOid = 16;
constexpr Oid Int8Oid = 20;
constexpr Oid Int2Oid = 21;
constexpr Oid Int4Oid = 23;
} // namespace

void PgResult::Clear::operator()(pg_result *result) const
{
    PQclear(result);
}

PgResult::PgResult(pg_result *result) : m_result(result) {}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column) != 0;
}

QByteArrayView PgResult::text(int row, int column) const
{
    return {PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column)};
}

QVariant PgResult::value(int row, int column) const
{
    const Oid type = PQftype(m_result.get(), column);
    if (isNull(row, column)) {
        return type == BoolOid ? QVariant(QMetaType::fromType<bool>())
                               : QVariant(QMetaType::fromType<QString>());
    }
    const QByteArrayView value = text(row, column);
    switch (type) {
    case BoolOid:
        return value == "t";
    case Int2Oid:
    case Int4Oid:
    case Int8Oid:
        return value.toLongLong();
    default:
        return QString::fromUtf8(value);
    }
}

} // namespace OrderDesk
