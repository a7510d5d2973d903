#include "JsonText.h"

#include <QJsonDocument>

namespace OrderDesk::JsonText {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray withMember(const QJsonObject &object, QStringView key, const QByteArray &text)
{
    QByteArray json = compact(object);
    if (text.isEmpty())
        return json;
    json.chop(1); // the closing brace
    if (json.size() > 1)
        json += ',';
    json += '"';
    json += key.toUtf8();
    json += "\":";
    json += text;
    json += '}';
    return json;
}

} // namespace OrderDesk::JsonText
