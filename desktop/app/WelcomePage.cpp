#include "WelcomePage.h"

#include "app/AppMetadata.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace td {

namespace {

constexpr int ContentMinimumWidth = 380;
constexpr int ContentMaximumWidth = 620;
constexpr int LogoSize = 72;

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
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

    m_signInButton = new QPushButton(this);
    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    m_signInButton->setDefault(true);

    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("serverUrlHintLabel"));
    m_hintLabel->setWordWrap(true);

    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(16);
    titleRow->addWidget(logoLabel);
    titleRow->addWidget(m_titleLabel, 1);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_signInButton);
    buttonRow->addStretch(1);

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
    contentLayout->addLayout(buttonRow);
    contentLayout->addSpacing(8);
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

    connect(m_signInButton, &QPushButton::clicked, this, &WelcomePage::signInRequested);

    retranslateUi();
}

void WelcomePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslateUi()
{
    m_titleLabel->setText(tr("Welcome to TrialDesk"));
    m_introLabel->setText(
        tr("TrialDesk works with a TrialDesk server, which stores your studies, subjects, questionnaires "
           "and vital signs. Sign in with the server address and the account you received from your study "
           "team."));
    m_signInButton->setText(tr("&Sign In…"));
    m_hintLabel->setText(
        tr("The address starts with http:// or https://, e.g. http://127.0.0.1:8080 for a server on this "
           "computer."));
}

} // namespace td
