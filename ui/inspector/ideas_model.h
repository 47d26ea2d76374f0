// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "inspector/chart_data.h"
#include "inspector/idea_state.h"

#include <QAbstractTableModel>

#include <map>
#include <string>
#include <vector>

namespace phylo::ui {

/**
 * The session's ideas as a table: name, state, times tried, mean speedup with and without the idea,
 * and their ratio (the effect). Display text for the view, raw numbers under SortRole for sorting.
 */
class IdeasModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, StateColumn, TriedColumn, WithColumn, WithoutColumn, EffectColumn, ColumnCount };
    /// Raw values for sorting: text, state order, counts, speedups (-1 where unknown).
    static constexpr int SortRole = Qt::UserRole + 1;
    /// The idea's name (a QString), on every column.
    static constexpr int NameRole = Qt::UserRole + 2;

    explicit IdeasModel(QObject* parent = nullptr);

    /**
     * Replaces the content: IDEAS with their SUMMARIES (same order; missing ones count as never tried)
     * and STATES by idea name (an idea not in it is active). Keeps the rows (and the view's selection)
     * when the ideas are the same as before.
     */
    void setIdeas(const std::vector<Idea>& ideas, const std::vector<IdeaSummary>& summaries,
        const std::map<std::string, IdeaState>& states);
    /// Updates only the states.
    void setStates(const std::map<std::string, IdeaState>& states);

    const Idea& idea(int row) const { return m_ideas.at(static_cast<size_t>(row)); }
    IdeaState state(int row) const { return m_states.at(static_cast<size_t>(row)); }
    const IdeaSummary& summary(int row) const { return m_summaries.at(static_cast<size_t>(row)); }
    /// The row of the idea NAME, or -1.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QVariant foreground(int row, int column) const;

    std::vector<Idea> m_ideas;
    std::vector<IdeaSummary> m_summaries;
    std::vector<IdeaState> m_states;
};

} // namespace phylo::ui
