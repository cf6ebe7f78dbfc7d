#pragma once

#include "QuestionnaireSubmission.h"
#include "StudyEvent.h"
#include "net/ApiClient.h"
#include "widgets/CursorPagedModel.h"

#include <QSet>
#include <QTimer>

namespace td {

// The review queue: one study's questionnaire submissions, newest first, fetched
// one page at a time as the view scrolls (see CursorPagedModel), so a queue of any
// length opens after one request. setQuery() starts over with new filters.
//
// Live (issue #16): applyEvent() takes the server's study events. A new submission
// is fetched and inserted at its place in the order (if the filters let it in and
// that place is among the rows loaded so far: otherwise a later page brings it); a
// reviewed or signed one already shown is fetched and updated in place. Bursts are
// coalesced: one request at a time, started within kLiveDelayMs of the event, and
// once more afterwards for what came in meanwhile. Rows are inserted, never reset,
// so views keep their selection and current row.
class SubmissionQueueModel : public CursorPagedTableModel<QuestionnaireSubmission>
{
    Q_OBJECT
public:
    enum Column {
        SubmittedAtColumn,
        SubjectColumn,
        QuestionnaireColumn,
        // How intake matched it to the questionnaire's schedule (issue #15).
        EntryColumn,
        ReviewStatusColumn,
        QueryStatusColumn,
        SignedColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, RawValueRole };

    explicit SubmissionQueueModel(ApiClient &api, QObject *parent = nullptr);

    // Clears the rows and loads the first page for `query` (nothing without a project or subject).
    void setQuery(const ApiClient::SubmissionQuery &query);
    ApiClient::SubmissionQuery query() const { return m_query; }
    // Loads the first page again with the same filters.
    void refresh() { reload(); }

    const QuestionnaireSubmission &submission(int row) const { return m_rows.at(row); }
    int rowOfId(qint64 id) const;
    // Replaces the row holding `submission` (same id) in place, e.g. after a review.
    void updateSubmission(const QuestionnaireSubmission &submission);
    // Inserts `submission` at its place in the order if the filters let it in and
    // that place is among the rows loaded; replaces it if already there. True when
    // it is shown now.
    bool insertSubmission(const QuestionnaireSubmission &submission);
    // Whether the current filters let `submission` in.
    bool matchesQuery(const QuestionnaireSubmission &submission) const;
    // A study event from the server: see the class comment.
    void applyEvent(const td::StudyEvent &event);
    bool isFetchingLive() const { return m_liveFetching || m_liveTimer.isActive(); }

    static constexpr int kLiveDelayMs = 200;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString reviewStatusText(const QString &status);
    static QString queryStatusText(const QString &status);
    // "received", "late", "duplicate", "unscheduled" as the reviewer reads them; empty
    // for none (no schedule).
    static QString entryStateText(const QString &state);
    // What the Entry column shows: the state, with a warning sign when it needs attention.
    static QString entryColumnText(const QString &state);
    // Duplicates and unscheduled submissions need a reviewer's look.
    static bool needsAttention(const QString &entryState);

Q_SIGNALS:
    // A live fetch ended: every event applied so far is in the rows.
    void liveFetched();

protected:
    bool hasQuery() const override { return !m_query.projectCode.isEmpty() || !m_query.subjectId.isEmpty(); }
    QCoro::Task<Result<Page<QuestionnaireSubmission>>> requestPage(QString cursor, int limit,
                                                                   RequestCanceller *canceller) override;

private:
    QCoro::Task<> fetchLive();

    ApiClient &m_api;
    ApiClient::SubmissionQuery m_query;
    // Submission ids to fetch: new ones to insert, shown ones to update.
    QSet<qint64> m_liveNew;
    QSet<qint64> m_liveChanged;
    QTimer m_liveTimer;
    bool m_liveFetching = false;
    int m_liveGeneration = 0; // bumped on every reset: answers for an older query are dropped
};

} // namespace td
