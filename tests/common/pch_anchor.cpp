// Anchor of the precompiled test headers (tests/CMakeLists.txt): an
// executable compiled with a test's flags so tests can reuse its header.
// It is never run.
int main() { return 0; }
