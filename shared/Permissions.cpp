#include "Permissions.h"

namespace td {

bool isAllowed(const QString &role, Permission permission)
{
    const std::optional<Role> r = roleFromName(role);
    return r && isAllowed(*r, permission);
}

} // namespace td
