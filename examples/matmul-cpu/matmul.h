// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// C = A * B for row-major single-precision matrices:
// A is M x K, B is K x N, C is M x N. C is overwritten (its prior contents
// are ignored). All dimensions are >= 1.
void matmul(int M, int N, int K, const float* A, const float* B, float* C);
