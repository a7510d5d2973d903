#pragma once

#include <QString>

class QAbstractItemModel;
class QIODevice;

namespace OrderDesk {

// Writes the rows of a blotter view (the proxy: what the operator sees, in the order shown) as
// RFC 4180 CSV, UTF-8, with a header row. Ids and signatures are written in full.
class BlotterCsvWriter
{
public:
    static bool write(const QAbstractItemModel &model, QIODevice &device, QString *error = nullptr);
    static bool writeFile(const QAbstractItemModel &model, const QString &path,
                          QString *error = nullptr);
    static QString quoted(const QString &field);
};

} // namespace OrderDesk
