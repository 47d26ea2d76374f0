// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/ideas_model.h"

#include "inspector/inspector_style.h"
#include "report/report_data.h"

#include <QGuiApplication>
#include <QPalette>

namespace phylo::ui {

namespace {

    const QString kDash = QStringLiteral("—");

    QString effectText(double ratio)
    {
        const double percent = (ratio - 1) * 100;
        return (percent >= 0 ? QStringLiteral("+") : QStringLiteral("−")) + QString::number(std::abs(percent), 'f', 1)
            + QStringLiteral(" %");
    }

    QString valuesText(const Idea& idea)
    {
        if (idea.isSwitch())
            return QCoreApplication::translate("IdeasModel", "on/off switch");
        QStringList values;
        for (const auto& v : idea.values)
            values << QString::fromStdString(v);
        return QCoreApplication::translate("IdeasModel", "values: %1").arg(values.join(QStringLiteral(", ")));
    }

} // namespace

IdeasModel::IdeasModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void IdeasModel::setIdeas(const std::vector<Idea>& ideas, const std::vector<IdeaSummary>& summaries,
    const std::map<std::string, IdeaState>& states)
{
    bool sameIdeas = ideas.size() == m_ideas.size();
    for (size_t i = 0; sameIdeas && i < ideas.size(); ++i)
        sameIdeas = ideas[i].name == m_ideas[i].name && ideas[i].values == m_ideas[i].values;
    std::vector<IdeaSummary> aligned(ideas.size());
    for (size_t i = 0; i < ideas.size(); ++i) {
        aligned[i] = i < summaries.size() && summaries[i].name == ideas[i].name ? summaries[i] : IdeaSummary {};
        aligned[i].name = ideas[i].name;
    }
    if (!sameIdeas)
        beginResetModel();
    m_ideas = ideas;
    m_summaries = std::move(aligned);
    m_states.assign(ideas.size(), IdeaState::Active);
    for (size_t i = 0; i < ideas.size(); ++i) {
        if (const auto it = states.find(ideas[i].name); it != states.end())
            m_states[i] = it->second;
    }
    if (!sameIdeas)
        endResetModel();
    else if (!m_ideas.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void IdeasModel::setStates(const std::map<std::string, IdeaState>& states)
{
    for (size_t i = 0; i < m_ideas.size(); ++i) {
        const auto it = states.find(m_ideas[i].name);
        m_states[i] = it == states.end() ? IdeaState::Active : it->second;
    }
    if (!m_ideas.empty())
        Q_EMIT dataChanged(index(0, StateColumn), index(rowCount() - 1, StateColumn));
}

int IdeasModel::rowOf(const QString& name) const
{
    const std::string key = name.toStdString();
    for (size_t i = 0; i < m_ideas.size(); ++i) {
        if (m_ideas[i].name == key)
            return static_cast<int>(i);
    }
    return -1;
}

int IdeasModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ideas.size());
}

int IdeasModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IdeasModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const int row = index.row(), column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case SortRole:
        return sortValue(row, column);
    case NameRole:
        return QString::fromStdString(m_ideas[static_cast<size_t>(row)].name);
    case Qt::ForegroundRole:
        return foreground(row, column);
    case Qt::TextAlignmentRole:
        if (column >= TriedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole: {
        const Idea& idea = m_ideas[static_cast<size_t>(row)];
        const IdeaSummary& s = m_summaries[static_cast<size_t>(row)];
        if (column == NameColumn)
            return QString((idea.description.empty() ? QString() : QString::fromStdString(idea.description) + QLatin1Char('\n'))
                + valuesText(idea));
        if (column == WithColumn)
            return tr("Mean speedup of the %n measured node(s) with the idea on", nullptr, s.withCount);
        if (column == WithoutColumn)
            return tr("Mean speedup of the %n measured node(s) with the idea off", nullptr, s.withoutCount);
        if (column == EffectColumn)
            return tr("Mean speedup with the idea / without it");
        if (column == TriedColumn)
            return tr("Evaluations that ran with the idea on (failed ones too)");
        return {};
    }
    default:
        return {};
    }
}

QVariant IdeasModel::display(int row, int column) const
{
    const IdeaSummary& s = m_summaries[static_cast<size_t>(row)];
    switch (column) {
    case NameColumn:
        return QString::fromStdString(m_ideas[static_cast<size_t>(row)].name);
    case StateColumn:
        return ideaStateText(m_states[static_cast<size_t>(row)]);
    case TriedColumn:
        return s.tried;
    case WithColumn:
        return s.withCount ? QString::fromStdString(formatSpeedup(s.meanWith)) : kDash;
    case WithoutColumn:
        return s.withoutCount ? QString::fromStdString(formatSpeedup(s.meanWithout)) : kDash;
    case EffectColumn:
        if (const auto e = s.effect())
            return effectText(*e);
        return kDash;
    default:
        return {};
    }
}

QVariant IdeasModel::sortValue(int row, int column) const
{
    const IdeaSummary& s = m_summaries[static_cast<size_t>(row)];
    switch (column) {
    case NameColumn:
        return QString::fromStdString(m_ideas[static_cast<size_t>(row)].name);
    case StateColumn:
        return static_cast<int>(m_states[static_cast<size_t>(row)]);
    case TriedColumn:
        return s.tried;
    case WithColumn:
        return s.withCount ? s.meanWith : -1.0;
    case WithoutColumn:
        return s.withoutCount ? s.meanWithout : -1.0;
    case EffectColumn:
        return s.effect().value_or(-1.0);
    default:
        return {};
    }
}

QVariant IdeasModel::foreground(int row, int column) const
{
    const QPalette palette = QGuiApplication::palette();
    if (column == StateColumn) {
        switch (m_states[static_cast<size_t>(row)]) {
        case IdeaState::Pinned:
            return style::good(palette);
        case IdeaState::Banned:
            return style::bad(palette);
        case IdeaState::Committed:
            return palette.color(QPalette::Link);
        case IdeaState::Retired:
            return style::muted(palette);
        case IdeaState::Active:
            return {};
        }
    }
    if (column == EffectColumn) {
        if (const auto e = m_summaries[static_cast<size_t>(row)].effect()) {
            if (*e > 1.0005)
                return style::good(palette);
            if (*e < 0.9995)
                return style::bad(palette);
        }
    }
    if (m_states[static_cast<size_t>(row)] == IdeaState::Retired)
        return style::muted(palette);
    return {};
}

QVariant IdeasModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Idea");
    case StateColumn:
        return tr("State");
    case TriedColumn:
        return tr("Tried");
    case WithColumn:
        return tr("With");
    case WithoutColumn:
        return tr("Without");
    case EffectColumn:
        return tr("Effect");
    default:
        return {};
    }
}

} // namespace phylo::ui
