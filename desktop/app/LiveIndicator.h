#pragma once

#include "net/EventStream.h"

#include <QWidget>

class QLabel;

namespace td {

// The status bar's view of the event stream (issue #16): a coloured dot and one word
// (Live, Connecting…, Reconnecting…, Offline, Signed out), with the time of the last
// event in the tooltip. Only shows; EventStream does the connecting.
class LiveIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit LiveIndicator(EventStream &stream, QWidget *parent = nullptr);

    QString text() const;
    static QString stateText(EventStream::State state);

protected:
    void changeEvent(QEvent *event) override;

private:
    void update();

    EventStream &m_stream;
    QLabel *m_dot;
    QLabel *m_label;
};

} // namespace td
