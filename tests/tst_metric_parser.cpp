// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/metric_parser.h"
#include "eval/statistics.h"

#include <QTest>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

using namespace phylo;

namespace {

enum Kind { Found, Missing, Invalid };

Kind kindOf(const MetricReading& reading)
{
    switch (reading.kind) {
    case MetricReading::Kind::Found:
        return Found;
    case MetricReading::Kind::Missing:
        return Missing;
    case MetricReading::Kind::Invalid:
        break;
    }
    return Invalid;
}

const char* kindName(int kind)
{
    return kind == Found ? "Found" : kind == Missing ? "Missing" : "Invalid";
}

} // namespace

class TestMetricParser : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void foundHasNoProblem();
    void median_data();
    void median();
    void medianOfNothingThrows();
    void summarizeSmallSamples_data();
    void summarizeSmallSamples();
    void summarizeTwentySamples();
    void summarizeBasics();
};

void TestMetricParser::parse_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("problem"); ///< a fragment of the problem text (Missing / Invalid)

    // --- METRIC lines
    QTest::newRow("metric line") << "METRIC time_ms=12.5\n" << "time_ms" << int(Found) << 12.5 << "";
    QTest::newRow("no trailing newline") << "METRIC time_ms=7" << "time_ms" << int(Found) << 7.0 << "";
    QTest::newRow("among other output")
        << "warming up\nsize 1024\nMETRIC time_ms=3.25\ndone\n" << "time_ms" << int(Found) << 3.25 << "";
    QTest::newRow("last METRIC line wins")
        << "METRIC time_ms=1\nMETRIC time_ms=2\nnoise\nMETRIC time_ms=3\ntrailer\n" << "time_ms" << int(Found) << 3.0 << "";
    QTest::newRow("last line holding the name wins")
        << "METRIC time_ms=4\nMETRIC gflops=99\n" << "time_ms" << int(Found) << 4.0 << "";
    QTest::newRow("several pairs on one line")
        << "METRIC gflops=120 time_ms=8.5 bytes=4096\n" << "time_ms" << int(Found) << 8.5 << "";
    QTest::newRow("first pair of several") << "METRIC time_ms=8.5 gflops=120\n" << "time_ms" << int(Found) << 8.5 << "";
    QTest::newRow("last pair on a line wins") << "METRIC time_ms=1 time_ms=2\n" << "time_ms" << int(Found) << 2.0 << "";
    QTest::newRow("tab-separated pairs") << "METRIC a=1\ttime_ms=6\n" << "time_ms" << int(Found) << 6.0 << "";
    QTest::newRow("extra spaces between pairs") << "METRIC   time_ms=6   x=1\n" << "time_ms" << int(Found) << 6.0 << "";
    QTest::newRow("other metric names ignored")
        << "METRIC time=1\nMETRIC time_ms_total=2\nMETRIC xtime_ms=3\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("other names only on the line")
        << "METRIC gflops=5 bandwidth=3\n" << "time_ms" << int(Missing) << 0.0 << "METRIC time_ms=VALUE";
    QTest::newRow("METRIC must start the line")
        << "note: METRIC time_ms=5\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("METRIC is case sensitive") << "metric time_ms=5\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("name is case sensitive") << "METRIC TIME_MS=5\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("leading and trailing spaces") << "   METRIC time_ms=9   \n" << "time_ms" << int(Found) << 9.0 << "";
    QTest::newRow("leading tab") << "\tMETRIC time_ms=9\n" << "time_ms" << int(Found) << 9.0 << "";
    QTest::newRow("crlf line endings")
        << "start\r\nMETRIC time_ms=4.5\r\nend\r\n" << "time_ms" << int(Found) << 4.5 << "";
    QTest::newRow("crlf, last wins") << "METRIC time_ms=1\r\nMETRIC time_ms=2\r\n" << "time_ms" << int(Found) << 2.0 << "";
    QTest::newRow("negative") << "METRIC time_ms=-3.5\n" << "time_ms" << int(Found) << -3.5 << "";
    QTest::newRow("zero") << "METRIC time_ms=0\n" << "time_ms" << int(Found) << 0.0 << "";
    QTest::newRow("exponent") << "METRIC time_ms=1e3\n" << "time_ms" << int(Found) << 1000.0 << "";
    QTest::newRow("negative exponent") << "METRIC time_ms=2.5E-2\n" << "time_ms" << int(Found) << 0.025 << "";
    QTest::newRow("integer") << "METRIC time_ms=42\n" << "time_ms" << int(Found) << 42.0 << "";

    // --- invalid values
    QTest::newRow("nan") << "METRIC time_ms=nan\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=nan is not finite";
    QTest::newRow("NaN") << "METRIC time_ms=NaN\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=NaN";
    QTest::newRow("inf") << "METRIC time_ms=inf\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=inf is not finite";
    QTest::newRow("-inf") << "METRIC time_ms=-inf\n" << "time_ms" << int(Invalid) << 0.0 << "not finite";
    QTest::newRow("overflow") << "METRIC time_ms=1e999\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=1e999";
    QTest::newRow("abc") << "METRIC time_ms=abc\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=abc is not a number";
    QTest::newRow("unit suffix") << "METRIC time_ms=5ms\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=5ms is not a number";
    QTest::newRow("empty value") << "METRIC time_ms=\n" << "time_ms" << int(Invalid) << 0.0 << "is not a number";
    QTest::newRow("comma decimal") << "METRIC time_ms=1,5\n" << "time_ms" << int(Invalid) << 0.0 << "is not a number";
    QTest::newRow("last line invalid, earlier valid")
        << "METRIC time_ms=5\nMETRIC time_ms=oops\n" << "time_ms" << int(Invalid) << 0.0 << "time_ms=oops";

    // --- JSON on the last non-empty line
    QTest::newRow("json") << R"({"time_ms": 2.5, "gflops": 10})" << "time_ms" << int(Found) << 2.5 << "";
    QTest::newRow("json after output")
        << "compiling\nrunning\n{\"time_ms\": 2.5}\n" << "time_ms" << int(Found) << 2.5 << "";
    QTest::newRow("json with trailing blank lines")
        << "log\n{\"time_ms\": 6}\n\n   \n\t\n" << "time_ms" << int(Found) << 6.0 << "";
    QTest::newRow("json with crlf") << "log\r\n{\"time_ms\": 6}\r\n\r\n" << "time_ms" << int(Found) << 6.0 << "";
    QTest::newRow("json indented") << "  {\"time_ms\": 6}  \n" << "time_ms" << int(Found) << 6.0 << "";
    QTest::newRow("json integer") << R"({"time_ms": 17})" << "time_ms" << int(Found) << 17.0 << "";
    QTest::newRow("json exponent") << R"({"time_ms": 1e3})" << "time_ms" << int(Found) << 1000.0 << "";
    QTest::newRow("json negative") << R"({"time_ms": -0.5})" << "time_ms" << int(Found) << -0.5 << "";
    QTest::newRow("json beats earlier METRIC lines")
        << "METRIC time_ms=1\n{\"time_ms\": 2}\n" << "time_ms" << int(Found) << 2.0 << "";
    QTest::newRow("json not on last line ignored for METRIC")
        << "{\"time_ms\": 1}\nMETRIC time_ms=2\n" << "time_ms" << int(Found) << 2.0 << "";
    QTest::newRow("json not on last line ignored")
        << "{\"time_ms\": 1}\nall done\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("json without the name falls back")
        << "METRIC time_ms=3\n{\"gflops\": 9}\n" << "time_ms" << int(Found) << 3.0 << "";
    QTest::newRow("json without the name, nothing else")
        << "{\"gflops\": 9}\n" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("broken json falls back")
        << "METRIC time_ms=3\n{\"time_ms\": \n" << "time_ms" << int(Found) << 3.0 << "";
    QTest::newRow("json NaN is invalid")
        << "METRIC time_ms=3\n{\"time_ms\": NaN}\n" << "time_ms" << int(Invalid) << 0.0 << "not valid JSON";
    QTest::newRow("json Infinity is invalid")
        << "{\"time_ms\": Infinity}\n" << "time_ms" << int(Invalid) << 0.0 << "NaN and Infinity";
    QTest::newRow("tab after METRIC") << "METRIC\ttime_ms=4\n" << "time_ms" << int(Found) << 4.0 << "";
    QTest::newRow("leading plus") << "METRIC time_ms=+5\n" << "time_ms" << int(Found) << 5.0 << "";
    QTest::newRow("json array ignored") << "METRIC time_ms=3\n[1, 2]\n" << "time_ms" << int(Found) << 3.0 << "";
    QTest::newRow("nested name ignored")
        << R"({"result": {"time_ms": 4}})" << "time_ms" << int(Missing) << 0.0 << "time_ms";
    QTest::newRow("json string value")
        << R"({"time_ms": "2.5"})" << "time_ms" << int(Invalid) << 0.0 << "time_ms in the JSON line is \"2.5\", not a number";
    QTest::newRow("json bool value") << R"({"time_ms": true})" << "time_ms" << int(Invalid) << 0.0 << "not a number";
    QTest::newRow("json null value") << R"({"time_ms": null})" << "time_ms" << int(Invalid) << 0.0 << "null, not a number";
    QTest::newRow("json object value") << R"({"time_ms": {"v": 1}})" << "time_ms" << int(Invalid) << 0.0 << "not a number";
    QTest::newRow("json invalid beats METRIC")
        << "METRIC time_ms=3\n{\"time_ms\": \"fast\"}\n" << "time_ms" << int(Invalid) << 0.0 << "not a number";

    // --- nothing there
    QTest::newRow("empty output") << "" << "time_ms" << int(Missing) << 0.0 << "no 'METRIC time_ms=VALUE' line";
    QTest::newRow("blank output") << "\n\n  \n" << "time_ms" << int(Missing) << 0.0 << "\"time_ms\"";
    QTest::newRow("plain text") << "took 5 ms\n" << "gflops" << int(Missing) << 0.0 << "METRIC gflops=VALUE";
}

void TestMetricParser::parse()
{
    QFETCH(QString, output);
    QFETCH(QString, name);
    QFETCH(int, kind);
    QFETCH(double, value);
    QFETCH(QString, problem);

    const MetricReading reading = parseMetric(output.toStdString(), name.toStdString());
    QVERIFY2(kindOf(reading) == kind,
        qPrintable(QString("got %1 (%2), expected %3")
                       .arg(kindName(kindOf(reading)), QString::fromStdString(reading.problem), kindName(kind))));
    if (kind == Found) {
        QCOMPARE(reading.value, value);
    } else {
        QVERIFY2(reading.problem.find(problem.toStdString()) != std::string::npos,
            qPrintable(QString("problem '%1' lacks '%2'").arg(QString::fromStdString(reading.problem), problem)));
    }
}

void TestMetricParser::foundHasNoProblem()
{
    const auto reading = parseMetric("METRIC t=1\n", "t");
    QVERIFY(reading.kind == MetricReading::Kind::Found);
    QVERIFY(reading.problem.empty());
    const auto missing = parseMetric("", "t");
    QVERIFY(missing.kind == MetricReading::Kind::Missing);
    QVERIFY(!missing.problem.empty());
}

void TestMetricParser::median_data()
{
    QTest::addColumn<QList<double>>("samples");
    QTest::addColumn<double>("expected");

    QTest::newRow("one") << QList<double> { 4 } << 4.0;
    QTest::newRow("two") << QList<double> { 1, 2 } << 1.5;
    QTest::newRow("odd sorted") << QList<double> { 1, 2, 3 } << 2.0;
    QTest::newRow("odd unsorted") << QList<double> { 9, 1, 5, 3, 7 } << 5.0;
    QTest::newRow("even unsorted") << QList<double> { 10, 1, 4, 3 } << 3.5;
    QTest::newRow("duplicates") << QList<double> { 2, 2, 2, 9 } << 2.0;
    QTest::newRow("outlier") << QList<double> { 1, 1.1, 1.2, 1000 } << 1.15;
}

void TestMetricParser::median()
{
    QFETCH(QList<double>, samples);
    QFETCH(double, expected);
    const std::vector<double> v(samples.begin(), samples.end());
    QCOMPARE(phylo::median(v), expected);
    QCOMPARE(summarize(v).median, expected);
}

void TestMetricParser::medianOfNothingThrows()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, phylo::median({}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, summarize({}));
}

void TestMetricParser::summarizeSmallSamples_data()
{
    QTest::addColumn<QList<double>>("samples");

    QTest::newRow("n=1") << QList<double> { 3 };
    QTest::newRow("n=2") << QList<double> { 3, 1 };
    QTest::newRow("n=3") << QList<double> { 5, 1, 3 };
    QTest::newRow("n=5") << QList<double> { 5, 1, 3, 9, 2 };
}

void TestMetricParser::summarizeSmallSamples()
{
    QFETCH(QList<double>, samples);
    const std::vector<double> v(samples.begin(), samples.end());
    const auto s = summarize(v);
    QCOMPARE(s.count, int(v.size()));
    QCOMPARE(s.min, *std::min_element(v.begin(), v.end()));
    QCOMPARE(s.max, *std::max_element(v.begin(), v.end()));
    QCOMPARE(s.ciLow, s.min);
    QCOMPARE(s.ciHigh, s.max);
    QVERIFY(s.ciLow <= s.median && s.median <= s.ciHigh);
}

void TestMetricParser::summarizeTwentySamples()
{
    // 1..20 shuffled: the order statistics of the ~95% interval are ranks 6 and 15.
    std::vector<double> v { 14, 3, 20, 8, 1, 17, 11, 5, 19, 2, 9, 16, 6, 13, 4, 18, 7, 12, 10, 15 };
    const auto s = summarize(v);
    QCOMPARE(s.count, 20);
    QCOMPARE(s.min, 1.0);
    QCOMPARE(s.max, 20.0);
    QCOMPARE(s.median, 10.5);
    QVERIFY(s.ciLow <= s.median && s.median <= s.ciHigh);
    QVERIFY2(s.ciLow > s.min && s.ciHigh < s.max, "the interval must be strictly narrower than [min, max]");
    QCOMPARE(s.ciLow, 6.0);
    QCOMPARE(s.ciHigh, 15.0);

    // Timing-like data: skewed, with an outlier.
    std::vector<double> t;
    for (int i = 0; i < 19; ++i)
        t.push_back(10.0 + 0.1 * i);
    t.push_back(50.0);
    const auto st = summarize(t);
    QVERIFY(st.ciLow <= st.median && st.median <= st.ciHigh);
    QVERIFY(st.ciLow > st.min);
    QVERIFY(st.ciHigh < st.max);
}

void TestMetricParser::summarizeBasics()
{
    const auto s = summarize({ 2, 4, 4, 4, 5, 5, 7, 9 });
    QCOMPARE(s.count, 8);
    QCOMPARE(s.mean, 5.0);
    QCOMPARE(s.median, 4.5);
    QVERIFY(qAbs(s.stddev - 2.138089935) < 1e-6); // sample standard deviation (n - 1)
    QVERIFY(s.ciLow <= s.median && s.median <= s.ciHigh);
    QVERIFY(s.ciLow >= s.min && s.ciHigh <= s.max);

    const auto one = summarize({ 3 });
    QCOMPARE(one.stddev, 0.0);
    QCOMPARE(one.mean, 3.0);

    // Intervals for every n from 6 to 40 contain the median and stay within the data.
    for (int n = 6; n <= 40; ++n) {
        std::vector<double> v;
        for (int i = 0; i < n; ++i)
            v.push_back(double((i * 7) % n));
        const auto sn = summarize(v);
        QVERIFY(sn.ciLow <= sn.median && sn.median <= sn.ciHigh);
        QVERIFY(sn.ciLow >= sn.min && sn.ciHigh <= sn.max);
    }
}

QTEST_APPLESS_MAIN(TestMetricParser)
#include "tst_metric_parser.moc"
