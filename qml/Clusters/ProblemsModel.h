#pragma once

#include "Components/SessionFollower.h"
#include "core/platform/Problems.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QSet>
#include <QTimer>

// The Problems view: every cluster of the platform that is not Ready, with its
// cause (core/platform's findProblems over the session's caches), grouped by
// cause, the most serious first, live. A change re-diagnoses only the
// clusters it touched, in one batch per event-loop burst.
class ProblemsModel : public QAbstractListModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Of them, how many are problems (not just provisioning, upgrading or deleting).
    Q_PROPERTY(int problemCount READ problemCount NOTIFY countChanged)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, NamespaceRole, NameRole, HealthRole, HealthWordRole, CauseRole, CauseRankRole,
        ProblemRole, HeadlineRole, ObjectRole, SinceRole, NextStepRole
    };
    Q_ENUM(Role)

    explicit ProblemsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int problemCount() const;
    Q_INVOKABLE QString keyAt(int row) const;
    // Clusters already gone that left volumes: listed from the server once
    // the session has synced, after a cluster is deleted (when its own
    // cleanup has had time), and when the view is shown again.
    Q_INVOKABLE void rescanLeftovers();
    static constexpr int LeftoverScanDelayMs = 20000;

signals:
    void sessionChanged();
    void countChanged();

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    void touch(const QString &key);
    void flush();
    void onOrphans(const QMap<QString, QList<nestdeck::platform::Leftover>> &orphans);
    nestdeck::platform::Problem problemFor(const QString &key) const;

    QList<nestdeck::platform::Problem> m_rows; // sorted as findProblems sorts
    QSet<QString> m_dirty;
    bool m_all = false; // everything dirty (a new session)
    QTimer m_batch;
    QMap<QString, QList<nestdeck::platform::Leftover>> m_orphans; // the last scan's, by "ns/name"
    QTimer m_orphanScan;
    QObject *m_scanContext = nullptr; // the scan in flight: replaced (and so cancelled) by the next
};
