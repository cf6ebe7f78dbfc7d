#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTimer;

namespace td {

class RecordTableView;

class ApiClient;
class MessageBanner;
class ProjectTableModel;
struct ApiError;
struct Project;

// The studies: a table loaded page by page as the user scrolls, a search box
// (sent to the server 300 ms after the last keystroke), a status filter, sorting
// by any column over the loaded rows, and New/Edit through ProjectDialog.
class StudiesPage : public QWidget
{
    Q_OBJECT

public:
    explicit StudiesPage(ApiClient &api, QWidget *parent = nullptr);

    ProjectTableModel *model() const { return m_model; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void applyFilters();
    void updateState();
    void updateButtons();
    // The code of the one selected study, or empty.
    QString selectedCode() const;
    // New and Edit only for roles that may change studies.
    void applyRole();
    void showLoadError(const ApiError &error);
    void newProject();
    void editProject();
    void onProjectSaved(const Project &project);

    ApiClient &m_api;
    ProjectTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;

    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QPushButton *m_newButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    RecordTableView *m_table = nullptr;
    MessageBanner *m_stateLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_moreButton = nullptr;
    QTimer *m_searchTimer = nullptr;
    QString m_errorText;
};

} // namespace td
