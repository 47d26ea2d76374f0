// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/chart_frame.h"

#include "inspector/inspector_style.h"

#include <QChart>
#include <QChartView>
#include <QLabel>

namespace phylo::ui {

ChartFrame::ChartFrame(QChart* chart, const QString& hint, QWidget* parent)
    : QStackedWidget(parent)
    , m_chart(chart)
{
    m_view = new QChartView(chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(240, 180);
    addWidget(m_view);
    m_hint = style::makeHintLabel(hint, this);
    addWidget(m_hint);
    setEmpty(true);
}

void ChartFrame::setEmpty(bool empty)
{
    setCurrentWidget(empty ? static_cast<QWidget*>(m_hint) : m_view);
}

bool ChartFrame::isEmpty() const
{
    return currentWidget() == m_hint;
}

} // namespace phylo::ui
