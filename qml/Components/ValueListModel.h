#pragma once

#include <QAbstractListModel>
#include <QMetaProperty>
#include <QQmlEngine>

// A list model whose rows are values of one Q_GADGET type: each property of
// the gadget is a role of the same name. Delegates then declare typed required
// properties (`required property string phase`) that qmllint can check,
// instead of `property var modelData` over a QVariantMap.
//
// setRows() keeps what did not change: rows whose key (the gadget's first
// property) and value are unchanged are left alone, changed ones get
// dataChanged, rows added at the end are inserted; anything else resets.
class ValueListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("filled by the C++ view-models")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    template <class Row>
    static ValueListModel *of(QObject *parent)
    {
        return new ValueListModel(Row::staticMetaObject, parent);
    }
    template <class Row>
    void setRows(const QList<Row> &rows)
    {
        Q_ASSERT(&Row::staticMetaObject == &m_type);
        QVariantList values;
        values.reserve(rows.size());
        for (const Row &r : rows)
            values << QVariant::fromValue(r);
        setValues(std::move(values));
    }
    template <class Row>
    Row at(int row) const
    {
        return m_rows.value(row).template value<Row>();
    }

    int count() const { return int(m_rows.size()); }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : count(); }
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // The value of one property by name (tests, and QML code outside a delegate).
    Q_INVOKABLE QVariant get(int row, const QString &property) const;

signals:
    void countChanged();

private:
    ValueListModel(const QMetaObject &type, QObject *parent);
    void setValues(QVariantList rows);
    QVariant key(const QVariant &row) const;

    const QMetaObject &m_type;
    QVariantList m_rows;
};
