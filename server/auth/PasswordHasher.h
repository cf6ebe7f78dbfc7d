#pragma once

#include <QByteArray>
#include <QString>

namespace td {

// Argon2id through libsodium. Hashing takes tens of milliseconds and 64 MiB on
// purpose: never call it on an HTTP thread or the database writer.
namespace PasswordHasher {
inline constexpr int kMinimumLength = 10;
inline constexpr int kMaximumLength = 1024;

bool initialize(); // sodium_init(); call once before anything else
QString hash(const QString &password);
bool verify(const QString &storedHash, const QString &password);
// Spends the same time as a verify, for logins to unknown accounts, so timing does
// not tell whether an account exists.
void burnVerifyTime(const QString &password);
} // namespace PasswordHasher

// Random bearer tokens. Only their SHA-256 is stored.
namespace TokenGenerator {
QString newToken(); // "td_" + 43 base64url characters (256 bits)
// Hex SHA-256. Tokens are looked up by this hash, so a presented token is never
// compared byte by byte with a stored secret (nothing to time).
QString hashOf(const QString &token);
} // namespace TokenGenerator

} // namespace td
