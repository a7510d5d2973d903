// orderdesk-bench: end-to-end load generator for the OrderDesk API. See docs/PERFORMANCE.md.
#include "BenchOptions.h"
#include "BenchResults.h"
#include "LedgerAudit.h"
#include "LoadGenerator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <cstdio>

using namespace OrderDeskBench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orderdesk-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QString error;
    bool exitNow = false;
    const std::optional<BenchOptions> options =
        BenchOptions::parse(QCoreApplication::arguments(), &error, &exitNow);
    if (exitNow)
        return 0;
    if (!options) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(error));
        return 2;
    }

    LoadGenerator generator(*options);
    int exitCode = 0;
    QObject::connect(&generator, &LoadGenerator::finished, &app, [&] {
        QJsonObject report = BenchResults::toJson(generator.result());
        if (!generator.fatalError().isEmpty())
            std::fprintf(stderr, "orderdesk-bench: %s\n", qUtf8Printable(generator.fatalError()));
        // Counted in the market's ledger: a fast run that executed an order twice is no result.
        int defects = report[QStringLiteral("streamsLost")].toInt() + report[QStringLiteral("seqGaps")].toInt();
        if (!options->marketUrl.isEmpty() || !options->ledgerFile.isEmpty()) {
            LedgerAudit ledger;
            QString ledgerError;
            const bool read = options->marketUrl.isEmpty()
                                  ? ledger.readFromFile(options->ledgerFile, &ledgerError)
                                  : ledger.readFromMarket(options->marketUrl, &ledgerError);
            if (read) {
                const QJsonObject executions = ledger.audit(generator.result());
                report.insert(QStringLiteral("executions"), executions);
                defects += executions[QStringLiteral("defects")].toInt();
            } else {
                std::fprintf(stderr, "orderdesk-bench: %s\n", qUtf8Printable(ledgerError));
                defects += 1;
            }
        }
        if (options->json)
            std::fputs(QJsonDocument(report).toJson(QJsonDocument::Indented).constData(), stdout);
        else
            std::fputs(qUtf8Printable(BenchResults::toText(report)), stdout);
        std::fflush(stdout);
        // 0: every order reached a terminal status and nothing was lost, skipped or executed
        // twice; 3: the run ended short of that; 4: a defect was counted.
        const bool complete = report[QStringLiteral("finished")].toInt() == options->orders;
        exitCode = defects > 0 ? 4 : complete ? 0 : 3;
        QCoreApplication::exit(exitCode);
    });
    generator.start();
    return app.exec();
}
