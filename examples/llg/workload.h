// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The interface between the trusted benchmark (bench.cu) and the editable kernel (kernel.cu):
// one explicit Heun step of the Landau-Lifshitz-Gilbert equation on a 2D grid (README.md).

#include <cuda_runtime.h>

namespace llg {

constexpr int NX = 2048; ///< cells along x (the fastest-varying index)
constexpr int NY = 2048; ///< cells along y

/** The physics of one step, in SI units. */
struct Params
{
    int nx = NX;
    int ny = NY;
    double dt = 0; ///< time step (s)
    double gamma = 0; ///< gyromagnetic ratio (rad / (T s))
    double alpha = 0; ///< Gilbert damping
    double Ms = 0; ///< saturation magnetization (A/m)
    double Aex = 0; ///< exchange stiffness (J/m)
    double Ku = 0; ///< uniaxial anisotropy constant (J/m^3)
    double cell = 0; ///< cell edge (m), the same along x and y
    double Bext[3] = {}; ///< applied field (T)
    double u[3] = {}; ///< anisotropy axis (unit vector)
};

/**
 * One Heun step: reads the unit magnetization M (3 * nx * ny floats, cell c = x + nx * y holds
 * x, y, z at 3c, 3c + 1, 3c + 2) and writes the unit magnetization after the step to M_OUT
 * (same layout, never aliasing M). Enqueues work on STREAM only; never synchronizes the device.
 */
void heunStep(const Params& params, const float* m, float* mOut, cudaStream_t stream);

} // namespace llg
