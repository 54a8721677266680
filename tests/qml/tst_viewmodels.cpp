// The UI layer's C++ pieces without a server: column descriptors and widths,
// ValueListModel's updates, and how a view-model follows a session that ends.
#include "Clusters/ClusterDetails.h"
#include "Clusters/ClusterRows.h"
#include "Clusters/ClusterTableModel.h"
#include "Components/ValueListModel.h"
#include "Tenants/TenantModel.h"
#include "AppController.h"

#include <QAbstractItemModelTester>
#include <QPointer>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using nestdeck::platform::PlatformSession;

class TestViewModels : public QObject {
    Q_OBJECT
private slots:
    void columnsAreData()
    {
        const auto &cols = ClusterTableModel::columns();
        QCOMPARE(cols.size(), int(ClusterTableModel::ColumnCount));
        ClusterTableModel table;
        for (int c = 0; c < cols.size(); ++c) {
            QCOMPARE(table.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString(), QString::fromUtf8(cols[c].title));
            QCOMPARE(table.headerData(c, Qt::Horizontal, Qt::TextAlignmentRole).toInt(), int(cols[c].align));
        }
        QCOMPARE(cols[ClusterTableModel::Health].kind, ClusterTableModel::HealthCell);
        QVERIFY(table.roleNames().values().contains("cellKind"));
        QVERIFY(table.roleNames().values().contains("alignment"));
    }

    void columnWidths()
    {
        const auto &cols = ClusterTableModel::columns();
        qreal minimum = 0;
        for (const auto &c : cols)
            minimum += c.width;
        // Wide: every column shown, the whole width used, stretch columns take the spare.
        const QList<qreal> wide = ClusterTableModel::columnWidths(minimum + 1000);
        QCOMPARE(wide.size(), cols.size());
        QCOMPARE(std::accumulate(wide.cbegin(), wide.cend(), 0.0), minimum + 1000);
        for (int c = 0; c < cols.size(); ++c)
            QCOMPARE(wide[c] > cols[c].width, cols[c].stretch > 0);
        QCOMPARE(wide[ClusterTableModel::Health] - cols[ClusterTableModel::Health].width,
                 1000.0 * cols[ClusterTableModel::Health].stretch /
                     (cols[ClusterTableModel::Health].stretch + cols[ClusterTableModel::Name].stretch));
        // Narrow: optional columns go, rightmost first; required ones stay.
        const QList<qreal> narrow = ClusterTableModel::columnWidths(minimum - cols[ClusterTableModel::Age].width);
        QCOMPARE(narrow[ClusterTableModel::Age], 0.0);
        QVERIFY(narrow[ClusterTableModel::Addons] > 0);
        const QList<qreal> tiny = ClusterTableModel::columnWidths(100);
        for (int c = 0; c < cols.size(); ++c)
            QCOMPARE(tiny[c] > 0, !cols[c].optional);
        // What is hidden is said by name.
        QVERIFY(ClusterTableModel::hiddenColumns(minimum + 1000).isEmpty());
        QCOMPARE(ClusterTableModel::hiddenColumns(minimum - cols[ClusterTableModel::Age].width), QStringList{QStringLiteral("Age")});
        QCOMPARE(ClusterTableModel::hiddenColumns(100).size(), std::count_if(cols.cbegin(), cols.cend(), [](const auto &c) { return c.optional; }));
    }

    void valueListModelUpdatesInPlace()
    {
        auto *m = ValueListModel::of<MachineRow>(this);
        QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m->roleNames().value(Qt::UserRole + 1), QByteArray("name"));
        QSignalSpy reset(m, &QAbstractItemModel::modelReset), inserted(m, &QAbstractItemModel::rowsInserted),
            changed(m, &QAbstractItemModel::dataChanged), count(m, &ValueListModel::countChanged);
        m->setRows(QList<MachineRow>{{QStringLiteral("m1"), QStringLiteral("Running"), {}, {}, {}, {}}});
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(m->get(0, QStringLiteral("phase")).toString(), QStringLiteral("Running"));
        // Same keys, one value changed: one dataChanged, no reset.
        m->setRows(QList<MachineRow>{{QStringLiteral("m1"), QStringLiteral("Failed"), {}, {}, QStringLiteral("boom"), {}}});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(m->data(m->index(0), Qt::UserRole + 5).toString(), QStringLiteral("boom"));
        // The same rows again: nothing is announced.
        m->setRows(QList<MachineRow>{{QStringLiteral("m1"), QStringLiteral("Failed"), {}, {}, QStringLiteral("boom"), {}}});
        QCOMPARE(changed.size(), 1);
        // Appended: inserted at the end.
        m->setRows(QList<MachineRow>{{QStringLiteral("m1"), QStringLiteral("Failed"), {}, {}, QStringLiteral("boom"), {}},
                                     {QStringLiteral("m2"), {}, {}, {}, {}, {}}});
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(m->count(), 2);
        // One went away: the list starts over.
        m->setRows(QList<MachineRow>{{QStringLiteral("m2"), {}, {}, {}, {}, {}}});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(m->count(), 1);
        QCOMPARE(count.size(), 3);
        // Out of range and unknown names are empty, not a crash.
        QVERIFY(!m->get(5, QStringLiteral("name")).isValid());
        QVERIFY(!m->get(0, QStringLiteral("nope")).isValid());
    }

    void followersLetGoOfAnEndingSession()
    {
        nestdeck::kube::RestConfig rc;
        rc.server = QStringLiteral("https://127.0.0.1:1"); // never started: no request is made
        auto session = std::make_unique<PlatformSession>(rc);
        ClusterTableModel table;
        TenantModel tenants;
        ClusterDetails details;
        QSignalSpy tableSession(&table, &ClusterTableModel::sessionChanged);
        table.followSession(session.get());
        tenants.followSession(session.get());
        details.followSession(session.get());
        details.setAppKey(QStringLiteral("tenant-root/x"));
        QCOMPARE(tableSession.size(), 1);
        table.followSession(session.get()); // the same one: nothing happens
        QCOMPARE(tableSession.size(), 1);
        QCOMPARE(details.events()->session(), session.get());
        // Destroyed without anyone setting null first: everyone lets go.
        session.reset();
        QCOMPARE(table.session(), nullptr);
        QCOMPARE(tenants.session(), nullptr);
        QCOMPARE(details.session(), nullptr);
        QCOMPARE(details.events()->session(), nullptr);
        QCOMPARE(tableSession.size(), 2);
        QVERIFY(!details.exists());
    }

    // The kubeconfig changes under a running session (a sandbox back on
    // another port, kubectl adding a context): the contexts follow the file,
    // and the connected context reconnects to where it now points. The file
    // is replaced atomically, as kubectl and editors do.
    void kubeconfigFollowedWhenItChanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        auto write = [&](int port, bool second) {
            QSaveFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray text = "apiVersion: v1\nkind: Config\ncurrent-context: one\nclusters:\n"
                              "- name: c\n  cluster:\n    server: https://127.0.0.1:" + QByteArray::number(port) + "\n"
                              "users:\n- name: u\n  user:\n    token: t\n"
                              "contexts:\n- name: one\n  context:\n    cluster: c\n    user: u\n";
            if (second)
                text += "- name: two\n  context:\n    cluster: c\n    user: u\n";
            f.write(text);
            QVERIFY(f.commit());
        };
        write(1, false);
        AppController controller(nullptr);
        controller.setStartup(path, QStringLiteral("one"));
        QTRY_VERIFY_WITH_TIMEOUT(controller.session() && controller.contexts()->count() == 1, 5000);
        QCOMPARE(controller.session()->config().server, QStringLiteral("https://127.0.0.1:1"));
        const QPointer<PlatformSession> first = controller.session();
        write(2, true);
        QTRY_COMPARE_WITH_TIMEOUT(controller.contexts()->count(), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.session() && controller.session()->config().server == QStringLiteral("https://127.0.0.1:2"), 5000);
        QVERIFY(!first); // a new session, the old one gone
        QCOMPARE(controller.currentContext(), QStringLiteral("one"));
        // A change elsewhere in the file leaves the session alone.
        const QPointer<PlatformSession> second = controller.session();
        write(2, false);
        QTRY_COMPARE_WITH_TIMEOUT(controller.contexts()->count(), 1, 5000);
        QVERIFY(second && controller.session() == second.data());
    }
};

QTEST_MAIN(TestViewModels)
#include "tst_viewmodels.moc"
