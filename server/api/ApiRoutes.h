#pragma once

#include "http/RouteTable.h"

#include <vector>

namespace td {

class AuthApi;
class EventsApi;
class IntakeApi;
class ProjectsApi;
class QuestionnairesApi;
class ReviewApi;
class ScheduleApi;
class SystemApi;
class WebhooksApi;

// THE route table: every endpoint with its method, path, handler and allowed roles.
std::vector<Route> apiRoutes(AuthApi &auth, ProjectsApi &projects, IntakeApi &intake, ReviewApi &review,
                             ScheduleApi &schedules, SystemApi &system, QuestionnairesApi &questionnaires,
                             EventsApi &events, WebhooksApi &webhooks);

} // namespace td
