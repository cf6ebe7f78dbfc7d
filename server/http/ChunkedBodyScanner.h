#pragma once

#include <QByteArrayView>
#include <QtGlobal>
#include <optional>

namespace td {

// Follows the framing of one `Transfer-Encoding: chunked` request body (RFC 9112
// §7.1) as its bytes arrive, in pieces of any size, so that ConnectionGuard knows
// where the body ends and the next pipelined request begins, and can refuse a body
// that is too large or malformed before QtHttpServer buffers it.
//
//   chunked-body = *chunk last-chunk trailer-section CRLF
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   last-chunk   = 1*("0") [ chunk-ext ] CRLF
//
// It keeps no bytes: only counters and the current state, so memory stays constant
// however the client splits its writes. Lines it has to look through (chunk sizes
// with their extensions, trailer fields) are bounded by length instead.
class ChunkedBodyScanner
{
public:
    enum class Status {
        NeedMore,       // every byte given belongs to the body, which has not ended yet
        Done,           // the body ended; `consumed` says where
        Malformed,      // not chunked framing (answer 400)
        TooLarge,       // the chunk data exceed maxBodyBytes (answer 413)
        TrailerTooLarge // the trailer section exceeds maxTrailerBytes (answer 431)
    };

    // Longest chunk-size line (size, extensions) accepted.
    static constexpr qsizetype kMaxSizeLineBytes = 1024;

    ChunkedBodyScanner(qint64 maxBodyBytes, qint64 maxTrailerBytes);

    // Starts a new body, of at most `maxBodyBytes` if given (the request's route limit).
    void reset(std::optional<qint64> maxBodyBytes = std::nullopt);

    // Reads `data`, the next bytes after those of earlier calls. `consumed` is set to
    // the number of bytes that belong to this body: all of `data` while NeedMore,
    // up to and including the final CRLF when Done. After Done, Malformed, TooLarge
    // or TrailerTooLarge further calls return the same status and consume nothing
    // until reset().
    Status feed(QByteArrayView data, qsizetype *consumed);

    // Chunk data seen so far (without framing).
    qint64 bodyBytes() const { return m_bodyBytes; }

private:
    enum class State {
        Size,          // hex digits of a chunk size
        SizeExtension, // after the digits: whitespace and ";name=value" up to CR
        SizeLf,        // the LF ending the chunk-size line
        Data,          // chunk data
        DataCr,        // CRLF after chunk data
        DataLf,
        TrailerStart, // start of a trailer line, or of the final CRLF
        TrailerName,  // field name up to ':'
        TrailerValue, // field value up to CR
        TrailerLf,    // LF ending a trailer line
        FinalLf,      // LF of the final CRLF
        Ended
    };

    Status fail(Status status);

    qint64 m_maxBodyBytes;
    qint64 m_maxTrailerBytes;
    State m_state = State::Size;
    Status m_end = Status::NeedMore; // the status once the state is Ended
    qint64 m_bodyBytes = 0;
    qint64 m_chunkRemaining = 0; // in Size: the size parsed so far; in Data: bytes left
    qsizetype m_lineBytes = 0;   // bytes of the current chunk-size line
    qint64 m_trailerBytes = 0;   // bytes of the trailer section so far
    int m_digits = 0;
    bool m_extensionStarted = false; // ';' seen on the chunk-size line
};

} // namespace td
