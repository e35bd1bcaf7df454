// Anchor of the precompiled header the torch-free core libraries share
// (core/CMakeLists.txt). It defines nothing.
