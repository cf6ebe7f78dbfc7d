#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// Who someone is to TrialDesk. Staff roles come with accounts; `Subject` is a
// patient app holding a subject token.
enum class Role : unsigned {
    Admin = 1,   // accounts, everything
    Pm = 2,      // project manager: studies, subjects, review
    Crc = 4,     // research nurse / coordinator: subjects, review
    Monitor = 8, // read-only, no personal data
    Subject = 16,
};

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
// The roles a staff account can have (not Subject).
QStringList staffRoleNames();
// May this role see names and phone numbers unmasked?
bool seesPersonalData(Role role);

} // namespace td
