#pragma once

#include "ApiError.h"
#include "Project.h"
#include "widgets/ElidingComboBox.h"

#include <QCoroTask>
#include <QList>

namespace td {

class ApiClient;

// The study selector of the pages that work on one active study: loads the active
// studies through ApiClient, shows them as "code – title" (retranslated on a
// language switch), and keeps the chosen study chosen when the list is loaded
// again. Refilling the list does not emit currentIndexChanged(); studiesLoaded()
// says the list (and maybe the choice) changed. Errors are reported, not shown:
// each page says them in its own message area.
class StudyChooser : public ElidingComboBox
{
    Q_OBJECT

public:
    explicit StudyChooser(ApiClient &api, QWidget *parent = nullptr);

    // The code of the chosen study; empty when there is none.
    QString currentCode() const;
    QList<Project> studies() const { return m_studies; }
    // The list arrived at least once.
    bool isLoaded() const { return m_loaded; }
    bool isLoading() const { return m_loading; }

    // Loads the list unless it is loaded or on its way, or no one is signed in
    // (pages call it when they are shown).
    void loadOnce();
    // Loads the list again (unless on its way already).
    void reload();

Q_SIGNALS:
    void loadingStarted();
    // The list was (re)filled; it may be empty.
    void studiesLoaded();
    void loadFailed(const td::ApiError &error);

protected:
    void changeEvent(QEvent *event) override;

private:
    QCoro::Task<> load();
    static QString itemText(const Project &project);

    ApiClient &m_api;
    QList<Project> m_studies;
    bool m_loaded = false;
    bool m_loading = false;
};

} // namespace td
