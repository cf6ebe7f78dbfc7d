#pragma once

#include <QWidget>

namespace td {

class ApiClient;

// Placeholder until the page is built (issue #4).
class SubjectsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SubjectsPage(ApiClient &api, QWidget *parent = nullptr);

private:
    ApiClient &m_api;
};

} // namespace td
