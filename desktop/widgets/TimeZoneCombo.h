#pragma once

#include <QComboBox>
#include <optional>

namespace td {

// An editable choice of IANA time zone (every id QTimeZone knows), completed as the
// user types any part of it ("york" finds America/New_York). With a study zone set,
// the first entry stands for "the study's zone" and zoneId() is empty while it is chosen.
class TimeZoneCombo : public QComboBox
{
    Q_OBJECT

public:
    explicit TimeZoneCombo(QWidget *parent = nullptr);

    // Adds (or relabels) the first entry, "the study's zone (<studyZone>)".
    void setStudyZone(const QString &studyZone);
    // The chosen id, as typed (trimmed); nullopt for the study's zone.
    std::optional<QString> zoneId() const;
    // nullopt chooses the study's zone (the first id when there is none).
    void setZoneId(const std::optional<QString> &id);
    // False when the text typed is no zone QTimeZone knows.
    bool hasValidZone() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QString m_studyZone;
    bool m_hasStudyEntry = false;
};

} // namespace td
