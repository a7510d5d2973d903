#pragma once

#include <QByteArrayView>
#include <QVariant>

#include <memory>

struct pg_result;

namespace OrderDesk {

// The rows of a statement run through libpq directly (SqlSession::execParams): owns the
// PGresult. Values arrive as PostgreSQL's text; value() types booleans and integers by the
// column's type, as QSqlQuery::value() does, so one reader serves both.
class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result *result);

    pg_result *get() const { return m_result.get(); }
    int rows() const;
    bool isNull(int row, int column) const;
    QByteArrayView text(int row, int column) const;
    QVariant value(int row, int column) const;

private:
    struct Clear { void operator()(pg_result *result) const; };
    std::unique_ptr<pg_result, Clear> m_result;
};

// One row of a PgResult with QSqlQuery's value(column), for readers written against either.
class PgRow
{
public:
    PgRow(const PgResult &result, int row) : m_result(result), m_row(row) {}
    QVariant value(int column) const { return m_result.value(m_row, column); }

private:
    const PgResult &m_result;
    int m_row;
};

} // namespace OrderDesk
