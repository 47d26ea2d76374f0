// SPDX-License-Identifier: GPL-3.0-or-later
// The harness's Runner: one run, step by step (docs/cuda-targets.md "What the harness does").
// Compiled only as part of phylo_harness.cu (a unity build: targets compile that one file).
#ifndef PHYLO_HARNESS_UNITY
#    error "phylo_harness_runner.cu is compiled through phylo_harness.cu; compile that file instead"
#endif

#include "phylo_harness_support.cu"
#include "phylo_harness_device_checks.cu"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace phylo::harness {
namespace {

    /** One run of the harness: every step of docs/cuda-targets.md "What the harness does". */
    class Runner {
    public:
        Runner(const Problem& problem, const Settings& settings, Result& result)
            : m_problem(problem)
            , m_settings(settings)
            , m_result(result)
        {
        }

        void run()
        {
            validate();
            openDevice();
            prepareInputSets();
            allocateDevice();
            const int sets = m_settings.inputSets;
            for (int s = 0; s < sets; ++s)
                launchChecked(s, "check");
            progress(m_problem.name(), "all " + std::to_string(sets) + " input sets correct");
            if (m_settings.mode == Settings::Mode::Run) {
                prepareDeviceChecks();
                timeTrials();
            }
            m_result.ok = true;
        }

    private:
        void validate() const
        {
            const auto invalid = [](const std::string& why) { fail(failure::kHarnessError, "invalid problem: " + why); };
            std::vector<std::string> names;
            const auto checkName = [&](const std::string& name) {
                if (name.empty())
                    invalid("an array has an empty name");
                if (std::find(names.begin(), names.end(), name) != names.end())
                    invalid("two arrays are named '" + name + "'");
                names.push_back(name);
            };
            for (const auto& input : m_problem.inputs()) {
                checkName(input.name);
                if (input.count == 0)
                    invalid("input '" + input.name + "' has no elements");
                if (!input.generate)
                    invalid("input '" + input.name + "' has no generator");
            }
            if (m_problem.outputs().empty())
                invalid("it has no output");
            for (const auto& output : m_problem.outputs()) {
                checkName(output.name);
                if (output.count == 0)
                    invalid("output '" + output.name + "' has no elements");
                const Tolerance& t = output.tolerance;
                if (!(std::isfinite(t.rtol) && std::isfinite(t.atol) && t.rtol >= 0 && t.atol >= 0))
                    invalid("output '" + output.name + "' needs finite, non-negative tolerances");
            }
            if (!m_problem.referenceFn())
                invalid("it has no reference");
            if (!m_problem.launchFn())
                invalid("it has no launch function");
            const double bytes = m_problem.bytesMovedValue();
            const double flops = m_problem.flopsValue();
            if (!(std::isfinite(bytes) && bytes >= 0 && std::isfinite(flops) && flops >= 0))
                invalid("bytesMoved and flops must be finite and non-negative");
            if (m_settings.inputSets < 1 || m_settings.trials < 1 || m_settings.warmup < 0)
                fail(failure::kHarnessError, "invalid settings: need input sets >= 1, trials >= 1, warmup >= 0");
        }

        void openDevice()
        {
            auto& info = m_result.device;
            cudaDriverGetVersion(&info.driverVersion); // stays 0 without a driver
            cudaRuntimeGetVersion(&info.runtimeVersion);
            int count = 0;
            if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess) {
                fail(failure::kNoDevice,
                    "cudaGetDeviceCount: " + cudaText(status)
                        + (info.driverVersion == 0 ? "; no CUDA driver is loaded" : ""));
            }
            if (count == 0)
                fail(failure::kNoDevice, "the CUDA driver reports no device");
            if (m_settings.device >= count) {
                fail(failure::kNoDevice,
                    "device " + std::to_string(m_settings.device) + " requested, " + std::to_string(count)
                        + " present");
            }
            m_device = m_settings.device;
            cudaCheck(cudaSetDevice(m_device), "cudaSetDevice");
            cudaDeviceProp props {};
            cudaCheck(cudaGetDeviceProperties(&props, m_device), "cudaGetDeviceProperties");
            info.name = props.name;
            // Attributes: CUDA 13 removed clockRate and memoryClockRate from cudaDeviceProp.
            int smClock = 0, memClock = 0, l2 = 0;
            const struct {
                cudaDeviceAttr attribute;
                int* target;
            } wanted[] = {
                { cudaDevAttrComputeCapabilityMajor, &info.ccMajor },
                { cudaDevAttrComputeCapabilityMinor, &info.ccMinor },
                { cudaDevAttrClockRate, &smClock },
                { cudaDevAttrMemoryClockRate, &memClock },
                { cudaDevAttrGlobalMemoryBusWidth, &info.busBits },
                { cudaDevAttrL2CacheSize, &l2 },
            };
            for (const auto& w : wanted)
                cudaCheck(cudaDeviceGetAttribute(w.target, w.attribute, m_device), "cudaDeviceGetAttribute");
            info.smClockKHz = smClock;
            info.memClockKHz = memClock;
            info.l2Bytes = l2;
            progress(m_problem.name(),
                "device " + info.name + " (cc " + std::to_string(info.ccMajor) + "." + std::to_string(info.ccMinor)
                    + "), seed " + std::to_string(m_settings.seed) + ", "
                    + (m_settings.mode == Settings::Mode::Check ? "check" : "run") + " mode");
        }

        /**
         * Every input set at once, one thread each (generators and references are pure functions of what they
         * are given: docs/cuda-targets.md). A failure is reported as the first failing set's, as if in order.
         */
        void prepareInputSets()
        {
            const int sets = m_settings.inputSets;
            m_sets.resize(std::size_t(sets));
            std::vector<std::exception_ptr> errors(static_cast<std::size_t>(sets));
            const auto prepare = [&](int s) {
                try {
                    m_sets[std::size_t(s)] = prepareInputSet(s);
                } catch (...) {
                    errors[std::size_t(s)] = std::current_exception();
                }
            };
            std::vector<std::thread> threads;
            try {
                for (int s = 1; s < sets; ++s)
                    threads.emplace_back(prepare, s);
            } catch (const std::system_error&) { // no threads to be had: the rest in this one, in turn
                for (int s = int(threads.size()) + 1; s < sets; ++s)
                    prepare(s);
            }
            prepare(0);
            for (auto& thread : threads)
                thread.join();
            for (const auto& error : errors) {
                if (error)
                    std::rethrow_exception(error);
            }
            for (int s = 1; s < sets && !m_problem.inputs().empty(); ++s) {
                for (int earlier = 0; earlier < s; ++earlier) {
                    if (sameInputs(m_sets[std::size_t(earlier)], m_sets[std::size_t(s)])) {
                        fail(failure::kHarnessError,
                            "input sets " + std::to_string(earlier) + " and " + std::to_string(s)
                                + " are identical: generators must draw from the RNG they are given");
                    }
                }
            }
        }

        InputSet prepareInputSet(int s) const
        {
            const auto& inputs = m_problem.inputs();
            const auto& outputs = m_problem.outputs();
            InputSet set;
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                const auto& spec = inputs[i];
                HostBuffer buffer(spec.count * detail::elementSize(spec.type));
                // NaN everywhere first, so a generator that skips float elements is caught below.
                std::fill(buffer.words.begin(), buffer.words.end(), ~std::uint64_t(0));
                Array array { spec.name, spec.type, spec.count, buffer.data() };
                std::mt19937_64 rng = makeRng(detail::inputSeed(m_settings.seed, std::uint64_t(s), i));
                const std::string what = "the generator of input '" + spec.name + "'";
                callUser(what, [&] { spec.generate(rng, array); });
                if (array.data != buffer.data() || array.count != spec.count || array.type != spec.type)
                    fail(failure::kHarnessError, what + " replaced the array instead of filling it");
                if (spec.type != ElementType::I32) {
                    for (std::size_t k = 0; k < spec.count; ++k) {
                        if (!std::isfinite(detail::elementValue(spec.type, buffer.data(), k))) {
                            fail(failure::kHarnessError,
                                what + " left element " + std::to_string(k) + " not finite (or unwritten)");
                        }
                    }
                }
                if (detail::isConstant(spec.type, buffer.data(), spec.count))
                    progress(m_problem.name(), "warning: input '" + spec.name + "' is constant (degenerate data?)");
                set.inputs.push_back(std::move(buffer));
            }

            // The reference works on a copy, so that it cannot change what the candidate gets.
            std::vector<HostBuffer> copies = set.inputs;
            Arrays hostInputs;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                hostInputs.items.push_back({ inputs[i].name, inputs[i].type, inputs[i].count, copies[i].data() });
            std::vector<ReferenceOutput> results;
            for (const auto& output : outputs)
                results.push_back({ output.name, std::vector<double>(output.count, std::nan("")) });
            callUser("the reference (input set " + std::to_string(s) + ")", [&] { m_problem.referenceFn()(hostInputs, results); });
            for (const auto& output : outputs)
                set.references.push_back(takeReference(results, output.name, output.count, s));
            return set;
        }

        static bool sameInputs(const InputSet& a, const InputSet& b)
        {
            for (std::size_t i = 0; i < a.inputs.size(); ++i) {
                if (a.inputs[i].words != b.inputs[i].words)
                    return false;
            }
            return true;
        }

        static std::vector<double> takeReference(
            std::vector<ReferenceOutput>& results, const std::string& name, std::size_t count, int set)
        {
            const std::string what = "the reference (input set " + std::to_string(set) + ")";
            ReferenceOutput* found = nullptr;
            for (ReferenceOutput& r : results) {
                if (r.name != name)
                    continue;
                if (found)
                    fail(failure::kHarnessError, what + " returned output '" + name + "' twice");
                found = &r;
            }
            if (!found)
                fail(failure::kHarnessError, what + " returned no output '" + name + "'");
            if (found->values.size() != count) {
                fail(failure::kHarnessError,
                    what + " returned " + std::to_string(found->values.size()) + " values for output '" + name
                        + "', expected " + std::to_string(count));
            }
            for (std::size_t k = 0; k < count; ++k) {
                if (!std::isfinite(found->values[k])) {
                    fail(failure::kHarnessError,
                        what + " left element " + std::to_string(k) + " of output '" + name + "' not finite");
                }
            }
            return std::move(found->values);
        }

        void allocateDevice()
        {
            // Once: every input set and every trial uses the same pointers, so a candidate that caches
            // results by pointer returns stale values when the contents change.
            std::size_t largest = 0;
            for (const auto& spec : m_problem.inputs()) {
                const std::size_t bytes = spec.count * detail::elementSize(spec.type);
                m_deviceInputs.push_back(deviceAlloc(bytes, "input '" + spec.name + "'"));
                m_inputs.items.push_back({ spec.name, spec.type, spec.count, m_deviceInputs.back().get() });
                largest = std::max(largest, bytes);
            }
            for (const auto& spec : m_problem.outputs()) {
                const std::size_t bytes = spec.count * detail::elementSize(spec.type);
                m_deviceOutputs.push_back(deviceAlloc(bytes, "output '" + spec.name + "'"));
                m_outputs.items.push_back({ spec.name, spec.type, spec.count, m_deviceOutputs.back().get() });
                largest = std::max(largest, bytes);
            }
            m_readback = HostBuffer(largest);

            cudaStream_t stream = nullptr;
            // Non-blocking: work a candidate puts on the legacy default stream is not ordered with the
            // events, so it shows up as host time without event time ("timing mismatch").
            cudaCheck(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
            m_stream.reset(stream);
            cudaEvent_t start = nullptr, end = nullptr;
            cudaCheck(cudaEventCreate(&start), "cudaEventCreate");
            m_start.reset(start);
            cudaCheck(cudaEventCreate(&end), "cudaEventCreate");
            m_end.reset(end);

            m_flushBytes = std::max(kMinFlushBytes, std::size_t(2) * static_cast<std::size_t>(m_result.device.l2Bytes));
            m_flush = deviceAlloc(m_flushBytes, "the L2 flush buffer");
            cudaCheck(cudaMemset(m_flush.get(), 0x5a, m_flushBytes), "initializing the L2 flush buffer");
            m_flushSink = deviceAlloc(sizeof(unsigned), "the L2 flush checksum");
            m_gate.allocate();
        }

        /**
         * Pristine copies of every set's inputs and its references on the device, for the device checks of the
         * warm-up and timed launches (the checks before them ran on the host). Without the device memory for
         * them, every launch is checked on the host, as the checks before.
         */
        void prepareDeviceChecks()
        {
            // At most half the free device memory, so that a candidate that allocates on every call still can.
            std::size_t needed = 0, freeBytes = 0, totalBytes = 0;
            for (const InputSet& set : m_sets) {
                for (const HostBuffer& input : set.inputs)
                    needed += input.bytes;
                for (const auto& reference : set.references)
                    needed += reference.size() * sizeof(double);
            }
            if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess || needed > freeBytes / 2) {
                (void)cudaGetLastError();
                progress(m_problem.name(),
                    "the host checks every launch (the device checks' copies need "
                        + detail::formatNumber(double(needed) / 1048576.0) + " MiB, more than half the free "
                        + detail::formatNumber(double(freeBytes) / 1048576.0) + " MiB of device memory)");
                return;
            }
            try {
                for (const InputSet& set : m_sets) {
                    std::vector<DevicePtr> pristine, references;
                    for (std::size_t i = 0; i < set.inputs.size(); ++i) {
                        const Array& a = m_inputs.items[i];
                        pristine.push_back(deviceAlloc(a.bytes(), "the pristine copy of input '" + a.name + "'"));
                        cudaCheck(cudaMemcpyAsync(pristine.back().get(), set.inputs[i].data(), a.bytes(),
                                      cudaMemcpyHostToDevice, m_stream.get()),
                            "copying input '" + a.name + "' to the device");
                    }
                    for (const auto& reference : set.references) {
                        const std::size_t bytes = reference.size() * sizeof(double);
                        references.push_back(deviceAlloc(bytes, "a reference output"));
                        cudaCheck(cudaMemcpyAsync(references.back().get(), reference.data(), bytes,
                                      cudaMemcpyHostToDevice, m_stream.get()),
                            "copying a reference output to the device");
                    }
                    m_pristineInputs.push_back(std::move(pristine));
                    m_deviceReferences.push_back(std::move(references));
                }
                const std::size_t arrays = m_outputs.items.size() + m_inputs.items.size();
                m_verdicts = deviceAlloc(arrays * sizeof(DeviceVerdict), "the device checks' verdicts");
                cudaCheck(cudaStreamSynchronize(m_stream.get()), "copying the references to the device");
                m_deviceChecks = true;
            } catch (const RunFailure& f) {
                m_pristineInputs.clear();
                m_deviceReferences.clear();
                m_verdicts.reset();
                (void)cudaGetLastError(); // an allocation failure is not sticky
                progress(m_problem.name(), "the host checks every launch (no device checks: " + f.detail + ")");
            }
        }

        /// Queues the launch gate on the harness's stream: it holds the stream until openGate().
        void closeGate()
        {
            m_gate.close();
            cudaCheck(enqueueGate(m_gate.device, m_stream.get()), "launching the launch gate");
        }
        void openGate() { m_gate.open(); }

        /** Fresh inputs, poisoned outputs, a flushed L2, and an idle stream: the state every launch starts from. */
        void prepareLaunch(int set)
        {
            cudaStream_t stream = m_stream.get();
            const InputSet& inputs = m_sets[std::size_t(set)];
            for (std::size_t i = 0; i < m_inputs.items.size(); ++i) {
                const Array& a = m_inputs.items[i];
                if (m_deviceChecks) {
                    cudaCheck(cudaMemcpyAsync(a.data, m_pristineInputs[std::size_t(set)][i].get(), a.bytes(),
                                  cudaMemcpyDeviceToDevice, stream),
                        "copying input '" + a.name + "' from its pristine copy");
                } else {
                    cudaCheck(cudaMemcpyAsync(a.data, inputs.inputs[i].data(), a.bytes(), cudaMemcpyHostToDevice, stream),
                        "copying input '" + a.name + "' to the device");
                }
            }
            for (const Array& a : m_outputs.items) {
                cudaCheck(cudaMemsetAsync(a.data, detail::poisonByte(a.type), a.bytes(), stream),
                    "poisoning output '" + a.name + "'");
            }
            // Reading a buffer of at least twice L2 evicts inputs and outputs (the poisoned outputs' dirty lines
            // are written back now, not during the timed launch): every launch starts cold, with clean lines.
            cudaCheck(enqueueReadFlush(m_flush.get(), m_flushBytes, static_cast<unsigned*>(m_flushSink.get()), stream),
                "flushing L2");
            cudaCheck(cudaStreamSynchronize(stream), "preparing a launch");
        }

        /** One launch between the events, then every check: outputs element by element, inputs unchanged. */
        Sample launchChecked(int set, const std::string& label)
        {
            prepareLaunch(set);
            cudaStream_t stream = m_stream.get();
            (void)cudaGetLastError(); // clear a stale non-sticky error so it is not blamed on this launch

            // A copy of the arrays each time: a candidate that rewrites the (const) structure it gets
            // changes nothing the harness reads back.
            const Arrays inputs = m_inputs;
            const Arrays outputs = m_outputs;
            const std::string what = "the launch function (" + label + ", input set " + std::to_string(set) + ")";
            closeGate();
            const Clock::time_point t0 = Clock::now();
            cudaCheck(cudaEventRecord(m_start.get(), stream), "cudaEventRecord (start)");
            callUser(what, [&] { m_problem.launchFn()(inputs, outputs, stream); });
            const cudaError_t launchStatus = cudaGetLastError();
            const cudaError_t deviceStatus = cudaSetDevice(m_device); // in case the launch switched devices
            const cudaError_t recordStatus = cudaEventRecord(m_end.get(), stream);
            openGate();
            const cudaError_t streamStatus = cudaStreamSynchronize(stream);
            const cudaError_t syncStatus = cudaDeviceSynchronize(); // waits for work on other streams too
            const Clock::time_point t1 = Clock::now();
            cudaCheck(launchStatus, what);
            cudaCheck(deviceStatus, "cudaSetDevice after " + what);
            cudaCheck(recordStatus, "cudaEventRecord (end) after " + what);
            cudaCheck(streamStatus, "cudaStreamSynchronize after " + what);
            cudaCheck(syncStatus, "cudaDeviceSynchronize after " + what);
            float deviceMs = 0;
            cudaCheck(cudaEventElapsedTime(&deviceMs, m_start.get(), m_end.get()), "cudaEventElapsedTime");

            if (m_deviceChecks)
                verifyOnDevice(set, label + ", input set " + std::to_string(set));
            else
                verify(set, label + ", input set " + std::to_string(set));
            return { deviceMs, millisecondsBetween(t0, t1) };
        }

        void verify(int set, const std::string& context)
        {
            cudaStream_t stream = m_stream.get();
            const InputSet& expected = m_sets[std::size_t(set)];
            for (std::size_t o = 0; o < m_outputs.items.size(); ++o) {
                const Array& a = m_outputs.items[o];
                cudaCheck(cudaMemcpyAsync(m_readback.data(), m_deviceOutputs[o].get(), a.bytes(),
                              cudaMemcpyDeviceToHost, stream),
                    "copying output '" + a.name + "' back");
                cudaCheck(cudaStreamSynchronize(stream), "copying output '" + a.name + "' back");
                const detail::OutputCheck check = detail::checkOutput(a.type, m_readback.data(),
                    expected.references[o].data(), a.count, m_problem.outputs()[o].tolerance);
                m_result.maxRelError = std::max(m_result.maxRelError, check.maxRelError);
                if (!check.ok())
                    throw RunFailure { check.failureName(), check.describe(a.name, context) };
            }
            for (std::size_t i = 0; i < m_inputs.items.size(); ++i) {
                const Array& a = m_inputs.items[i];
                cudaCheck(cudaMemcpyAsync(m_readback.data(), m_deviceInputs[i].get(), a.bytes(),
                              cudaMemcpyDeviceToHost, stream),
                    "copying input '" + a.name + "' back");
                cudaCheck(cudaStreamSynchronize(stream), "copying input '" + a.name + "' back");
                const std::size_t at = detail::firstDifference(m_readback.data(), expected.inputs[i].data(), a.bytes());
                if (at != a.bytes()) {
                    fail(failure::kInputModified,
                        "input '" + a.name + "' (" + context + "): element " + std::to_string(at / detail::elementSize(a.type))
                            + " differs from what the harness copied in; inputs are read-only");
                }
            }
        }

        /**
         * verify() by kernels on the device: every output element against the reference, every input word against
         * its pristine copy. Whatever they flag, verify() then describes, from host copies, as for any launch.
         */
        void verifyOnDevice(int set, const std::string& context)
        {
            cudaStream_t stream = m_stream.get();
            const std::size_t outputs = m_outputs.items.size(), arrays = outputs + m_inputs.items.size();
            auto* verdicts = static_cast<DeviceVerdict*>(m_verdicts.get());
            cudaCheck(cudaMemsetAsync(verdicts, 0, arrays * sizeof(DeviceVerdict), stream), "clearing the device checks");
            for (std::size_t o = 0; o < outputs; ++o) {
                const Array& a = m_outputs.items[o];
                cudaCheck(enqueueOutputCheck(a.type, m_deviceOutputs[o].get(),
                              static_cast<const double*>(m_deviceReferences[std::size_t(set)][o].get()), a.count,
                              m_problem.outputs()[o].tolerance, verdicts + o, stream),
                    "checking output '" + a.name + "' on the device");
            }
            for (std::size_t i = 0; i < m_inputs.items.size(); ++i) {
                const Array& a = m_inputs.items[i];
                cudaCheck(enqueueInputCheck(m_deviceInputs[i].get(), m_pristineInputs[std::size_t(set)][i].get(), a.bytes(),
                              verdicts + outputs + i, stream),
                    "checking input '" + a.name + "' on the device");
            }
            std::vector<DeviceVerdict> found(arrays);
            cudaCheck(cudaMemcpyAsync(found.data(), verdicts, arrays * sizeof(DeviceVerdict), cudaMemcpyDeviceToHost, stream),
                "copying the device checks' verdicts back");
            cudaCheck(cudaStreamSynchronize(stream), "checking " + context + " on the device");
            unsigned long long bad = 0;
            for (std::size_t k = 0; k < arrays; ++k) {
                bad += found[k].bad;
                if (k < outputs) {
                    double maxRelError = 0;
                    std::memcpy(&maxRelError, &found[k].maxRelErrorBits, sizeof maxRelError);
                    m_result.maxRelError = std::max(m_result.maxRelError, maxRelError);
                }
            }
            if (bad == 0)
                return;
            verify(set, context); // throws, describing the first bad element or input
            fail(failure::kHarnessError,
                "the device check of " + context + " found " + std::to_string(bad)
                    + " bad output elements or changed input words, the host check none");
        }

        /** The harness's own host-minus-event gap: the launch sequence of launchChecked with nothing launched. */
        double probeOverhead()
        {
            cudaStream_t stream = m_stream.get();
            cudaCheck(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
            closeGate();
            const Clock::time_point t0 = Clock::now();
            cudaCheck(cudaEventRecord(m_start.get(), stream), "cudaEventRecord");
            cudaCheck(cudaEventRecord(m_end.get(), stream), "cudaEventRecord");
            openGate();
            cudaCheck(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
            cudaCheck(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
            const Clock::time_point t1 = Clock::now();
            float deviceMs = 0;
            cudaCheck(cudaEventElapsedTime(&deviceMs, m_start.get(), m_end.get()), "cudaEventElapsedTime");
            return millisecondsBetween(t0, t1) - deviceMs;
        }

        void timeTrials()
        {
            const int sets = m_settings.inputSets;
            // Warm-up launches go through the same steps (and checks) as timed ones: nothing tells them apart.
            for (int w = 0; w < m_settings.warmup; ++w)
                launchChecked(w % sets, "warm-up launch " + std::to_string(w));
            // Overhead probes before and between the trials, under the same conditions. A probe does not
            // call the candidate, but its device synchronize waits for any work the candidate left running
            // in the background; an implausible overhead is reported rather than allowed for.
            std::vector<double> overheads;
            for (int k = 0; k < kOverheadProbes; ++k)
                overheads.push_back(probeOverhead());
            for (int t = 0; t < m_settings.trials; ++t) {
                overheads.push_back(probeOverhead());
                const Sample sample = launchChecked(t % sets, "timed trial " + std::to_string(t));
                m_result.samplesMs.push_back(sample.deviceMs);
                m_result.hostMs.push_back(sample.hostMs);
            }
            m_result.hostOverheadMs = detail::median(overheads);
            if (m_result.hostOverheadMs > detail::kMaxOverheadMs) {
                fail(failure::kTimingMismatch,
                    "an empty launch takes " + detail::formatNumber(m_result.hostOverheadMs)
                        + " ms more host time than event time (at most " + detail::formatNumber(detail::kMaxOverheadMs)
                        + " ms expected): is work left running in the background of the process?");
            }
            const detail::TimingVerdict verdict
                = detail::checkTiming(m_result.samplesMs, m_result.hostMs, m_result.hostOverheadMs);
            if (verdict.mismatch)
                fail(failure::kTimingMismatch, verdict.detail);
            progress(m_problem.name(),
                std::to_string(m_settings.trials) + " timed trials correct, median " + detail::formatNumber(verdict.medianDeviceMs)
                    + " ms (host " + detail::formatNumber(verdict.medianHostMs) + " ms)");
        }

        const Problem& m_problem;
        const Settings& m_settings;
        Result& m_result;
        int m_device = 0;
        std::vector<InputSet> m_sets;
        // Declared before the buffers' users, released after them: stream and events last.
        StreamPtr m_stream;
        EventPtr m_start;
        EventPtr m_end;
        std::vector<DevicePtr> m_deviceInputs;
        std::vector<DevicePtr> m_deviceOutputs;
        Arrays m_inputs; ///< the device inputs as handed to the launch (copied per launch)
        Arrays m_outputs;
        DevicePtr m_flush;
        std::size_t m_flushBytes = 0;
        DevicePtr m_flushSink;
        GateFlag m_gate;
        HostBuffer m_readback;
        bool m_deviceChecks = false; ///< warm-up and timed launches are checked on the device (verifyOnDevice)
        std::vector<std::vector<DevicePtr>> m_pristineInputs; ///< by input set, then input
        std::vector<std::vector<DevicePtr>> m_deviceReferences; ///< by input set, then output
        DevicePtr m_verdicts; ///< one DeviceVerdict per output, then per input
    };

} // namespace
} // namespace phylo::harness
