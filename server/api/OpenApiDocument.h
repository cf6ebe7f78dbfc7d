#pragma once

#include <QJsonObject>

namespace td {

class RouteTable;

// An OpenAPI 3.0 description of every route in `routes`, with the JSON schemas of
// the request and answer bodies they name.
QJsonObject openApiDocument(const RouteTable &routes);

} // namespace td
