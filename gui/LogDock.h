#pragma once

#include <QDockWidget>
#include <QMutex>
#include <QStringList>

class QPlainTextEdit;

namespace OrderDesk {

// The program's log (every QLoggingCategory) in a dock. A message handler, installed for the
// dock's lifetime, passes each message on to the previous handler (stderr) and hands a copy to
// the dock: messages come from any thread, so they are buffered under a lock and appended on
// the GUI thread in batches. Both the buffer and the view are bounded.
class LogDock : public QDockWidget
{
    Q_OBJECT

public:
    static constexpr int MaxLines = 2000;

    explicit LogDock(QWidget *parent = nullptr);
    ~LogDock() override;

    // Starts collecting messages before any dock exists (call it before the engine starts, so
    // the window shows the start-up lines); the first dock takes them over.
    static void startCapture();

    int lineCount() const;
    QString text() const;

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context,
                              const QString &message);
    void appendPending();

    QPlainTextEdit *m_view = nullptr;
};

} // namespace OrderDesk
