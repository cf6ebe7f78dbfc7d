#pragma once

#include <QWidget>

namespace td {

class ApiClient;

// Placeholder until the page is built (issue #4).
class VitalsPage : public QWidget
{
    Q_OBJECT
public:
    explicit VitalsPage(ApiClient &api, QWidget *parent = nullptr);

private:
    ApiClient &m_api;
};

} // namespace td
