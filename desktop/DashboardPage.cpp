#include "DashboardPage.h"

#include "ApiClient.h"

#include <QLabel>
#include <QVBoxLayout>

namespace td {

DashboardPage::DashboardPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Coming soon."), this));
}

} // namespace td
