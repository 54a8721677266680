#pragma once

#include "core/platform/PlatformSession.h"

#include <QList>
#include <QPointer>

// The one way a view-model follows "the current session". The session is
// passed in (QML binds `session: AppController.session`; tests set it), never
// looked up. Setting a session drops every connection made for the previous
// one and calls attach(); a session destroyed while followed is let go of as
// if it had been set to null, so nothing ever touches a dead session.
//
// Use: derive from it beside the Qt base, declare
//   Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
// and in attach() clear, connect through follow(), and emit sessionChanged().
class SessionFollower {
public:
    virtual ~SessionFollower() = default;
    SessionFollower(const SessionFollower &) = delete;
    SessionFollower &operator=(const SessionFollower &) = delete;

    nestdeck::platform::PlatformSession *session() const { return m_session.data(); }

    // Does nothing if `session` is the one already followed.
    void followSession(nestdeck::platform::PlatformSession *session);

protected:
    explicit SessionFollower(QObject *self) : m_self(self) {}
    // Called after every change, with the new session or null: clear what
    // belonged to the old one, connect to the new one through follow().
    virtual void attach(nestdeck::platform::PlatformSession *session) = 0;
    void follow(const QMetaObject::Connection &c) { m_connections << c; }

private:
    void drop();

    QObject *m_self;
    QPointer<nestdeck::platform::PlatformSession> m_session;
    QList<QMetaObject::Connection> m_connections;
};
