// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// Where one evaluation ran: the backend, the host, the scheduler's job id and the GPU (each empty when not known).
struct Placement {
    std::string backend; ///< "local", "local-gpus", "slurm"
    std::string host;
    std::string jobId; ///< the SLURM job id (written when the job is submitted, so a resumed run can adopt it)
    std::string gpu; ///< CUDA_VISIBLE_DEVICES of the check and timed runs

    bool empty() const { return backend.empty() && host.empty() && jobId.empty() && gpu.empty(); }
    /// "slurm job 42 on node7, GPU 0"; "local on myhost"; empty when nothing is known.
    std::string describe() const;
};

} // namespace phylo
