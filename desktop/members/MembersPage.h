#pragma once

#include "StudyMembership.h"

#include <QCoroTask>
#include <QWidget>

class QLabel;
class QPushButton;

namespace td {

class ApiClient;
class MembersModel;
class MessageBanner;
class RecordTableView;
class StudyChooser;
struct ApiError;

// Who works on a study (issue #14), for the administrator and the study's project
// managers: the members with their role and sites, Add…, Change… and Remove. A pm
// cannot change their own membership (the server says so too). Shown in the main
// window only to those who manage the members of at least one study.
class MembersPage : public QWidget
{
    Q_OBJECT

public:
    explicit MembersPage(ApiClient &api, QWidget *parent = nullptr);

    MembersModel *model() const { return m_model; }
    StudyChooser *studyChooser() const { return m_studyCombo; }
    RecordTableView *table() const { return m_table; }
    void reload();

Q_SIGNALS:
    // The members of the chosen study are on screen (or could not be loaded).
    void membersLoaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    QCoro::Task<> loadMembers();
    void updateButtons();
    bool mayManage() const;
    const StudyMembership *selectedMember() const;
    void addMember();
    void changeMember();
    void confirmRemove();
    QCoro::Task<> remove(QString username);
    void showError(const ApiError &error);

    ApiClient &m_api;
    MembersModel *m_model = nullptr;
    QLabel *m_studyLabel = nullptr;
    StudyChooser *m_studyCombo = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_changeButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    RecordTableView *m_table = nullptr;
    MessageBanner *m_banner = nullptr;
    bool m_busy = false;
    quint64 m_generation = 0; // a newer load makes an older answer stale
};

} // namespace td
