#include "SqliteStatement.h"

#include "SqlJsonText.h"

#include <sqlite3.h>

namespace OrderDesk {

namespace {
int bindText(sqlite3_stmt *statement, int index, const QByteArray &utf8)
{
    return sqlite3_bind_text64(statement, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                               SQLITE_TRANSIENT, SQLITE_UTF8);
}

int bind(sqlite3_stmt *statement, int index, const QVariant &value)
{
    if (value.isNull())
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::QString:
        return bindText(statement, index, value.toString().toUtf8());
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble());
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        return sqlite3_bind_blob64(statement, index, bytes.constData(), sqlite3_uint64(bytes.size()),
                                   SQLITE_TRANSIENT);
    }
    default:
        if (value.metaType() == QMetaType::fromType<SqlJsonText>())
            return bindText(statement, index, value.value<SqlJsonText>().text);
        return bindText(statement, index, value.toString().toUtf8());
    }
}
} // namespace

std::unique_ptr<SqliteStatement> SqliteStatement::prepare(sqlite3 *db, const QString &sql,
                                                          QSqlError *error)
{
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v3(db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT,
                           &statement, nullptr) != SQLITE_OK) {
        *error = QSqlError(QStringLiteral("Unable to prepare statement"),
                           QString::fromUtf8(sqlite3_errmsg(db)), QSqlError::StatementError,
                           QString::number(sqlite3_extended_errcode(db)));
        sqlite3_finalize(statement);
        return nullptr;
    }
    return std::unique_ptr<SqliteStatement>(new SqliteStatement(db, statement));
}

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *statement)
    : m_db(db), m_statement(statement)
{
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

std::optional<int> SqliteStatement::run(const QVariantMap &values, QSqlError *error)
{
    sqlite3_clear_bindings(m_statement);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QByteArray name = ':' + it.key().toUtf8();
        const int index = sqlite3_bind_parameter_index(m_statement, name.constData());
        if (index == 0)
            continue; // a value this statement does not use
        if (bind(m_statement, index, it.value()) != SQLITE_OK) {
            *error = lastError(QStringLiteral("Unable to bind parameters"));
            return std::nullopt;
        }
    }
    int step = SQLITE_ROW;
    while (step == SQLITE_ROW)
        step = sqlite3_step(m_statement);
    if (step != SQLITE_DONE) {
        *error = lastError(QStringLiteral("Unable to fetch row"));
        sqlite3_reset(m_statement);
        return std::nullopt;
    }
    const int changed = sqlite3_changes(m_db);
    // A statement left unreset keeps its read snapshot, which would block the COMMIT.
    sqlite3_reset(m_statement);
    return changed;
}

QSqlError SqliteStatement::lastError(const QString &what) const
{
    return QSqlError(what, QString::fromUtf8(sqlite3_errmsg(m_db)), QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(m_db)));
}

} // namespace OrderDesk
