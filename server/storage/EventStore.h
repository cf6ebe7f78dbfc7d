#pragma once

#include "StudyEvent.h"

#include <QList>
#include <algorithm>

namespace td {

class SqlSession;

// The event outbox (issue #16, docs/events.md).
namespace EventStore {

// Queues an event in the caller's write transaction. It is numbered and inserted by
// flush() just before the batch commits, so the counter row is locked once per batch
// and only for the last moment of the transaction; a job rolled back drops its events.
void append(SqlSession &session, StudyEvent event);
// Numbers and inserts the queued events (one counter UPDATE, one INSERT each) and,
// on PostgreSQL, sends the wake-up NOTIFY. Returns the last seq, 0 when none were queued.
qint64 flush(SqlSession &session);

// The newest committed seq (0: none yet).
qint64 lastSeq(SqlSession &session);

// Every event up to this seq was pruned (0: none). Pruning removes a prefix of the
// gap-free sequence and never the newest event, so it is the oldest kept seq minus
// one, or, with no row at all, the counter's last seq (whatever emptied the table,
// nothing up to it can be read any more). One statement: one snapshot of both.
qint64 prunedUpTo(SqlSession &session);
// Deletes up to `batch` of the oldest events that occurred before `cutoff`, oldest
// first and stopping at the first one that did not (so what is gone stays a prefix,
// which prunedUpTo() relies on), never the newest one. Returns how many.
int prune(SqlSession &session, const QDateTime &cutoff, int batch);

using Page = EventPage;
// Up to `limit` events with seq > `since` that `visible` accepts, in seq order. At
// most `scanLimit` rows are read per call, so a reader that may see few events
// pages through the others cheaply; lastSeq then moves past what was scanned.
template<typename Visible>
Page after(SqlSession &session, qint64 since, int limit, Visible visible, int scanLimit = 5000);
QList<StudyEvent> rows(SqlSession &session, qint64 since, qint64 upTo, int limit);

template<typename Visible>
Page after(SqlSession &session, qint64 since, int limit, Visible visible, int scanLimit)
{
    Page page;
    // The head is read first: every seq up to it is committed (they commit in order),
    // so lastSeq may move to it without skipping a transaction still in flight.
    const qint64 head = lastSeq(session);
    page.lastSeq = std::max(since, head);
    qint64 cursor = since;
    while (cursor < head && scanLimit > 0) {
        const int chunk = std::min(scanLimit, 1000);
        const QList<StudyEvent> chunkRows = rows(session, cursor, head, chunk);
        scanLimit -= chunk;
        if (chunkRows.isEmpty())
            break;
        for (const StudyEvent &e : chunkRows) {
            cursor = e.seq;
            if (!visible(e))
                continue;
            page.items.append(e);
            if (page.items.size() == limit) {
                page.lastSeq = e.seq;
                page.more = e.seq < head;
                return page;
            }
        }
    }
    page.lastSeq = std::max(since, cursor < head ? cursor : head);
    page.more = cursor < head;
    return page;
}

} // namespace EventStore

} // namespace td
