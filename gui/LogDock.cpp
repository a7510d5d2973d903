#include "LogDock.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QScrollBar>

namespace OrderDesk {

namespace {

// Shared with the handler, which runs on whichever thread logs. The newest dock shows the log.
struct Relay
{
    QMutex mutex;
    QList<LogDock *> docks;
    bool installed = false;
    QtMessageHandler previous = nullptr;
    QStringList pending;
    int dropped = 0;
    bool flushScheduled = false;
};

Relay &relay()
{
    static Relay instance;
    return instance;
}

} // namespace

LogDock::LogDock(QWidget *parent)
    : QDockWidget(tr("Log"), parent)
{
    setObjectName(QStringLiteral("logDock"));
    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(MaxLines);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setWidget(m_view);

    startCapture();
    Relay &r = relay();
    QMutexLocker locker(&r.mutex);
    r.docks.append(this);
    // What was logged before the window existed (start-up) is shown too.
    if (!r.pending.isEmpty() && !r.flushScheduled) {
        r.flushScheduled = true;
        QMetaObject::invokeMethod(this, &LogDock::appendPending, Qt::QueuedConnection);
    }
}

void LogDock::startCapture()
{
    Relay &r = relay();
    QMutexLocker locker(&r.mutex);
    if (r.installed)
        return;
    r.previous = qInstallMessageHandler(&LogDock::handleMessage);
    r.installed = true;
}

LogDock::~LogDock()
{
    Relay &r = relay();
    QMutexLocker locker(&r.mutex);
    r.docks.removeAll(this);
    if (r.docks.isEmpty()) {
        qInstallMessageHandler(r.previous);
        r.installed = false;
        r.previous = nullptr;
        r.pending.clear();
        r.flushScheduled = false;
    } else if (r.flushScheduled) {
        // The flush may have been posted to this dock: post it again to the one left.
        QMetaObject::invokeMethod(r.docks.constLast(), &LogDock::appendPending,
                                  Qt::QueuedConnection);
    }
}

int LogDock::lineCount() const
{
    return m_view->document()->blockCount() - (m_view->document()->isEmpty() ? 1 : 0);
}

QString LogDock::text() const
{
    return m_view->toPlainText();
}

void LogDock::handleMessage(QtMsgType type, const QMessageLogContext &context,
                            const QString &message)
{
    Relay &r = relay();
    QtMessageHandler previous = nullptr;
    {
        QMutexLocker locker(&r.mutex);
        previous = r.previous;
        if (r.installed) {
            r.pending.append(qFormatLogMessage(type, context, message));
            // A runaway logger must not grow memory while the GUI thread is busy.
            if (r.pending.size() > MaxLines) {
                r.dropped += int(r.pending.size()) - MaxLines;
                r.pending.erase(r.pending.begin(), r.pending.end() - MaxLines);
            }
            if (!r.docks.isEmpty() && !r.flushScheduled) {
                r.flushScheduled = true;
                // Posting under the lock: the destructor takes it too, so the dock is alive.
                QMetaObject::invokeMethod(r.docks.constLast(), &LogDock::appendPending,
                                          Qt::QueuedConnection);
            }
        }
    }
    if (previous)
        previous(type, context, message);
}

void LogDock::appendPending()
{
    QStringList lines;
    int dropped = 0;
    {
        Relay &r = relay();
        QMutexLocker locker(&r.mutex);
        lines.swap(r.pending);
        dropped = r.dropped;
        r.dropped = 0;
        r.flushScheduled = false;
    }
    if (lines.isEmpty())
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool following = bar->value() == bar->maximum();
    if (dropped > 0)
        m_view->appendPlainText(tr("… %n line(s) skipped", nullptr, dropped));
    m_view->appendPlainText(lines.join(QLatin1Char('\n')));
    if (following)
        bar->setValue(bar->maximum());
}

} // namespace OrderDesk
