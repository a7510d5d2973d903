#include "SqliteStatement.h"

#include "SqlJsonText.h"

#include <sqlite3.h>

#include <vector>

namespace OrderDesk {

namespace {
// The text stays in `keep` until the statement ran: SQLite reads it where it is.
int bindText(sqlite3_stmt *statement, int index, QByteArray utf8, std::vector<QByteArray> &keep)
{
    const int code = sqlite3_bind_text64(statement, index, utf8.constData(),
                                         sqlite3_uint64(utf8.size()), SQLITE_STATIC, SQLITE_UTF8);
    keep.push_back(std::move(utf8));
    return code;
}

// Binds as QSQLITE did: a null QString or QByteArray is NULL, not empty text.
int bind(sqlite3_stmt *statement, int index, const QVariant &value, std::vector<QByteArray> &keep)
{
    if (value.isNull())
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::QString: {
        const QString &text = *static_cast<const QString *>(value.constData());
        return text.isNull() ? sqlite3_bind_null(statement, index)
                             : bindText(statement, index, text.toUtf8(), keep);
    }
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble());
    case QMetaType::QByteArray: {
        const QByteArray &bytes = *static_cast<const QByteArray *>(value.constData());
        return bytes.isNull() ? sqlite3_bind_null(statement, index)
                              : sqlite3_bind_blob64(statement, index, bytes.constData(),
                                                    sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
    }
    default:
        if (value.metaType() == QMetaType::fromType<SqlJsonText>())
            return bindText(statement, index, value.value<SqlJsonText>().text, keep);
        return SQLITE_MISMATCH; // a type no column of ours takes: refused, not guessed at
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
    int bound = 0;
    std::vector<QByteArray> texts;
    texts.reserve(std::size_t(values.size()));
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const int index = parameterIndex(it.key());
        if (index == 0)
            continue; // a value this statement does not use
        if (const int code = bind(m_statement, index, it.value(), texts); code != SQLITE_OK) {
            *error = code == SQLITE_MISMATCH
                         ? QSqlError(QStringLiteral("Unable to bind parameters"),
                                     QStringLiteral(":%1 has a type no column takes (%2)")
                                         .arg(it.key(),
                                              QString::fromLatin1(it.value().typeName())),
                                     QSqlError::StatementError, QString::number(SQLITE_MISMATCH))
                         : lastError(QStringLiteral("Unable to bind parameters"));
            sqlite3_clear_bindings(m_statement);
            return std::nullopt;
        }
        ++bound;
    }
    // Every parameter has its value: a misspelt name would otherwise write NULL unnoticed.
    if (bound != sqlite3_bind_parameter_count(m_statement)) {
        *error = QSqlError(QStringLiteral("Unable to bind parameters"),
                           QStringLiteral("%1 of %2 parameters given")
                               .arg(bound)
                               .arg(sqlite3_bind_parameter_count(m_statement)),
                           QSqlError::StatementError, QString::number(SQLITE_RANGE));
        sqlite3_clear_bindings(m_statement);
        return std::nullopt;
    }
    int step = SQLITE_ROW;
    while (step == SQLITE_ROW)
        step = sqlite3_step(m_statement);
    std::optional<int> changed;
    if (step == SQLITE_DONE)
        changed = sqlite3_changes(m_db);
    else
        *error = lastError(QStringLiteral("Unable to fetch row"));
    // A statement left unreset keeps its read snapshot, which would block the COMMIT; its
    // bindings would keep a copy of the last documents.
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    return changed;
}

int SqliteStatement::parameterIndex(const QString &name)
{
    // The same few dozen names, once per write: looked up once per statement.
    const auto known = m_parameterIndex.constFind(name);
    if (known != m_parameterIndex.cend())
        return *known;
    const int index = sqlite3_bind_parameter_index(m_statement, (':' + name.toUtf8()).constData());
    m_parameterIndex.insert(name, index);
    return index;
}

QSqlError SqliteStatement::lastError(const QString &what) const
{
    return QSqlError(what, QString::fromUtf8(sqlite3_errmsg(m_db)), QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(m_db)));
}

} // namespace OrderDesk
