#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

class QObject;

namespace nestdeck::kube {
class RestClient;
}

namespace nestdeck::cli {

// stdout and stderr of every command.
QTextStream &cliOut();
QTextStream &cliErr();

// The parent of whatever a command leaves running (its client, contexts of
// requests): a stack object in run(), gone before the QCoreApplication. The
// application's own children go after its event dispatcher, and a request
// whose context outlived the dispatcher could have its result posted to
// freed memory at exit.
QObject *commandScope();
void setCommandScope(QObject *scope);

// The schema engine's commands: explain, validate and apply.
struct AppCommandOptions {
    QStringList files;       // -f, "-" for stdin
    QString schemaFile;      // --schema-file: a saved ApplicationDefinition (offline)
    bool serverDryRun = false;
    QString ns;              // -n, or the context's namespace
};

// Each returns (through QCoreApplication::exit) 0, 1 (invalid / failed) or 2
// (could not check). client may be null for an offline validate.
void explain(kube::RestClient *client, const QString &target, const AppCommandOptions &o);
void validate(kube::RestClient *client, const AppCommandOptions &o);
void apply(kube::RestClient *client, const AppCommandOptions &o);

} // namespace nestdeck::cli
