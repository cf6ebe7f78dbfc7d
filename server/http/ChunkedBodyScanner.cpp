#include "ChunkedBodyScanner.h"

#include <algorithm>

namespace td {

namespace {

constexpr char kCr = '\r';
constexpr char kLf = '\n';

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// A byte allowed inside a field value or a chunk extension: visible ASCII, space,
// tab and obs-text, but no other control character (a bare CR or LF included).
bool isValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

} // namespace

ChunkedBodyScanner::ChunkedBodyScanner(qint64 maxBodyBytes, qint64 maxTrailerBytes)
    : m_maxBodyBytes(maxBodyBytes)
    , m_maxTrailerBytes(maxTrailerBytes)
{}

void ChunkedBodyScanner::reset(std::optional<qint64> maxBodyBytes)
{
    *this = ChunkedBodyScanner(maxBodyBytes.value_or(m_maxBodyBytes), m_maxTrailerBytes);
}

ChunkedBodyScanner::Status ChunkedBodyScanner::fail(Status status)
{
    m_state = State::Ended;
    m_end = status;
    return status;
}

ChunkedBodyScanner::Status ChunkedBodyScanner::feed(QByteArrayView data, qsizetype *consumed)
{
    *consumed = 0;
    if (m_state == State::Ended)
        return m_end;
    const qsizetype size = data.size();
    qsizetype i = 0;
    while (i < size) {
        if (m_state == State::Data) {
            // The only state that may cover many bytes: skipped in one step.
            const qint64 take = std::min<qint64>(m_chunkRemaining, size - i);
            m_chunkRemaining -= take;
            i += qsizetype(take);
            if (m_chunkRemaining == 0)
                m_state = State::DataCr;
            continue;
        }
        const char c = data[i];
        *consumed = ++i; // this byte belongs to the body whatever it turns out to be
        switch (m_state) {
        case State::Size:
        case State::SizeExtension:
        case State::SizeLf:
            if (++m_lineBytes > kMaxSizeLineBytes)
                return fail(Status::Malformed);
            break;
        case State::TrailerStart:
        case State::TrailerName:
        case State::TrailerValue:
        case State::TrailerLf:
            if (++m_trailerBytes > m_maxTrailerBytes)
                return fail(Status::TrailerTooLarge);
            break;
        default:
            break;
        }
        switch (m_state) {
        case State::Size:
            if (const int digit = hexValue(c); digit >= 0) {
                ++m_digits;
                m_chunkRemaining = m_chunkRemaining * 16 + digit;
                // Refused as soon as the announced size is too much, like a
                // Content-Length; checked per digit, so the value cannot overflow.
                if (m_bodyBytes + m_chunkRemaining > m_maxBodyBytes)
                    return fail(Status::TooLarge);
            } else if (m_digits == 0) {
                return fail(Status::Malformed);
            } else if (c == kCr) {
                m_state = State::SizeLf;
            } else if (isWhitespace(c) || c == ';') {
                m_extensionStarted = c == ';';
                m_state = State::SizeExtension;
            } else {
                return fail(Status::Malformed);
            }
            break;
        case State::SizeExtension:
            // Extensions are ignored, but must look like "BWS ; name[=value]" so that a
            // size such as "1a x" is not read as 0x1a.
            if (c == kCr)
                m_state = State::SizeLf;
            else if (c == ';')
                m_extensionStarted = true;
            else if (!isWhitespace(c) && (!m_extensionStarted || !isValueChar(c)))
                return fail(Status::Malformed);
            break;
        case State::SizeLf:
            if (c != kLf)
                return fail(Status::Malformed);
            m_lineBytes = 0;
            m_digits = 0;
            m_extensionStarted = false;
            if (m_chunkRemaining == 0) {
                m_state = State::TrailerStart; // the last chunk
            } else {
                m_bodyBytes += m_chunkRemaining;
                m_state = State::Data;
            }
            break;
        case State::DataCr:
            if (c != kCr)
                return fail(Status::Malformed);
            m_state = State::DataLf;
            break;
        case State::DataLf:
            if (c != kLf)
                return fail(Status::Malformed);
            m_state = State::Size;
            break;
        case State::TrailerStart:
            if (c == kCr)
                m_state = State::FinalLf;
            else if (isTokenChar(c))
                m_state = State::TrailerName;
            else
                return fail(Status::Malformed); // empty name, or an obsolete folded line
            break;
        case State::TrailerName:
            if (c == ':')
                m_state = State::TrailerValue;
            else if (!isTokenChar(c))
                return fail(Status::Malformed);
            break;
        case State::TrailerValue:
            if (c == kCr)
                m_state = State::TrailerLf;
            else if (!isValueChar(c))
                return fail(Status::Malformed);
            break;
        case State::TrailerLf:
            if (c != kLf)
                return fail(Status::Malformed);
            m_state = State::TrailerStart;
            break;
        case State::FinalLf:
            if (c != kLf)
                return fail(Status::Malformed);
            m_state = State::Ended;
            m_end = Status::Done;
            return Status::Done;
        case State::Data:
        case State::Ended:
            Q_UNREACHABLE();
        }
    }
    *consumed = size;
    return Status::NeedMore;
}

} // namespace td
