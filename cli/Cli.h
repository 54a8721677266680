#pragma once

namespace nestdeck::cli {

// nestdeck-cli: a headless client for scripts, tests and benchmarks.
//   nestdeck-cli [--kubeconfig F] [--context C] version
//   nestdeck-cli ... get RESOURCE [-n NS|-A] [-l SELECTOR] [-o name|json|table]
//   nestdeck-cli ... watch RESOURCE [-n NS|-A] [-l SELECTOR]
//   nestdeck-cli ... sync RESOURCE... [-n NS] [--seconds N] [--dump FILE] [--no-watch-list]
// Returns the process exit code; errors go to stderr.
int run(int argc, char **argv);

} // namespace nestdeck::cli
