#pragma once

// Core types QML sees by name. Core stays free of QML: the UI registers its
// types here as foreign types, so qmllint and the QML engine know them.
#include "core/platform/ClusterStatus.h"
#include "core/platform/PlatformSession.h"

#include <QQmlEngine>

// Health.Ready … Health.Unknown: the derived health of a cluster.
namespace HealthForeign {
Q_NAMESPACE
QML_FOREIGN_NAMESPACE(nestdeck::platform)
QML_NAMED_ELEMENT(Health)
} // namespace HealthForeign

// A connection to one management cluster: AppController makes them, view-models
// take one as their `session` property.
struct PlatformSessionForeign {
    Q_GADGET
    QML_FOREIGN(nestdeck::platform::PlatformSession)
    QML_NAMED_ELEMENT(PlatformSession)
    QML_UNCREATABLE("sessions are made by AppController")
};

// What the connection indicator and the empty states say: PlatformSession's
// states plus Disconnected (no session at all). ConnectionState.Synced in QML.
namespace ConnectionState {
Q_NAMESPACE
QML_ELEMENT
enum Value {
    Disconnected,
    Connecting,
    Synced,
    Reconnecting,
    Forbidden,
};
Q_ENUM_NS(Value)

inline Value of(const nestdeck::platform::PlatformSession *session)
{
    using S = nestdeck::platform::PlatformSession::State;
    if (!session)
        return Disconnected;
    switch (session->state()) {
    case S::Connecting: return Connecting;
    case S::Synced: return Synced;
    case S::Reconnecting: return Reconnecting;
    case S::Forbidden: return Forbidden;
    }
    return Disconnected;
}
} // namespace ConnectionState
