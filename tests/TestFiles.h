#pragma once

// Small files the tests write: config files, mostly.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace TestFiles {

// A path in `dir` named after the running test row, e.g. ".../bad-value.conf".
inline QString forDataTag(const QTemporaryDir &dir, const QString &suffix)
{
    return dir.filePath(QString::fromLatin1(QTest::currentDataTag())
                            .replace(QLatin1Char(' '), QLatin1Char('-'))
                        + suffix);
}

// Writes `contents` to `path`, replacing it; the path, or empty when it could not.
inline QString write(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) < 0)
        return {};
    return path;
}

} // namespace TestFiles
