#include "WelcomePage.h"

#include "AppMetadata.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace td {

namespace {

constexpr int ContentMinimumWidth = 380;
constexpr int ContentMaximumWidth = 620;
constexpr int LogoSize = 72;

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent) {
    auto *logoLabel = new QLabel(this);
    logoLabel->setObjectName(QStringLiteral("logoLabel"));
    logoLabel->setPixmap(AppMetadata::icon().pixmap(LogoSize, LogoSize));
    logoLabel->setFixedSize(LogoSize, LogoSize);

    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("welcomeTitleLabel"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.7);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);

    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("welcomeIntroLabel"));
    m_introLabel->setWordWrap(true);

    m_serverUrlEdit = new QLineEdit(this);
    m_serverUrlEdit->setObjectName(QStringLiteral("serverUrlEdit"));
    m_serverUrlEdit->setClearButtonEnabled(true);
    m_serverUrlEdit->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);

    m_serverUrlLabel = new QLabel(this);
    m_serverUrlLabel->setObjectName(QStringLiteral("serverUrlLabel"));
    m_serverUrlLabel->setBuddy(m_serverUrlEdit);

    m_connectButton = new QPushButton(this);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);

    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("serverUrlHintLabel"));
    m_hintLabel->setWordWrap(true);

    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(16);
    titleRow->addWidget(logoLabel);
    titleRow->addWidget(m_titleLabel, 1);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_serverUrlEdit, 1);
    urlRow->addWidget(m_connectButton);

    // The text column grows with the window up to a comfortable reading width and
    // stays centred; word-wrapped labels get their height for the actual width.
    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("welcomeContent"));
    content->setMinimumWidth(ContentMinimumWidth);
    content->setMaximumWidth(ContentMaximumWidth);
    content->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(titleRow);
    contentLayout->addSpacing(12);
    contentLayout->addWidget(m_introLabel);
    contentLayout->addSpacing(20);
    contentLayout->addWidget(m_serverUrlLabel);
    contentLayout->addLayout(urlRow);
    contentLayout->addWidget(m_hintLabel);

    auto *centreRow = new QHBoxLayout;
    centreRow->addStretch(1);
    centreRow->addWidget(content, 100);
    centreRow->addStretch(1);

    auto *pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(32, 32, 32, 32);
    pageLayout->addStretch(1);
    pageLayout->addLayout(centreRow);
    pageLayout->addStretch(2);

    connect(m_connectButton, &QPushButton::clicked, this,
            [this] { Q_EMIT connectRequested(m_serverUrlEdit->text()); });
    connect(m_serverUrlEdit, &QLineEdit::returnPressed, this,
            [this] { Q_EMIT connectRequested(m_serverUrlEdit->text()); });

    retranslateUi();
}

QString WelcomePage::serverUrl() const {
    return m_serverUrlEdit->text();
}

void WelcomePage::setServerUrl(const QString &url) {
    m_serverUrlEdit->setText(url);
}

void WelcomePage::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslateUi() {
    m_titleLabel->setText(tr("Welcome to TrialDesk"));
    m_introLabel->setText(
        tr("TrialDesk works with a TrialDesk server, which stores your studies, subjects, questionnaires "
           "and vital signs. Enter the address of the server you received from your study team and "
           "click Connect."));
    m_serverUrlLabel->setText(tr("Server &URL:"));
    m_serverUrlEdit->setPlaceholderText(tr("For example https://trialdesk.example.org"));
    m_connectButton->setText(tr("&Connect"));
    m_hintLabel->setText(
        tr("The address starts with http:// or https://, e.g. http://127.0.0.1:8080 for a server on this "
           "computer."));
}

} // namespace td
