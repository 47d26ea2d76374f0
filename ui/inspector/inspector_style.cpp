// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/inspector_style.h"

#include <QChart>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QPalette>

namespace phylo::ui::style {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor removedLineBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x4b, 0x1f, 0x24) : QColor(0xff, 0xeb, 0xe9);
}

QColor addedLineBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x1c, 0x3f, 0x2a) : QColor(0xe6, 0xff, 0xec);
}

QColor removedCharBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x8e, 0x2f, 0x37) : QColor(0xff, 0xb8, 0xb8);
}

QColor addedCharBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x2a, 0x6e, 0x44) : QColor(0xab, 0xf2, 0xbc);
}

QColor paddingBackground(const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    return isDark(palette) ? base.lighter(125) : base.darker(106);
}

QColor good(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x6f, 0xdc, 0x8c) : QColor(0x1a, 0x7f, 0x37);
}

QColor bad(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x81, 0x82) : QColor(0xcf, 0x22, 0x2e);
}

QColor warning(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
}

QColor muted(const QPalette& palette)
{
    // Between the text and its background: readable, clearly secondary, on any theme.
    const QColor text = palette.color(QPalette::WindowText);
    const QColor back = palette.color(QPalette::Window);
    auto mix = [](int a, int b) { return (a * 60 + b * 40) / 100; };
    return QColor(mix(text.red(), back.red()), mix(text.green(), back.green()), mix(text.blue(), back.blue()));
}

QWidget* makeFileRow(QComboBox** combo, QWidget* parent)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(QObject::tr("File:"));
    *combo = new QComboBox;
    (*combo)->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    label->setBuddy(*combo);
    layout->addWidget(label);
    layout->addWidget(*combo);
    layout->addStretch(1);
    return row;
}

QFont monospaceFont()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

QLabel* makeHintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setMargin(24);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, muted(palette));
    label->setPalette(palette);
    return label;
}

QString cssColor(const QColor& color)
{
    return color.name(QColor::HexRgb);
}

void applyChartStyle(QChart* chart, const QPalette& palette)
{
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitleBrush(palette.color(QPalette::WindowText));
    chart->legend()->setLabelColor(palette.color(QPalette::WindowText));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
}

} // namespace phylo::ui::style
