#include "SubjectTokenDialog.h"

#include "widgets/MessageBanner.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>
#include <memory>
#include <qrencode.h>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int QuietZone = 4;

struct QrCodeDeleter {
    void operator()(QRcode *code) const { QRcode_free(code); }
};

} // namespace

QImage SubjectTokenDialog::qrCode(const QString &text, int scale)
{
    const QByteArray utf8 = text.toUtf8();
    const std::unique_ptr<QRcode, QrCodeDeleter> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code || code->width <= 0)
        return {};
    const int modules = code->width + 2 * QuietZone;
    QImage image(modules * scale, modules * scale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1)
                painter.drawRect((x + QuietZone) * scale, (y + QuietZone) * scale, scale, scale);
        }
    }
    return image;
}

SubjectTokenDialog::SubjectTokenDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"subjectTokenDialog"_s);
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(u"tokenIntroLabel"_s);
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(u"tokenEdit"_s);
    m_tokenEdit->setReadOnly(true);
    m_tokenEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tokenEdit->setMinimumWidth(420);
    m_copyButton = new QPushButton(this);
    m_copyButton->setObjectName(u"copyTokenButton"_s);
    m_qrLabel = new QLabel(this);
    m_qrLabel->setObjectName(u"tokenQrLabel"_s);
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_warningLabel = new MessageBanner(this);
    m_warningLabel->setObjectName(u"tokenWarningLabel"_s);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_closeButton = buttons->button(QDialogButtonBox::Close);

    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_tokenEdit, 1);
    tokenRow->addWidget(m_copyButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(tokenRow);
    layout->addWidget(m_qrLabel, 1);
    layout->addWidget(m_warningLabel);
    layout->addWidget(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &SubjectTokenDialog::copyToken);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslateUi();
}

void SubjectTokenDialog::setToken(const QString &subjectId, const QString &token, bool reissued)
{
    m_subjectId = subjectId;
    m_reissued = reissued;
    m_tokenEdit->setText(token);
    m_qrImage = qrCode(token);
    m_qrLabel->setPixmap(QPixmap::fromImage(m_qrImage));
    retranslateUi();
}

QString SubjectTokenDialog::token() const
{
    return m_tokenEdit->text();
}

void SubjectTokenDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SubjectTokenDialog::retranslateUi()
{
    setWindowTitle(tr("Subject Token"));
    m_introLabel->setText(m_reissued ? tr("New token for subject %1. The previous token no longer works. Let the "
                                          "patient scan the code with the app, or give them the text.")
                                           .arg(m_subjectId)
                                     : tr("Subject %1 is enrolled. Let the patient scan the code with the app, or "
                                          "give them the text.")
                                           .arg(m_subjectId));
    m_copyButton->setText(tr("&Copy"));
    m_warningLabel->showMessage([] { return tr("This token is shown only once. If it is lost, re-issue a new one."); },
                                MessageBanner::Kind::Warning);
}

void SubjectTokenDialog::copyToken()
{
    QGuiApplication::clipboard()->setText(m_tokenEdit->text());
    m_copyButton->setText(tr("Copied"));
}

} // namespace td
