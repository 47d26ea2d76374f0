// SPDX-License-Identifier: GPL-3.0-or-later
// The CUDA harness's pure parts (gpu/harness/phylo_harness_checks.h, phylo_harness_json.h): seeds,
// poison, the element comparison, the timing cross-check, settings and the JSON line. No CUDA needed.
#include "phylo_harness_checks.h"
#include "phylo_harness_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace phylo::harness;
using namespace phylo::harness::detail;

namespace {

QJsonObject parseLine(const std::string& line)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(line), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), line.c_str());
    return document.object();
}

Settings parse(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {})
{
    return parseSettingsFrom(args, [&env](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
}

std::vector<float> poisonedF32(std::size_t count)
{
    std::vector<float> values(count);
    std::memset(values.data(), poisonByte(ElementType::F32), count * sizeof(float));
    return values;
}

} // namespace

class TestHarnessChecks : public QObject {
    Q_OBJECT

private slots:
    void splitmixMatchesReference();
    void inputSeedsAreDistinctAndStable();
    void poisonPatterns();
    void correctOutputPasses();
    void unwrittenFloatElements();
    void unwrittenF64Elements();
    void otherNanIsNonFinite();
    void infinityIsNonFinite();
    void toleranceBoundary();
    void wrongResultReportsFirstIndex();
    void failurePriority();
    void i32SentinelAndExactMatch();
    void relativeErrorUsesScaleFloor();
    void firstDifferenceAndConstant();
    void medianOfEvenAndOdd();
    void timingHonestPasses();
    void timingSideStreamFails();
    void timingRelativeSlack();
    void settingsDefaults();
    void settingsFlagsAndEnvironment();
    void settingsRejectBadInput_data();
    void settingsRejectBadInput();
    void jsonQuoteEscapes();
    void jsonQuoteReplacesInvalidUtf8();
    void jsonNumbers();
    void resultLineOk();
    void resultLineFailure();
    void resultLineCutsLongDetail();
};

void TestHarnessChecks::splitmixMatchesReference()
{
    // The published SplitMix64 sequence for state 0.
    std::uint64_t state = 0;
    QCOMPARE(splitmix64(state), 0xE220A8397B1DCDAFULL);
    QCOMPARE(splitmix64(state), 0x6E789E6AA1B965F4ULL);
    QCOMPARE(splitmix64(state), 0x06C45D188009454FULL);
}

void TestHarnessChecks::inputSeedsAreDistinctAndStable()
{
    std::set<std::uint64_t> seen;
    for (std::uint64_t seed : { 0ULL, 1ULL, 2ULL, 12345ULL, ~0ULL }) {
        for (std::uint64_t set = 0; set < 4; ++set) {
            for (std::uint64_t input = 0; input < 4; ++input)
                QVERIFY(seen.insert(inputSeed(seed, set, input)).second);
        }
    }
    QCOMPARE(inputSeed(12345, 1, 2), inputSeed(12345, 1, 2));
    QVERIFY(inputSeed(12345, 1, 2) != inputSeed(12345, 2, 1));
}

void TestHarnessChecks::poisonPatterns()
{
    const std::vector<float> f32 = poisonedF32(1);
    QVERIFY(std::isnan(f32[0]));
    QVERIFY(isPoison(ElementType::F32, &f32[0]));
    const float quiet = std::numeric_limits<float>::quiet_NaN();
    QVERIFY(!isPoison(ElementType::F32, &quiet));

    double f64;
    std::memset(&f64, poisonByte(ElementType::F64), sizeof f64);
    QVERIFY(std::isnan(f64));
    QVERIFY(isPoison(ElementType::F64, &f64));

    std::int32_t i32;
    std::memset(&i32, poisonByte(ElementType::I32), sizeof i32);
    QCOMPARE(i32, kI32Sentinel);
    QVERIFY(isPoison(ElementType::I32, &i32));
    const std::int32_t minusOne = -1;
    QVERIFY(!isPoison(ElementType::I32, &minusOne));
}

void TestHarnessChecks::correctOutputPasses()
{
    const std::vector<double> ref { 1.0, -2.5, 0.0, 1e6 };
    const std::vector<float> got { 1.0f, -2.5f, 0.0f, 1e6f };
    const OutputCheck check = checkOutput(ElementType::F32, got.data(), ref.data(), ref.size(), Tolerance {});
    QVERIFY(check.ok());
    QCOMPARE(check.count, std::size_t(4));
    QCOMPARE(check.failureName(), std::string());
    QCOMPARE(check.maxRelError, 0.0);
}

void TestHarnessChecks::unwrittenFloatElements()
{
    const std::vector<double> ref(100, 1.0);
    std::vector<float> got = poisonedF32(100);
    for (std::size_t i = 0; i < 100; ++i) {
        if (i != 17 && i != 60)
            got[i] = 1.0f;
    }
    const OutputCheck check = checkOutput(ElementType::F32, got.data(), ref.data(), ref.size(), Tolerance {});
    QVERIFY(!check.ok());
    QCOMPARE(check.unwritten, std::size_t(2));
    QCOMPARE(check.firstUnwritten, std::size_t(17));
    QCOMPARE(check.failureName(), std::string(failure::kUnwritten));
    const std::string text = check.describe("y", "check, input set 0");
    QVERIFY2(text.find("output 'y'") != std::string::npos, text.c_str());
    QVERIFY2(text.find("2 of 100") != std::string::npos, text.c_str());
    QVERIFY2(text.find("index 17") != std::string::npos, text.c_str());
}

void TestHarnessChecks::unwrittenF64Elements()
{
    const std::vector<double> ref(3, 2.0);
    std::vector<double> got(3, 2.0);
    std::memset(&got[1], 0xFF, sizeof(double));
    const OutputCheck check = checkOutput(ElementType::F64, got.data(), ref.data(), ref.size(), Tolerance {});
    QCOMPARE(check.unwritten, std::size_t(1));
    QCOMPARE(check.firstUnwritten, std::size_t(1));
}

void TestHarnessChecks::otherNanIsNonFinite()
{
    const std::vector<double> ref(3, 1.0);
    const std::vector<float> got { 1.0f, std::numeric_limits<float>::quiet_NaN(), 1.0f };
    const OutputCheck check = checkOutput(ElementType::F32, got.data(), ref.data(), ref.size(), Tolerance {});
    QCOMPARE(check.unwritten, std::size_t(0));
    QCOMPARE(check.nonFinite, std::size_t(1));
    QCOMPARE(check.firstNonFinite, std::size_t(1));
    QCOMPARE(check.failureName(), std::string(failure::kNonFinite));
}

void TestHarnessChecks::infinityIsNonFinite()
{
    const std::vector<double> ref(2, 1.0);
    const std::vector<double> got { 1.0, -std::numeric_limits<double>::infinity() };
    const OutputCheck check = checkOutput(ElementType::F64, got.data(), ref.data(), ref.size(), Tolerance {});
    QCOMPARE(check.nonFinite, std::size_t(1));
    QVERIFY(check.describe("y", "x").find("-inf") != std::string::npos);
}

void TestHarnessChecks::toleranceBoundary()
{
    const Tolerance tolerance { 1e-3, 0.5 };
    const std::vector<double> ref { 1000.0, 1000.0 };
    // allowed = 0.5 + 1e-3 * 1000 = 1.5: exactly at the limit passes, just past it fails.
    const std::vector<double> at { 1001.5, 998.5 };
    QVERIFY(checkOutput(ElementType::F64, at.data(), ref.data(), 2, tolerance).ok());
    const std::vector<double> past { 1001.5, 998.49 };
    const OutputCheck check = checkOutput(ElementType::F64, past.data(), ref.data(), 2, tolerance);
    QCOMPARE(check.wrong, std::size_t(1));
    QCOMPARE(check.firstWrong, std::size_t(1));
}

void TestHarnessChecks::wrongResultReportsFirstIndex()
{
    std::vector<double> ref(50);
    std::vector<float> got(50);
    for (std::size_t i = 0; i < 50; ++i) {
        ref[i] = double(i);
        got[i] = float(i);
    }
    got[30] = 31.0f;
    got[40] = -1.0f;
    const OutputCheck check = checkOutput(ElementType::F32, got.data(), ref.data(), ref.size(), Tolerance {});
    QCOMPARE(check.wrong, std::size_t(2));
    QCOMPARE(check.firstWrong, std::size_t(30));
    QCOMPARE(check.wrongGot, 31.0);
    QCOMPARE(check.wrongExpected, 30.0);
    QCOMPARE(check.failureName(), std::string(failure::kWrongResult));
    const std::string text = check.describe("y", "timed trial 3, input set 0");
    QVERIFY2(text.find("got 31, expected 30") != std::string::npos, text.c_str());
    QVERIFY2(text.find("timed trial 3") != std::string::npos, text.c_str());
}

void TestHarnessChecks::failurePriority()
{
    const std::vector<double> ref(3, 1.0);
    std::vector<float> got = poisonedF32(3);
    got[0] = 5.0f; // wrong
    got[1] = std::numeric_limits<float>::infinity(); // non-finite
    // got[2] unwritten
    const OutputCheck check = checkOutput(ElementType::F32, got.data(), ref.data(), ref.size(), Tolerance {});
    QCOMPARE(check.wrong, std::size_t(1));
    QCOMPARE(check.nonFinite, std::size_t(1));
    QCOMPARE(check.unwritten, std::size_t(1));
    QCOMPARE(check.failureName(), std::string(failure::kUnwritten));
}

void TestHarnessChecks::i32SentinelAndExactMatch()
{
    const Tolerance exact { 0, 0 };
    // A reference that is the sentinel itself is matched by value, not called unwritten.
    const std::vector<double> ref { 3, double(kI32Sentinel), -1 };
    std::vector<std::int32_t> got { 3, kI32Sentinel, -1 };
    QVERIFY(checkOutput(ElementType::I32, got.data(), ref.data(), 3, exact).ok());
    got[0] = kI32Sentinel;
    OutputCheck check = checkOutput(ElementType::I32, got.data(), ref.data(), 3, exact);
    QCOMPARE(check.unwritten, std::size_t(1));
    QCOMPARE(check.firstUnwritten, std::size_t(0));
    got[0] = 4;
    check = checkOutput(ElementType::I32, got.data(), ref.data(), 3, exact);
    QCOMPARE(check.wrong, std::size_t(1));
}

void TestHarnessChecks::relativeErrorUsesScaleFloor()
{
    const Tolerance tolerance { 1e-4, 1e-6 }; // scale floor atol / rtol = 0.01
    const std::vector<double> ref { 100.0, 0.0 };
    const std::vector<double> got { 100.001, 5e-7 };
    const OutputCheck check = checkOutput(ElementType::F64, got.data(), ref.data(), 2, tolerance);
    QVERIFY(check.ok());
    // 100: 1e-5 relative; 0: 5e-7 / 0.01 = 5e-5 (not infinite).
    QVERIFY(std::fabs(check.maxRelError - 5e-5) < 1e-9);
}

void TestHarnessChecks::firstDifferenceAndConstant()
{
    const std::vector<float> a { 1, 2, 3, 4 };
    std::vector<float> b = a;
    QCOMPARE(firstDifference(a.data(), b.data(), 16), std::size_t(16));
    b[2] = 0;
    QCOMPARE(firstDifference(a.data(), b.data(), 16) / 4, std::size_t(2));

    const std::vector<float> flat(10, 0.25f);
    QVERIFY(isConstant(ElementType::F32, flat.data(), flat.size()));
    QVERIFY(!isConstant(ElementType::F32, a.data(), a.size()));
    QVERIFY(!isConstant(ElementType::F32, flat.data(), 1));
}

void TestHarnessChecks::medianOfEvenAndOdd()
{
    QCOMPARE(median({ 3, 1, 2 }), 2.0);
    QCOMPARE(median({ 4, 1, 3, 2 }), 2.5);
    QCOMPARE(median({}), 0.0);
}

void TestHarnessChecks::timingHonestPasses()
{
    // Host time = event time + the harness's own overhead (0.02 ms) with jitter, and one late wake-up.
    std::vector<double> device, host;
    for (int i = 0; i < 20; ++i) {
        device.push_back(0.040 + 0.001 * (i % 3));
        host.push_back(device.back() + 0.02 + 0.003 * (i % 4) + (i == 7 ? 5.0 : 0.0));
    }
    const TimingVerdict verdict = checkTiming(device, host, 0.02);
    QVERIFY2(!verdict.mismatch, verdict.detail.c_str());
    QVERIFY(verdict.detail.empty());
}

void TestHarnessChecks::timingSideStreamFails()
{
    // The kernel ran on another stream: the events saw almost nothing, the host waited 0.3 ms for it.
    const std::vector<double> device(20, 0.004);
    const std::vector<double> host(20, 0.33);
    const TimingVerdict verdict = checkTiming(device, host, 0.02);
    QVERIFY(verdict.mismatch);
    QVERIFY2(verdict.detail.find("off the harness stream") != std::string::npos, verdict.detail.c_str());
}

void TestHarnessChecks::timingRelativeSlack()
{
    // 10 ms on the events: up to overhead + 0.05 + 2 ms of host excess is tolerated, 3 ms is not.
    const std::vector<double> device(11, 10.0);
    QVERIFY(!checkTiming(device, std::vector<double>(11, 11.9), 0.02).mismatch);
    QVERIFY(checkTiming(device, std::vector<double>(11, 13.0), 0.02).mismatch);
}

void TestHarnessChecks::settingsDefaults()
{
    const Settings settings = parse({});
    QVERIFY(settings.mode == Settings::Mode::Run);
    QCOMPARE(settings.seed, std::uint64_t(12345));
    QCOMPARE(settings.inputSets, 3);
    QCOMPARE(settings.warmup, 3);
    QCOMPARE(settings.trials, 20);
    QCOMPARE(settings.device, 0);
    QVERIFY(!settings.normalExit);
}

void TestHarnessChecks::settingsFlagsAndEnvironment()
{
    Settings settings = parse({ "--check", "--input-sets", "5", "--warmup=0", "--trials", "7", "--device=1",
        "--normal-exit" });
    QVERIFY(settings.mode == Settings::Mode::Check);
    QCOMPARE(settings.inputSets, 5);
    QCOMPARE(settings.warmup, 0);
    QCOMPARE(settings.trials, 7);
    QCOMPARE(settings.device, 1);
    QVERIFY(settings.normalExit);

    settings = parse({ "--trials", "7" },
        { { "PHYLO_MODE", "check" }, { "PHYLO_SEED", "18446744073709551615" }, { "PHYLO_TRIALS", "40" } });
    QVERIFY(settings.mode == Settings::Mode::Check);
    QCOMPARE(settings.seed, std::numeric_limits<std::uint64_t>::max());
    QCOMPARE(settings.trials, 40); // PHYLO_TRIALS overrides --trials

    settings = parse({ "--check" }, { { "PHYLO_MODE", "run" } });
    QVERIFY(settings.mode == Settings::Mode::Check); // the flag wins
    QVERIFY(parse({}, { { "PHYLO_MODE", "run" }, { "PHYLO_SEED", "0" } }).mode == Settings::Mode::Run);
    QCOMPARE(parse({}, { { "PHYLO_SEED", "0" } }).seed, std::uint64_t(0));
}

void TestHarnessChecks::settingsRejectBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QString>("envValue");
    QTest::newRow("unknown flag") << QStringList { QStringLiteral("--fast") } << QString() << QString();
    QTest::newRow("missing value") << QStringList { QStringLiteral("--trials") } << QString() << QString();
    QTest::newRow("zero trials") << QStringList { QStringLiteral("--trials=0") } << QString() << QString();
    QTest::newRow("negative warmup") << QStringList { QStringLiteral("--warmup=-1") } << QString() << QString();
    QTest::newRow("too many sets") << QStringList { QStringLiteral("--input-sets=65") } << QString() << QString();
    QTest::newRow("not a number") << QStringList { QStringLiteral("--device"), QStringLiteral("1x") } << QString()
                                  << QString();
    QTest::newRow("bad mode") << QStringList {} << QStringLiteral("PHYLO_MODE") << QStringLiteral("bench");
    QTest::newRow("seed overflow") << QStringList {} << QStringLiteral("PHYLO_SEED")
                                   << QStringLiteral("18446744073709551616");
    QTest::newRow("negative seed") << QStringList {} << QStringLiteral("PHYLO_SEED") << QStringLiteral("-1");
    QTest::newRow("hex seed") << QStringList {} << QStringLiteral("PHYLO_SEED") << QStringLiteral("0x10");
    QTest::newRow("bad trials env") << QStringList {} << QStringLiteral("PHYLO_TRIALS") << QStringLiteral("many");
}

void TestHarnessChecks::settingsRejectBadInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, envName);
    QFETCH(QString, envValue);
    std::vector<std::string> argv;
    for (const QString& arg : args)
        argv.push_back(arg.toStdString());
    std::map<std::string, std::string> env;
    if (!envName.isEmpty())
        env[envName.toStdString()] = envValue.toStdString();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parse(argv, env));
}

void TestHarnessChecks::jsonQuoteEscapes()
{
    QCOMPARE(jsonQuote("plain"), std::string("\"plain\""));
    QCOMPARE(jsonQuote("a\"b\\c\nd\te\r"), std::string("\"a\\\"b\\\\c\\nd\\te\\r\""));
    QCOMPARE(jsonQuote(std::string("\x01\x1f\x7f", 3)), std::string("\"\\u0001\\u001f\\u007f\""));
    QCOMPARE(jsonQuote("H100 \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), std::string("\"H100 \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\""));
}

void TestHarnessChecks::jsonQuoteReplacesInvalidUtf8()
{
    QCOMPARE(jsonQuote("a\xff" "b"), std::string("\"a\\ufffdb\""));
    QCOMPARE(jsonQuote("\xc3"), std::string("\"\\ufffd\"")); // truncated sequence
    QCOMPARE(jsonQuote("\xc0\xaf"), std::string("\"\\ufffd\\ufffd\"")); // overlong
    QCOMPARE(jsonQuote("\xed\xa0\x80"), std::string("\"\\ufffd\\ufffd\\ufffd\"")); // surrogate
    // Whatever the bytes, the result parses.
    const std::string line = "{\"k\":" + jsonQuote(std::string("\x00\xff\xfe\"\\\n", 6)) + "}";
    QCOMPARE(parseLine(line).value(QStringLiteral("k")).toString().size(), 6);
}

void TestHarnessChecks::jsonNumbers()
{
    QCOMPARE(jsonNumber(134217728.0), std::string("134217728"));
    QCOMPARE(jsonNumber(0.5), std::string("0.5"));
    QCOMPARE(jsonNumber(std::nan("")), std::string("null"));
    QCOMPARE(jsonNumber(std::numeric_limits<double>::infinity()), std::string("null"));
    QCOMPARE(jsonNumber(double(0.0123f), 9), std::string("0.0122999996"));
}

void TestHarnessChecks::resultLineOk()
{
    Result result;
    result.problem = "saxpy";
    result.mode = Settings::Mode::Run;
    result.seed = std::numeric_limits<std::uint64_t>::max();
    result.ok = true;
    result.samplesMs = { 0.5, 0.25, 0.75 };
    result.hostMs = { 0.52, 0.27, 0.77 };
    result.inputSets = 3;
    result.maxRelError = 1.5e-7;
    result.bytesMoved = 134217728;
    result.flops = 33554432;
    result.hostOverheadMs = 0.02;
    result.device = { "NVIDIA H100 80GB HBM3", 9, 0, 1980000, 2619000, 5120, 52428800, 13000, 13000 };
    const std::string line = resultJson(result);
    QVERIFY(line.find('\n') == std::string::npos);
    QVERIFY2(line.rfind("{\"phylo_harness\":1,\"problem\":\"saxpy\",\"mode\":\"run\",\"ok\":true,\"failure\":null,", 0) == 0,
        line.c_str());
    QVERIFY2(line.find("\"seed\":18446744073709551615") != std::string::npos, line.c_str());

    const QJsonObject json = parseLine(line);
    QCOMPARE(json.value(QStringLiteral("phylo_harness")).toInt(), 1);
    QVERIFY(json.value(QStringLiteral("ok")).toBool());
    QVERIFY(json.value(QStringLiteral("failure")).isNull());
    QCOMPARE(json.value(QStringLiteral("detail")).toString(), QString());
    QCOMPARE(json.value(QStringLiteral("samples_ms")).toArray().size(), 3);
    QCOMPARE(json.value(QStringLiteral("samples_ms")).toArray().at(1).toDouble(), 0.25);
    QCOMPARE(json.value(QStringLiteral("host_ms")).toArray().size(), 3);
    QCOMPARE(json.value(QStringLiteral("input_sets")).toInt(), 3);
    QCOMPARE(json.value(QStringLiteral("bytes_moved")).toDouble(), 134217728.0);
    QCOMPARE(json.value(QStringLiteral("time_ms")).toDouble(), 0.5); // the median, for the command-mode evaluator
    QCOMPARE(json.value(QStringLiteral("host_overhead_ms")).toDouble(), 0.02);
    const QJsonObject device = json.value(QStringLiteral("device")).toObject();
    QCOMPARE(device.value(QStringLiteral("name")).toString(), QStringLiteral("NVIDIA H100 80GB HBM3"));
    QCOMPARE(device.value(QStringLiteral("cc")).toString(), QStringLiteral("9.0"));
    QCOMPARE(device.value(QStringLiteral("bus_bits")).toInt(), 5120);
    QVERIFY(std::fabs(device.value(QStringLiteral("peak_gbps")).toDouble() - 3352.32) < 0.01);
    QCOMPARE(device.value(QStringLiteral("l2_bytes")).toInteger(), 52428800);
    QCOMPARE(device.value(QStringLiteral("driver")).toString(), QStringLiteral("13.0"));
    QCOMPARE(device.value(QStringLiteral("runtime")).toString(), QStringLiteral("13.0"));
}

void TestHarnessChecks::resultLineFailure()
{
    Result result;
    result.problem = "saxpy";
    result.mode = Settings::Mode::Check;
    result.ok = false;
    result.failure = failure::kNoDevice;
    result.detail = "cudaGetDeviceCount: \"no driver\"";
    result.device.runtimeVersion = 13000;
    const QJsonObject json = parseLine(resultJson(result));
    QCOMPARE(json.value(QStringLiteral("mode")).toString(), QStringLiteral("check"));
    QVERIFY(!json.value(QStringLiteral("ok")).toBool());
    QCOMPARE(json.value(QStringLiteral("failure")).toString(), QStringLiteral("no CUDA device"));
    QCOMPARE(json.value(QStringLiteral("detail")).toString(), QStringLiteral("cudaGetDeviceCount: \"no driver\""));
    QVERIFY(json.value(QStringLiteral("samples_ms")).toArray().isEmpty());
    QVERIFY(!json.contains(QStringLiteral("time_ms")));
    QVERIFY(!json.contains(QStringLiteral("host_overhead_ms")));
    const QJsonObject device = json.value(QStringLiteral("device")).toObject();
    QCOMPARE(device.value(QStringLiteral("name")).toString(), QString());
    QCOMPARE(device.value(QStringLiteral("cc")).toString(), QString());
    QCOMPARE(device.value(QStringLiteral("driver")).toString(), QString());
    QCOMPARE(device.value(QStringLiteral("runtime")).toString(), QStringLiteral("13.0"));

    // A failure in run mode with samples reports them but no time_ms.
    result.mode = Settings::Mode::Run;
    result.failure = failure::kTimingMismatch;
    result.samplesMs = { 0.1 };
    result.hostMs = { 3.0 };
    const QJsonObject run = parseLine(resultJson(result));
    QCOMPARE(run.value(QStringLiteral("samples_ms")).toArray().size(), 1);
    QVERIFY(!run.contains(QStringLiteral("time_ms")));
}

void TestHarnessChecks::resultLineCutsLongDetail()
{
    Result result;
    result.failure = failure::kHarnessError;
    result.detail = std::string(100000, 'x');
    const std::string line = resultJson(result);
    QVERIFY(line.size() < kMaxDetailBytes + 2000);
    QVERIFY(parseLine(line).value(QStringLiteral("detail")).toString().endsWith(QStringLiteral("[...]")));
}

QTEST_APPLESS_MAIN(TestHarnessChecks)
#include "tst_harness_checks.moc"
