// The installed tree (cmake --install into a DESTDIR), the man pages against --help, the
// systemd units through systemd-analyze, and the .deb that CPack builds (dpkg-deb -I / -c).
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int ToolTimeoutMs = 240'000;

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray output; // stdout
    QByteArray errors;
};

Run run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    result.finished = process.waitForFinished(ToolTimeoutMs);
    if (!result.finished)
        process.kill();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = process.readAllStandardOutput();
    result.errors = process.readAllStandardError();
    return result;
}

// Every long option that --help shows.
QStringList helpOptions(const QByteArray &help)
{
    static const QRegularExpression option(QStringLiteral("^\\s+(?:-\\w, )?--([a-z][a-z-]*)"),
                                           QRegularExpression::MultilineOption);
    QStringList names;
    for (auto it = option.globalMatch(QString::fromUtf8(help)); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

} // namespace

class tst_Packaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void installedTree_data();
    void installedTree();
    void icons();
    void manPagesListEveryOption_data();
    void manPagesListEveryOption();
    void bashCompletion();
    void unitFiles();
    void serviceStartsWithTheExampleConfig_data();
    void serviceStartsWithTheExampleConfig();
    void debianPackage();

private:
    QString installed(const QString &path) const { return m_root.filePath(path); }

    QTemporaryDir m_root; // the DESTDIR
};

void tst_Packaging::initTestCase()
{
    QVERIFY(m_root.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DESTDIR"), m_root.path());
    const Run install = run(QStringLiteral("cmake"),
                            {QStringLiteral("--install"), QStringLiteral(ORDERDESK_BUILD_DIR)},
                            environment);
    QVERIFY2(install.finished && install.exitCode == 0,
             install.output.right(2000) + install.errors.right(2000));
}

void tst_Packaging::installedTree_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("executable");

    const bool yes = true;
    QTest::newRow("orderdesk") << "usr/bin/orderdesk" << yes;
    QTest::newRow("orderdesk-market") << "usr/bin/orderdesk-market" << yes;
    for (const char *file :
         {"usr/share/man/man1/orderdesk.1.gz", "usr/share/man/man1/orderdesk-market.1.gz",
          "usr/share/applications/orderdesk.desktop",
          "usr/share/icons/hicolor/scalable/apps/orderdesk.svg",
          "usr/share/bash-completion/completions/orderdesk",
          "usr/share/bash-completion/completions/orderdesk-market", "etc/orderdesk/orderdesk.conf",
          "etc/orderdesk/orderdesk-market.conf", "etc/default/orderdesk",
          "etc/default/orderdesk-market", "usr/lib/systemd/system/orderdesk.service",
          "usr/lib/systemd/system/orderdesk-market.service"}) {
        QTest::newRow(file) << QString::fromLatin1(file) << false;
    }
}

void tst_Packaging::installedTree()
{
    QFETCH(QString, path);
    QFETCH(bool, executable);
    const QFileInfo info(installed(path));
    QVERIFY2(info.isFile(), qPrintable(info.filePath()));
    QVERIFY(info.size() > 0);
    QCOMPARE(info.isExecutable(), executable);
}

void tst_Packaging::icons()
{
    // Drawn from the one SVG by Qt Svg at build time, at every size the theme lists.
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        const QString path =
            installed(QStringLiteral("usr/share/icons/hicolor/%1x%1/apps/orderdesk.png").arg(size));
        QImageReader reader(path);
        QVERIFY2(reader.canRead(), qPrintable(path));
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), QSize(size, size));
        const QImage image = reader.read();
        // Not blank: the SVG's rounded square fills the middle.
        QVERIFY(qAlpha(image.pixel(size / 2, size / 2)) > 0);
    }
    // The desktop entry names the icon and the installed binary.
    QFile desktop(installed(QStringLiteral("usr/share/applications/orderdesk.desktop")));
    QVERIFY(desktop.open(QIODevice::ReadOnly));
    const QByteArray entry = desktop.readAll();
    QVERIFY(entry.contains("\nIcon=orderdesk\n"));
    QVERIFY(entry.contains("\nExec=orderdesk"));
}

void tst_Packaging::manPagesListEveryOption_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("orderdesk") << "orderdesk";
    QTest::newRow("orderdesk-market") << "orderdesk-market";
}

void tst_Packaging::manPagesListEveryOption()
{
    QFETCH(QString, program);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    const Run help = run(installed(QStringLiteral("usr/bin/") + program),
                         {QStringLiteral("--help")}, environment);
    QVERIFY2(help.finished && help.exitCode == 0, help.errors.constData());
    const QStringList options = helpOptions(help.output);
    QVERIFY2(options.size() >= 8, help.output.constData());
    QVERIFY(options.contains(QStringLiteral("config")));
    QVERIFY(options.contains(QStringLiteral("log-format")));

    const Run page = run(QStringLiteral("gzip"),
                         {QStringLiteral("-dc"),
                          installed(QStringLiteral("usr/share/man/man1/%1.1.gz").arg(program))});
    QVERIFY2(page.finished && page.exitCode == 0, page.errors.constData());
    const QString text = QString::fromUtf8(page.output);
    QVERIFY2(text.startsWith(QStringLiteral(".TH %1 1").arg(program.toUpper().replace(
                 QLatin1Char('-'), QLatin1String("\\-")))),
             qPrintable(text.left(200)));
    for (const QString &section : {QStringLiteral(".SH NAME"), QStringLiteral(".SH SYNOPSIS"),
                                   QStringLiteral(".SH OPTIONS"), QStringLiteral(".SH FILES"),
                                   QStringLiteral(".SH EXIT STATUS"),
                                   QStringLiteral(".SH CONFIGURATION FILE")}) {
        QVERIFY2(text.contains(section), qPrintable(section));
    }
    for (const QString &option : options) {
        const QString roff = QStringLiteral("\\fB\\-\\-%1\\fR").arg(
            QString(option).replace(QLatin1Char('-'), QLatin1String("\\-")));
        QVERIFY2(text.contains(roff), qPrintable(program + QStringLiteral(": --") + option));
    }
}

void tst_Packaging::bashCompletion()
{
    QFile script(installed(QStringLiteral("usr/share/bash-completion/completions/orderdesk")));
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QByteArray text = script.readAll();
    QVERIFY(text.contains("complete -F _orderdesk orderdesk"));
    QVERIFY(text.contains("--workers"));
    QVERIFY(text.contains("compgen -W 'en de zh_CN'"));
    // It is bash.
    const Run syntax = run(QStringLiteral("bash"), {QStringLiteral("-n"), script.fileName()});
    QVERIFY2(syntax.finished && syntax.exitCode == 0, syntax.errors.constData());
}

void tst_Packaging::unitFiles()
{
    for (const char *unit : {"orderdesk.service", "orderdesk-market.service"}) {
        QFile file(installed(QStringLiteral("usr/lib/systemd/system/") + QLatin1String(unit)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        for (const char *line : {"\nUser=orderdesk\n", "\nRestart=on-failure\n",
                                 "\nNoNewPrivileges=yes\n", "\nProtectSystem=strict\n",
                                 "\nReadWritePaths=/var/lib/orderdesk\n", "\nPrivateTmp=yes\n",
                                 "\nTimeoutStopSec="}) {
            QVERIFY2(text.contains(line), line);
        }
    }
    QFile headless(installed(QStringLiteral("usr/lib/systemd/system/orderdesk.service")));
    QVERIFY(headless.open(QIODevice::ReadOnly));
    const QByteArray service = headless.readAll();
    QVERIFY(service.contains("\nExecStart=/usr/bin/orderdesk --no-gui --config "
                             "/etc/orderdesk/orderdesk.conf "));
    QVERIFY(service.contains("\nEnvironmentFile=-/etc/default/orderdesk\n"));

    // systemd's own check of each unit as installed, with ExecStart pointing into the staging
    // tree so that the binaries it names exist (the man pages are checked above).
    QTemporaryDir units;
    QVERIFY(units.isValid());
    QStringList copies;
    for (const char *unit : {"orderdesk.service", "orderdesk-market.service"}) {
        QFile file(installed(QStringLiteral("usr/lib/systemd/system/") + QLatin1String(unit)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray text = file.readAll();
        text.replace("ExecStart=/usr/bin/", "ExecStart=" + installed(QStringLiteral("usr/bin/")).toUtf8());
        copies << units.filePath(QLatin1String(unit));
        QFile copy(copies.constLast());
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(text);
    }
    const Run verify = run(QStringLiteral("systemd-analyze"),
                           QStringList{QStringLiteral("verify"), QStringLiteral("--man=no")} + copies);
    QVERIFY2(verify.finished, "systemd-analyze did not finish");
    QVERIFY2(verify.exitCode == 0 && verify.errors.trimmed().isEmpty(),
             verify.output + verify.errors);

    // And its hardening score: "OK" or better (exposure at most 3.0 of 10).
    for (const QString &copy : std::as_const(copies)) {
        const Run security = run(QStringLiteral("systemd-analyze"),
                                 {QStringLiteral("security"), QStringLiteral("--offline=yes"),
                                  QStringLiteral("--threshold=30"), copy});
        QVERIFY2(security.finished && security.exitCode == 0,
                 security.output.right(600) + security.errors);
    }
}

void tst_Packaging::serviceStartsWithTheExampleConfig_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("optionsVariable");
    QTest::addColumn<QString>("probe"); // a path that answers 200 once it serves
    QTest::newRow("orderdesk") << "orderdesk.service" << "$ORDERDESK_OPTS" << "/health";
    QTest::newRow("orderdesk-market") << "orderdesk-market.service" << "$ORDERDESK_MARKET_OPTS"
                                      << "/ledger";
}

void tst_Packaging::serviceStartsWithTheExampleConfig()
{
    // The unit's own command line, on the installed binary and example config, with the data
    // directory and the listen port made private: it serves, and a SIGTERM (systemctl stop)
    // ends it with exit 0 well within TimeoutStopSec.
    QFETCH(QString, unit);
    QFETCH(QString, optionsVariable);
    QFETCH(QString, probe);
    QFile file(installed(QStringLiteral("usr/lib/systemd/system/") + unit));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression execStart(QStringLiteral("\\nExecStart=([^\\n]+)\\n"));
    static const QRegularExpression stopTimeout(QStringLiteral("\\nTimeoutStopSec=(\\d+)\\n"));
    const int stopSeconds = stopTimeout.match(text).captured(1).toInt();
    QVERIFY(stopSeconds > 0);
    QTemporaryDir state;
    QVERIFY(state.isValid());
    QStringList arguments;
    for (QString word : execStart.match(text).captured(1).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word == optionsVariable) {
            arguments << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0")
                      << QStringLiteral("--latency-scale") << QStringLiteral("0");
            continue;
        }
        word.replace(QLatin1String("/var/lib/orderdesk"), state.path());
        if (word.startsWith(QLatin1String("/usr/")) || word.startsWith(QLatin1String("/etc/")))
            word = installed(word.mid(1));
        arguments << word;
    }
    QVERIFY2(arguments.size() > 4, qPrintable(arguments.join(QLatin1Char(' '))));
    const QString program = arguments.takeFirst();

    QProcess service;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "REDIS_URL", "DATABASE_URL",
                             "ORDERDESK_MARKET_URL", "ORDERDESK_LISTEN", "ORDERDESK_API_TOKEN"}) {
        environment.remove(QString::fromLatin1(name));
    }
    service.setProcessEnvironment(environment);
    service.start(program, arguments);
    QVERIFY(service.waitForStarted());
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += service.readAllStandardOutput()).contains('\n')
                                 || service.state() == QProcess::NotRunning,
                             60'000);
    static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
    const QString base = listening.match(QString::fromUtf8(output)).captured(1);
    QByteArray log = service.readAllStandardError();
    QVERIFY2(!base.isEmpty(), output + log);
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(QUrl(base + probe))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(30'000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    QElapsedTimer stopping;
    stopping.start();
    service.terminate();
    QVERIFY(service.waitForFinished(stopSeconds * 1000));
    QCOMPARE(service.exitStatus(), QProcess::NormalExit);
    QCOMPARE(service.exitCode(), 0);
    QVERIFY(stopping.elapsed() < stopSeconds * 1000);
    log += service.readAllStandardError();
    QVERIFY2(log.contains("config file " + installed(QStringLiteral("etc/orderdesk/")).toUtf8()),
             log.constData());
}

void tst_Packaging::debianPackage()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    const Run cpack = run(QStringLiteral("cpack"),
                          {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                           QStringLiteral(ORDERDESK_BUILD_DIR "/CPackConfig.cmake"),
                           QStringLiteral("-B"), out.path()});
    QVERIFY2(cpack.finished && cpack.exitCode == 0, cpack.output.right(3000) + cpack.errors);
    const QStringList packages =
        QDir(out.path()).entryList({QStringLiteral("orderdesk_*.deb")}, QDir::Files);
    QCOMPARE(packages.size(), 1);
    const QString deb = out.filePath(packages.constFirst());
    QVERIFY2(packages.constFirst().endsWith(QLatin1String("_amd64.deb"))
                 || packages.constFirst().contains(QLatin1Char('_')),
             qPrintable(packages.constFirst()));

    const Run info = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-I"), deb});
    QVERIFY2(info.finished && info.exitCode == 0, info.errors.constData());
    const QString control = QString::fromUtf8(info.output);
    QVERIFY2(control.contains(QLatin1String(" Package: orderdesk\n")), qPrintable(control));
    QVERIFY(control.contains(QLatin1String(" Version: " ORDERDESK_VERSION)));
    static const QRegularExpression dependsLine(QStringLiteral("\\n Depends: ([^\\n]*)\\n"));
    const QString depends = dependsLine.match(control).captured(1);
    // From the binaries' libraries (dpkg-shlibdeps), and the plugins they load.
    for (const char *package : {"libc6", "libqt6core6", "libqt6widgets6", "libqt6httpserver6",
                                "libhiredis", "libqt6svg6", "libqt6charts6", "libqt6sql6-sqlite",
                                "libqt6sql6-psql", "adduser"}) {
        QVERIFY2(depends.contains(QLatin1String(package)),
                 qPrintable(QStringLiteral("%1 not in Depends: %2").arg(package, depends)));
    }
    QVERIFY(control.contains(QLatin1String(" Recommends: fonts-wqy-microhei")));
    for (const char *member : {" postinst", " postrm", " conffiles"})
        QVERIFY2(control.contains(QLatin1String(member)), member);

    // The maintainer scripts: the system user and its directory, no service started.
    const Run scripts = run(QStringLiteral("dpkg-deb"),
                            {QStringLiteral("--ctrl-tarfile"), deb});
    QVERIFY(scripts.finished && scripts.exitCode == 0);
    QVERIFY(scripts.output.contains("adduser --system"));
    QVERIFY(scripts.output.contains("/var/lib/orderdesk"));
    QVERIFY(!scripts.output.contains("systemctl start"));
    QVERIFY(!scripts.output.contains("systemctl enable"));
    QVERIFY(!scripts.output.contains("deb-systemd-invoke"));
    QVERIFY(scripts.output.contains("/etc/orderdesk/orderdesk.conf\n"));

    const Run contents = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), deb});
    QVERIFY2(contents.finished && contents.exitCode == 0, contents.errors.constData());
    const QString listing = QString::fromUtf8(contents.output);
    for (const char *path :
         {"./usr/bin/orderdesk\n", "./usr/bin/orderdesk-market\n",
          "./usr/share/man/man1/orderdesk.1.gz\n", "./usr/share/man/man1/orderdesk-market.1.gz\n",
          "./usr/share/applications/orderdesk.desktop\n",
          "./usr/share/icons/hicolor/scalable/apps/orderdesk.svg\n",
          "./usr/share/icons/hicolor/48x48/apps/orderdesk.png\n",
          "./usr/share/bash-completion/completions/orderdesk\n",
          "./etc/orderdesk/orderdesk.conf\n", "./etc/default/orderdesk\n",
          "./usr/lib/systemd/system/orderdesk.service\n",
          "./usr/lib/systemd/system/orderdesk-market.service\n"}) {
        QVERIFY2(listing.contains(QLatin1String(path)), path);
    }
    // Root-owned files, and nothing from the build or the tests.
    QVERIFY2(!listing.contains(QLatin1String("tst_")), qPrintable(listing));
    QVERIFY2(!listing.contains(QLatin1String("icon-renderer")), qPrintable(listing));
    QVERIFY(listing.contains(QLatin1String("root/root")));
}

QTEST_GUILESS_MAIN(tst_Packaging)
#include "tst_packaging.moc"
