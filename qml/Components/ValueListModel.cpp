#include "ValueListModel.h"

ValueListModel::ValueListModel(const QMetaObject &type, QObject *parent) : QAbstractListModel(parent), m_type(type)
{
    Q_ASSERT(type.propertyCount() > 0);
}

QHash<int, QByteArray> ValueListModel::roleNames() const
{
    QHash<int, QByteArray> names;
    for (int i = 0; i < m_type.propertyCount(); ++i)
        names.insert(Qt::UserRole + 1 + i, m_type.property(i).name());
    return names;
}

QVariant ValueListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const int p = role == Qt::DisplayRole ? 0 : role - Qt::UserRole - 1;
    if (p < 0 || p >= m_type.propertyCount())
        return {};
    return m_type.property(p).readOnGadget(m_rows[index.row()].constData());
}

QVariant ValueListModel::get(int row, const QString &property) const
{
    const int p = m_type.indexOfProperty(property.toUtf8().constData());
    if (row < 0 || row >= m_rows.size() || p < 0)
        return {};
    return m_type.property(p).readOnGadget(m_rows[row].constData());
}

QVariant ValueListModel::key(const QVariant &row) const { return m_type.property(0).readOnGadget(row.constData()); }

void ValueListModel::setValues(QVariantList rows)
{
    const qsizetype common = std::min(rows.size(), m_rows.size());
    bool sameKeys = rows.size() >= m_rows.size();
    for (qsizetype i = 0; sameKeys && i < common; ++i)
        sameKeys = key(rows[i]) == key(m_rows[i]);
    if (!sameKeys) {
        // Rows went away or moved: these lists are short, start over.
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        emit countChanged();
        return;
    }
    for (qsizetype i = 0; i < common; ++i)
        if (rows[i] != m_rows[i]) {
            m_rows[i] = rows[i];
            emit dataChanged(index(int(i)), index(int(i)));
        }
    if (rows.size() > common) {
        beginInsertRows({}, int(common), int(rows.size()) - 1);
        m_rows = std::move(rows);
        endInsertRows();
        emit countChanged();
    }
}
