#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace OrderDesk {

// Bitcoin-alphabet base58, as Solana prints addresses and signatures: no 0, O, I or l, and every
// leading zero byte becomes a leading '1'.
namespace Base58 {

QString encode(const QByteArray &bytes);
// nullopt when `text` holds a character outside the alphabet.
std::optional<QByteArray> decode(const QString &text);

} // namespace Base58
} // namespace OrderDesk
