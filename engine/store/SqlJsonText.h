#pragma once

#include <QByteArray>
#include <QMetaType>

namespace OrderDesk {

// A JSON document column's value (route_json, result_json, tx_json, details_json): its compact
// UTF-8 text, bound as text to a row statement, or sent beside a batch's JSON rows
// (JsonRowWriter) as it is.
struct SqlJsonText
{
    QByteArray text;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::SqlJsonText)
