#include "ServerUrlCheck.h"

namespace td {

ServerUrlCheck ServerUrlCheck::check(const QString &text)
{
    ServerUrlCheck result;
    result.input = text.trimmed();
    if (result.input.isEmpty()) {
        result.problem = Problem::Empty;
        return result;
    }
    // "127.0.0.1:8080" or "localhost:8080" would otherwise parse as an odd scheme or
    // fail as a relative URL; the useful hint in every such case is the scheme.
    if (!result.input.contains(QLatin1String("://"))) {
        result.problem = Problem::UnsupportedScheme;
        return result;
    }

    const QUrl url(result.input, QUrl::StrictMode);
    if (!url.isValid()) {
        result.problem = Problem::Malformed;
        return result;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        result.problem = Problem::UnsupportedScheme;
        return result;
    }
    if (url.host().isEmpty()) {
        result.problem = Problem::MissingHost;
        return result;
    }
    result.url = url;
    result.problem = Problem::None;
    return result;
}

} // namespace td
