#include "BlotterCsvWriter.h"

#include "BlotterModel.h"

#include <QAbstractItemModel>
#include <QSaveFile>

namespace OrderDesk {

QString BlotterCsvWriter::quoted(const QString &field)
{
    const bool needsQuotes = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"')) ||
                             field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r')) ||
                             field.startsWith(QLatin1Char(' ')) || field.endsWith(QLatin1Char(' '));
    if (!needsQuotes)
        return field;
    QString escaped = field;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

bool BlotterCsvWriter::write(const QAbstractItemModel &model, QIODevice &device, QString *error)
{
    const int columns = model.columnCount();
    QStringList fields;
    fields.reserve(columns);
    const auto writeLine = [&device, &fields] {
        return device.write((fields.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8()) >= 0;
    };

    for (int column = 0; column < columns; ++column)
        fields << quoted(model.headerData(column, Qt::Horizontal).toString());
    bool ok = writeLine();
    for (int row = 0; ok && row < model.rowCount(); ++row) {
        fields.clear();
        for (int column = 0; column < columns; ++column) {
            const QModelIndex index = model.index(row, column);
            // The view shortens ids; a file is for matching against other systems: in full.
            const QVariant value = column == BlotterModel::IdColumn
                                       ? index.data(BlotterModel::OrderIdRole)
                                       : index.data(Qt::DisplayRole);
            fields << quoted(value.toString());
        }
        ok = writeLine();
    }
    if (!ok && error)
        *error = device.errorString();
    return ok;
}

bool BlotterCsvWriter::writeFile(const QAbstractItemModel &model, const QString &path,
                                 QString *error)
{
    // All or nothing: a half-written export is worse than none.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!write(model, file, error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace OrderDesk
