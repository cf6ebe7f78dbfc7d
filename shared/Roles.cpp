#include "Roles.h"

using namespace Qt::StringLiterals;

namespace td {

QString roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return u"admin"_s;
    case Role::Pm:
        return u"pm"_s;
    case Role::Crc:
        return u"crc"_s;
    case Role::Monitor:
        return u"monitor"_s;
    case Role::Subject:
        return u"subject"_s;
    }
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (Role r : {Role::Admin, Role::Pm, Role::Crc, Role::Monitor, Role::Subject}) {
        if (roleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QStringList staffRoleNames()
{
    return {u"admin"_s, u"pm"_s, u"crc"_s, u"monitor"_s};
}

bool seesPersonalData(Role role)
{
    return role == Role::Admin || role == Role::Pm || role == Role::Crc;
}

} // namespace td
