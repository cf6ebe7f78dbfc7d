#include "QuestionnairePreview.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimeEdit>
#include <QToolButton>
#include <QTranslator>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

namespace {

using Type = QuestionnaireItem::Type;

// A spin box shows its "special value" (nothing answered yet) one step below the
// lowest allowed answer; numbers without bounds get these wide ones.
constexpr int kIntLimit = 999'999'999;
constexpr double kDecimalLimit = 1e9;
// Line edits for short answers, a text box beyond this many characters.
constexpr int kLineEditLimit = 200;
// More points than this and a rating scale becomes a slider.
constexpr int kMaxRatingButtons = 11;
const QDate kNoDate(1900, 1, 1);

int clampToInt(double d)
{
    return int(std::clamp(d, double(-kIntLimit), double(kIntLimit)));
}

// The form words rendered in the patient's language (see formWord()).
const char *const kYes = QT_TRANSLATE_NOOP("td::QuestionnairePreview", "Yes");
const char *const kNo = QT_TRANSLATE_NOOP("td::QuestionnairePreview", "No");
//: Shown beside a slider the patient has not moved yet.
const char *const kNotAnswered = QT_TRANSLATE_NOOP("td::QuestionnairePreview", "not answered");
//: A button beside a date or time answer: makes it unanswered again.
const char *const kClear = QT_TRANSLATE_NOOP("td::QuestionnairePreview", "Clear");
// What a date or time editor shows while unanswered: a time has no value below
// 00:00 of its own, so its special value text is on only until the patient sets it.
const QString kUnanswered = QStringLiteral("–");
//: Marks an item the patient must answer.
const char *const kRequired = QT_TRANSLATE_NOOP("td::QuestionnairePreview", "(required)");

} // namespace

QuestionnairePreview::QuestionnairePreview(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"questionnairePreview"_s);
    m_chinese = new QTranslator(this);
    // The compiled translation of the app itself, embedded by qt_add_translations.
    if (!m_chinese->load(u":/i18n/trialdesk_zh_CN.qm"_s))
        qWarning("QuestionnairePreview: no Chinese translation embedded");
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"previewScrollArea"_s);
    m_scroll->setWidgetResizable(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
    rebuild();
}

QuestionnairePreview::~QuestionnairePreview() = default;

void QuestionnairePreview::setDefinition(const QuestionnaireDefinition &definition)
{
    for (const ItemView &view : std::as_const(m_views))
        m_kept.insert(view.item.key, rawAnswer(view));
    m_definition = definition;
    rebuild();
}

void QuestionnairePreview::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    for (const ItemView &view : std::as_const(m_views))
        m_kept.insert(view.item.key, rawAnswer(view));
    m_language = language;
    rebuild();
}

QString QuestionnairePreview::text(const LocalizedText &text) const
{
    return text.text(m_language);
}

QString QuestionnairePreview::formWord(const char *source) const
{
    if (m_language.startsWith(u"zh"_s)) {
        const QString translated = m_chinese->translate("td::QuestionnairePreview", source);
        if (!translated.isEmpty())
            return translated;
    }
    return QString::fromUtf8(source);
}

void QuestionnairePreview::rebuild()
{
    m_views.clear();
    // The old form goes at once: tests and the page look children up by name.
    if (QWidget *old = m_scroll->takeWidget())
        delete old;
    m_form = new QWidget;
    m_form->setObjectName(u"previewForm"_s);
    auto *layout = new QVBoxLayout(m_form);
    m_title = new QLabel(text(m_definition.title), m_form);
    m_title->setObjectName(u"previewTitleLabel"_s);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_description = new QLabel(text(m_definition.description), m_form);
    m_description->setWordWrap(true);
    m_description->setVisible(!m_definition.description.isEmpty());
    layout->addWidget(m_description);

    m_views.reserve(m_definition.items.size());
    for (const QuestionnaireItem &item : std::as_const(m_definition.items)) {
        ItemView view;
        view.item = item;
        m_views.append(view);
    }

    QString currentSection;
    QVBoxLayout *target = layout;
    QWidget *targetParent = m_form;
    for (int i = 0; i < m_views.size(); ++i) {
        ItemView &view = m_views[i];
        if (view.item.section != currentSection || (i == 0 && !view.item.section.isEmpty())) {
            currentSection = view.item.section;
            if (currentSection.isEmpty()) {
                target = layout;
                targetParent = m_form;
            } else {
                QString title = currentSection;
                for (const QuestionnaireSection &s : std::as_const(m_definition.sections)) {
                    if (s.key == currentSection)
                        title = text(s.title);
                }
                auto *group = new QGroupBox(title, m_form);
                group->setObjectName(u"section_"_s + currentSection);
                target = new QVBoxLayout(group);
                targetParent = group;
                layout->addWidget(group);
            }
        }
        target->addWidget(createItem(view, targetParent));
    }
    layout->addStretch(1);
    m_scroll->setWidget(m_form);

    m_restoring = true;
    for (ItemView &view : m_views)
        restoreAnswer(view, m_kept.value(view.item.key));
    m_restoring = false;
    applyConditions();
}

QWidget *QuestionnairePreview::createItem(ItemView &view, QWidget *parent)
{
    auto *box = new QFrame(parent);
    box->setObjectName(u"item_"_s + view.item.key);
    box->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(box);
    QString label = text(view.item.label);
    if (view.item.required)
        label += u' ' + formWord(kRequired);
    view.label = new QLabel(label, box);
    view.label->setObjectName(u"label_"_s + view.item.key);
    view.label->setWordWrap(true);
    QFont bold = view.label->font();
    bold.setBold(true);
    view.label->setFont(bold);
    layout->addWidget(view.label);
    if (!view.item.help.isEmpty()) {
        auto *help = new QLabel(text(view.item.help), box);
        help->setObjectName(u"help_"_s + view.item.key);
        help->setWordWrap(true);
        help->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(help);
    }
    view.box = box;
    layout->addWidget(createEditor(view, box));
    return box;
}

QWidget *QuestionnairePreview::createEditor(ItemView &view, QWidget *parent)
{
    const QuestionnaireItem &item = view.item;
    const int index = int(&view - m_views.data());
    const QString unit = item.unit.isEmpty() ? QString() : u' ' + item.unit;
    auto edited = [this, index] { onEdited(index); };
    switch (item.type) {
    case Type::Integer: {
        auto *spin = new QSpinBox(parent);
        const int lo = clampToInt(item.lowest().value_or(-kIntLimit + 1));
        spin->setRange(lo - 1, clampToInt(item.highest().value_or(kIntLimit)));
        spin->setSpecialValueText(u"–"_s); // one below the lowest answer: not answered
        spin->setValue(spin->minimum());
        spin->setSuffix(unit);
        connect(spin, &QSpinBox::valueChanged, this, edited);
        view.editor = spin;
        return spin;
    }
    case Type::Decimal: {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setDecimals(2);
        spin->setSingleStep(0.1);
        const double lo = item.lowest().value_or(-kDecimalLimit + 1);
        spin->setRange(lo - 1, item.highest().value_or(kDecimalLimit));
        spin->setSpecialValueText(u"–"_s);
        spin->setValue(spin->minimum());
        spin->setSuffix(unit);
        connect(spin, &QDoubleSpinBox::valueChanged, this, edited);
        view.editor = spin;
        return spin;
    }
    case Type::Text: {
        const int limit = item.maxLength.value_or(QuestionnaireItem::kDefaultTextLength);
        if (limit <= kLineEditLimit) {
            auto *line = new QLineEdit(parent);
            line->setMaxLength(limit);
            connect(line, &QLineEdit::textChanged, this, edited);
            view.editor = line;
            return line;
        }
        auto *box = new QPlainTextEdit(parent);
        box->setMaximumHeight(box->fontMetrics().lineSpacing() * 5);
        connect(box, &QPlainTextEdit::textChanged, this, [this, box, limit, index] {
            // QPlainTextEdit has no length limit of its own.
            if (box->toPlainText().size() > limit) {
                const QSignalBlocker block(box);
                box->setPlainText(box->toPlainText().left(limit));
                box->moveCursor(QTextCursor::End);
            }
            onEdited(index);
        });
        view.editor = box;
        return box;
    }
    case Type::Date: {
        auto *holder = new QWidget(parent);
        auto *date = new QDateEdit(holder);
        date->setCalendarPopup(true);
        date->setDisplayFormat(u"yyyy-MM-dd"_s);
        date->setDateRange(kNoDate, QDate(2100, 12, 31));
        date->setSpecialValueText(kUnanswered);
        date->setDate(kNoDate);
        connect(date, &QDateEdit::dateChanged, this, edited);
        view.editor = date;
        addClearButton(view, holder, [date] { date->setDate(kNoDate); });
        return holder;
    }
    case Type::Time: {
        auto *holder = new QWidget(parent);
        auto *time = new QTimeEdit(holder);
        time->setDisplayFormat(u"HH:mm"_s);
        view.editor = time;
        setTimeAnswered(view, false);
        connect(time, &QTimeEdit::timeChanged, this, [this, index] {
            setTimeAnswered(m_views[index], true);
            onEdited(index);
        });
        addClearButton(view, holder, [this, index] {
            setTimeAnswered(m_views[index], false);
            onEdited(index);
        });
        return holder;
    }
    case Type::Boolean:
    case Type::SingleChoice:
    case Type::MultipleChoice: {
        auto *holder = new QWidget(parent);
        const bool yesNo = item.type == Type::Boolean;
        QBoxLayout *layout = yesNo ? static_cast<QBoxLayout *>(new QHBoxLayout(holder)) : new QVBoxLayout(holder);
        layout->setContentsMargins(0, 0, 0, 0);
        view.group = new QButtonGroup(holder);
        view.group->setExclusive(item.type != Type::MultipleChoice);
        QStringList texts;
        if (yesNo) {
            texts = {formWord(kYes), formWord(kNo)};
        } else {
            for (const QuestionnaireItem::Choice &choice : item.choices)
                texts << text(choice.label);
        }
        for (int i = 0; i < texts.size(); ++i) {
            QAbstractButton *button = item.type == Type::MultipleChoice
                                          ? static_cast<QAbstractButton *>(new QCheckBox(texts.at(i), holder))
                                          : new QRadioButton(texts.at(i), holder);
            button->setObjectName(u"%1_%2"_s.arg(item.key).arg(i));
            view.group->addButton(button, i);
            view.buttons << button;
            layout->addWidget(button);
        }
        if (yesNo)
            layout->addStretch(1);
        connect(view.group, &QButtonGroup::idToggled, this, edited);
        view.editor = holder;
        return holder;
    }
    case Type::RatingScale:
    case Type::VisualAnalogue:
        return createScale(view, parent);
    }
    return new QWidget(parent);
}

// A numeric rating scale of up to 11 points is a row of buttons, one per point, as
// on paper; longer ones and the visual analogue scale are sliders. The anchors
// (what the ends mean) stand under either end.
QWidget *QuestionnairePreview::createScale(ItemView &view, QWidget *parent)
{
    const QuestionnaireItem &item = view.item;
    const int index = int(&view - m_views.data());
    const int lo = clampToInt(item.lowest().value_or(0));
    const int hi = clampToInt(item.highest().value_or(10));
    auto *holder = new QWidget(parent);
    auto *layout = new QVBoxLayout(holder);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *scale = new QHBoxLayout;
    scale->setSpacing(2);
    if (item.type == Type::RatingScale && hi - lo + 1 <= kMaxRatingButtons) {
        view.group = new QButtonGroup(holder);
        view.group->setExclusive(true);
        for (int point = lo; point <= hi; ++point) {
            auto *button = new QPushButton(QString::number(point), holder);
            button->setObjectName(u"%1_%2"_s.arg(item.key).arg(point));
            button->setCheckable(true);
            button->setMinimumWidth(button->fontMetrics().horizontalAdvance(u"10"_s) + 14);
            button->setMaximumWidth(button->minimumWidth() + 16);
            // Ids from 0: QButtonGroup takes -1 for "pick one".
            view.group->addButton(button, point - lo);
            view.buttons << button;
            scale->addWidget(button);
        }
        connect(view.group, &QButtonGroup::idToggled, this, [this, index] { onEdited(index); });
        view.editor = holder;
    } else {
        auto *slider = new QSlider(Qt::Horizontal, holder);
        slider->setRange(lo, hi);
        slider->setTickPosition(QSlider::TicksBelow);
        slider->setTickInterval(std::max(1, (hi - lo) / 10));
        slider->setMinimumWidth(200);
        view.valueLabel = new QLabel(holder);
        view.valueLabel->setObjectName(u"value_"_s + item.key);
        connect(slider, &QSlider::valueChanged, this, [this, index] {
            m_views[index].touched = true;
            onEdited(index);
        });
        scale->addWidget(slider, 1);
        scale->addWidget(view.valueLabel);
        view.editor = slider;
    }
    if (view.group)
        scale->addStretch(1);
    layout->addLayout(scale);
    auto *anchors = new QHBoxLayout;
    auto *minAnchor = new QLabel(text(item.minAnchor), holder);
    minAnchor->setObjectName(u"minAnchor_"_s + item.key);
    auto *maxAnchor = new QLabel(text(item.maxAnchor), holder);
    maxAnchor->setObjectName(u"maxAnchor_"_s + item.key);
    maxAnchor->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    anchors->addWidget(minAnchor);
    anchors->addStretch(1);
    anchors->addWidget(maxAnchor);
    if (view.group) {
        // Under the ends of the row of buttons, not of the whole line.
        auto *row = new QWidget(holder);
        row->setLayout(anchors);
        anchors->setContentsMargins(0, 0, 0, 0);
        row->setMaximumWidth(int(view.buttons.size()) * (view.buttons.first()->maximumWidth() + 2));
        layout->addWidget(row);
    } else {
        layout->addLayout(anchors);
    }
    return holder;
}

QJsonValue QuestionnairePreview::rawAnswer(const ItemView &view) const
{
    switch (view.item.type) {
    case Type::Integer: {
        auto *spin = static_cast<QSpinBox *>(view.editor);
        return spin->value() == spin->minimum() ? QJsonValue() : QJsonValue(spin->value());
    }
    case Type::Decimal: {
        auto *spin = static_cast<QDoubleSpinBox *>(view.editor);
        return spin->value() == spin->minimum() ? QJsonValue() : QJsonValue(spin->value());
    }
    case Type::Text: {
        const QString s = qobject_cast<QLineEdit *>(view.editor)
                              ? static_cast<QLineEdit *>(view.editor)->text()
                              : static_cast<QPlainTextEdit *>(view.editor)->toPlainText();
        return s.trimmed().isEmpty() ? QJsonValue() : QJsonValue(s);
    }
    case Type::Date: {
        const QDate d = static_cast<QDateEdit *>(view.editor)->date();
        return d == kNoDate ? QJsonValue() : QJsonValue(d.toString(Qt::ISODate));
    }
    case Type::Time:
        return view.touched ? QJsonValue(static_cast<QTimeEdit *>(view.editor)->time().toString(u"HH:mm"_s))
                            : QJsonValue();
    case Type::Boolean:
        return view.group->checkedId() < 0 ? QJsonValue() : QJsonValue(view.group->checkedId() == 0);
    case Type::SingleChoice: {
        const int id = view.group->checkedId();
        return id < 0 || id >= view.item.choices.size() ? QJsonValue() : QJsonValue(view.item.choices.at(id).code);
    }
    case Type::MultipleChoice: {
        QJsonArray codes;
        for (int i = 0; i < view.buttons.size() && i < view.item.choices.size(); ++i) {
            if (view.buttons.at(i)->isChecked())
                codes.append(view.item.choices.at(i).code);
        }
        return codes.isEmpty() ? QJsonValue() : QJsonValue(codes);
    }
    case Type::RatingScale:
    case Type::VisualAnalogue:
        if (view.group) {
            const int lo = clampToInt(view.item.lowest().value_or(0));
            return view.group->checkedId() < 0 ? QJsonValue() : QJsonValue(lo + view.group->checkedId());
        }
        return view.touched ? QJsonValue(static_cast<QSlider *>(view.editor)->value()) : QJsonValue();
    }
    return {};
}

void QuestionnairePreview::restoreAnswer(ItemView &view, const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return;
    const QuestionnaireItem &item = view.item;
    switch (item.type) {
    case Type::Integer:
        if (value.isDouble())
            static_cast<QSpinBox *>(view.editor)->setValue(clampToInt(value.toDouble()));
        break;
    case Type::Decimal:
        if (value.isDouble())
            static_cast<QDoubleSpinBox *>(view.editor)->setValue(value.toDouble());
        break;
    case Type::Text:
        if (auto *line = qobject_cast<QLineEdit *>(view.editor))
            line->setText(value.toString());
        else
            static_cast<QPlainTextEdit *>(view.editor)->setPlainText(value.toString());
        break;
    case Type::Date:
        if (const QDate d = QDate::fromString(value.toString(), Qt::ISODate); d.isValid())
            static_cast<QDateEdit *>(view.editor)->setDate(d);
        break;
    case Type::Time:
        if (const QTime t = QTime::fromString(value.toString(), u"HH:mm"_s); t.isValid()) {
            setTimeAnswered(view, true); // 00:00 too is an answer
            static_cast<QTimeEdit *>(view.editor)->setTime(t);
        }
        break;
    case Type::Boolean:
        if (value.isBool())
            view.buttons.at(value.toBool() ? 0 : 1)->setChecked(true);
        break;
    case Type::SingleChoice:
        for (int i = 0; i < item.choices.size(); ++i) {
            if (item.choices.at(i).code == value.toString())
                view.buttons.at(i)->setChecked(true);
        }
        break;
    case Type::MultipleChoice: {
        const QJsonArray codes = value.toArray();
        for (int i = 0; i < item.choices.size(); ++i)
            view.buttons.at(i)->setChecked(codes.contains(item.choices.at(i).code));
        break;
    }
    case Type::RatingScale:
    case Type::VisualAnalogue:
        if (!value.isDouble())
            break;
        if (view.group) {
            const int lo = clampToInt(item.lowest().value_or(0));
            if (QAbstractButton *button = view.group->button(int(value.toDouble()) - lo))
                button->setChecked(true);
        } else {
            static_cast<QSlider *>(view.editor)->setValue(int(value.toDouble()));
            view.touched = true;
        }
        break;
    }
}

void QuestionnairePreview::addClearButton(ItemView &view, QWidget *holder, std::function<void()> clear)
{
    auto *layout = new QHBoxLayout(holder);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view.editor);
    auto *button = new QToolButton(holder);
    button->setObjectName(u"clear_"_s + view.item.key);
    button->setText(formWord(kClear));
    layout->addWidget(button);
    layout->addStretch(1);
    connect(button, &QToolButton::clicked, this, std::move(clear));
}

void QuestionnairePreview::setTimeAnswered(ItemView &view, bool answered)
{
    auto *time = static_cast<QTimeEdit *>(view.editor);
    view.touched = answered;
    if (answered) {
        time->setSpecialValueText(QString());
    } else {
        // The minimum shows as unanswered until the patient picks a time.
        const QSignalBlocker block(time);
        time->setSpecialValueText(kUnanswered);
        time->setTime(time->minimumTime());
    }
}

void QuestionnairePreview::onEdited(int index)
{
    Q_UNUSED(index);
    if (m_restoring)
        return;
    applyConditions();
    Q_EMIT answersChanged();
}

void QuestionnairePreview::applyConditions()
{
    const QJsonObject given = answers();
    for (ItemView &view : m_views) {
        view.box->setHidden(!m_definition.isShown(view.item, given));
        if (view.valueLabel) {
            view.valueLabel->setText(view.touched ? QString::number(static_cast<QSlider *>(view.editor)->value())
                                                  : formWord(kNotAnswered));
        }
    }
}

QJsonObject QuestionnairePreview::answers() const
{
    // Conditions point to earlier items only, so one pass in order sees every
    // condition's answer before the item that depends on it.
    QJsonObject result;
    for (const ItemView &view : m_views) {
        if (!m_definition.isShown(view.item, result))
            continue;
        const QJsonValue value = rawAnswer(view);
        if (!value.isNull() && !value.isUndefined())
            result.insert(view.item.key, value);
    }
    return result;
}

void QuestionnairePreview::clearAnswers()
{
    m_kept.clear();
    for (ItemView &view : m_views)
        view.touched = false;
    rebuild();
    Q_EMIT answersChanged();
}

QWidget *QuestionnairePreview::itemBox(const QString &key) const
{
    for (const ItemView &view : m_views) {
        if (view.item.key == key)
            return view.box;
    }
    return nullptr;
}

QLabel *QuestionnairePreview::itemLabel(const QString &key) const
{
    for (const ItemView &view : m_views) {
        if (view.item.key == key)
            return view.label;
    }
    return nullptr;
}

QWidget *QuestionnairePreview::editor(const QString &key) const
{
    for (const ItemView &view : m_views) {
        if (view.item.key == key)
            return view.editor;
    }
    return nullptr;
}

QList<QAbstractButton *> QuestionnairePreview::buttons(const QString &key) const
{
    for (const ItemView &view : m_views) {
        if (view.item.key == key)
            return view.buttons;
    }
    return {};
}

} // namespace td
