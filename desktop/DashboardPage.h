#pragma once

#include <QWidget>

namespace td {

class ApiClient;

// Placeholder until the page is built (issue #4).
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(ApiClient &api, QWidget *parent = nullptr);

private:
    ApiClient &m_api;
};

} // namespace td
