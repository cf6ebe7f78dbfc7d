#pragma once

#include "QuestionnaireSubmission.h"
#include "net/ApiClient.h"
#include "widgets/CursorPagedModel.h"

namespace td {

// The review queue: one study's questionnaire submissions, newest first, fetched
// one page at a time as the view scrolls (see CursorPagedModel), so a queue of any
// length opens after one request. setQuery() starts over with new filters.
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

protected:
    bool hasQuery() const override { return !m_query.projectCode.isEmpty() || !m_query.subjectId.isEmpty(); }
    QCoro::Task<Result<Page<QuestionnaireSubmission>>> requestPage(QString cursor, int limit,
                                                                   RequestCanceller *canceller) override;

private:
    ApiClient &m_api;
    ApiClient::SubmissionQuery m_query;
};

} // namespace td
