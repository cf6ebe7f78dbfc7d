#include "ConfigFile.h"

#include <QFile>
#include <QHash>

using namespace Qt::StringLiterals;

namespace td::ConfigFile {

namespace {

// A configuration file is a few hundred bytes; anything this large is a mistake.
constexpr qint64 kMaxBytes = 1024 * 1024;

bool isKeyCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

} // namespace

std::optional<QList<Entry>> read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxBytes) {
        *error = u"%1: larger than %2 bytes"_s.arg(path).arg(kMaxBytes);
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        *error = u"%1: not UTF-8 text"_s.arg(path);
        return std::nullopt;
    }
    QList<Entry> entries;
    QHash<QString, int> firstLine;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNumber = int(i) + 1;
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        auto fail = [&](const QString &what) {
            *error = u"%1:%2: %3"_s.arg(path).arg(lineNumber).arg(what);
            return std::nullopt;
        };
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            return fail(u"expected `key = value`, got: %1"_s.arg(line.left(80)));
        Entry entry;
        entry.key = line.left(equals).trimmed();
        entry.value = line.mid(equals + 1).trimmed();
        entry.line = lineNumber;
        if (entry.key.isEmpty() || !std::all_of(entry.key.cbegin(), entry.key.cend(), isKeyCharacter))
            return fail(u"not a key: `%1` (keys are option names such as port or data-dir)"_s.arg(entry.key.left(80)));
        if (entry.value.size() >= 2 && entry.value.startsWith(u'"') && entry.value.endsWith(u'"'))
            entry.value = entry.value.mid(1, entry.value.size() - 2);
        else if (entry.value.contains(u'"'))
            return fail(u"%1: unbalanced quotes"_s.arg(entry.key));
        if (const auto previous = firstLine.constFind(entry.key); previous != firstLine.cend())
            return fail(u"%1: set twice (first on line %2)"_s.arg(entry.key).arg(previous.value()));
        firstLine.insert(entry.key, lineNumber);
        entries.append(entry);
    }
    return entries;
}

} // namespace td::ConfigFile
