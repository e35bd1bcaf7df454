#pragma once
// Process-wide C-library heap settings for tensor work on the CPU.

namespace ts {

// glibc hands a freed block above its mmap threshold (and free memory at the
// top of the heap above its trim threshold) back to the kernel at once, so
// every training or generation step on the CPU maps its activations afresh and
// page-faults them in again: measured with bench_train, about a quarter of the
// step time and most of its step-to-step spread. This keeps freed blocks of up
// to 32 MiB (glibc's largest mmap threshold) in the process for the next step.
// Call once at the start of main, before large allocations. Returns whether
// the settings took effect (false on other C libraries).
bool keepFreedTensorMemory();

// The two thresholds it sets, for a tool that gives another process the same
// settings (bench_train's Python baseline, as GLIBC_TUNABLES).
inline constexpr int kHeapMmapThresholdBytes = 32 << 20;  // glibc refuses more on 64-bit
inline constexpr int kHeapTrimThresholdBytes = 1 << 30;   // keep up to 1 GiB of free heap

// Gives the heap's unused memory back to the kernel, so a long-lived process
// (the workbench) does not keep a finished job's peak: trainSft calls it when
// a run ends.
void releaseFreedMemory();

}  // namespace ts
