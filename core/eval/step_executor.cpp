// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/step_executor.h"

namespace phylo {

StepBatch LocalStepExecutor::run(const std::vector<StepRequest>& steps, StepRunner& runner)
{
    StepBatch batch;
    batch.results = runner.runAll(steps);
    batch.cancelled = !batch.results.empty() && batch.results.back().kind == ExitKind::Cancelled;
    return batch;
}

} // namespace phylo
