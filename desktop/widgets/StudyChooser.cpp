#include "StudyChooser.h"

#include "net/ApiClient.h"

#include <QEvent>
#include <QPointer>

namespace td {

StudyChooser::StudyChooser(ApiClient &api, QWidget *parent)
    : ElidingComboBox(parent)
    , m_api(api)
{
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(24);
}

QString StudyChooser::currentCode() const
{
    return currentData().toString();
}

void StudyChooser::loadOnce()
{
    if (!m_loaded && !m_loading && m_api.isSignedIn())
        load();
}

void StudyChooser::reload()
{
    if (!m_loading)
        load();
}

QString StudyChooser::itemText(const Project &project)
{
    //: A study in the selector: %1 is its code, %2 its title.
    return tr("%1 – %2").arg(project.code, project.title);
}

QCoro::Task<> StudyChooser::load()
{
    QPointer<StudyChooser> self(this);
    m_loading = true;
    Q_EMIT loadingStarted();
    const Result<QList<Project>> projects = co_await m_api.activeProjects();
    if (!self)
        co_return;
    m_loading = false;
    if (!projects) {
        Q_EMIT loadFailed(projects.error());
        co_return;
    }
    m_loaded = true;
    const QString previous = currentCode();
    m_studies = projects.value();
    {
        // The page starts over once, on studiesLoaded(), not on each item change.
        const QSignalBlocker blocker(this);
        clear();
        for (const Project &p : std::as_const(m_studies))
            addItem(itemText(p), p.code);
        const int index = findData(previous);
        setCurrentIndex(index >= 0 ? index : 0);
    }
    Q_EMIT studiesLoaded();
}

void StudyChooser::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // Item texts only: the choice stays, and no page reloads.
        for (int i = 0; i < count() && i < m_studies.size(); ++i)
            setItemText(i, itemText(m_studies.at(i)));
    }
    ElidingComboBox::changeEvent(event);
}

} // namespace td
