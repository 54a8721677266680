#pragma once

#include <QString>

namespace nestdeck::platform {

// Resource presets of control-plane components (per replica), from the
// platform. Not to be confused with VM instance types, which are read from
// the cluster's catalog.
struct PresetSize {
    QString cpu;
    QString memory;
};
PresetSize presetSize(const QString &preset); // empty fields: unknown preset

// "certManager" → "cert-manager": how addon keys name their HelmReleases.
QString kebab(const QString &camel);

} // namespace nestdeck::platform
