#include "JsonText.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>

#include <cmath>

namespace OrderDesk::JsonText {

namespace {

// Templates on where the text goes: a QByteArray (compact) or a JsonWriter's std::string.
template <typename Out>
void appendArray(Out &out, const QJsonArray &array);
template <typename Out>
void appendObject(Out &out, const QJsonObject &object);
template <typename Out>
void appendEscaped(Out &out, QStringView text);

template <typename Out>
void appendBytes(Out &out, const QByteArray &bytes)
{
    out.append(bytes.constData(), bytes.size());
}

template <typename Out>
void appendJsonValue(Out &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        constexpr double ExactIntegers = 9007199254740992.0; // 2^53
        if (!std::isfinite(number))
            out += "null"; // as Qt writes them (RFC 4627 has no NaN or infinity)
        else if (std::trunc(number) == number && std::fabs(number) < ExactIntegers
                 && !(number == 0 && std::signbit(number)))
            appendBytes(out, QByteArray::number(qint64(number)));
        else
            appendBytes(out, QByteArray::number(number, 'g', QLocale::FloatingPointShortest));
        break;
    }
    case QJsonValue::String:
        appendEscaped(out, value.toString());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        break;
    }
}

template <typename Out>
void appendArray(Out &out, const QJsonArray &array)
{
    out += '[';
    bool first = true;
    for (const QJsonValue &value : array) {
        if (!first)
            out += ',';
        first = false;
        appendJsonValue(out, value);
    }
    out += ']';
}

template <typename Out>
void appendObject(Out &out, const QJsonObject &object)
{
    out += '{';
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it != object.constBegin())
            out += ',';
        appendEscaped(out, it.key());
        out += ':';
        appendJsonValue(out, it.value());
    }
    out += '}';
}

template <typename Out>
void appendEscaped(Out &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const char16_t *at = text.utf16();
    const char16_t *const end = at + text.size();
    while (at != end) {
        // A run of printable ASCII without quotes or backslashes, copied narrowed.
        const char16_t *run = at;
        while (at != end && *at >= 0x20 && *at < 0x80 && *at != u'"' && *at != u'\\')
            ++at;
        if (at != run) {
            const qsizetype from = out.size();
            out.resize(from + (at - run));
            char *to = out.data() + from;
            for (const char16_t *c = run; c != at; ++c)
                *to++ = char(*c);
        }
        if (at == end)
            break;
        const char16_t c = *at;
        if (c >= 0x80) {
            ++at;
            char32_t point = c;
            if (QChar::isHighSurrogate(c) && at != end && QChar::isLowSurrogate(*at)) {
                point = QChar::surrogateToUcs4(c, *at++);
            } else if (QChar::isSurrogate(c)) {
                // Unpaired: escaped, as Qt does, since UTF-8 cannot carry it.
                out += "\\u";
                out += hex[c >> 12];
                out += hex[(c >> 8) & 0xf];
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
                continue;
            }
            if (point < 0x800) {
                out += char(0xc0 | (point >> 6));
            } else if (point < 0x10000) {
                out += char(0xe0 | (point >> 12));
                out += char(0x80 | ((point >> 6) & 0x3f));
            } else {
                out += char(0xf0 | (point >> 18));
                out += char(0x80 | ((point >> 12) & 0x3f));
                out += char(0x80 | ((point >> 6) & 0x3f));
            }
            out += char(0x80 | (point & 0x3f));
            continue;
        }
        ++at;
        out += '\\';
        switch (c) {
        case u'"': out += '"'; break;
        case u'\\': out += '\\'; break;
        case u'\b': out += 'b'; break;
        case u'\f': out += 'f'; break;
        case u'\n': out += 'n'; break;
        case u'\r': out += 'r'; break;
        case u'\t': out += 't'; break;
        default:
            out += "u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out += '"';
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    appendEscaped(out, text);
}

void appendString(std::string &out, QStringView text)
{
    appendEscaped(out, text);
}

void appendValue(std::string &out, const QJsonValue &value)
{
    appendJsonValue(out, value);
}

QByteArray compact(const QJsonObject &object)
{
    QByteArray out;
    out.reserve(256);
    appendObject(out, object);
    return out;
}

QByteArray compact(const QJsonArray &array)
{
    QByteArray out;
    out.reserve(256);
    appendArray(out, array);
    return out;
}

QByteArray withMember(const QJsonObject &object, QStringView key, const QByteArray &text)
{
    QByteArray json = compact(object);
    if (text.isEmpty())
        return json;
    json.chop(1); // the closing brace
    if (json.size() > 1)
        json += ',';
    appendString(json, key);
    json += ':';
    json += text;
    json += '}';
    return json;
}

QJsonObject parseObject(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

QJsonArray parseArray(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).array();
}

} // namespace OrderDesk::JsonText
