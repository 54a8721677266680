#include "SessionFollower.h"

using nestdeck::platform::PlatformSession;

void SessionFollower::followSession(PlatformSession *session)
{
    if (session == m_session)
        return;
    drop();
    m_session = session;
    if (session)
        // The owner goes to null before the session's children (its caches) die:
        // QObject::destroyed fires at the start of ~QObject, but ~PlatformSession
        // has already run, so the owner must not read the session in attach(nullptr).
        m_connections << QObject::connect(session, &QObject::destroyed, m_self, [this] {
            m_session.clear();
            drop();
            attach(nullptr);
        });
    attach(session);
}

void SessionFollower::drop()
{
    for (const auto &c : std::as_const(m_connections))
        QObject::disconnect(c);
    m_connections.clear();
}
