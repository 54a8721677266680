#pragma once

#include "Components/SessionFollower.h"
#include "core/platform/ClusterTree.h"

#include <QAbstractItemModel>
#include <QQmlEngine>
#include <QTimer>

// The Troubleshoot tab: one cluster's whole object tree (core/platform's
// buildTree over what loadTree fetched) as a tree model for TreeView, with
// the diagnosis on top and, per object, its YAML, events and owners. Loads
// when made active and again (coalesced) when anything of the cluster
// changes; a reload whose objects are the same updates rows in place, so
// what the user expanded stays expanded.
class TroubleshootModel : public QAbstractItemModel, public SessionFollower {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(nestdeck::platform::PlatformSession *session READ session WRITE followSession NOTIFY sessionChanged)
    Q_PROPERTY(QString appKey READ appKey WRITE setAppKey NOTIFY appKeyChanged)
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY diagnosisChanged)
    Q_PROPERTY(QString error READ error NOTIFY diagnosisChanged)
    Q_PROPERTY(bool problem READ problem NOTIFY diagnosisChanged)
    Q_PROPERTY(QString causeName READ causeName NOTIFY diagnosisChanged)
    Q_PROPERTY(QString healthWord READ healthWord NOTIFY diagnosisChanged)
    Q_PROPERTY(QString headline READ headline NOTIFY diagnosisChanged)
    Q_PROPERTY(QStringList evidence READ evidence NOTIFY diagnosisChanged)
    Q_PROPERTY(QString nextStep READ nextStep NOTIFY diagnosisChanged)
    Q_PROPERTY(QString since READ since NOTIFY diagnosisChanged)
    Q_PROPERTY(QStringList notVisible READ notVisible NOTIFY diagnosisChanged)
    Q_PROPERTY(int objectCount READ objectCount NOTIFY diagnosisChanged)
    // Bumped by every load, for bindings on the per-object invokables below.
    Q_PROPERTY(int revision READ revision NOTIFY diagnosisChanged)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, NameRole, TitleRole, WordRole, MessageRole, SeverityRole, WorstRole, AgeRole,
        WarningRole, FinalizersRole, CauseRole
    };
    Q_ENUM(Role)

    explicit TroubleshootModel(QObject *parent = nullptr);

    QString appKey() const { return m_key; }
    void setAppKey(const QString &key);
    bool active() const { return m_active; }
    void setActive(bool a);
    bool loading() const { return m_loading; }
    bool loaded() const { return !m_tree.empty() || !m_error.isEmpty(); }
    QString error() const { return m_error; }
    bool problem() const { return m_tree.diagnosis.problem(); }
    QString causeName() const;
    QString healthWord() const;
    QString headline() const { return m_tree.diagnosis.headline; }
    QStringList evidence() const { return m_tree.diagnosis.evidence; }
    QString nextStep() const { return m_tree.diagnosis.nextStep; }
    QString since() const;
    QStringList notVisible() const { return m_tree.notVisible; }
    int objectCount() const { return int(m_tree.nodes.size()); }
    int revision() const { return m_revision; }
    const nestdeck::platform::ClusterTree &tree() const { return m_tree; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void reload();
    // The object the diagnosis names (the root when none).
    Q_INVOKABLE QModelIndex diagnosisIndex() const;
    Q_INVOKABLE QString yamlOf(const QModelIndex &index) const;
    Q_INVOKABLE QStringList eventsOf(const QModelIndex &index) const;
    Q_INVOKABLE QStringList ownersOf(const QModelIndex &index) const;
    // Writes the support bundle off the GUI thread; bundleWritten() tells how it went.
    Q_INVOKABLE void exportBundle(const QString &pathOrUrl);
    Q_INVOKABLE QString suggestedBundleName() const;

signals:
    void sessionChanged();
    void appKeyChanged();
    void activeChanged();
    void loadingChanged();
    void diagnosisChanged();
    void bundleWritten(const QString &path, const QString &error);

private:
    void attach(nestdeck::platform::PlatformSession *session) override;
    void setTree(nestdeck::platform::ClusterTree tree, QList<QJsonObject> events, const QString &error);
    int nodeOf(const QModelIndex &index) const;

    QString m_key;
    bool m_active = false;
    bool m_loading = false;
    bool m_again = false; // a change arrived while loading
    QString m_error;
    int m_revision = 0;
    nestdeck::platform::ClusterTree m_tree;
    QList<QJsonObject> m_events;
    QTimer m_debounce;
    QObject *m_request = nullptr; // context of the load in flight
};
