#include "Permissions.h"

#include "Roles.h"

namespace td {

bool isAllowed(const QString &role, Permission permission)
{
    const std::optional<Role> r = roleFromName(role);
    if (!r)
        return false;
    switch (permission) {
    case Permission::EditStudies:
        return *r == Role::Admin || *r == Role::Pm;
    case Permission::EnrolSubjects:
    case Permission::IssueSubjectTokens:
    case Permission::ReviewSubmissions:
    case Permission::SignSubmissions:
        return *r == Role::Admin || *r == Role::Pm || *r == Role::Crc;
    }
    return false;
}

} // namespace td
