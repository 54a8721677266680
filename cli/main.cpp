// nestdeck-cli: the headless client (for scripts, tests and benchmarks).
#include "cli/Cli.h"

int main(int argc, char *argv[]) { return nestdeck::cli::run(argc, argv); }
